"""Draft replies to the morning's emails with the drafting assistant.

Each email is answered in a thread of its own; the sender's name goes into
additional_instructions so the assistant can address them.
"""
import time
from dataclasses import dataclass

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


@dataclass
class Email:
    sender: str
    subject: str
    body: str


INBOX = [
    Email("Maria", "Invoice question", "Why does my invoice show two items?"),
    Email("Tom", "Thank you", "The repair was quick, thanks a lot."),
    Email("Lee", "Broken handle", "The handle of my kettle came off."),
]


def draft_reply(email: Email) -> str:
    run = client.responses.create(
        input=[{"role": "user", "content": f"Subject: {email.subject}"}, {"role": "user", "content": email.body}],
        background=True,
        **prompt_registry.settings("asst_drafts", additional_instructions=f"The customer's name is {email.sender}."),
    )
    while True:
        run = client.responses.retrieve(run.id)
        if _run_status(run) == "completed":
            break
        if run.status in ("failed", "cancelled", "expired"):
            return f"(could not draft: {_run_status(run)})"
        time.sleep(0.1)
    return run.output_text


if __name__ == "__main__":
    for email in INBOX:
        print(f"To: {email.sender} | Re: {email.subject}")
        print(draft_reply(email))
        print("-" * 20)
    print(f"{len(INBOX)} drafts ready")
