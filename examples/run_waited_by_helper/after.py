"""A tutoring CLI that starts a run, hands its ID to a helper that waits for it to finish, and
then reads the newest message of the thread: the response the code holds was created in the
background, so its answer is read from the conversation, not from the response as created."""
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


def _text(part: object) -> str:
    """The text of a conversation message part (what `.text.value` was on a text block)."""
    text = getattr(part, "text", None)
    return text if isinstance(text, str) else ""


client = OpenAI()
TUTOR = "asst_tutor"


def wait_until_done(thread_id, run_id):
    while True:
        run = client.responses.retrieve(run_id)
        if run.status not in ("queued", "in_progress"):
            return _run_status(run)
        time.sleep(0.01)


def ask(thread_id, question):
    run = client.responses.create(
        conversation=thread_id,
        input=[{"role": "user", "content": question}],
        background=True,
        **prompt_registry.settings(TUTOR),
    )
    status = wait_until_done(thread_id, run.id)
    page = client.conversations.items.list(thread_id)
    return status, _text([item for item in page.data if item.type == "message"][0].content[0])


if __name__ == "__main__":
    thread = client.conversations.create()
    for question in sys.argv[1:]:
        status, answer = ask(thread.id, question)
        print(f"[{status}] {answer}")
