#!/usr/bin/env python
"""Chat with the Acme tutor in the terminal. Type /quit to leave, /new to start over."""
import os
import time

from openai import OpenAI

client = OpenAI()
TUTOR_ID = os.environ.get("TUTOR_ASSISTANT_ID", "asst_tutor")


def wait(thread_id, run):
    while run.status not in ("completed", "failed", "cancelled", "expired", "incomplete"):
        time.sleep(0.1)
        run = client.beta.threads.runs.retrieve(run.id, thread_id=thread_id)
    return run


def main():
    thread = client.beta.threads.create()
    print("Acme tutor. Ask anything (/new, /quit).")
    while True:
        try:
            line = input("you> ")
        except EOFError:
            print()
            break
        line = line.strip()
        if not line:
            continue
        if line == "/quit":
            break
        if line == "/new":
            thread = client.beta.threads.create()
            print("-- new conversation --")
            continue
        client.beta.threads.messages.create(thread.id, role="user", content=line)
        run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=TUTOR_ID)
        run = wait(thread.id, run)
        if run.status != "completed":
            print(f"tutor> (sorry, {run.status})")
            continue
        reply = client.beta.threads.messages.list(thread.id, limit=1).data[0]
        print("tutor>", reply.content[0].text.value)
    print("bye")


if __name__ == "__main__":
    main()
