from openai import OpenAI
import prompt_registry

client = OpenAI()
ASSISTANT_ID = "asst_support"
user_threads = {}


def thread_for(user_id):
    if user_id not in user_threads:
        conversation = client.conversations.create(metadata={"user": user_id})
        user_threads[user_id] = conversation.id
    return user_threads[user_id]


def chat(user_id, text):
    thread_id = thread_for(user_id)
    prompt = prompt_registry.lookup(ASSISTANT_ID)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        conversation=thread_id,
        input=[{"role": "user", "content": text}],
        truncation="auto",
    )
    if response.status != "completed":
        return "Sorry, something went wrong."
    return response.output_text


def note(user_id, text):
    client.conversations.items.create(
        user_threads[user_id],
        items=[{"type": "message", "role": "user", "content": text}],
    )


def forget(user_id):
    client.conversations.delete(user_threads.pop(user_id))
