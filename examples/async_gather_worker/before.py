"""Tag incoming tickets concurrently: one thread and one run per ticket, all at once.

An asyncio worker the way our ingestion service runs it: AsyncOpenAI, asyncio.gather, and a
small polling loop per run.
"""
import asyncio
import os

from openai import AsyncOpenAI

ASSISTANT_ID = os.environ["TRIAGE_ASSISTANT_ID"]

TICKETS = [
    ("T-100", "The app crashes when I upload a photo"),
    ("T-101", "Please cancel my subscription"),
    ("T-102", "How do I change my password?"),
    ("T-103", "I was charged twice this month"),
]


async def triage(client: AsyncOpenAI, ticket_id: str, text: str) -> tuple[str, str]:
    thread = await client.beta.threads.create()
    await client.beta.threads.messages.create(
        thread_id=thread.id,
        role="user",
        content=text,
    )
    run = await client.beta.threads.runs.create(
        thread_id=thread.id,
        assistant_id=ASSISTANT_ID,
    )
    while run.status in ("queued", "in_progress"):
        await asyncio.sleep(0.05)
        run = await client.beta.threads.runs.retrieve(run.id, thread_id=thread.id)
    if run.status != "completed":
        return ticket_id, f"ERROR ({run.status})"
    messages = await client.beta.threads.messages.list(thread_id=thread.id, limit=1)
    return ticket_id, messages.data[0].content[0].text.value


async def main() -> None:
    client = AsyncOpenAI()
    results = await asyncio.gather(*(triage(client, tid, text) for tid, text in TICKETS))
    for ticket_id, label in sorted(results):
        print(f"{ticket_id}: {label}")
    print(f"{len(results)} tickets triaged")


if __name__ == "__main__":
    asyncio.run(main())
