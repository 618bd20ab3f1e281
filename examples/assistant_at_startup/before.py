from openai import OpenAI

client = OpenAI()

assistant = client.beta.assistants.create(
    name="Math Tutor",
    instructions="You are a personal math tutor. Answer briefly.",
    model="gpt-4o",
    temperature=0.1,
)


def solve(problem):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": problem}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    return client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value
