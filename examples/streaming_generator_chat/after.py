"""Chat backend that streams: a generator yields the reply's text deltas as they arrive (the shape a
Flask / FastAPI StreamingResponse or Streamlit write_stream consumes), one thread per user."""
import sys

from openai import OpenAI
import prompt_registry

client = OpenAI()
ASSISTANT_ID = "asst_streamer"
threads = {}


def reply_stream(user, text):
    if user not in threads:
        threads[user] = client.conversations.create().id
    thread_id = threads[user]
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    stream = client.responses.create(
        conversation=thread_id,
        input=[{"role": "user", "content": text}],
        stream=True,
        **prompt_registry.settings(ASSISTANT_ID),
    )
    for event in stream:
        if event.type == "response.output_text.delta":
            yield event.delta
        elif event.type == "response.failed":
            yield " [the assistant failed]"


def main():
    for user, text in [("ana", "Hello, who are you?"), ("ben", "Hi"), ("ana", "Tell me more")]:
        print(f"{user}: {text}")
        chunks = list(reply_stream(user, text))
        print(f"bot ({len(chunks)} chunks): {''.join(chunks)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
