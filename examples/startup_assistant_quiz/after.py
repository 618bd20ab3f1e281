"""Quiz master: creates its assistant at start-up from static settings, then runs a quiz.

The assistant is created once per process (cheap, and the settings live in this file).
"""
import sys

from openai import OpenAI

client = OpenAI()

QUESTIONS = [
    ("What is the capital of Norway?", "Oslo"),
    ("How many legs does a spider have?", "Eight"),
    ("Which planet is known as the red planet?", "Mars"),
]


def play(player: str) -> int:
    conversation = client.conversations.create()
    print(f"Welcome {player}! {len(QUESTIONS)} questions.")
    for question, answer in QUESTIONS:
        response = client.responses.create(
            model="gpt-4o-mini",
            instructions="You are a quiz master. Check the player's answer and say if it is right.",
            temperature=0.2,
            conversation=conversation.id,
            input=[{"role": "user", "content": f"Question: {question} My answer: {answer}"}],
            truncation="auto",
        )
        if response.status != "completed":
            print("The quiz master is unavailable:", response.status)
            return 1
        print(f"Q: {question}")
        print(f"   {response.output_text}")
    print("Thanks for playing!")
    return 0


if __name__ == "__main__":
    sys.exit(play(sys.argv[1] if len(sys.argv) > 1 else "player"))
