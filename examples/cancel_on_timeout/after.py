"""A report generator with a patience limit: after too many polls it cancels the run."""

import sys
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


client = OpenAI()
REPORTER = "asst_reporter"


def ask(question, max_polls):
    run = client.responses.create(
        input=[{"role": "user", "content": question}],
        background=True,
        **prompt_registry.settings(REPORTER),
    )
    polls = 0
    while run.status in ("queued", "in_progress", "cancelling"):
        if polls == max_polls:
            client.responses.cancel(run.id)
            print(f"  gave up after {polls} polls")
        time.sleep(0.05)
        run = client.responses.retrieve(run.id)
        polls += 1
    if _run_status(run) == "completed":
        return run.output_text
    return f"[{_run_status(run)}]"


if __name__ == "__main__":
    patience = int(sys.argv[1])
    for question in sys.argv[2:]:
        print(ask(question, patience))
        patience = 10
