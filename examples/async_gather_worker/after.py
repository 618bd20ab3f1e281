"""Tag incoming tickets concurrently: one thread and one run per ticket, all at once.

An asyncio worker the way our ingestion service runs it: AsyncOpenAI, asyncio.gather, and a
small polling loop per run.
"""
import asyncio
import os

from openai import AsyncOpenAI
import prompt_registry

ASSISTANT_ID = os.environ["TRIAGE_ASSISTANT_ID"]

TICKETS = [
    ("T-100", "The app crashes when I upload a photo"),
    ("T-101", "Please cancel my subscription"),
    ("T-102", "How do I change my password?"),
    ("T-103", "I was charged twice this month"),
]


async def triage(client: AsyncOpenAI, ticket_id: str, text: str) -> tuple[str, str]:
    prompt = prompt_registry.lookup(ASSISTANT_ID)
    response = await client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        input=[{"role": "user", "content": text}],
        truncation="auto",
    )
    if response.status != "completed":
        return ticket_id, f"ERROR ({response.status})"
    return ticket_id, response.output_text


async def main() -> None:
    client = AsyncOpenAI()
    results = await asyncio.gather(*(triage(client, tid, text) for tid, text in TICKETS))
    for ticket_id, label in sorted(results):
        print(f"{ticket_id}: {label}")
    print(f"{len(results)} tickets triaged")


if __name__ == "__main__":
    asyncio.run(main())
