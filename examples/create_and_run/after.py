from openai import OpenAI
import prompt_registry
import openai


def _conversation_id(response: "openai.types.responses.Response") -> str:
    """The conversation a response belongs to (what a run's thread_id was)."""
    if response.conversation is None:
        raise ValueError(f"response {response.id} belongs to no conversation")
    return response.conversation.id


def _text(part: object) -> str:
    """The text of a conversation message part (what `.text.value` was on a text block)."""
    text = getattr(part, "text", None)
    return text if isinstance(text, str) else ""


client = OpenAI()


def quick(question):
    run = client.responses.create(
        conversation=client.conversations.create(items=[{"role": "user", "content": question}]).id,
        input=[],
        **prompt_registry.settings("asst_quick", response_format={"type": "json_object"}),
    )
    messages = client.conversations.items.list(_conversation_id(run))
    return _text([item for item in messages.data if item.type == "message"][0].content[0])


def keeps_thread(question):
    run = client.responses.create(
        conversation=client.conversations.create(items=[{"role": "user", "content": question}]).id,
        input=[],
        background=True,
        **prompt_registry.settings("asst_quick")
    )
    return _conversation_id(run)
