"""An async agent: AsyncOpenAI, create_and_poll, and a requires_action loop answering calls in parallel."""

import asyncio
import json
import sys

from openai import AsyncOpenAI
import prompt_registry
import openai
import typing


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


def _function_call_outputs(tool_outputs: "typing.Iterable[typing.Mapping[str, typing.Any]]") -> "openai.types.responses.ResponseInputParam":
    """Assistants tool outputs ({"tool_call_id", "output"}) as Responses function_call_output items."""
    return [
        {"type": "function_call_output", "call_id": output["tool_call_id"], "output": output.get("output") or ""}
        for output in tool_outputs
    ]


client = AsyncOpenAI()
RATES = {("EUR", "USD"): 1.08, ("USD", "JPY"): 151.2}


async def convert_rate(base, quote):
    await asyncio.sleep(0)
    return {"base": base, "quote": quote, "rate": RATES.get((base, quote), 1.0)}


async def ask(question):
    run = await client.responses.create(
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings("asst_fx"),
    )
    while _run_status(run) == "requires_action":
        calls = [item for item in run.output if item.type == "function_call"]
        results = await asyncio.gather(*(convert_rate(**json.loads(c.arguments)) for c in calls))
        outputs = [{"tool_call_id": c.call_id, "output": json.dumps(r)} for c, r in zip(calls, results)]
        run = await client.responses.create(
            previous_response_id=run.id,
            input=_function_call_outputs(outputs),
            **prompt_registry.follow_up(run)
        )
    if _run_status(run) != "completed":
        return f"run {_run_status(run)}"
    return run.output_text


async def main(questions):
    for answer in await asyncio.gather(*(ask(q) for q in questions)):
        print(answer)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
