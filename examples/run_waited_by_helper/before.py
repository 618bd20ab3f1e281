"""A tutoring CLI that starts a run, hands its ID to a helper that waits for it to finish, and
then reads the newest message of the thread: the response the code holds was created in the
background, so its answer is read from the conversation, not from the response as created."""
import sys
import time

from openai import OpenAI

client = OpenAI()
TUTOR = "asst_tutor"


def wait_until_done(thread_id, run_id):
    while True:
        run = client.beta.threads.runs.retrieve(thread_id=thread_id, run_id=run_id)
        if run.status not in ("queued", "in_progress"):
            return run.status
        time.sleep(0.01)


def ask(thread_id, question):
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=question)
    run = client.beta.threads.runs.create(thread_id=thread_id, assistant_id=TUTOR)
    status = wait_until_done(thread_id, run.id)
    page = client.beta.threads.messages.list(thread_id=thread_id)
    return status, page.data[0].content[0].text.value


if __name__ == "__main__":
    thread = client.beta.threads.create()
    for question in sys.argv[1:]:
        status, answer = ask(thread.id, question)
        print(f"[{status}] {answer}")
