"""Two customers chatting at the same time through an async session class."""
import asyncio
import os

from openai import AsyncOpenAI
import prompt_registry
import openai


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


class AsyncChat:
    def __init__(self, customer: str) -> None:
        self.client = AsyncOpenAI()
        self.customer = customer
        self.assistant_id = os.environ["STORE_ASSISTANT_ID"]
        self.thread_id: str | None = None

    async def say(self, text: str) -> str:
        if self.thread_id is None:
            thread = await self.client.conversations.create(metadata={"customer": self.customer})
            self.thread_id = thread.id
        run = await self.client.responses.create(
            conversation=self.thread_id,
            input=[{"role": "user", "content": text}],
            **prompt_registry.settings(self.assistant_id)
        )
        if _run_status(run) != "completed":
            return f"({_run_status(run)})"
        return run.output_text


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
