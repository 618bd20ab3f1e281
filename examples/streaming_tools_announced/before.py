"""A unit converter in a notebook-style script: the handler says which tools the assistant asked
for before answering them, and the script keeps a `tool_outputs` log and a `tool` name of its own
at module level (the handler's variables of the same names are different ones)."""
import json
import sys

from typing_extensions import override

from openai import AssistantEventHandler, OpenAI

client = OpenAI()

converter = client.beta.assistants.create(
    name="Unit converter",
    instructions="Convert the units the user asks about with the tools.",
    model="gpt-4o-mini",
    tools=[
        {
            "type": "function",
            "function": {
                "name": "to_celsius",
                "description": "Fahrenheit to Celsius",
                "parameters": {"type": "object", "properties": {"fahrenheit": {"type": "number"}}},
            },
        },
        {
            "type": "function",
            "function": {
                "name": "to_miles",
                "description": "Kilometres to miles",
                "parameters": {"type": "object", "properties": {"km": {"type": "number"}}},
            },
        },
    ],
)

tool_outputs = []  # every answer given, kept by the script itself
tool = "converter"


def convert(name, arguments):
    values = json.loads(arguments or "{}")
    if name == "to_celsius":
        return f"{(values.get('fahrenheit', 32) - 32) * 5 / 9:.1f}"
    return f"{values.get('km', 0) * 0.621371:.1f}"


class Announcer(AssistantEventHandler):
    @override
    def on_event(self, event):
        if event.event == "thread.run.requires_action":
            asked = [call.function.name for call in event.data.required_action.submit_tool_outputs.tool_calls]
            print(f"[asked for {', '.join(asked)}]")
            self.answer(event.data)

    def answer(self, data):
        tool_outputs = []
        for tool in data.required_action.submit_tool_outputs.tool_calls:
            tool_outputs.append({"tool_call_id": tool.id, "output": convert(tool.function.name, tool.function.arguments)})
        self.send(tool_outputs)

    def send(self, tool_outputs):
        with client.beta.threads.runs.submit_tool_outputs_stream(
            thread_id=self.current_run.thread_id,
            run_id=self.current_run.id,
            tool_outputs=tool_outputs,
            event_handler=Announcer(),
        ) as stream:
            for text in stream.text_deltas:
                print(text, end="", flush=True)
            print()


thread = client.beta.threads.create()
for question in sys.argv[1:]:
    print("user >", question)
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=converter.id, event_handler=Announcer()) as stream:
        stream.until_done()
    tool_outputs.append(question)

print(f"{tool}: {len(tool_outputs)} questions")
