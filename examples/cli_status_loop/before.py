"""acme-ask: ask the Acme support assistant one question from the command line.

Usage:
    SUPPORT_ASSISTANT_ID=asst_... python before.py --question "What are your opening hours?"
"""
import argparse
import os
import sys
import time

from openai import OpenAI

ASSISTANT_ID = os.environ["SUPPORT_ASSISTANT_ID"]
POLL_SECONDS = 0.1

client = OpenAI()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Ask the Acme support assistant")
    parser.add_argument("--question", required=True, help="what to ask")
    parser.add_argument("--customer", default="guest", help="shown in the greeting")
    return parser.parse_args(argv)


def ask(question):
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(
        thread_id=thread.id,
        role="user",
        content=question,
    )
    run = client.beta.threads.runs.create(
        thread_id=thread.id,
        assistant_id=ASSISTANT_ID,
    )
    while run.status in ("queued", "in_progress", "cancelling"):
        time.sleep(POLL_SECONDS)
        run = client.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run.id)

    if run.status == "failed":
        raise RuntimeError(f"the assistant failed: {run.last_error.message}")
    if run.status != "completed":
        raise RuntimeError(f"the assistant stopped with status {run.status}")

    messages = client.beta.threads.messages.list(thread_id=thread.id, order="desc", limit=1)
    return messages.data[0].content[0].text.value


def main(argv=None):
    args = parse_args(argv)
    print(f"Hello {args.customer}, asking Acme support...")
    try:
        answer = ask(args.question)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("Q:", args.question)
    print("A:", answer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
