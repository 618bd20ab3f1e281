"""A recipe helper: the first question starts thread and run in one call; the reply and the
follow-up use the thread the run names (`run.thread_id`)."""

import sys

from openai import OpenAI

client = OpenAI()
CHEF = "asst_chef"


def main(first, follow_up):
    run = client.beta.threads.create_and_run_poll(
        assistant_id=CHEF,
        thread={"messages": [{"role": "user", "content": first}]},
    )
    reply = client.beta.threads.messages.list(thread_id=run.thread_id).data[0].content[0].text.value
    print(f"chef: {reply}")
    client.beta.threads.messages.create(thread_id=run.thread_id, role="user", content=follow_up)
    second = client.beta.threads.runs.create_and_poll(thread_id=run.thread_id, assistant_id=CHEF)
    if second.status == "completed":
        answer = client.beta.threads.messages.list(thread_id=run.thread_id, limit=1)
        print(f"chef: {answer.data[0].content[0].text.value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*(sys.argv[1:3] or ["A quick pasta?", "Without garlic?"])))
