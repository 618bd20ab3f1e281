"""One-shot questions streamed with threads.create_and_run(stream=True), printing deltas as they come."""

import sys

from openai import OpenAI

client = OpenAI()


def ask(question):
    stream = client.beta.threads.create_and_run(
        assistant_id="asst_oneshot_stream",
        thread={"messages": [{"role": "user", "content": question}]},
        stream=True,
    )
    for event in stream:
        if event.event == "thread.message.delta":
            print(event.data.delta.content[0].text.value, end="", flush=True)
        elif event.event == "thread.run.completed":
            print(" [done]")
        elif event.event == "thread.run.failed":
            print(" [failed]")


if __name__ == "__main__":
    for question in sys.argv[1:]:
        ask(question)
