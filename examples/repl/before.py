"""A multi-turn chat in the terminal: one thread for the whole session."""
import os
import sys

from openai import OpenAI

client = OpenAI()
ASSISTANT_ID = os.environ.get("TUTOR_ASSISTANT_ID", "asst_tutor")


def main() -> int:
    thread = client.beta.threads.create()
    print("Ask the tutor (empty line to quit).")
    for line in sys.stdin:
        question = line.strip()
        if not question:
            break
        client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
        run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=ASSISTANT_ID)
        if run.status != "completed":
            print(f"[run {run.status}]")
            continue
        reply = client.beta.threads.messages.list(thread_id=thread.id, limit=1)
        print("tutor>", reply.data[0].content[0].text.value)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
