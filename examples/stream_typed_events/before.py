"""A CLI that streams the reply, telling the events apart with isinstance() on the SDK's event classes."""

import sys

from openai import OpenAI
from openai.types.beta.assistant_stream_event import ThreadMessageDelta, ThreadRunCompleted, ThreadRunFailed

client = OpenAI()


def stream_reply(question):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": question}])
    stream = client.beta.threads.runs.create(thread_id=thread.id, assistant_id="asst_typed_stream", stream=True)
    for event in stream:
        if isinstance(event, ThreadMessageDelta):
            print(event.data.delta.content[0].text.value, end="", flush=True)
        elif isinstance(event, ThreadRunCompleted):
            print("\n[done]")
        elif isinstance(event, ThreadRunFailed):
            print("\n[failed]")


if __name__ == "__main__":
    for question in sys.argv[1:]:
        stream_reply(question)
