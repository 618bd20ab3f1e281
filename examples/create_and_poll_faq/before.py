"""Answer a batch of FAQ questions with the FAQ assistant and print a small report.

Every question gets a fresh thread; `create_and_poll` waits for the run.
"""
import argparse
import os

from openai import OpenAI

FAQ_ASSISTANT_ID = os.getenv("FAQ_ASSISTANT_ID", "asst_faq")

client = OpenAI()


def answer(question: str) -> str:
    thread = client.beta.threads.create(
        messages=[{"role": "user", "content": question}],
    )
    run = client.beta.threads.runs.create_and_poll(
        thread_id=thread.id,
        assistant_id=FAQ_ASSISTANT_ID,
        poll_interval_ms=100,
    )
    if run.status != "completed":
        return f"(no answer: run {run.status})"
    messages = client.beta.threads.messages.list(thread_id=thread.id)
    for message in messages.data:
        if message.role == "assistant":
            return message.content[0].text.value
    return "(no answer)"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("questions", nargs="+")
    parser.add_argument("--title", default="FAQ")
    args = parser.parse_args()

    print(f"== {args.title} ==")
    for number, question in enumerate(args.questions, start=1):
        reply = answer(question)
        print(f"{number}. {question}")
        print(f"   {reply}")
    print(f"{len(args.questions)} questions answered")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
