"""A unit converter in a notebook-style script: the handler says which tools the assistant asked
for before answering them, and the script keeps a `tool_outputs` log and a `tool` name of its own
at module level (the handler's variables of the same names are different ones)."""
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

converter = prompt_registry.create(
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


thread = client.conversations.create()
for question in sys.argv[1:]:
    print("user >", question)
    # assistants-to-responses: note [streamed-tools-after] with several tool rounds in a
    #     row, the old nested handlers ran the statements after the text loop once the
    #     later rounds had finished; this loop runs them at the end of each round
    with client.responses.stream(
        conversation=thread.id,
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(converter.id),
    ) as stream:
        response = stream.get_final_response()
    while any(item.type == "function_call" for item in response.output):
        asked = [call.name for call in [item for item in response.output if item.type == "function_call"]]
        print(f"[asked for {', '.join(asked)}]")
        tool_outputs_2 = []
        for tool_2 in [item for item in response.output if item.type == "function_call"]:
            tool_outputs_2.append({"tool_call_id": tool_2.call_id, "output": convert(tool_2.name, tool_2.arguments)})
        with client.responses.stream(
            conversation=thread.id,
            input=_function_call_outputs(tool_outputs_2),
            **prompt_registry.follow_up(response),
        ) as stream:
            for text in (event.delta for event in stream if event.type == "response.output_text.delta" and event.delta):
                print(text, end="", flush=True)
            response = stream.get_final_response()
            print()
    tool_outputs.append(question)

print(f"{tool}: {len(tool_outputs)} questions")
