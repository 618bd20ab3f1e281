"""A translation service: one function starts the run and returns it; its caller waits and reads the reply."""

import sys
import time

from openai import OpenAI
from openai.types.responses import Response as Run
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
TRANSLATOR = "asst_translator"


def start(thread_id: str, text: str) -> Run:
    return client.responses.create(
        conversation=thread_id,
        input=[{"role": "user", "content": f"Translate: {text}"}],
        background=True,
        **prompt_registry.settings(TRANSLATOR),
    )


def finish(thread_id: str, run: Run) -> str:
    while run.status in ("queued", "in_progress"):
        time.sleep(0.05)
        run = client.responses.retrieve(run.id)
    if _run_status(run) != "completed":
        return f"[{_run_status(run)}]"
    return _text([item for item in client.conversations.items.list(thread_id, limit=1).data if item.type == "message"][0].content[0])


def main(texts):
    thread = client.conversations.create()
    for text in texts:
        run = start(thread.id, text)
        print(f"started ({_run_status(run)})")
        print(finish(thread.id, run))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
