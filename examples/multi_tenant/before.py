from openai import OpenAI

client = OpenAI()


def answer(tenant, conversation_thread_id, text):
    client.beta.threads.messages.create(thread_id=conversation_thread_id, role="user", content=text)
    run = client.beta.threads.runs.create_and_poll(
        thread_id=conversation_thread_id, assistant_id=tenant.assistant_id
    )
    if run.status == "completed":
        reply = client.beta.threads.messages.list(thread_id=conversation_thread_id, limit=1)
        return reply.data[0].content[0].text.value
    return None
