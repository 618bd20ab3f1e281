import logging
import time

import openai
import prompt_registry


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


log = logging.getLogger(__name__)

ASSISTANT_ID = "asst_abc123"


def main(question):
    run = openai.responses.create(
        input=[{"role": "user", "content": question}],
        background=True,
        **prompt_registry.settings(ASSISTANT_ID, additional_instructions="Answer in one sentence."),
    )
    start = time.time()
    while run.status in ("queued", "in_progress"):
        if time.time() - start > 60:
            raise TimeoutError("run took too long")
        log.info("waiting... %s", _run_status(run))
        time.sleep(1)
        run = openai.responses.retrieve(run.id)
    if run.status == "failed":
        print(run.error.message)
    elif run.status == "expired":
        print("expired")
    else:
        print(run.output_text)


if __name__ == "__main__":
    main("What is 2 + 2?")
