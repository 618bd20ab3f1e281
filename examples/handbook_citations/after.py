"""Handbook answers with sources: a file_search assistant answers on a fresh thread, and the program
strips the inline citation placeholders from the text and lists the cited files underneath."""
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
    instructions="Answer from the employee handbook only, and cite it.",
    tools=[{"type": "file_search"}],
    tool_resources={"file_search": {"vector_store_ids": [store.id]}},
)


def answer_with_sources(question: str) -> str:
    run = client.responses.create(
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(librarian.id),
    )
    if _run_status(run) != "completed":
        return f"(no answer: {_run_status(run)})"
    messages = [item for item in reversed(run.output) if item.type == "message"]
    message_content = messages[0].content[0]
    sources = []
    for annotation in message_content.annotations:
        if file_citation := (annotation if annotation.type == "file_citation" else None):
            cited_file = client.files.retrieve(file_citation.file_id)
            sources.append(cited_file.filename)
    lines = [message_content.text.strip()]
    lines += [f"  source: {name}" for name in sources]
    return "\n".join(lines)


def cited_ids(question: str) -> list:
    thread = client.conversations.create(items=[{"role": "user", "content": question}])
    client.responses.create(
        conversation=thread.id,
        input=[],
        **prompt_registry.settings(librarian.id),
    )
    text = [item for item in client.conversations.items.list(thread.id).data if item.type == "message"][0].content[0]
    return [a.file_id == upload.id for a in getattr(text, "annotations", []) if a.type == "file_citation"]


def transcript(question: str) -> None:
    run = client.responses.create(
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(librarian.id),
    )
    for message in [item for item in reversed(run.output) if item.type == "message"]:
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
