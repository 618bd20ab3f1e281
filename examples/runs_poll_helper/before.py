"""Nightly report: ask the analyst assistant about each metric, using the SDK's runs.poll helper."""
import os
import sys

from openai import OpenAI

client = OpenAI()
ANALYST_ID = os.environ.get("ANALYST_ASSISTANT_ID", "asst_analyst")

METRICS = {
    "signups": 132,
    "churned": 7,
    "tickets": 41,
}


def comment_on(thread_id: str, metric: str, value: int) -> str:
    client.beta.threads.messages.create(
        thread_id=thread_id,
        role="user",
        content=f"Yesterday's {metric}: {value}. One sentence, please.",
    )
    run = client.beta.threads.runs.create(thread_id=thread_id, assistant_id=ANALYST_ID)
    run = client.beta.threads.runs.poll(run.id, thread_id=thread_id, poll_interval_ms=50)
    if run.status != "completed":
        return f"n/a ({run.status})"
    messages = client.beta.threads.messages.list(thread_id=thread_id, order="desc", limit=1)
    return messages.data[0].content[0].text.value


def main() -> int:
    thread = client.beta.threads.create(metadata={"report": "nightly"})
    print("Nightly report")
    print("==============")
    for metric, value in METRICS.items():
        print(f"{metric:>8}: {value:>4}  {comment_on(thread.id, metric, value)}")
    client.beta.threads.delete(thread.id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
