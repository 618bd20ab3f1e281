"""Support agent with an order-lookup tool: one thread per customer kept in a dict, runs.create and
a polling loop that also answers requires_action with submit_tool_outputs."""
import json
import sys
import time

from openai import OpenAI

client = OpenAI()
SUPPORT_ASSISTANT_ID = "asst_support_tools"
ORDERS = {"words": "shipped"}
threads = {}


def lookup_order(order_id):
    return {"order": order_id, "status": ORDERS.get(order_id, "unknown")}


TOOLS = {"lookup_order": lookup_order}


def reply(customer, text):
    if customer not in threads:
        threads[customer] = client.beta.threads.create().id
    thread_id = threads[customer]
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=text)
    run = client.beta.threads.runs.create(thread_id=thread_id, assistant_id=SUPPORT_ASSISTANT_ID)
    while run.status in ("queued", "in_progress", "requires_action"):
        if run.status == "requires_action":
            outputs = []
            for call in run.required_action.submit_tool_outputs.tool_calls:
                result = TOOLS[call.function.name](**json.loads(call.function.arguments))
                outputs.append({"tool_call_id": call.id, "output": json.dumps(result)})
            run = client.beta.threads.runs.submit_tool_outputs(
                thread_id=thread_id, run_id=run.id, tool_outputs=outputs
            )
        time.sleep(0.05)
        run = client.beta.threads.runs.retrieve(thread_id=thread_id, run_id=run.id)
    if run.status != "completed":
        return f"(sorry, {run.status})"
    messages = client.beta.threads.messages.list(thread_id=thread_id)
    return messages.data[0].content[0].text.value


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
