"""Summarise release notes read from stdin with the module-level openai client.

    git log --oneline v1.2..v1.3 | python before.py
"""
import sys
import time

import openai

ASSISTANT_ID = "asst_release_notes"


def summarise(notes: str) -> str:
    thread = openai.beta.threads.create()
    openai.beta.threads.messages.create(
        thread_id=thread.id,
        role="user",
        content="Summarise these changes for customers:\n" + notes,
    )
    run = openai.beta.threads.runs.create(thread_id=thread.id, assistant_id=ASSISTANT_ID)
    while run.status in ["queued", "in_progress"]:
        time.sleep(0.1)
        run = openai.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run.id)
    if run.status == "failed":
        sys.exit(f"summary failed: {run.last_error.message}")
    messages = openai.beta.threads.messages.list(thread_id=thread.id)
    return messages.data[0].content[0].text.value


lines = [line.strip() for line in sys.stdin if line.strip()]
if not lines:
    print("nothing to summarise")
    sys.exit(0)

print(f"{len(lines)} changes:")
for line in lines:
    print(" -", line)
print()
print("Summary:", summarise(" / ".join(lines)))
