"""Order desk: the tool schemas live in one place (a constant and a helper that lists them) and
are given to the assistant created at startup; every question must go through a tool first."""
import json
import sys

from openai import OpenAI

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


desk = client.beta.assistants.create(
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
    thread = client.beta.threads.create(messages=[{"role": "user", "content": question}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=desk.id, tool_choice="required")
    while run.status == "requires_action":
        outputs = []
        for call in run.required_action.submit_tool_outputs.tool_calls:
            print(f"  {call.function.name} {call.function.arguments}")
            outputs.append({"tool_call_id": call.id, "output": run_tool(call.function.name, call.function.arguments)})
        run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=thread.id, run_id=run.id, tool_outputs=outputs)
    return client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value


if __name__ == "__main__":
    for question in sys.argv[1:]:
        print("customer>", question)
        print("desk>", answer(question))
