"""Tag incoming tickets concurrently: one thread and one run per ticket, all at once.

An asyncio worker the way our ingestion service runs it: AsyncOpenAI, asyncio.gather, and a
small polling loop per run.
"""
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


ASSISTANT_ID = os.environ["TRIAGE_ASSISTANT_ID"]

TICKETS = [
    ("T-100", "The app crashes when I upload a photo"),
    ("T-101", "Please cancel my subscription"),
    ("T-102", "How do I change my password?"),
    ("T-103", "I was charged twice this month"),
]


async def triage(client: AsyncOpenAI, ticket_id: str, text: str) -> tuple[str, str]:
    run = await client.responses.create(
        input=[{"role": "user", "content": text}],
        **prompt_registry.settings(ASSISTANT_ID),
    )
    if _run_status(run) != "completed":
        return ticket_id, f"ERROR ({_run_status(run)})"
    return ticket_id, run.output_text


async def main() -> None:
    client = AsyncOpenAI()
    results = await asyncio.gather(*(triage(client, tid, text) for tid, text in TICKETS))
    for ticket_id, label in sorted(results):
        print(f"{ticket_id}: {label}")
    print(f"{len(results)} tickets triaged")


if __name__ == "__main__":
    asyncio.run(main())
