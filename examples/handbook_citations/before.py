"""Handbook answers with sources: a file_search assistant answers on a fresh thread, and the program
strips the inline citation placeholders from the text and lists the cited files underneath."""
import sys

from openai import OpenAI

client = OpenAI()

HANDBOOK = b"Vacation: 25 days a year, booked in the HR portal. Remote work: up to 3 days a week."

upload = client.files.create(file=("handbook.txt", HANDBOOK), purpose="assistants")
store = client.vector_stores.create(name="Handbook", file_ids=[upload.id])

librarian = client.beta.assistants.create(
    name="Handbook librarian",
    model="gpt-4o-mini",
    instructions="Answer from the employee handbook only, and cite it.",
    tools=[{"type": "file_search"}],
    tool_resources={"file_search": {"vector_store_ids": [store.id]}},
)


def answer_with_sources(question: str) -> str:
    thread = client.beta.threads.create(messages=[{"role": "user", "content": question}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=librarian.id)
    if run.status != "completed":
        return f"(no answer: {run.status})"
    messages = client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id)
    message_content = messages.data[0].content[0].text
    sources = []
    for annotation in message_content.annotations:
        # The page shows sources in a list of their own: drop the inline markers.
        message_content.value = message_content.value.replace(annotation.text, "")
        if file_citation := getattr(annotation, "file_citation", None):
            cited_file = client.files.retrieve(file_citation.file_id)
            sources.append(cited_file.filename)
    lines = [message_content.value.strip()]
    lines += [f"  source: {name}" for name in sources]
    return "\n".join(lines)


def cited_ids(question: str) -> list:
    thread = client.beta.threads.create(messages=[{"role": "user", "content": question}])
    client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=librarian.id)
    text = client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text
    return [a.file_citation.file_id == upload.id for a in text.annotations if a.type == "file_citation"]


def transcript(question: str) -> None:
    thread = client.beta.threads.create(messages=[{"role": "user", "content": question}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=librarian.id)
    for message in client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id):
        text = message.content[0].text.value
        for annotation in message.content[0].text.annotations:
            text = text.replace(annotation.text, "")
            if annotation.type == "file_citation":
                print(f"  [{message.role}] cites {client.files.retrieve(annotation.file_citation.file_id).filename}")
        print(f"  [{message.role}] {text}")


def main(argv: list) -> int:
    for question in argv:
        print("Q:", question)
        print("A:", answer_with_sources(question))
    print("cites the handbook:", cited_ids(argv[0]))
    print("transcript:")
    transcript(argv[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
