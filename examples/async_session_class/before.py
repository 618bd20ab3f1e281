"""Two customers chatting at the same time through an async session class."""
import asyncio
import os

from openai import AsyncOpenAI


class AsyncChat:
    def __init__(self, customer: str) -> None:
        self.client = AsyncOpenAI()
        self.customer = customer
        self.assistant_id = os.environ["STORE_ASSISTANT_ID"]
        self.thread_id: str | None = None

    async def say(self, text: str) -> str:
        if self.thread_id is None:
            thread = await self.client.beta.threads.create(metadata={"customer": self.customer})
            self.thread_id = thread.id
        await self.client.beta.threads.messages.create(self.thread_id, role="user", content=text)
        run = await self.client.beta.threads.runs.create_and_poll(
            thread_id=self.thread_id, assistant_id=self.assistant_id
        )
        if run.status != "completed":
            return f"({run.status})"
        page = await self.client.beta.threads.messages.list(self.thread_id, order="desc", limit=1)
        return page.data[0].content[0].text.value


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
