# Personal trainer bot, the way the 2024 tutorials wrote it: create a thread, add a
# message, run, then print the whole conversation oldest-first with reversed().
import os
import time

from openai import OpenAI
import prompt_registry

client = OpenAI(api_key=os.environ.get("OPENAI_API_KEY"))

assistant_id = "asst_trainer"

thread = client.conversations.create(items=[{"role": "user", "content": "How do I get started working out to lose fat and build muscles?"}])

prompt = prompt_registry.lookup(assistant_id)
run = client.responses.create(
    model=prompt.model,
    tools=prompt.tools,
    temperature=prompt.temperature,
    top_p=prompt.top_p,
    text=prompt.text,
    conversation=thread.id,
    instructions="Please address the user as Jane Doe.",
    truncation="auto",
)


def wait_for_run_completion(client, thread_id, run_id, sleep_interval=0.1):
    while True:
        # assistants-to-responses: runs.retrieve: a response is finished when responses.create returns; use client.responses.retrieve only for background responses
        run = client.beta.threads.runs.retrieve(thread_id=thread_id, run_id=run_id)
        if run.completed_at:
            # assistants-to-responses: messages.list: the message list is used other than by iterating over it
            messages = client.beta.threads.messages.list(thread_id=thread_id)
            last_message = messages.data[0]
            response = last_message.content[0].text.value
            print(f"Assistant Response: {response}")
            break
        time.sleep(sleep_interval)


wait_for_run_completion(client=client, thread_id=thread.id, run_id=run.id)

message = "What should I eat before a workout?"
prompt = prompt_registry.lookup(assistant_id)
run = client.responses.create(
    model=prompt.model,
    instructions=prompt.instructions,
    tools=prompt.tools,
    temperature=prompt.temperature,
    top_p=prompt.top_p,
    text=prompt.text,
    conversation=thread.id,
    input=[{"role": "user", "content": message}],
    truncation="auto",
)
wait_for_run_completion(client=client, thread_id=thread.id, run_id=run.id)

messages = client.conversations.items.list(thread.id)
print("--- conversation ---")
for msg in reversed(messages.data):
    if msg.type != "message":
        continue
    print(msg.role + ": " + msg.content[0].text)
