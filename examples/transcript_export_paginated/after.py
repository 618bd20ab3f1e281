"""Run a short onboarding chat, then export its transcript as Markdown, a page at a time.

The export walks the thread with an explicit cursor (limit/after/has_more), the way our
archiver does it for long threads.
"""
import sys

from openai import OpenAI
import prompt_registry

client = OpenAI()
ONBOARDING_ASSISTANT_ID = "asst_onboarding"
PAGE_SIZE = 2


def chat(thread_id: str, text: str) -> None:
    prompt = prompt_registry.lookup(ONBOARDING_ASSISTANT_ID)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        conversation=thread_id,
        input=[{"role": "user", "content": text}],
        truncation="auto",
    )
    if response.status != "completed":
        raise SystemExit(f"run {response.status}")


def export_markdown(thread_id: str) -> str:
    lines = ["# Transcript", ""]
    after = None
    pages = 0
    while True:
        if after:
            # assistants-to-responses: limit now counts every conversation item (tool calls, reasoning), not only messages
            page = client.conversations.items.list(thread_id, order="asc", limit=PAGE_SIZE, after=after)
        else:
            # assistants-to-responses: limit now counts every conversation item (tool calls, reasoning), not only messages
            page = client.conversations.items.list(thread_id, order="asc", limit=PAGE_SIZE)
        pages += 1
        for message in page.data:
            if message.type != "message":
                continue
            lines.append(f"**{message.role}**: {message.content[0].text}")
        if not page.has_more:
            break
        after = page.data[-1].id
    lines.append("")
    lines.append(f"_{pages} pages_")
    return "\n".join(lines)


def main() -> int:
    conversation = client.conversations.create()
    for text in ("Hi, I just joined", "Where do I find the handbook?", "Who is my buddy?"):
        chat(conversation.id, text)
    print(export_markdown(conversation.id))
    return 0


if __name__ == "__main__":
    sys.exit(main())
