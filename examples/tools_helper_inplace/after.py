"""Order desk: the tool schemas live in one place (a constant and a helper that lists them) and
are given to the assistant created at startup; every question must go through a tool first."""
import json
import sys

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

_ORDER_STATUS = {
    "type": "function",
    "function": {
        "name": "order_status",
        "description": "Where an order is",
        "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}}, "required": ["order_id"]},
    },
}


def _support_tools():
    """Every tool the desk may call."""
    return [
        _ORDER_STATUS,
        {"type": "function", "function": {"name": "refund", "description": "Refund an order"}},
    ]


desk = prompt_registry.create(
    model="gpt-4o-mini",
    instructions="You are an order desk. Look the order up before you answer.",
    tools=_support_tools(),
)


def run_tool(name, arguments):
    args = json.loads(arguments)
    if name == "order_status":
        return f"order {args['order_id']} is out for delivery"
    return f"no tool named {name}"


def answer(question):
    run = client.responses.create(
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(desk.id, tool_choice="required"),
    )
    while _run_status(run) == "requires_action":
        outputs = []
        for call in [item for item in run.output if item.type == "function_call"]:
            print(f"  {call.name} {call.arguments}")
            outputs.append({"tool_call_id": call.call_id, "output": run_tool(call.name, call.arguments)})
        run = client.responses.create(
            previous_response_id=run.id,
            input=_function_call_outputs(outputs),
            **prompt_registry.follow_up(run),
        )
    return run.output_text


if __name__ == "__main__":
    for question in sys.argv[1:]:
        print("customer>", question)
        print("desk>", answer(question))
