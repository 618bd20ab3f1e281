import time
from openai import OpenAI
import prompt_registry


def _text(part: object) -> str:
    """The text of a conversation message part (what `.text.value` was on a text block)."""
    text = getattr(part, "text", None)
    return text if isinstance(text, str) else ""


client = OpenAI()
assistant = prompt_registry.create(model="gpt-4o", instructions="Be terse.", name="Terse")
thread = client.conversations.create()
run = client.responses.create(
    conversation=thread.id,
    input=[{"role": "user", "content": "Hi!"}],
    **prompt_registry.settings(assistant.id),
)
messages = client.conversations.items.list(thread.id)
for m in [item for item in messages.data if item.type == "message"]:
    print(m.role, _text(m.content[0]))
