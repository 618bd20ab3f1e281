"""Weather desk: an assistant with a function tool. create_and_poll stops at requires_action; the
program answers every tool call and submits the outputs until the run completes."""
import json
import sys

from openai import OpenAI
import prompt_registry

client = OpenAI()
ASSISTANT_ID = "asst_weather"


def get_weather(city):
    return {"city": city, "forecast": "sunny", "high_c": 21}


def ask(question):
    prompt = prompt_registry.lookup(ASSISTANT_ID)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        input=[{"role": "user", "content": question}],
        truncation="auto",
    )
    while any(item.type == "function_call" for item in response.output):
        tool_outputs = []
        for tool in [item for item in response.output if item.type == "function_call"]:
            args = json.loads(tool.arguments)
            if tool.name == "get_weather":
                result = get_weather(**args)
            else:
                result = {"error": f"unknown tool {tool.name}"}
            print(f"  tool {tool.name}({args})")
            tool_outputs.append({"type": "function_call_output", "call_id": tool.call_id, "output": json.dumps(result)})
        response = client.responses.create(
            model=prompt.model,
            instructions=prompt.instructions,
            tools=prompt.tools,
            temperature=prompt.temperature,
            top_p=prompt.top_p,
            text=prompt.text,
            previous_response_id=response.id,
            input=tool_outputs,
            truncation="auto",
        )
    if response.status != "completed":
        return f"(run ended {response.status})"
    return response.output_text


def main(argv):
    for question in argv:
        print("you>", question)
        print("bot>", ask(question))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
