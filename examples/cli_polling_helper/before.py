import os
import time

from openai import OpenAI

client = OpenAI()
ASSISTANT_ID = os.environ["SUPPORT_ASSISTANT_ID"]


def wait_on_run(run, thread):
    while run.status == "queued" or run.status == "in_progress":
        run = client.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run.id)
        time.sleep(0.5)
    return run


def ask(question):
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=ASSISTANT_ID)
    run = wait_on_run(run, thread)
    if run.status != "completed":
        print("run failed:", run.last_error)
        return None
    messages = client.beta.threads.messages.list(thread_id=thread.id, order="desc", limit=1)
    return messages.data[0].content[0].text.value
