"""Weekly feedback digest: send customer comments to the digest assistant, print every text block.

Comments go in as text content parts; the run gets extra context as additional_messages and
the usual limits (max_completion_tokens, auto truncation).
"""
import sys

from openai import OpenAI
import prompt_registry
import typing
import openai


def _input_content(content: object) -> "typing.Any":
    """Assistants message content (a string, or text / image_file / image_url parts) as Responses input content."""
    if isinstance(content, str):
        return content
    parts = []
    for part in typing.cast("typing.Iterable[typing.Mapping[str, typing.Any]]", content):
        kind = part.get("type")
        if kind == "text":
            parts.append({"type": "input_text", "text": part["text"]})
        elif kind == "image_file":
            image = part["image_file"]
            parts.append({"type": "input_image", "file_id": image["file_id"], "detail": image.get("detail") or "auto"})
        elif kind == "image_url":
            image = part["image_url"]
            parts.append({"type": "input_image", "image_url": image["url"], "detail": image.get("detail") or "auto"})
        else:
            parts.append(dict(part))
    return parts


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
DIGEST_ASSISTANT = "asst_digest"

FEEDBACK = {
    "web": ["Checkout was fast", "The search is hard to find"],
    "mobile": ["Love the dark mode", "App logs me out every day", "Push notifications are late"],
}


def digest(channel: str, comments: list[str]) -> list[str]:
    thread = client.conversations.create(
        items=[{"role": "user", "content": _input_content([{"type": "text", "text": comment} for comment in comments])}]
    )
    run = client.responses.create(
        conversation=thread.id,
        input=[{"role": "user", "content": f"Channel: {channel}. Summarise the comments above."}],
        **prompt_registry.settings(DIGEST_ASSISTANT, max_completion_tokens=300, truncation_strategy={"type": "auto"}),
    )
    if run.status == "incomplete":
        return [f"(cut short: {run.incomplete_details.reason})"]
    if _run_status(run) != "completed":
        return [f"(failed: {_run_status(run)})"]
    texts = []
    messages = client.conversations.items.list(thread.id, order="desc", limit=1)
    for message in [item for item in messages.data if item.type == "message"]:
        if message.role != "assistant":
            continue
        for block in message.content:
            if block.type in ("input_text", "output_text"):
                texts.append(_text(block))
    return texts


def main() -> int:
    for channel, comments in FEEDBACK.items():
        print(f"## {channel} ({len(comments)} comments)")
        for text in digest(channel, comments):
            print(text)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
