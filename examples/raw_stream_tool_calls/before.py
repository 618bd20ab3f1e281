"""Order desk over raw stream events: runs.create(stream=True) prints the text as it arrives; when
the run stops at thread.run.requires_action the program answers the tool calls with
submit_tool_outputs(stream=True) and prints the follow-up stream too. One thread per customer."""
import json
import sys

from openai import OpenAI

client = OpenAI()
ASSISTANT_ID = "asst_orders"
threads = {}


def order_status(order_id):
    return {"order_id": order_id, "status": "shipped", "eta_days": 2}


def run_tool(name, arguments):
    args = json.loads(arguments)
    if name == "order_status":
        return json.dumps(order_status(**args))
    return json.dumps({"error": f"unknown tool {name}"})


def ask(customer, question):
    thread_id = threads.setdefault(customer, client.beta.threads.create().id)
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=question)
    stream = client.beta.threads.runs.create(thread_id=thread_id, assistant_id=ASSISTANT_ID, stream=True)
    for event in stream:
        if event.event == "thread.message.delta":
            print(event.data.delta.content[0].text.value, end="", flush=True)
        elif event.event == "thread.run.requires_action":
            outputs = []
            for call in event.data.required_action.submit_tool_outputs.tool_calls:
                print(f"[{call.function.name} {call.function.arguments}]")
                outputs.append({"tool_call_id": call.id, "output": run_tool(call.function.name, call.function.arguments)})
            follow_up = client.beta.threads.runs.submit_tool_outputs(
                thread_id=thread_id, run_id=event.data.id, tool_outputs=outputs, stream=True
            )
            for chunk in follow_up:
                if chunk.event == "thread.message.delta":
                    print(chunk.data.delta.content[0].text.value, end="", flush=True)
                elif chunk.event == "thread.run.failed":
                    print("[the follow-up run failed]")
    print()


def main(argv):
    for line in argv:
        customer, _, question = line.partition(": ")
        print(f"{customer}> {question}")
        ask(customer, question)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
