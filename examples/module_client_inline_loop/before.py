import logging
import time

import openai

log = logging.getLogger(__name__)

ASSISTANT_ID = "asst_abc123"


def main(question):
    thread = openai.beta.threads.create()
    openai.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    run = openai.beta.threads.runs.create(
        thread_id=thread.id,
        assistant_id=ASSISTANT_ID,
        additional_instructions="Answer in one sentence.",
    )
    start = time.time()
    while run.status in ("queued", "in_progress"):
        if time.time() - start > 60:
            raise TimeoutError("run took too long")
        log.info("waiting... %s", run.status)
        time.sleep(1)
        run = openai.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run.id)
    if run.status == "failed":
        print(run.last_error.message)
    elif run.status == "expired":
        print("expired")
    else:
        reply = openai.beta.threads.messages.list(thread_id=thread.id)
        print(reply.data[0].content[0].text.value)


if __name__ == "__main__":
    main("What is 2 + 2?")
