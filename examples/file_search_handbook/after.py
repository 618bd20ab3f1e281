"""Handbook Q&A: upload the handbook, put it in a vector store, create a file_search assistant whose
tool_resources point at the store, and answer each question on a fresh thread."""
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

HANDBOOK = b"Vacation: 25 days a year, booked in the HR portal. Remote work: up to 3 days a week."

upload = client.files.create(file=("handbook.txt", HANDBOOK), purpose="assistants")
store = client.vector_stores.create(name="Handbook", file_ids=[upload.id])

librarian = prompt_registry.create(
    name="Handbook librarian",
    model="gpt-4o-mini",
    instructions="Answer from the employee handbook only.",
    tools=[{"type": "file_search"}],
    tool_resources={"file_search": {"vector_store_ids": [store.id]}},
)


def ask(question: str) -> str:
    run = client.responses.create(
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(librarian.id),
    )
    if _run_status(run) != "completed":
        return f"(no answer: {_run_status(run)})"
    # The web page shows citations separately: drop the inline markers.
    return re.sub(r"【[^】]*】", "", run.output_text)


def main(argv: list) -> int:
    for question in argv:
        print("Q:", question)
        print("A:", ask(question))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
