"""A terminal chat that prints each reply as it streams, using the stream's text_deltas iterator
(no event handler), on one thread kept for the whole session."""
import sys

from openai import OpenAI
import prompt_registry

client = OpenAI()
ASSISTANT_ID = "asst_chat"


def stream_reply(thread_id: str, text: str) -> int:
    client.conversations.items.create(
        thread_id,
        items=[{"role": "user", "content": text}],
    )
    chunks = 0
    with client.responses.stream(
        conversation=thread_id,
        input=[],
        **prompt_registry.settings(ASSISTANT_ID),
    ) as stream:
        print("bot > ", end="")
        for event in stream:
            if event.type == "response.output_text.delta" and event.delta:
                delta = event.delta
                chunks += 1
                print(delta, end="", flush=True)
        print()
    return chunks


def main(lines) -> None:
    thread = client.conversations.create()
    for line in lines:
        print("you >", line)
        count = stream_reply(thread.id, line)
        print(f"({count} chunks)")


if __name__ == "__main__":
    main(sys.argv[1:])
