from openai import OpenAI

client = OpenAI()
conversation = client.conversations.create()
response = client.responses.create(
    model="gpt-4o",
    instructions="Be terse.",
    conversation=conversation.id,
    input=[{"role": "user", "content": "Hi!"}],
    truncation="auto",
)
messages = client.conversations.items.list(conversation.id)
for m in messages.data:
    if m.type != "message":
        continue
    print(m.role, m.content[0].text)
