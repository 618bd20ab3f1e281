from openai import OpenAI

client = OpenAI()


def history(thread_id):
    lines = []
    messages = client.beta.threads.messages.list(thread_id=thread_id, order="asc")
    for message in messages:
        lines.append(f"{message.role}: {message.content[0].text.value}")
    return "\n".join(lines)


def last_words(thread_id):
    page = client.beta.threads.messages.list(thread_id, limit=5)
    return [m.content[0].text.value for m in page.data if m.role == "assistant"]

