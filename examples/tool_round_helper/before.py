"""Travel desk: the tool calls of a run are answered by a helper, handle_requires_action(run, thread_id),
which dispatches each call and submits the outputs; ask() calls it while the run requires action."""
import json
import sys

from openai import OpenAI

client = OpenAI()
ASSISTANT_ID = "asst_travel"


def get_weather(city):
    return {"city": city, "forecast": "sunny", "high_c": 21}


def convert_currency(amount, to):
    return {"amount": amount, "to": to, "converted": 42.0}


TOOLS = {"get_weather": get_weather, "convert_currency": convert_currency}


def dispatch(name, arguments):
    args = json.loads(arguments)
    print(f"  tool {name}({args})")
    if name not in TOOLS:
        return json.dumps({"error": f"unknown tool {name}"})
    return json.dumps(TOOLS[name](**args))


def handle_requires_action(run, thread_id):
    outputs = []
    for tc in run.required_action.submit_tool_outputs.tool_calls:
        outputs.append({"tool_call_id": tc.id, "output": dispatch(tc.function.name, tc.function.arguments)})
    return client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=thread_id, run_id=run.id, tool_outputs=outputs)


def ask(question):
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=ASSISTANT_ID)
    while run.status == "requires_action":
        run = handle_requires_action(run, thread.id)
    return client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value


def ask_one_round(question):
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=ASSISTANT_ID)
    if run.status == "requires_action":
        run = handle_requires_action(run, thread.id)
    if run.status != "completed":
        return "(no answer after one tool round)"
    return client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value


def main(argv):
    for question in argv:
        print("you>", question)
        print("bot>", ask(question))
    print("bot>", ask_one_round("Quick one: get_weather for Rome"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
