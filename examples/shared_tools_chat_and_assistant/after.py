"""Travel desk: one tool list, two front ends. Quick questions go to Chat Completions; trip plans go
to an assistant created at startup, which is made to check the weather first. Both answer the same
function calls with the same code."""
import json
import sys

from openai import OpenAI
import typing


def _responses_tools(tools: typing.Iterable[typing.Mapping[str, typing.Any]]) -> typing.List[typing.Any]:
    """Tools in the Responses form: nested function tools flattened (strict off unless it was set),
    a code interpreter given an automatic container, nested file_search options lifted."""
    flat: typing.List[typing.Any] = []
    for tool in tools:
        kind = tool.get("type")
        if kind == "function" and "function" in tool:
            function = tool["function"]
            strict = function.get("strict") or False
            flat.append({"type": "function", **function, "parameters": function.get("parameters"), "strict": strict})
        elif kind == "code_interpreter" and "container" not in tool:
            flat.append({**tool, "container": {"type": "auto"}})
        elif kind == "file_search" and "file_search" in tool:
            flat.append({**{k: v for k, v in tool.items() if k != "file_search"}, **tool["file_search"]})
        else:
            flat.append(tool)
    return flat


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
    response = client.responses.create(
        model="gpt-4o",
        instructions="You plan short trips. Check the weather before you suggest anything.",
        tools=_responses_tools(TOOLS),
        input=[{"role": "user", "content": question}],
        tool_choice={"type": "function", "name": "get_weather"},
        truncation="auto",
    )
    while any(item.type == "function_call" for item in response.output):
        tool_outputs = []
        for call in [item for item in response.output if item.type == "function_call"]:
            tool_outputs.append({"type": "function_call_output", "call_id": call.call_id, "output": call_tool(call.name, call.arguments)})
        response = client.responses.create(
            model="gpt-4o",
            instructions="You plan short trips. Check the weather before you suggest anything.",
            tools=_responses_tools(TOOLS),
            previous_response_id=response.id,
            input=tool_outputs,
            truncation="auto",
        )
    if response.status != "completed":
        return f"(run ended {response.status})"
    return response.output_text


def main(argv):
    quick_question, trip_question = argv
    print("you>", quick_question)
    print("desk>", quick(quick_question))
    print("you>", trip_question)
    print("planner>", plan_trip(trip_question))
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
