"""OpenAI's function-calling guide, streaming flavour: an EventHandler answers
`thread.run.requires_action` from inside the stream with submit_tool_outputs_stream, and a fresh
handler streams the follow-up run's text."""
import sys

from openai import OpenAI

client = OpenAI()


def ask(question):
    with client.responses.stream(
        model="gpt-4o",
        instructions="You are a weather bot. Use the provided functions to answer questions.",
        tools=[
            {"type": "function", "name": "get_current_temperature", "description": "Get the current temperature for a specific location", "parameters": {
                        "type": "object",
                        "properties": {
                            "location": {"type": "string", "description": "The city and state, e.g., San Francisco, CA"},
                            "unit": {"type": "string", "enum": ["Celsius", "Fahrenheit"]},
                        },
                        "required": ["location", "unit"],
                    }, "strict": False},
            {"type": "function", "name": "get_rain_probability", "description": "Get the probability of rain for a specific location", "parameters": {
                        "type": "object",
                        "properties": {"location": {"type": "string"}},
                        "required": ["location"],
                    }, "strict": False},
        ],
        input=[{"role": "user", "content": question}],
        truncation="auto",
    ) as stream:
        response = stream.get_final_response()
    # assistants-to-responses: with several tool rounds in a row, the old nested handlers ran the statements after the text loop once the later rounds had finished; this loop runs them at the end of each round
    while any(item.type == "function_call" for item in response.output):
        tool_outputs = []

        for tool in [item for item in response.output if item.type == "function_call"]:
            print(f"[calling {tool.name} with {tool.arguments}]")
            if tool.name == "get_current_temperature":
                tool_outputs.append({"type": "function_call_output", "call_id": tool.call_id, "output": "57"})
            elif tool.name == "get_rain_probability":
                tool_outputs.append({"type": "function_call_output", "call_id": tool.call_id, "output": "0.06"})
        # Submit all tool_outputs at the same time
        # Use the submit_tool_outputs_stream helper
        with client.responses.stream(
            model="gpt-4o",
            instructions="You are a weather bot. Use the provided functions to answer questions.",
            tools=[
                {"type": "function", "name": "get_current_temperature", "description": "Get the current temperature for a specific location", "parameters": {
                            "type": "object",
                            "properties": {
                                "location": {"type": "string", "description": "The city and state, e.g., San Francisco, CA"},
                                "unit": {"type": "string", "enum": ["Celsius", "Fahrenheit"]},
                            },
                            "required": ["location", "unit"],
                        }, "strict": False},
                {"type": "function", "name": "get_rain_probability", "description": "Get the probability of rain for a specific location", "parameters": {
                            "type": "object",
                            "properties": {"location": {"type": "string"}},
                            "required": ["location"],
                        }, "strict": False},
            ],
            previous_response_id=response.id,
            input=tool_outputs,
            truncation="auto",
        ) as stream:
            for text in (event.delta for event in stream if event.type == "response.output_text.delta" and event.delta):
                print(text, end="", flush=True)
            response = stream.get_final_response()
            print()


if __name__ == "__main__":
    for question in sys.argv[1:]:
        print("user >", question)
        ask(question)
