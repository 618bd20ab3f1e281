"""Handbook Q&A: upload the handbook, put it in a vector store, create a file_search assistant whose
tool_resources point at the store, and answer each question on a fresh thread."""
import re
import sys

from openai import OpenAI

client = OpenAI()

HANDBOOK = b"Vacation: 25 days a year, booked in the HR portal. Remote work: up to 3 days a week."

upload = client.files.create(file=("handbook.txt", HANDBOOK), purpose="assistants")
store = client.vector_stores.create(name="Handbook", file_ids=[upload.id])

librarian = client.beta.assistants.create(
    name="Handbook librarian",
    model="gpt-4o-mini",
    instructions="Answer from the employee handbook only.",
    tools=[{"type": "file_search"}],
    tool_resources={"file_search": {"vector_store_ids": [store.id]}},
)


def ask(question: str) -> str:
    thread = client.beta.threads.create(messages=[{"role": "user", "content": question}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=librarian.id)
    if run.status != "completed":
        return f"(no answer: {run.status})"
    messages = client.beta.threads.messages.list(thread_id=thread.id)
    # The web page shows citations separately: drop the inline markers.
    return re.sub(r"【[^】]*】", "", messages.data[0].content[0].text.value)


def main(argv: list) -> int:
    for question in argv:
        print("Q:", question)
        print("A:", ask(question))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
