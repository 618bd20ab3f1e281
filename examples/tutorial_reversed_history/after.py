# Personal trainer bot, the way the 2024 tutorials wrote it: create a thread, add a
# message, run, then print the whole conversation oldest-first with reversed().
import os
import time

from openai import OpenAI

client = OpenAI(api_key=os.environ.get("OPENAI_API_KEY"))

assistant_id = "asst_trainer"

# assistants-to-responses: part of a thread/run sequence that needs a hand: see the marker on its run
thread = client.beta.threads.create(
    messages=[
        {
            "role": "user",
            "content": "How do I get started working out to lose fat and build muscles?",
        }
    ]
)

# assistants-to-responses: another call on a kept thread in this file needs a hand (`run = client.beta.threads.runs.retrieve(thread_id=thread_...`, marked with its reason); kept threads (conversations) migrate together: fix that one, then run the tool again
run = client.beta.threads.runs.create(
    thread_id=thread.id,
    assistant_id=assistant_id,
    instructions="Please address the user as Jane Doe.",
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
# assistants-to-responses: another call on a kept thread in this file needs a hand (`run = client.beta.threads.runs.retrieve(thread_id=thread_...`, marked with its reason); kept threads (conversations) migrate together: fix that one, then run the tool again
client.beta.threads.messages.create(thread_id=thread.id, role="user", content=message)
# assistants-to-responses: another call on a kept thread in this file needs a hand (`run = client.beta.threads.runs.retrieve(thread_id=thread_...`, marked with its reason); kept threads (conversations) migrate together: fix that one, then run the tool again
run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant_id)
wait_for_run_completion(client=client, thread_id=thread.id, run_id=run.id)

# assistants-to-responses: another call on a kept thread in this file needs a hand (`run = client.beta.threads.runs.retrieve(thread_id=thread_...`, marked with its reason); kept threads (conversations) migrate together: fix that one, then run the tool again
messages = client.beta.threads.messages.list(thread_id=thread.id)
print("--- conversation ---")
for msg in reversed(messages.data):
    print(msg.role + ": " + msg.content[0].text.value)
