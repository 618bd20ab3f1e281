import time
from openai import OpenAI

client = OpenAI()
assistant = client.beta.assistants.create(model="gpt-4o", instructions="Be terse.", name="Terse")
thread = client.beta.threads.create()
message = client.beta.threads.messages.create(thread_id=thread.id, role="user", content="Hi!")
run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.id)
while run.status != "completed":
    time.sleep(0.1)
    run = client.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run.id)
messages = client.beta.threads.messages.list(thread_id=thread.id)
for m in messages.data:
    print(m.role, m.content[0].text.value)
