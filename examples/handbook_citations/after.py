"""Handbook answers with sources: a file_search assistant answers on a fresh thread, and the program
strips the inline citation placeholders from the text and lists the cited files underneath."""
import sys

from openai import OpenAI

client = OpenAI()

HANDBOOK = b"Vacation: 25 days a year, booked in the HR portal. Remote work: up to 3 days a week."

upload = client.files.create(file=("handbook.txt", HANDBOOK), purpose="assistants")
store = client.vector_stores.create(name="Handbook", file_ids=[upload.id])


def answer_with_sources(question: str) -> str:
    response = client.responses.create(
        model="gpt-4o-mini",
        instructions="Answer from the employee handbook only, and cite it.",
        tools=[{"type": "file_search", "vector_store_ids": [store.id]}],
        input=[{"role": "user", "content": question}],
        truncation="auto",
    )
    if response.status != "completed":
        return f"(no answer: {response.status})"
    message_content = [part for item in response.output if item.type == "message" for part in item.content if part.type == "output_text"][-1]
    sources = []
    for annotation in message_content.annotations:
        if file_citation := (annotation if annotation.type == "file_citation" else None):
            cited_file = client.files.retrieve(file_citation.file_id)
            sources.append(cited_file.filename)
    lines = [message_content.text.strip()]
    lines += [f"  source: {name}" for name in sources]
    return "\n".join(lines)


def cited_ids(question: str) -> list:
    response = client.responses.create(
        model="gpt-4o-mini",
        instructions="Answer from the employee handbook only, and cite it.",
        tools=[{"type": "file_search", "vector_store_ids": [store.id]}],
        input=[{"role": "user", "content": question}],
        truncation="auto",
    )
    text = [part for item in response.output if item.type == "message" for part in item.content if part.type == "output_text"][-1]
    return [a.file_id == upload.id for a in text.annotations if a.type == "file_citation"]


def transcript(question: str) -> None:
    conversation = client.conversations.create(items=[{"role": "user", "content": question}])
    response = client.responses.create(
        model="gpt-4o-mini",
        instructions="Answer from the employee handbook only, and cite it.",
        tools=[{"type": "file_search", "vector_store_ids": [store.id]}],
        conversation=conversation.id,
        truncation="auto",
    )
    for message in response.output:
        if message.type != "message":
            continue
        text = message.content[0].text
        for annotation in message.content[0].annotations:
            if annotation.type == "file_citation":
                print(f"  [{message.role}] cites {client.files.retrieve(annotation.file_id).filename}")
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
