"""A helpdesk script: create a run, then poll it in `while True`, answering tool calls as they come."""

import json
import sys
import time

from openai import OpenAI

client = OpenAI()
ORDERS = {"A-1001": "shipped", "A-1002": "packing"}


def order_status(order_id):
    return {"order_id": order_id, "status": ORDERS.get(order_id, "unknown")}


def ask(question):
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id="asst_helpdesk")
    while True:
        run = client.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run.id)
        if run.status == "completed":
            break
        elif run.status == "requires_action":
            tool_outputs = []
            for tool_call in run.required_action.submit_tool_outputs.tool_calls:
                if tool_call.type == "function" and tool_call.function.name == "order_status":
                    args = json.loads(tool_call.function.arguments)
                    tool_outputs.append(dict(tool_call_id=tool_call.id, output=json.dumps(order_status(**args))))
            client.beta.threads.runs.submit_tool_outputs(
                thread_id=thread.id, run_id=run.id, tool_outputs=tool_outputs
            )
        elif run.status in ("failed", "cancelled"):
            raise RuntimeError(f"run ended with {run.status}")
        time.sleep(0.2)
    messages = client.beta.threads.messages.list(thread_id=thread.id)
    return messages.data[0].content[0].text.value


if __name__ == "__main__":
    for question in sys.argv[1:]:
        print(ask(question))
