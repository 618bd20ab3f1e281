"""A helpdesk script: create a run, then poll it in `while True`, answering tool calls as they come."""

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
ORDERS = {"A-1001": "shipped", "A-1002": "packing"}


def order_status(order_id):
    return {"order_id": order_id, "status": ORDERS.get(order_id, "unknown")}


def ask(question):
    run = client.responses.create(
        input=[{"role": "user", "content": question}],
        background=True,
        **prompt_registry.settings("asst_helpdesk"),
    )
    while True:
        run = client.responses.retrieve(run.id)
        if _run_status(run) == "completed":
            break
        elif _run_status(run) == "requires_action":
            tool_outputs = []
            for tool_call in [item for item in run.output if item.type == "function_call"]:
                if tool_call.type == "function_call" and tool_call.name == "order_status":
                    args = json.loads(tool_call.arguments)
                    tool_outputs.append(dict(tool_call_id=tool_call.call_id, output=json.dumps(order_status(**args))))
            run = client.responses.create(
                previous_response_id=run.id,
                input=_function_call_outputs(tool_outputs),
                background=True,
                **prompt_registry.follow_up(run)
            )
        elif run.status in ("failed", "cancelled"):
            raise RuntimeError(f"run ended with {_run_status(run)}")
        time.sleep(0.2)
    return run.output_text


if __name__ == "__main__":
    for question in sys.argv[1:]:
        print(ask(question))
