"""A CLI that streams the reply, telling the events apart with isinstance() on the SDK's event classes."""

import sys

from openai import OpenAI
import prompt_registry

client = OpenAI()


def stream_reply(question):
    stream = client.responses.create(
        input=[{"role": "user", "content": question}],
        stream=True,
        **prompt_registry.settings("asst_typed_stream"),
    )
    for event in stream:
        if event.type == "response.output_text.delta":
            print(event.delta, end="", flush=True)
        elif event.type == "response.completed" and not any(item.type == "function_call" for item in event.response.output):
            print("\n[done]")
        elif event.type == "response.failed":
            print("\n[failed]")


if __name__ == "__main__":
    for question in sys.argv[1:]:
        stream_reply(question)
