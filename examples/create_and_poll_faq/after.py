"""Answer a batch of FAQ questions with the FAQ assistant and print a small report.

Every question gets a fresh thread; `create_and_poll` waits for the run.
"""
import argparse
import os

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


FAQ_ASSISTANT_ID = os.getenv("FAQ_ASSISTANT_ID", "asst_faq")

client = OpenAI()


def answer(question: str) -> str:
    thread = client.conversations.create(
        items=[{"role": "user", "content": question}],
    )
    run = client.responses.create(
        conversation=thread.id,
        input=[],
        **prompt_registry.settings(FAQ_ASSISTANT_ID),
    )
    if _run_status(run) != "completed":
        return f"(no answer: run {_run_status(run)})"
    messages = client.conversations.items.list(thread.id)
    for message in [item for item in messages.data if item.type == "message"]:
        if message.role == "assistant":
            return _text(message.content[0])
    return "(no answer)"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("questions", nargs="+")
    parser.add_argument("--title", default="FAQ")
    args = parser.parse_args()

    print(f"== {args.title} ==")
    for number, question in enumerate(args.questions, start=1):
        reply = answer(question)
        print(f"{number}. {question}")
        print(f"   {reply}")
    print(f"{len(args.questions)} questions answered")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
