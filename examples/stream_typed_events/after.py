"""A CLI that streams the reply, telling the events apart with isinstance() on the SDK's event classes."""

import sys

from openai import OpenAI
import prompt_registry

client = OpenAI()


def stream_reply(question):
    prompt = prompt_registry.lookup("asst_typed_stream")
    stream = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        input=[{"role": "user", "content": question}],
        truncation="auto",
        stream=True,
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
