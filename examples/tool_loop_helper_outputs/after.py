"""A stock-room assistant: the run is re-read at the top of a `while True` loop, and a helper
builds the tool outputs from the run it is given."""

import json
import sys
import time

from openai import OpenAI
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


client = OpenAI()
STOCK = {"widget": 12, "gadget": 0}


def count_stock(item):
    return {"item": item, "in_stock": STOCK.get(item, 0)}


def outputs_for(run):
    """One output per tool call the run is waiting on."""
    outputs = []
    for call in [item for item in run.output if item.type == "function_call"]:
        arguments = json.loads(call.arguments)
        result = count_stock(**arguments) if call.name == "count_stock" else {"error": "unknown tool"}
        outputs.append({"tool_call_id": call.call_id, "output": json.dumps(result)})
    return outputs


def ask(question):
    run = client.responses.create(
        input=[{"role": "user", "content": question}],
        background=True,
        **prompt_registry.settings("asst_stockroom"),
    )
    rounds = 0
    while True:
        run = client.responses.retrieve(run.id)
        if _run_status(run) == "requires_action":
            rounds += 1
            run = client.responses.create(
                previous_response_id=run.id,
                input=_function_call_outputs(outputs_for(run)),
                background=True,
                **prompt_registry.follow_up(run)
            )
        elif _run_status(run) in ("completed", "failed", "cancelled", "expired"):
            break
        time.sleep(0.05)
    if _run_status(run) != "completed":
        return f"[{_run_status(run)}]"
    reply = run.output_text
    return f"{reply} ({rounds} tool rounds)"


if __name__ == "__main__":
    for question in sys.argv[1:]:
        print(ask(question))
