"""Support agent with an order-lookup tool: one thread per customer kept in a dict, runs.create and
a polling loop that also answers requires_action with submit_tool_outputs."""
import json
import sys
import time

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
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    run = client.responses.create(
        conversation=thread_id,
        input=[{"role": "user", "content": text}],
        background=True,
        **prompt_registry.settings(SUPPORT_ASSISTANT_ID),
    )
    while _run_status(run) in ("queued", "in_progress", "requires_action"):
        if _run_status(run) == "requires_action":
            outputs = []
            for call in [item for item in run.output if item.type == "function_call"]:
                result = TOOLS[call.name](**json.loads(call.arguments))
                outputs.append({"tool_call_id": call.call_id, "output": json.dumps(result)})
            run = client.responses.create(
                conversation=thread_id,
                input=_function_call_outputs(outputs),
                background=True,
                **prompt_registry.follow_up(run)
            )
        time.sleep(0.05)
        run = client.responses.retrieve(run.id)
    if _run_status(run) != "completed":
        return f"(sorry, {_run_status(run)})"
    return run.output_text


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
