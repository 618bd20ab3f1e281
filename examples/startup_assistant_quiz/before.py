"""Quiz master: creates its assistant at start-up from static settings, then runs a quiz.

The assistant is created once per process (cheap, and the settings live in this file).
"""
import sys

from openai import OpenAI

client = OpenAI()

assistant = client.beta.assistants.create(
    name="Quiz master",
    instructions="You are a quiz master. Check the player's answer and say if it is right.",
    model="gpt-4o-mini",
    temperature=0.2,
)

QUESTIONS = [
    ("What is the capital of Norway?", "Oslo"),
    ("How many legs does a spider have?", "Eight"),
    ("Which planet is known as the red planet?", "Mars"),
]


def play(player: str) -> int:
    thread = client.beta.threads.create()
    print(f"Welcome {player}! {len(QUESTIONS)} questions.")
    for question, answer in QUESTIONS:
        client.beta.threads.messages.create(
            thread_id=thread.id,
            role="user",
            content=f"Question: {question} My answer: {answer}",
        )
        run = client.beta.threads.runs.create_and_poll(
            thread_id=thread.id,
            assistant_id=assistant.id,
        )
        if run.status != "completed":
            print("The quiz master is unavailable:", run.status)
            return 1
        verdict = client.beta.threads.messages.list(thread_id=thread.id, limit=1)
        print(f"Q: {question}")
        print(f"   {verdict.data[0].content[0].text.value}")
    print("Thanks for playing!")
    return 0


if __name__ == "__main__":
    sys.exit(play(sys.argv[1] if len(sys.argv) > 1 else "player"))
