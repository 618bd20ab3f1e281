"""A stock-room assistant: the run is re-read at the top of a `while True` loop, and a helper
builds the tool outputs from the run it is given."""

import json
import sys
import time

from openai import OpenAI

client = OpenAI()
STOCK = {"widget": 12, "gadget": 0}


def count_stock(item):
    return {"item": item, "in_stock": STOCK.get(item, 0)}


def outputs_for(run):
    """One output per tool call the run is waiting on."""
    outputs = []
    for call in run.required_action.submit_tool_outputs.tool_calls:
        arguments = json.loads(call.function.arguments)
        result = count_stock(**arguments) if call.function.name == "count_stock" else {"error": "unknown tool"}
        outputs.append({"tool_call_id": call.id, "output": json.dumps(result)})
    return outputs


def ask(question):
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id="asst_stockroom")
    rounds = 0
    while True:
        run = client.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run.id)
        if run.status == "requires_action":
            rounds += 1
            run = client.beta.threads.runs.submit_tool_outputs(
                thread_id=thread.id, run_id=run.id, tool_outputs=outputs_for(run)
            )
        elif run.status in ("completed", "failed", "cancelled", "expired"):
            break
        time.sleep(0.05)
    if run.status != "completed":
        return f"[{run.status}]"
    reply = client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value
    return f"{reply} ({rounds} tool rounds)"


if __name__ == "__main__":
    for question in sys.argv[1:]:
        print(ask(question))
