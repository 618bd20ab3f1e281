"""A helpdesk script: create a run, then poll it in `while True`, answering tool calls as they come."""

import json
import sys
import time

from openai import OpenAI
import prompt_registry

client = OpenAI()
ORDERS = {"A-1001": "shipped", "A-1002": "packing"}


def order_status(order_id):
    return {"order_id": order_id, "status": ORDERS.get(order_id, "unknown")}


def ask(question):
    prompt = prompt_registry.lookup("asst_helpdesk")
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        input=[{"role": "user", "content": question}],
        truncation="auto",
    )
    while True:
        if response.status == "completed" and not any(item.type == "function_call" for item in response.output):
            break
        elif any(item.type == "function_call" for item in response.output):
            tool_outputs = []
            for tool_call in [item for item in response.output if item.type == "function_call"]:
                if tool_call.type == "function_call" and tool_call.name == "order_status":
                    args = json.loads(tool_call.arguments)
                    tool_outputs.append({"type": "function_call_output", "call_id": tool_call.call_id, "output": json.dumps(order_status(**args))})
            response = client.responses.create(
                model=prompt.model,
                instructions=prompt.instructions,
                tools=prompt.tools,
                temperature=prompt.temperature,
                top_p=prompt.top_p,
                text=prompt.text,
                previous_response_id=response.id,
                input=tool_outputs,
                truncation="auto",
            )
        elif response.status in ("failed", "cancelled"):
            raise RuntimeError(f"run ended with {response.status}")
        time.sleep(0.2)
    return response.output_text


if __name__ == "__main__":
    for question in sys.argv[1:]:
        print(ask(question))
