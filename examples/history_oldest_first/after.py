"""A tutoring session: three questions on one thread, then the whole exchange printed oldest first,
once from an ascending list and once by reversing the default (newest first) page."""

import sys

from openai import OpenAI
import prompt_registry
import openai


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


def _text(part: object) -> str:
    """The text of a conversation message part (what `.text.value` was on a text block)."""
    text = getattr(part, "text", None)
    return text if isinstance(text, str) else ""


client = OpenAI()
TUTOR = "asst_tutor"


def main(questions):
    thread = client.conversations.create()
    for question in questions:
        run = client.responses.create(
            conversation=thread.id,
            input=[{"role": "user", "content": question}],
            **prompt_registry.settings(TUTOR),
        )
        print(f"turn {_run_status(run)}")
    print("--- transcript (asc) ---")
    for message in (item for item in client.conversations.items.list(thread.id, order="asc") if item.type == "message"):
        print(f"{message.role:>9}: {_text(message.content[0])}")
    print("--- transcript (reversed) ---")
    newest_first = client.conversations.items.list(thread.id)
    for message in [item for item in newest_first.data if item.type == "message"][::-1]:
        print(f"{message.role:>9}: {_text(message.content[0])}")
    client.conversations.delete(thread.id)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["What is a prime?", "Is 9 prime?", "Thanks!"]))
