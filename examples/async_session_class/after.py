"""Two customers chatting at the same time through an async session class."""
import asyncio
import os

from openai import AsyncOpenAI
import prompt_registry


class AsyncChat:
    def __init__(self, customer: str) -> None:
        self.client = AsyncOpenAI()
        self.customer = customer
        self.assistant_id = os.environ["STORE_ASSISTANT_ID"]
        self.thread_id: str | None = None

    async def say(self, text: str) -> str:
        if self.thread_id is None:
            conversation = await self.client.conversations.create(metadata={"customer": self.customer})
            self.thread_id = conversation.id
        prompt = prompt_registry.lookup(self.assistant_id)
        response = await self.client.responses.create(
            model=prompt.model,
            instructions=prompt.instructions,
            tools=prompt.tools,
            temperature=prompt.temperature,
            top_p=prompt.top_p,
            text=prompt.text,
            conversation=self.thread_id,
            input=[{"role": "user", "content": text}],
            truncation="auto",
        )
        if response.status != "completed":
            return f"({response.status})"
        return response.output_text


async def conversation(customer: str, lines: list[str]) -> list[str]:
    chat = AsyncChat(customer)
    replies = []
    for line in lines:
        replies.append(f"{customer}: {line} -> {await chat.say(line)}")
    return replies


async def main() -> None:
    transcripts = await asyncio.gather(
        conversation("ines", ["Is the blue jacket in stock?", "Size M", "Reserve it please"]),
        conversation("omar", ["What are your opening hours?", "And on Sunday?"]),
    )
    for transcript in transcripts:
        print("\n".join(transcript))


if __name__ == "__main__":
    asyncio.run(main())
