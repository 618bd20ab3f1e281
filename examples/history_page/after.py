from openai import OpenAI


def _text(part: object) -> str:
    """The text of a conversation message part (what `.text.value` was on a text block)."""
    text = getattr(part, "text", None)
    return text if isinstance(text, str) else ""


client = OpenAI()


def history(thread_id):
    lines = []
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    messages = client.conversations.items.list(thread_id, order="asc")
    for message in (item for item in messages if item.type == "message"):
        lines.append(f"{message.role}: {_text(message.content[0])}")
    return "\n".join(lines)


def last_words(thread_id):
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    page = client.conversations.items.list(thread_id, limit=5)
    return [_text(m.content[0]) for m in [item for item in page.data if item.type == "message"] if m.role == "assistant"]

