"""An asyncio chat client: an async generator yields the reply's deltas from runs.create(stream=True)."""

import asyncio
import sys

from openai import AsyncOpenAI
import prompt_registry

client = AsyncOpenAI()


async def reply_chunks(question):
    prompt = prompt_registry.lookup("asst_async_raw")
    stream = await client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        input=[{"role": "user", "content": question}],
        truncation="auto",
        stream=True,
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
