"""Quiz master: creates its assistant at start-up from static settings, then runs a quiz.

The assistant is created once per process (cheap, and the settings live in this file).
"""
import sys

from openai import OpenAI
import prompt_registry
import openai


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


client = OpenAI()

assistant = prompt_registry.create(
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
    thread = client.conversations.create()
    print(f"Welcome {player}! {len(QUESTIONS)} questions.")
    for question, answer in QUESTIONS:
        run = client.responses.create(
            conversation=thread.id,
            input=[{"role": "user", "content": f"Question: {question} My answer: {answer}"}],
            **prompt_registry.settings(assistant.id),
        )
        if _run_status(run) != "completed":
            print("The quiz master is unavailable:", _run_status(run))
            return 1
        print(f"Q: {question}")
        print(f"   {run.output_text}")
    print("Thanks for playing!")
    return 0


if __name__ == "__main__":
    sys.exit(play(sys.argv[1] if len(sys.argv) > 1 else "player"))
