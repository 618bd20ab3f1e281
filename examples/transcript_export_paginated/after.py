"""Run a short onboarding chat, then export its transcript as Markdown, a page at a time.

The export walks the thread with an explicit cursor (limit/after/has_more), the way our
archiver does it for long threads.
"""
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


def _text(part: object) -> str:
    """The text of a conversation message part (what `.text.value` was on a text block)."""
    text = getattr(part, "text", None)
    return text if isinstance(text, str) else ""


client = OpenAI()
ONBOARDING_ASSISTANT_ID = "asst_onboarding"
PAGE_SIZE = 2


def chat(thread_id: str, text: str) -> None:
    run = client.responses.create(
        conversation=thread_id,
        input=[{"role": "user", "content": text}],
        **prompt_registry.settings(ONBOARDING_ASSISTANT_ID),
    )
    if _run_status(run) != "completed":
        raise SystemExit(f"run {_run_status(run)}")


def export_markdown(thread_id: str) -> str:
    lines = ["# Transcript", ""]
    after = None
    pages = 0
    while True:
        if after:
            page = client.conversations.items.list(
                thread_id,
                order="asc",
                limit=PAGE_SIZE,
                after=after,
            )
        else:
            page = client.conversations.items.list(thread_id, order="asc", limit=PAGE_SIZE)
        pages += 1
        for message in [item for item in page.data if item.type == "message"]:
            lines.append(f"**{message.role}**: {_text(message.content[0])}")
        if not page.has_more:
            break
        after = [item for item in page.data if item.type == "message"][-1].id
    lines.append("")
    lines.append(f"_{pages} pages_")
    return "\n".join(lines)


def main() -> int:
    thread = client.conversations.create()
    for text in ("Hi, I just joined", "Where do I find the handbook?", "Who is my buddy?"):
        chat(thread.id, text)
    print(export_markdown(thread.id))
    return 0


if __name__ == "__main__":
    sys.exit(main())
