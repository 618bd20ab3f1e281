"""Travel desk: one tool list, two front ends. Quick questions go to Chat Completions; trip plans go
to an assistant created at startup, which is made to check the weather first. Both answer the same
function calls with the same code."""
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

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Weather for a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}
TOOLS = [
    WEATHER_TOOL,
    {
        "type": "function",
        "function": {
            "name": "get_time",
            "description": "Local time in a city",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
                "additionalProperties": False,
            },
            "strict": True,
        },
    },
]

planner = prompt_registry.create(
    name="Trip planner",
    model="gpt-4o",
    instructions="You plan short trips. Check the weather before you suggest anything.",
    tools=TOOLS,
)


def call_tool(name, arguments):
    args = json.loads(arguments)
    print(f"  tool {name}({args})")
    if name == "get_weather":
        return json.dumps({"city": args["city"], "forecast": "sunny", "high_c": 21})
    if name == "get_time":
        return json.dumps({"city": args["city"], "time": "09:30"})
    return json.dumps({"error": f"unknown tool {name}"})


def quick(question):
    messages: list = [{"role": "user", "content": question}]
    completion = client.chat.completions.create(model="gpt-4o-mini", messages=messages, tools=TOOLS)
    message = completion.choices[0].message
    if message.tool_calls:
        messages.append(message.model_dump(exclude_none=True))
        for call in message.tool_calls:
            if call.type == "function":
                output = call_tool(call.function.name, call.function.arguments)
                messages.append({"role": "tool", "tool_call_id": call.id, "content": output})
        completion = client.chat.completions.create(model="gpt-4o-mini", messages=messages, tools=TOOLS)
    return completion.choices[0].message.content


def plan_trip(question):
    run = client.responses.create(
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(planner.id, tool_choice={"type": "function", "function": {"name": "get_weather"}}),
    )
    while _run_status(run) == "requires_action":
        tool_outputs = []
        for call in [item for item in run.output if item.type == "function_call"]:
            tool_outputs.append({"tool_call_id": call.call_id, "output": call_tool(call.name, call.arguments)})
        run = client.responses.create(
            previous_response_id=run.id,
            input=_function_call_outputs(tool_outputs),
            **prompt_registry.follow_up(run)
        )
    if _run_status(run) != "completed":
        return f"(run ended {_run_status(run)})"
    return run.output_text


def main(argv):
    quick_question, trip_question = argv
    print("you>", quick_question)
    print("desk>", quick(quick_question))
    print("you>", trip_question)
    print("planner>", plan_trip(trip_question))
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
