"""The Assistants quickstart from the docs, grown into a small script.

Step 1 creates the assistant, step 2 a thread, step 3 adds a message, step 4 runs it, and the
answer is read from the messages of that run (run_id=run.id).
"""
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

# Step 1: create an assistant
assistant = prompt_registry.create(
    name="Math Tutor",
    instructions="You are a personal math tutor. Write and run code to answer math questions.",
    model="gpt-4o",
)

# Step 2: create a thread
thread = client.conversations.create()

QUESTIONS = [
    "I need to solve the equation `3x + 11 = 14`. Can you help me?",
    "Now solve `2x - 4 = 10`.",
]

for question in QUESTIONS:

    # Step 4: create a run and wait for it
    # Step 3: add a message to the thread
    run = client.responses.create(
        conversation=thread.id,
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(assistant.id, instructions="Please address the user as Jane Doe. The user has a premium account."),
    )

    if _run_status(run) == "completed":
        messages = [item for item in reversed(run.output) if item.type == "message"]
        for msg in messages:
            print(f"{msg.role} > {msg.content[0].text}")
    else:
        print(_run_status(run))

print("Tokens used in the last run:", run.usage.total_tokens)
