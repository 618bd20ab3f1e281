from openai import OpenAI

client = OpenAI()


def history(thread_id):
    lines = []
    messages = client.conversations.items.list(thread_id, order="asc")
    for message in messages:
        if message.type != "message":
            continue
        lines.append(f"{message.role}: {message.content[0].text}")
    return "\n".join(lines)


def last_words(thread_id):
    # assistants-to-responses: limit now counts every conversation item (tool calls, reasoning), not only messages
    page = client.conversations.items.list(thread_id, limit=5)
    return [m.content[0].text for m in page.data if m.type == "message" if m.role == "assistant"]

