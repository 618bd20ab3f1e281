"""A support desk console that streams replies: a typed AssistantEventHandler announces each message,
prints the text as it arrives, and closes with the message's status and a preview of its text."""
import sys

from openai import OpenAI
from openai.types.responses import ResponseOutputMessage
import prompt_registry


def _text(part: object) -> str:
    """The text of a conversation message part (what `.text.value` was on a text block)."""
    text = getattr(part, "text", None)
    return text if isinstance(text, str) else ""


client = OpenAI()
DESK_ASSISTANT = "asst_desk"


class DeskPrinter:
    """Console output for one streamed reply."""

    def on_message_created(self, message: ResponseOutputMessage) -> None:
        print(f"[{message.role}, {message.status}]")

    def on_text_delta(self, delta: str, snapshot: str) -> None:
        print(delta, end="", flush=True)

    def on_text_done(self, text: str) -> None:
        print()

    def on_message_done(self, message: ResponseOutputMessage) -> None:
        preview = _text(message.content[0])
        print(f"[{message.role}, {message.status}, {len(preview)} chars: {preview[:30]!r}]")

    def on_end(self) -> None:
        print("=" * 20)


def answer(ticket: str) -> None:
    thread = client.conversations.create()
    with client.responses.stream(
        conversation=thread.id,
        input=[{"role": "user", "content": ticket}],
        **prompt_registry.settings(DESK_ASSISTANT, additional_instructions="Keep it short."),
    ) as stream:
        handler = DeskPrinter()
        try:
            for event in stream:
                if event.type == "response.output_item.added" and event.item.type == "message":
                    handler.on_message_created(event.item)
                elif event.type == "response.output_text.delta":
                    handler.on_text_delta(event.delta, event.snapshot)
                elif event.type == "response.output_text.done":
                    handler.on_text_done(event.text)
                elif event.type == "response.output_item.done" and event.item.type == "message":
                    handler.on_message_done(event.item)
        finally:
            handler.on_end()


if __name__ == "__main__":
    for ticket in sys.argv[1:]:
        print("ticket:", ticket)
        answer(ticket)
