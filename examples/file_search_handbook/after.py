"""Handbook Q&A: upload the handbook, put it in a vector store, create a file_search assistant whose
tool_resources point at the store, and answer each question on a fresh thread."""
import re
import sys

from openai import OpenAI

client = OpenAI()

HANDBOOK = b"Vacation: 25 days a year, booked in the HR portal. Remote work: up to 3 days a week."

upload = client.files.create(file=("handbook.txt", HANDBOOK), purpose="assistants")
store = client.vector_stores.create(name="Handbook", file_ids=[upload.id])


def ask(question: str) -> str:
    response = client.responses.create(
        model="gpt-4o-mini",
        instructions="Answer from the employee handbook only.",
        tools=[{"type": "file_search", "vector_store_ids": [store.id]}],
        input=[{"role": "user", "content": question}],
        truncation="auto",
    )
    if response.status != "completed":
        return f"(no answer: {response.status})"
    # The web page shows citations separately: drop the inline markers.
    # assistants-to-responses: file_search: the reply text no longer carries inline citation markers (【n†source】); citations are annotations on the message's output_text parts
    return re.sub(r"【[^】]*】", "", response.output_text)


def main(argv: list) -> int:
    for question in argv:
        print("Q:", question)
        print("A:", ask(question))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
