"""Nightly report: ask the analyst assistant about each metric, using the SDK's runs.poll helper."""
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
ANALYST_ID = os.environ.get("ANALYST_ASSISTANT_ID", "asst_analyst")

METRICS = {
    "signups": 132,
    "churned": 7,
    "tickets": 41,
}


def comment_on(thread_id: str, metric: str, value: int) -> str:
    run = client.responses.create(
        conversation=thread_id,
        input=[{"role": "user", "content": f"Yesterday's {metric}: {value}. One sentence, please."}],
        **prompt_registry.settings(ANALYST_ID),
    )
    if _run_status(run) != "completed":
        return f"n/a ({_run_status(run)})"
    return run.output_text


def main() -> int:
    thread = client.conversations.create(metadata={"report": "nightly"})
    print("Nightly report")
    print("==============")
    for metric, value in METRICS.items():
        print(f"{metric:>8}: {value:>4}  {comment_on(thread.id, metric, value)}")
    client.conversations.delete(thread.id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
