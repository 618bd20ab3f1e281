#!/usr/bin/env python
"""Chat with the Acme tutor in the terminal. Type /quit to leave, /new to start over."""
import os
import time

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
TUTOR_ID = os.environ.get("TUTOR_ASSISTANT_ID", "asst_tutor")


def wait(thread_id, run):
    while _run_status(run) not in ("completed", "failed", "cancelled", "expired", "incomplete"):
        time.sleep(0.1)
        run = client.responses.retrieve(run.id)
    return run


def main():
    thread = client.conversations.create()
    print("Acme tutor. Ask anything (/new, /quit).")
    while True:
        try:
            line = input("you> ")
        except EOFError:
            print()
            break
        line = line.strip()
        if not line:
            continue
        if line == "/quit":
            break
        if line == "/new":
            thread = client.conversations.create()
            print("-- new conversation --")
            continue
        run = client.responses.create(
            conversation=thread.id,
            input=[{"role": "user", "content": line}],
            background=True,
            **prompt_registry.settings(TUTOR_ID),
        )
        run = wait(thread.id, run)
        if _run_status(run) != "completed":
            print(f"tutor> (sorry, {_run_status(run)})")
            continue
        reply = [item for item in client.conversations.items.list(thread.id, limit=1).data if item.type == "message"][0]
        print("tutor>", _text(reply.content[0]))
    print("bye")


if __name__ == "__main__":
    main()
