"""One-shot questions streamed with threads.create_and_run(stream=True), printing deltas as they come."""

import sys

from openai import OpenAI
import prompt_registry

client = OpenAI()


def ask(question):
    stream = client.responses.create(
        conversation=client.conversations.create(items=[{"role": "user", "content": question}]).id,
        input=[],
        stream=True,
        **prompt_registry.settings("asst_oneshot_stream"),
    )
    for event in stream:
        if event.type == "response.output_text.delta":
            print(event.delta, end="", flush=True)
        elif event.type == "response.completed" and not any(item.type == "function_call" for item in event.response.output):
            print(" [done]")
        elif event.type == "response.failed":
            print(" [failed]")


if __name__ == "__main__":
    for question in sys.argv[1:]:
        ask(question)
