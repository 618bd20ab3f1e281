"""Order desk: the tool schemas live in one place (a constant and a helper that lists them) and
are given to the assistant created at startup; every question must go through a tool first."""
import json
import sys

from openai import OpenAI

client = OpenAI()

_ORDER_STATUS = {
    "type": "function",
    "name": "order_status",
    "description": "Where an order is",
    "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}}, "required": ["order_id"]},
    "strict": False,
}


def _support_tools():
    """Every tool the desk may call."""
    return [
        _ORDER_STATUS,
        {"type": "function", "name": "refund", "description": "Refund an order", "parameters": None, "strict": False},
    ]


def run_tool(name, arguments):
    args = json.loads(arguments)
    if name == "order_status":
        return f"order {args['order_id']} is out for delivery"
    return f"no tool named {name}"


def answer(question):
    response = client.responses.create(
        model="gpt-4o-mini",
        instructions="You are an order desk. Look the order up before you answer.",
        tools=_support_tools(),
        input=[{"role": "user", "content": question}],
        tool_choice="required",
        truncation="auto",
    )
    while any(item.type == "function_call" for item in response.output):
        outputs = []
        for call in [item for item in response.output if item.type == "function_call"]:
            print(f"  {call.name} {call.arguments}")
            outputs.append({"type": "function_call_output", "call_id": call.call_id, "output": run_tool(call.name, call.arguments)})
        response = client.responses.create(
            model="gpt-4o-mini",
            instructions="You are an order desk. Look the order up before you answer.",
            tools=_support_tools(),
            previous_response_id=response.id,
            input=outputs,
            truncation="auto",
        )
    return response.output_text


if __name__ == "__main__":
    for question in sys.argv[1:]:
        print("customer>", question)
        print("desk>", answer(question))
