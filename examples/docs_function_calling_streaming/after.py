"""OpenAI's function-calling guide, streaming flavour: an EventHandler answers
`thread.run.requires_action` from inside the stream with submit_tool_outputs_stream, and a fresh
handler streams the follow-up run's text."""
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

assistant = prompt_registry.create(
    instructions="You are a weather bot. Use the provided functions to answer questions.",
    model="gpt-4o",
    tools=[
        {
            "type": "function",
            "function": {
                "name": "get_current_temperature",
                "description": "Get the current temperature for a specific location",
                "parameters": {
                    "type": "object",
                    "properties": {
                        "location": {"type": "string", "description": "The city and state, e.g., San Francisco, CA"},
                        "unit": {"type": "string", "enum": ["Celsius", "Fahrenheit"]},
                    },
                    "required": ["location", "unit"],
                },
            },
        },
        {
            "type": "function",
            "function": {
                "name": "get_rain_probability",
                "description": "Get the probability of rain for a specific location",
                "parameters": {
                    "type": "object",
                    "properties": {"location": {"type": "string"}},
                    "required": ["location"],
                },
            },
        },
    ],
)


def ask(question):
    thread = client.conversations.create()
    # assistants-to-responses: note [streamed-tools-after] with several tool rounds in a
    #     row, the old nested handlers ran the statements after the text loop once the
    #     later rounds had finished; this loop runs them at the end of each round
    with client.responses.stream(
        conversation=thread.id,
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(assistant.id),
    ) as stream:
        response = stream.get_final_response()
    while any(item.type == "function_call" for item in response.output):
        tool_outputs = []

        for tool in [item for item in response.output if item.type == "function_call"]:
            print(f"[calling {tool.name} with {tool.arguments}]")
            if tool.name == "get_current_temperature":
                tool_outputs.append({"tool_call_id": tool.call_id, "output": "57"})
            elif tool.name == "get_rain_probability":
                tool_outputs.append({"tool_call_id": tool.call_id, "output": "0.06"})
        # Submit all tool_outputs at the same time
        # Use the submit_tool_outputs_stream helper
        with client.responses.stream(
            conversation=thread.id,
            input=_function_call_outputs(tool_outputs),
            **prompt_registry.follow_up(response),
        ) as stream:
            for text in (event.delta for event in stream if event.type == "response.output_text.delta" and event.delta):
                print(text, end="", flush=True)
            response = stream.get_final_response()
            print()


if __name__ == "__main__":
    for question in sys.argv[1:]:
        print("user >", question)
        ask(question)
