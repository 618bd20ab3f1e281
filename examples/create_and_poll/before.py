from openai import OpenAI

client = OpenAI()


def answer(question: str, assistant_id: str) -> str:
    thread = client.beta.threads.create(
        messages=[{"role": "user", "content": "You are talking to a customer."}]
    )
    client.beta.threads.messages.create(thread.id, role="user", content=question)
    run = client.beta.threads.runs.create_and_poll(
        thread_id=thread.id,
        assistant_id=assistant_id,
        max_completion_tokens=500,
        temperature=0.2,
    )
    if run.status == "completed":
        text = client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value
        print(f"used {run.usage.prompt_tokens} + {run.usage.completion_tokens} tokens")
        return text
    return f"failed: {run.status}"
