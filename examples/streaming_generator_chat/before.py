"""Chat backend that streams: a generator yields the reply's text deltas as they arrive (the shape a
Flask / FastAPI StreamingResponse or Streamlit write_stream consumes), one thread per user."""
import sys

from openai import OpenAI

client = OpenAI()
ASSISTANT_ID = "asst_streamer"
threads = {}


def reply_stream(user, text):
    if user not in threads:
        threads[user] = client.beta.threads.create().id
    thread_id = threads[user]
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=text)
    stream = client.beta.threads.runs.create(thread_id=thread_id, assistant_id=ASSISTANT_ID, stream=True)
    for event in stream:
        if event.event == "thread.message.delta":
            yield event.data.delta.content[0].text.value
        elif event.event == "thread.run.failed":
            yield " [the assistant failed]"


def main():
    for user, text in [("ana", "Hello, who are you?"), ("ben", "Hi"), ("ana", "Tell me more")]:
        print(f"{user}: {text}")
        chunks = list(reply_stream(user, text))
        print(f"bot ({len(chunks)} chunks): {''.join(chunks)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
