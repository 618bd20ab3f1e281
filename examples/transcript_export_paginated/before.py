"""Run a short onboarding chat, then export its transcript as Markdown, a page at a time.

The export walks the thread with an explicit cursor (limit/after/has_more), the way our
archiver does it for long threads.
"""
import sys

from openai import OpenAI

client = OpenAI()
ONBOARDING_ASSISTANT_ID = "asst_onboarding"
PAGE_SIZE = 2


def chat(thread_id: str, text: str) -> None:
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=text)
    run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=ONBOARDING_ASSISTANT_ID)
    if run.status != "completed":
        raise SystemExit(f"run {run.status}")


def export_markdown(thread_id: str) -> str:
    lines = ["# Transcript", ""]
    after = None
    pages = 0
    while True:
        if after:
            page = client.beta.threads.messages.list(thread_id=thread_id, order="asc", limit=PAGE_SIZE, after=after)
        else:
            page = client.beta.threads.messages.list(thread_id=thread_id, order="asc", limit=PAGE_SIZE)
        pages += 1
        for message in page.data:
            lines.append(f"**{message.role}**: {message.content[0].text.value}")
        if not page.has_more:
            break
        after = page.data[-1].id
    lines.append("")
    lines.append(f"_{pages} pages_")
    return "\n".join(lines)


def main() -> int:
    thread = client.beta.threads.create()
    for text in ("Hi, I just joined", "Where do I find the handbook?", "Who is my buddy?"):
        chat(thread.id, text)
    print(export_markdown(thread.id))
    return 0


if __name__ == "__main__":
    sys.exit(main())
