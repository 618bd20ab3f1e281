"""Async streaming: an AsyncAssistantEventHandler prints each reply as it arrives (message started,
text deltas, message done with its status), reports a hook's failure (on_exception, then on_end, then the caller sees it)."""
import asyncio
import sys

from openai import AsyncAssistantEventHandler, AsyncOpenAI
from typing_extensions import override

client = AsyncOpenAI()
TUTOR_ID = "asst_tutor"


class TutorHandler(AsyncAssistantEventHandler):
    @override
    async def on_message_created(self, message) -> None:
        print(f"{message.role} > ", end="", flush=True)

    @override
    async def on_text_delta(self, delta, snapshot) -> None:
        print(delta.value, end="", flush=True)

    @override
    async def on_text_done(self, text) -> None:
        print(f"\n  ({len(text.value.split())} words)")
        if "homework" in text.value:
            raise ValueError("no homework answers")

    @override
    async def on_message_done(self, message) -> None:
        print(f"  [{message.status}] {message.content[0].text.value[:24]}...")

    @override
    async def on_exception(self, exception) -> None:
        print(f"  stream failed: {exception}")

    @override
    async def on_end(self) -> None:
        print("  -- end of stream --")


async def ask(question: str) -> None:
    thread = await client.beta.threads.create()
    await client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    async with client.beta.threads.runs.stream(
        thread_id=thread.id,
        assistant_id=TUTOR_ID,
        event_handler=TutorHandler(),
    ) as stream:
        await stream.until_done()


async def main(questions) -> None:
    for question in questions:
        print("user >", question)
        try:
            await ask(question)
        except ValueError as error:
            print("  refused:", error)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
