"""Travel desk: one tool list, two front ends. Quick questions go to Chat Completions; trip plans go
to an assistant created at startup, which is made to check the weather first. Both answer the same
function calls with the same code."""
import json
import sys

from openai import OpenAI

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

planner = client.beta.assistants.create(
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
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    run = client.beta.threads.runs.create_and_poll(
        thread_id=thread.id,
        assistant_id=planner.id,
        tool_choice={"type": "function", "function": {"name": "get_weather"}},
    )
    while run.status == "requires_action":
        tool_outputs = []
        for call in run.required_action.submit_tool_outputs.tool_calls:
            tool_outputs.append({"tool_call_id": call.id, "output": call_tool(call.function.name, call.function.arguments)})
        run = client.beta.threads.runs.submit_tool_outputs_and_poll(
            thread_id=thread.id, run_id=run.id, tool_outputs=tool_outputs
        )
    if run.status != "completed":
        return f"(run ended {run.status})"
    return client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value


def main(argv):
    quick_question, trip_question = argv
    print("you>", quick_question)
    print("desk>", quick(quick_question))
    print("you>", trip_question)
    print("planner>", plan_trip(trip_question))
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
