"""Policy helpdesk: an employee uploads a document with the question and the assistant answers from
it. Each question gets a fresh thread whose message carries the upload as an attachment, for
file_search (policies) or for code_interpreter (spreadsheets)."""
import re
import sys

from openai import OpenAI

client = OpenAI()

DOCUMENTS = {
    "travel": b"Travel policy: economy class for flights under 6 hours; hotels up to 180 EUR a night.",
    "leave": b"Leave policy: 28 days of paid leave a year; unused days carry over until March.",
}


def ask_policy(topic: str, question: str) -> str:
    upload = client.files.create(file=(f"{topic}-policy.txt", DOCUMENTS[topic]), purpose="assistants")
    attached_files = client.vector_stores.create(expires_after={"anchor": "last_active_at", "days": 7})
    client.vector_stores.file_batches.create_and_poll(vector_store_id=attached_files.id, file_ids=[upload.id])
    response = client.responses.create(
        model="gpt-4o-mini",
        instructions="Answer from the documents the employee attaches.",
        tools=[{"type": "file_search", "vector_store_ids": [attached_files.id]}, {"type": "code_interpreter", "container": {"type": "auto"}}],
        input=[{"role": "user", "content": question}],
        truncation="auto",
    )
    if response.status != "completed":
        return f"(no answer: {response.status})"
    # assistants-to-responses: file_search: the reply text no longer carries inline citation markers (【n†source】); citations are annotations on the message's output_text parts
    return re.sub(r"【[^】]*】", "", response.output_text)


def expenses_total(sheet: bytes) -> str:
    upload = client.files.create(file=("expenses.csv", sheet), purpose="assistants")
    response = client.responses.create(
        model="gpt-4o-mini",
        instructions="Answer from the documents the employee attaches.",
        tools=[{"type": "code_interpreter", "container": {"type": "auto", "file_ids": [upload.id]}}],
        input=[{"role": "user", "content": "Calculate the total of the amount column."}],
        truncation="auto",
    )
    return response.output_text


def main(argv: list) -> int:
    for pair in argv:
        topic, _, question = pair.partition(":")
        print(f"[{topic}] Q:", question)
        print(f"[{topic}] A:", ask_policy(topic, question))
    print("Expenses:", expenses_total(b"item,amount\ntaxi,30\nhotel,150\n"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
