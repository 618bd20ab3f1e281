"""An async agent: AsyncOpenAI, create_and_poll, and a requires_action loop answering calls in parallel."""

import asyncio
import json
import sys

from openai import AsyncOpenAI
import prompt_registry

client = AsyncOpenAI()
RATES = {("EUR", "USD"): 1.08, ("USD", "JPY"): 151.2}


async def convert_rate(base, quote):
    await asyncio.sleep(0)
    return {"base": base, "quote": quote, "rate": RATES.get((base, quote), 1.0)}


async def ask(question):
    prompt = prompt_registry.lookup("asst_fx")
    response = await client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        input=[{"role": "user", "content": question}],
        truncation="auto",
    )
    while any(item.type == "function_call" for item in response.output):
        calls = [item for item in response.output if item.type == "function_call"]
        results = await asyncio.gather(*(convert_rate(**json.loads(c.arguments)) for c in calls))
        outputs = [{"type": "function_call_output", "call_id": c.call_id, "output": json.dumps(r)} for c, r in zip(calls, results)]
        response = await client.responses.create(
            model=prompt.model,
            instructions=prompt.instructions,
            tools=prompt.tools,
            temperature=prompt.temperature,
            top_p=prompt.top_p,
            text=prompt.text,
            previous_response_id=response.id,
            input=outputs,
            truncation="auto",
        )
    if response.status != "completed":
        return f"run {response.status}"
    return response.output_text


async def main(questions):
    for answer in await asyncio.gather(*(ask(q) for q in questions)):
        print(answer)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
