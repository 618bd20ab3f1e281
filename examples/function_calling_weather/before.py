"""Weather desk: an assistant with a function tool. create_and_poll stops at requires_action; the
program answers every tool call and submits the outputs until the run completes."""
import json
import sys

from openai import OpenAI

client = OpenAI()
ASSISTANT_ID = "asst_weather"


def get_weather(city):
    return {"city": city, "forecast": "sunny", "high_c": 21}


def ask(question):
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=ASSISTANT_ID)
    while run.status == "requires_action":
        tool_outputs = []
        for tool in run.required_action.submit_tool_outputs.tool_calls:
            args = json.loads(tool.function.arguments)
            if tool.function.name == "get_weather":
                result = get_weather(**args)
            else:
                result = {"error": f"unknown tool {tool.function.name}"}
            print(f"  tool {tool.function.name}({args})")
            tool_outputs.append({"tool_call_id": tool.id, "output": json.dumps(result)})
        run = client.beta.threads.runs.submit_tool_outputs_and_poll(
            thread_id=thread.id, run_id=run.id, tool_outputs=tool_outputs
        )
    if run.status != "completed":
        return f"(run ended {run.status})"
    return client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value


def main(argv):
    for question in argv:
        print("you>", question)
        print("bot>", ask(question))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
