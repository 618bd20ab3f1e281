"""Order desk over raw stream events: runs.create(stream=True) prints the text as it arrives; when
the run stops at thread.run.requires_action the program answers the tool calls with
submit_tool_outputs(stream=True) and prints the follow-up stream too. One thread per customer."""
import json
import sys

from openai import OpenAI
import prompt_registry
import openai
import typing


def _function_call_outputs(tool_outputs: "typing.Iterable[typing.Mapping[str, typing.Any]]") -> "openai.types.responses.ResponseInputParam":
    """Assistants tool outputs ({"tool_call_id", "output"}) as Responses function_call_output items."""
    return [
        {"type": "function_call_output", "call_id": output["tool_call_id"], "output": output.get("output") or ""}
        for output in tool_outputs
    ]


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
    thread_id = threads.setdefault(customer, client.conversations.create().id)
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    stream = client.responses.create(
        conversation=thread_id,
        input=[{"role": "user", "content": question}],
        stream=True,
        **prompt_registry.settings(ASSISTANT_ID),
    )
    for event in stream:
        if event.type == "response.output_text.delta":
            print(event.delta, end="", flush=True)
        elif event.type == "response.completed" and any(item.type == "function_call" for item in event.response.output):
            outputs = []
            for call in [item for item in event.response.output if item.type == "function_call"]:
                print(f"[{call.name} {call.arguments}]")
                outputs.append({"tool_call_id": call.call_id, "output": run_tool(call.name, call.arguments)})
            follow_up = client.responses.create(
                conversation=thread_id,
                input=_function_call_outputs(outputs),
                stream=True,
                **prompt_registry.follow_up(event.response)
            )
            for chunk in follow_up:
                if chunk.type == "response.output_text.delta":
                    print(chunk.delta, end="", flush=True)
                elif chunk.type == "response.failed":
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
