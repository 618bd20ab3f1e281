"""A translation service: one function starts the run and returns it; its caller waits and reads the reply."""

import sys
import time

from openai import OpenAI
from openai.types.beta.threads import Run

client = OpenAI()
TRANSLATOR = "asst_translator"


def start(thread_id: str, text: str) -> Run:
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=f"Translate: {text}")
    return client.beta.threads.runs.create(thread_id=thread_id, assistant_id=TRANSLATOR)


def finish(thread_id: str, run: Run) -> str:
    while run.status in ("queued", "in_progress"):
        time.sleep(0.05)
        run = client.beta.threads.runs.retrieve(thread_id=thread_id, run_id=run.id)
    if run.status != "completed":
        return f"[{run.status}]"
    return client.beta.threads.messages.list(thread_id=thread_id, limit=1).data[0].content[0].text.value


def main(texts):
    thread = client.beta.threads.create()
    for text in texts:
        run = start(thread.id, text)
        print(f"started ({run.status})")
        print(finish(thread.id, run))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
