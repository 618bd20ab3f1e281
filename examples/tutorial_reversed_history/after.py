# Personal trainer bot, the way the 2024 tutorials wrote it: create a thread, add a
# message, run, then print the whole conversation oldest-first with reversed().
import os
import time

from openai import OpenAI
import prompt_registry
import openai


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


def _text(part: object) -> str:
    """The text of a conversation message part (what `.text.value` was on a text block)."""
    text = getattr(part, "text", None)
    return text if isinstance(text, str) else ""


client = OpenAI(api_key=os.environ.get("OPENAI_API_KEY"))

assistant_id = "asst_trainer"

thread = client.conversations.create(
    items=[{"role": "user", "content": "How do I get started working out to lose fat and build muscles?"}]
)

run = client.responses.create(
    conversation=thread.id,
    input=[],
    background=True,
    **prompt_registry.settings(assistant_id, instructions="Please address the user as Jane Doe."),
)


def wait_for_run_completion(client, thread_id, run_id, sleep_interval=0.1):
    while True:
        run = client.responses.retrieve(run_id)
        if _run_status(run) == "completed":
            messages = client.conversations.items.list(thread_id)
            last_message = [item for item in messages.data if item.type == "message"][0]
            response = _text(last_message.content[0])
            print(f"Assistant Response: {response}")
            break
        time.sleep(sleep_interval)


wait_for_run_completion(client=client, thread_id=thread.id, run_id=run.id)

message = "What should I eat before a workout?"
run = client.responses.create(
    conversation=thread.id,
    input=[{"role": "user", "content": message}],
    background=True,
    **prompt_registry.settings(assistant_id),
)
wait_for_run_completion(client=client, thread_id=thread.id, run_id=run.id)

messages = client.conversations.items.list(thread.id)
print("--- conversation ---")
for msg in reversed([item for item in messages.data if item.type == "message"]):
    print(msg.role + ": " + _text(msg.content[0]))
