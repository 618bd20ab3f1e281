"""A support desk console that streams replies: a typed AssistantEventHandler announces each message,
prints the text as it arrives, and closes with the message's status and a preview of its text."""
import sys

from openai import AssistantEventHandler, OpenAI
from openai.types.beta.threads import Message, Text, TextDelta
from typing_extensions import override

client = OpenAI()
DESK_ASSISTANT = "asst_desk"


class DeskPrinter(AssistantEventHandler):
    """Console output for one streamed reply."""

    @override
    def on_message_created(self, message: Message) -> None:
        print(f"[{message.role}, {message.status}]")

    @override
    def on_text_delta(self, delta: TextDelta, snapshot: Text) -> None:
        print(delta.value, end="", flush=True)

    @override
    def on_text_done(self, text: Text) -> None:
        print()

    @override
    def on_message_done(self, message: Message) -> None:
        preview = message.content[0].text.value
        print(f"[{message.role}, {message.status}, {len(preview)} chars: {preview[:30]!r}]")

    @override
    def on_end(self) -> None:
        print("=" * 20)


def answer(ticket: str) -> None:
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=ticket)
    with client.beta.threads.runs.stream(
        thread_id=thread.id,
        assistant_id=DESK_ASSISTANT,
        additional_instructions="Keep it short.",
        event_handler=DeskPrinter(),
    ) as stream:
        stream.until_done()


if __name__ == "__main__":
    for ticket in sys.argv[1:]:
        print("ticket:", ticket)
        answer(ticket)
