"""A multi-turn chat in the terminal: one thread for the whole session."""
import os
import sys

from openai import OpenAI
import prompt_registry

client = OpenAI()
ASSISTANT_ID = os.environ.get("TUTOR_ASSISTANT_ID", "asst_tutor")


def main() -> int:
    conversation = client.conversations.create()
    print("Ask the tutor (empty line to quit).")
    for line in sys.stdin:
        question = line.strip()
        if not question:
            break
        prompt = prompt_registry.lookup(ASSISTANT_ID)
        response = client.responses.create(
            model=prompt.model,
            instructions=prompt.instructions,
            tools=prompt.tools,
            temperature=prompt.temperature,
            top_p=prompt.top_p,
            text=prompt.text,
            conversation=conversation.id,
            input=[{"role": "user", "content": question}],
            truncation="auto",
        )
        if response.status != "completed":
            print(f"[run {response.status}]")
            continue
        print("tutor>", response.output_text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
