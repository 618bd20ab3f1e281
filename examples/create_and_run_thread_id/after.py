"""A recipe helper: the first question starts thread and run in one call; the reply and the
follow-up use the thread the run names (`run.thread_id`)."""

import sys

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


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


client = OpenAI()
CHEF = "asst_chef"


def main(first, follow_up):
    run = client.responses.create(
        conversation=client.conversations.create(items=[{"role": "user", "content": first}]).id,
        input=[],
        **prompt_registry.settings(CHEF),
    )
    reply = _text([item for item in client.conversations.items.list(_conversation_id(run)).data if item.type == "message"][0].content[0])
    print(f"chef: {reply}")
    second = client.responses.create(
        conversation=_conversation_id(run),
        input=[{"role": "user", "content": follow_up}],
        **prompt_registry.settings(CHEF),
    )
    if _run_status(second) == "completed":
        print(f"chef: {second.output_text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*(sys.argv[1:3] or ["A quick pasta?", "Without garlic?"])))
