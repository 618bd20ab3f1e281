"""An asyncio chat client: an async generator yields the reply's deltas from runs.create(stream=True)."""

import asyncio
import sys

from openai import AsyncOpenAI
import prompt_registry

client = AsyncOpenAI()


async def reply_chunks(question):
    stream = await client.responses.create(
        input=[{"role": "user", "content": question}],
        stream=True,
        **prompt_registry.settings("asst_async_raw"),
    )
    async for event in stream:
        if event.type == "response.output_text.delta":
            yield event.delta
        elif event.type == "response.failed":
            yield "[the assistant failed]"


async def main(questions):
    for question in questions:
        chunks = [chunk async for chunk in reply_chunks(question)]
        print(f"{question!r} -> {len(chunks) > 0} {''.join(chunks)}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
