#!/usr/bin/env python
"""Chat with the Acme tutor in the terminal. Type /quit to leave, /new to start over."""
import os

from openai import OpenAI
import prompt_registry

client = OpenAI()
TUTOR_ID = os.environ.get("TUTOR_ASSISTANT_ID", "asst_tutor")


def main():
    thread = client.conversations.create()
    print("Acme tutor. Ask anything (/new, /quit).")
    while True:
        try:
            line = input("you> ")
        except EOFError:
            print()
            break
        line = line.strip()
        if not line:
            continue
        if line == "/quit":
            break
        if line == "/new":
            thread = client.conversations.create()
            print("-- new conversation --")
            continue
        prompt = prompt_registry.lookup(TUTOR_ID)
        response = client.responses.create(
            model=prompt.model,
            instructions=prompt.instructions,
            tools=prompt.tools,
            temperature=prompt.temperature,
            top_p=prompt.top_p,
            text=prompt.text,
            conversation=thread.id,
            input=[{"role": "user", "content": line}],
            truncation="auto",
        )
        if response.status != "completed":
            print(f"tutor> (sorry, {response.status})")
            continue
        print("tutor>", response.output_text)
    print("bye")


if __name__ == "__main__":
    main()
