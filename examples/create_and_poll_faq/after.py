"""Answer a batch of FAQ questions with the FAQ assistant and print a small report.

Every question gets a fresh thread; `create_and_poll` waits for the run.
"""
import argparse
import os

from openai import OpenAI
import prompt_registry

FAQ_ASSISTANT_ID = os.getenv("FAQ_ASSISTANT_ID", "asst_faq")

client = OpenAI()


def answer(question: str) -> str:
    conversation = client.conversations.create(items=[{"role": "user", "content": question}])
    prompt = prompt_registry.lookup(FAQ_ASSISTANT_ID)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        conversation=conversation.id,
        truncation="auto",
    )
    if response.status != "completed":
        return f"(no answer: run {response.status})"
    messages = client.conversations.items.list(conversation.id)
    for message in messages.data:
        if message.type != "message":
            continue
        if message.role == "assistant":
            return message.content[0].text
    return "(no answer)"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("questions", nargs="+")
    parser.add_argument("--title", default="FAQ")
    args = parser.parse_args()

    print(f"== {args.title} ==")
    for number, question in enumerate(args.questions, start=1):
        reply = answer(question)
        print(f"{number}. {question}")
        print(f"   {reply}")
    print(f"{len(args.questions)} questions answered")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
