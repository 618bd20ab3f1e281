"""Weather desk: an assistant with a function tool. create_and_poll stops at requires_action; the
program answers every tool call and submits the outputs until the run completes."""
import json
import sys

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
ASSISTANT_ID = "asst_weather"


def get_weather(city):
    return {"city": city, "forecast": "sunny", "high_c": 21}


def ask(question):
    run = client.responses.create(
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(ASSISTANT_ID),
    )
    while _run_status(run) == "requires_action":
        tool_outputs = []
        for tool in [item for item in run.output if item.type == "function_call"]:
            args = json.loads(tool.arguments)
            if tool.name == "get_weather":
                result = get_weather(**args)
            else:
                result = {"error": f"unknown tool {tool.name}"}
            print(f"  tool {tool.name}({args})")
            tool_outputs.append({"tool_call_id": tool.call_id, "output": json.dumps(result)})
        run = client.responses.create(
            previous_response_id=run.id,
            input=_function_call_outputs(tool_outputs),
            **prompt_registry.follow_up(run)
        )
    if _run_status(run) != "completed":
        return f"(run ended {_run_status(run)})"
    return run.output_text


def main(argv):
    for question in argv:
        print("you>", question)
        print("bot>", ask(question))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
