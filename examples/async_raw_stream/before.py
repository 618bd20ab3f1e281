"""An asyncio chat client: an async generator yields the reply's deltas from runs.create(stream=True)."""

import asyncio
import sys

from openai import AsyncOpenAI

client = AsyncOpenAI()


async def reply_chunks(question):
    thread = await client.beta.threads.create(messages=[{"role": "user", "content": question}])
    stream = await client.beta.threads.runs.create(thread_id=thread.id, assistant_id="asst_async_raw", stream=True)
    async for event in stream:
        if event.event == "thread.message.delta":
            yield event.data.delta.content[0].text.value
        elif event.event == "thread.run.failed":
            yield "[the assistant failed]"


async def main(questions):
    for question in questions:
        chunks = [chunk async for chunk in reply_chunks(question)]
        print(f"{question!r} -> {len(chunks) > 0} {''.join(chunks)}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
