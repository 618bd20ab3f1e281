"""A terminal chat that prints each reply as it streams, using the stream's text_deltas iterator
(no event handler), on one thread kept for the whole session."""
import sys

from openai import OpenAI

client = OpenAI()
ASSISTANT_ID = "asst_chat"


def stream_reply(thread_id: str, text: str) -> int:
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=text)
    chunks = 0
    with client.beta.threads.runs.stream(thread_id=thread_id, assistant_id=ASSISTANT_ID) as stream:
        print("bot > ", end="")
        for delta in stream.text_deltas:
            chunks += 1
            print(delta, end="", flush=True)
        print()
    return chunks


def main(lines) -> None:
    thread = client.beta.threads.create()
    for line in lines:
        print("you >", line)
        count = stream_reply(thread.id, line)
        print(f"({count} chunks)")


if __name__ == "__main__":
    main(sys.argv[1:])
