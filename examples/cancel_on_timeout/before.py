"""A report generator with a patience limit: after too many polls it cancels the run."""

import sys
import time

from openai import OpenAI

client = OpenAI()
REPORTER = "asst_reporter"


def ask(question, max_polls):
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=REPORTER)
    polls = 0
    while run.status in ("queued", "in_progress", "cancelling"):
        if polls == max_polls:
            client.beta.threads.runs.cancel(thread_id=thread.id, run_id=run.id)
            print(f"  gave up after {polls} polls")
        time.sleep(0.05)
        run = client.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run.id)
        polls += 1
    if run.status == "completed":
        messages = client.beta.threads.messages.list(thread_id=thread.id, limit=1)
        return messages.data[0].content[0].text.value
    return f"[{run.status}]"


if __name__ == "__main__":
    patience = int(sys.argv[1])
    for question in sys.argv[2:]:
        print(ask(question, patience))
        patience = 10
