"""A multi-turn chat in the terminal: one thread for the whole session."""
import os
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


client = OpenAI()
ASSISTANT_ID = os.environ.get("TUTOR_ASSISTANT_ID", "asst_tutor")


def main() -> int:
    thread = client.conversations.create()
    print("Ask the tutor (empty line to quit).")
    for line in sys.stdin:
        question = line.strip()
        if not question:
            break
        run = client.responses.create(
            conversation=thread.id,
            input=[{"role": "user", "content": question}],
            **prompt_registry.settings(ASSISTANT_ID),
        )
        if _run_status(run) != "completed":
            print(f"[run {_run_status(run)}]")
            continue
        print("tutor>", run.output_text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
