"""Policy helpdesk: an employee uploads a document with the question and the assistant answers from
it. Each question gets a fresh thread whose message carries the upload as an attachment, for
file_search (policies) or for code_interpreter (spreadsheets)."""
import re
import sys

from openai import OpenAI
import prompt_registry
import openai


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


client = OpenAI()

assistant = prompt_registry.create(
    name="Policy helpdesk",
    model="gpt-4o-mini",
    instructions="Answer from the documents the employee attaches.",
    tools=[{"type": "file_search"}, {"type": "code_interpreter"}],
)

DOCUMENTS = {
    "travel": b"Travel policy: economy class for flights under 6 hours; hotels up to 180 EUR a night.",
    "leave": b"Leave policy: 28 days of paid leave a year; unused days carry over until March.",
}


def ask_policy(topic: str, question: str) -> str:
    upload = client.files.create(file=(f"{topic}-policy.txt", DOCUMENTS[topic]), purpose="assistants")
    run = client.responses.create(
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(assistant.id, tool_resources=prompt_registry.attachment_resources(client, [{"file_id": upload.id, "tools": [{"type": "file_search"}]}])),
    )
    if _run_status(run) != "completed":
        return f"(no answer: {_run_status(run)})"
    return re.sub(r"【[^】]*】", "", run.output_text)


def expenses_total(sheet: bytes) -> str:
    upload = client.files.create(file=("expenses.csv", sheet), purpose="assistants")
    run = client.responses.create(
        input=[{"role": "user", "content": "Calculate the total of the amount column."}],
        **prompt_registry.settings(assistant.id, tool_resources=prompt_registry.attachment_resources(client, [{"file_id": upload.id, "tools": [{"type": "code_interpreter"}]}])),
    )
    return run.output_text


def main(argv: list) -> int:
    for pair in argv:
        topic, _, question = pair.partition(":")
        print(f"[{topic}] Q:", question)
        print(f"[{topic}] A:", ask_policy(topic, question))
    print("Expenses:", expenses_total(b"item,amount\ntaxi,30\nhotel,150\n"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
