"""Travel desk: the tool calls of a run are answered by a helper, handle_requires_action(run, thread_id),
which dispatches each call and submits the outputs; ask() calls it while the run requires action."""
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


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


client = OpenAI()
ASSISTANT_ID = "asst_travel"


def get_weather(city):
    return {"city": city, "forecast": "sunny", "high_c": 21}


def convert_currency(amount, to):
    return {"amount": amount, "to": to, "converted": 42.0}


TOOLS = {"get_weather": get_weather, "convert_currency": convert_currency}


def dispatch(name, arguments):
    args = json.loads(arguments)
    print(f"  tool {name}({args})")
    if name not in TOOLS:
        return json.dumps({"error": f"unknown tool {name}"})
    return json.dumps(TOOLS[name](**args))


def handle_requires_action(run, thread_id):
    outputs = []
    for tc in [item for item in run.output if item.type == "function_call"]:
        outputs.append({"tool_call_id": tc.call_id, "output": dispatch(tc.name, tc.arguments)})
    return client.responses.create(
        conversation=thread_id,
        input=_function_call_outputs(outputs),
        **prompt_registry.follow_up(run),
    )


def ask(question):
    thread = client.conversations.create()
    run = client.responses.create(
        conversation=thread.id,
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(ASSISTANT_ID),
    )
    while _run_status(run) == "requires_action":
        run = handle_requires_action(run, thread.id)
    return run.output_text


def ask_one_round(question):
    thread = client.conversations.create()
    run = client.responses.create(
        conversation=thread.id,
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(ASSISTANT_ID),
    )
    if _run_status(run) == "requires_action":
        run = handle_requires_action(run, thread.id)
    if _run_status(run) != "completed":
        return "(no answer after one tool round)"
    return run.output_text


def main(argv):
    for question in argv:
        print("you>", question)
        print("bot>", ask(question))
    print("bot>", ask_one_round("Quick one: get_weather for Rome"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
