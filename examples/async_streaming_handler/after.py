"""Async streaming: an AsyncAssistantEventHandler prints each reply as it arrives (message started,
text deltas, message done with its status), reports a hook's failure (on_exception, then on_end, then the caller sees it)."""
import asyncio
import sys

from openai import AsyncOpenAI
import prompt_registry


def _text(part: object) -> str:
    """The text of a conversation message part (what `.text.value` was on a text block)."""
    text = getattr(part, "text", None)
    return text if isinstance(text, str) else ""


client = AsyncOpenAI()
TUTOR_ID = "asst_tutor"


class TutorHandler:
    async def on_message_created(self, message) -> None:
        print(f"{message.role} > ", end="", flush=True)

    async def on_text_delta(self, delta, snapshot) -> None:
        print(delta, end="", flush=True)

    async def on_text_done(self, text) -> None:
        print(f"\n  ({len(text.split())} words)")
        if "homework" in text:
            raise ValueError("no homework answers")

    async def on_message_done(self, message) -> None:
        print(f"  [{message.status}] {_text(message.content[0])[:24]}...")

    async def on_exception(self, exception) -> None:
        print(f"  stream failed: {exception}")

    async def on_end(self) -> None:
        print("  -- end of stream --")


async def ask(question: str) -> None:
    thread = await client.conversations.create()
    async with client.responses.stream(
        conversation=thread.id,
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(TUTOR_ID),
    ) as stream:
        handler = TutorHandler()
        try:
            async for event in stream:
                if event.type == "response.output_item.added" and event.item.type == "message":
                    await handler.on_message_created(event.item)
                elif event.type == "response.output_text.delta":
                    await handler.on_text_delta(event.delta, event.snapshot)
                elif event.type == "response.output_text.done":
                    await handler.on_text_done(event.text)
                elif event.type == "response.output_item.done" and event.item.type == "message":
                    await handler.on_message_done(event.item)
        except Exception as exc:
            await handler.on_exception(exc)
            raise
        finally:
            await handler.on_end()


async def main(questions) -> None:
    for question in questions:
        print("user >", question)
        try:
            await ask(question)
        except ValueError as error:
            print("  refused:", error)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
