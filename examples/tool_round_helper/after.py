"""Travel desk: the tool calls of a run are answered by a helper, handle_requires_action(run, thread_id),
which dispatches each call and submits the outputs; ask() calls it while the run requires action."""
import json
import sys

from openai import OpenAI
import prompt_registry

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
    for tc in [item for item in run.output if item.type == "function_call"]:
        outputs.append({"type": "function_call_output", "call_id": tc.call_id, "output": dispatch(tc.name, tc.arguments)})
    prompt = prompt_registry.lookup(ASSISTANT_ID)
    return client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        conversation=thread_id,
        input=outputs,
        truncation="auto",
    )


def ask(question):
    conversation = client.conversations.create()
    prompt = prompt_registry.lookup(ASSISTANT_ID)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        conversation=conversation.id,
        input=[{"role": "user", "content": question}],
        truncation="auto",
    )
    while any(item.type == "function_call" for item in response.output):
        response = handle_requires_action(response, conversation.id)
    return response.output_text


def ask_one_round(question):
    conversation = client.conversations.create()
    prompt = prompt_registry.lookup(ASSISTANT_ID)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        conversation=conversation.id,
        input=[{"role": "user", "content": question}],
        truncation="auto",
    )
    if any(item.type == "function_call" for item in response.output):
        response = handle_requires_action(response, conversation.id)
    if response.status != "completed" or any(item.type == "function_call" for item in response.output):
        return "(no answer after one tool round)"
    return response.output_text


def main(argv):
    for question in argv:
        print("you>", question)
        print("bot>", ask(question))
    print("bot>", ask_one_round("Quick one: get_weather for Rome"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
