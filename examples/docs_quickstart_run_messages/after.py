"""The Assistants quickstart from the docs, grown into a small script.

Step 1 creates the assistant, step 2 a thread, step 3 adds a message, step 4 runs it, and the
answer is read from the messages of that run (run_id=run.id).
"""
from openai import OpenAI

client = OpenAI()

# Step 2: create a thread
conversation = client.conversations.create()

QUESTIONS = [
    "I need to solve the equation `3x + 11 = 14`. Can you help me?",
    "Now solve `2x - 4 = 10`.",
]

for question in QUESTIONS:

    # Step 4: create a run and wait for it
    response = client.responses.create(
        model="gpt-4o",
        conversation=conversation.id,
        input=[{"role": "user", "content": question}],
        instructions="Please address the user as Jane Doe. The user has a premium account.",
        truncation="auto",
    )

    if response.status == "completed":
        messages = response.output
        for msg in messages:
            if msg.type != "message":
                continue
            print(f"{msg.role} > {msg.content[0].text}")
    else:
        print(response.status)

print("Tokens used in the last run:", response.usage.total_tokens)
