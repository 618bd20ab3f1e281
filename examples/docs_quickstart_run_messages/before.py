"""The Assistants quickstart from the docs, grown into a small script.

Step 1 creates the assistant, step 2 a thread, step 3 adds a message, step 4 runs it, and the
answer is read from the messages of that run (run_id=run.id).
"""
from openai import OpenAI

client = OpenAI()

# Step 1: create an assistant
assistant = client.beta.assistants.create(
    name="Math Tutor",
    instructions="You are a personal math tutor. Write and run code to answer math questions.",
    model="gpt-4o",
)

# Step 2: create a thread
thread = client.beta.threads.create()

QUESTIONS = [
    "I need to solve the equation `3x + 11 = 14`. Can you help me?",
    "Now solve `2x - 4 = 10`.",
]

for question in QUESTIONS:
    # Step 3: add a message to the thread
    message = client.beta.threads.messages.create(
        thread_id=thread.id,
        role="user",
        content=question,
    )

    # Step 4: create a run and wait for it
    run = client.beta.threads.runs.create_and_poll(
        thread_id=thread.id,
        assistant_id=assistant.id,
        instructions="Please address the user as Jane Doe. The user has a premium account.",
    )

    if run.status == "completed":
        messages = client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id)
        for msg in messages:
            print(f"{msg.role} > {msg.content[0].text.value}")
    else:
        print(run.status)

print("Tokens used in the last run:", run.usage.total_tokens)
