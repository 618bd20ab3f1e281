"""Weekly feedback digest: send customer comments to the digest assistant, print every text block.

Comments go in as text content parts; the run gets extra context as additional_messages and
the usual limits (max_completion_tokens, auto truncation).
"""
import sys

from openai import OpenAI
import prompt_registry

client = OpenAI()
DIGEST_ASSISTANT = "asst_digest"

FEEDBACK = {
    "web": ["Checkout was fast", "The search is hard to find"],
    "mobile": ["Love the dark mode", "App logs me out every day", "Push notifications are late"],
}


def digest(channel: str, comments: list[str]) -> list[str]:
    conversation = client.conversations.create(items=[{"role": "user", "content": [{"type": "text", "text": comment} for comment in comments]}])
    prompt = prompt_registry.lookup(DIGEST_ASSISTANT)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        conversation=conversation.id,
        input=[{"role": "user", "content": f"Channel: {channel}. Summarise the comments above."}],
        max_output_tokens=300,
        truncation="auto",
    )
    if response.status == "incomplete":
        return [f"(cut short: {response.incomplete_details.reason})"]
    if response.status != "completed":
        return [f"(failed: {response.status})"]
    texts = []
    # assistants-to-responses: messages.list: message content read other than content[i].text.value
    messages = client.beta.threads.messages.list(thread_id=conversation.id, order="desc", limit=1)
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
