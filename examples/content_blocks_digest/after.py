"""Weekly feedback digest: send customer comments to the digest assistant, print every text block.

Comments go in as text content parts; the run gets extra context as additional_messages and
the usual limits (max_completion_tokens, auto truncation).
"""
import sys

from openai import OpenAI

client = OpenAI()
DIGEST_ASSISTANT = "asst_digest"

FEEDBACK = {
    "web": ["Checkout was fast", "The search is hard to find"],
    "mobile": ["Love the dark mode", "App logs me out every day", "Push notifications are late"],
}


def digest(channel: str, comments: list[str]) -> list[str]:
    # assistants-to-responses: part of a thread/run sequence that needs a hand: see the marker on its run
    thread = client.beta.threads.create(
        messages=[
            {
                "role": "user",
                "content": [{"type": "text", "text": comment} for comment in comments],
            }
        ]
    )
    # assistants-to-responses: another call on a kept thread in this file needs a hand (`messages = client.beta.threads.messages.list(thread_id=th...`, marked with its reason); kept threads (conversations) migrate together: fix that one, then run the tool again
    run = client.beta.threads.runs.create_and_poll(
        thread_id=thread.id,
        assistant_id=DIGEST_ASSISTANT,
        additional_messages=[{"role": "user", "content": f"Channel: {channel}. Summarise the comments above."}],
        max_completion_tokens=300,
        truncation_strategy={"type": "auto"},
    )
    if run.status == "incomplete":
        return [f"(cut short: {run.incomplete_details.reason})"]
    if run.status != "completed":
        return [f"(failed: {run.status})"]
    texts = []
    # assistants-to-responses: messages.list: message content read other than content[i].text.value
    messages = client.beta.threads.messages.list(thread_id=thread.id, order="desc", limit=1)
    for message in messages.data:
        if message.role != "assistant":
            continue
        for block in message.content:
            if block.type == "text":
                texts.append(block.text.value)
    return texts


def main() -> int:
    for channel, comments in FEEDBACK.items():
        print(f"## {channel} ({len(comments)} comments)")
        for text in digest(channel, comments):
            print(text)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
