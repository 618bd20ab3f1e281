from openai import OpenAI

client = OpenAI()
ASSISTANT_ID = "asst_support"
user_threads = {}


def thread_for(user_id):
    if user_id not in user_threads:
        thread = client.beta.threads.create(metadata={"user": user_id})
        user_threads[user_id] = thread.id
    return user_threads[user_id]


def chat(user_id, text):
    thread_id = thread_for(user_id)
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=text)
    run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=ASSISTANT_ID)
    if run.status != "completed":
        return "Sorry, something went wrong."
    messages = client.beta.threads.messages.list(thread_id=thread_id, limit=1)
    return messages.data[0].content[0].text.value


def note(user_id, text):
    client.beta.threads.messages.create(user_threads[user_id], role="user", content=text)


def forget(user_id):
    client.beta.threads.delete(user_threads.pop(user_id))
