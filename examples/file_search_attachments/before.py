"""Policy helpdesk: an employee uploads a document with the question and the assistant answers from
it. Each question gets a fresh thread whose message carries the upload as an attachment, for
file_search (policies) or for code_interpreter (spreadsheets)."""
import re
import sys

from openai import OpenAI

client = OpenAI()

assistant = client.beta.assistants.create(
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
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(
        thread_id=thread.id,
        role="user",
        content=question,
        attachments=[{"file_id": upload.id, "tools": [{"type": "file_search"}]}],
    )
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    if run.status != "completed":
        return f"(no answer: {run.status})"
    messages = client.beta.threads.messages.list(thread_id=thread.id)
    return re.sub(r"【[^】]*】", "", messages.data[0].content[0].text.value)


def expenses_total(sheet: bytes) -> str:
    upload = client.files.create(file=("expenses.csv", sheet), purpose="assistants")
    thread = client.beta.threads.create(
        messages=[
            {
                "role": "user",
                "content": "Calculate the total of the amount column.",
                "attachments": [{"file_id": upload.id, "tools": [{"type": "code_interpreter"}]}],
            }
        ]
    )
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    messages = client.beta.threads.messages.list(thread_id=thread.id)
    return messages.data[0].content[0].text.value


def main(argv: list) -> int:
    for pair in argv:
        topic, _, question = pair.partition(":")
        print(f"[{topic}] Q:", question)
        print(f"[{topic}] A:", ask_policy(topic, question))
    print("Expenses:", expenses_total(b"item,amount\ntaxi,30\nhotel,150\n"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
