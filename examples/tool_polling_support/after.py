"""Support agent with an order-lookup tool: one thread per customer kept in a dict, runs.create and
a polling loop that also answers requires_action with submit_tool_outputs."""
import json
import sys

from openai import OpenAI
import prompt_registry

client = OpenAI()
SUPPORT_ASSISTANT_ID = "asst_support_tools"
ORDERS = {"words": "shipped"}
threads = {}


def lookup_order(order_id):
    return {"order": order_id, "status": ORDERS.get(order_id, "unknown")}


TOOLS = {"lookup_order": lookup_order}


def reply(customer, text):
    if customer not in threads:
        threads[customer] = client.conversations.create().id
    thread_id = threads[customer]
    prompt = prompt_registry.lookup(SUPPORT_ASSISTANT_ID)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        conversation=thread_id,
        input=[{"role": "user", "content": text}],
        truncation="auto",
    )
    while any(item.type == "function_call" for item in response.output):
        outputs = []
        for call in [item for item in response.output if item.type == "function_call"]:
            result = TOOLS[call.name](**json.loads(call.arguments))
            outputs.append({"type": "function_call_output", "call_id": call.call_id, "output": json.dumps(result)})
        response = client.responses.create(
            model=prompt.model,
            instructions=prompt.instructions,
            tools=prompt.tools,
            temperature=prompt.temperature,
            top_p=prompt.top_p,
            text=prompt.text,
            conversation=thread_id,
            input=outputs,
            truncation="auto",
        )
    if response.status != "completed":
        return f"(sorry, {response.status})"
    return response.output_text


def main():
    for customer, text in [
        ("ada", "Hi, where is my order? Please lookup_order for me."),
        ("bob", "Hello there"),
        ("ada", "Thanks!"),
    ]:
        print(f"{customer}> {text}")
        print(f"agent> {reply(customer, text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
