"""An async agent: AsyncOpenAI, create_and_poll, and a requires_action loop answering calls in parallel."""

import asyncio
import json
import sys

from openai import AsyncOpenAI

client = AsyncOpenAI()
RATES = {("EUR", "USD"): 1.08, ("USD", "JPY"): 151.2}


async def convert_rate(base, quote):
    await asyncio.sleep(0)
    return {"base": base, "quote": quote, "rate": RATES.get((base, quote), 1.0)}


async def ask(question):
    thread = await client.beta.threads.create()
    await client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    run = await client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_fx")
    while run.status == "requires_action":
        calls = run.required_action.submit_tool_outputs.tool_calls
        results = await asyncio.gather(*(convert_rate(**json.loads(c.function.arguments)) for c in calls))
        outputs = [{"tool_call_id": c.id, "output": json.dumps(r)} for c, r in zip(calls, results)]
        run = await client.beta.threads.runs.submit_tool_outputs_and_poll(
            thread_id=thread.id, run_id=run.id, tool_outputs=outputs
        )
    if run.status != "completed":
        return f"run {run.status}"
    messages = await client.beta.threads.messages.list(thread_id=thread.id)
    return messages.data[0].content[0].text.value


async def main(questions):
    for answer in await asyncio.gather(*(ask(q) for q in questions)):
        print(answer)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
