"""Draft replies to the morning's emails with the drafting assistant.

Each email is answered in a thread of its own; the sender's name goes into
additional_instructions so the assistant can address them.
"""
import time
from dataclasses import dataclass

from openai import OpenAI

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
    thread = client.beta.threads.create(
        messages=[
            {"role": "user", "content": f"Subject: {email.subject}"},
            {"role": "user", "content": email.body},
        ]
    )
    run = client.beta.threads.runs.create(
        thread_id=thread.id,
        assistant_id="asst_drafts",
        additional_instructions=f"The customer's name is {email.sender}.",
    )
    while True:
        run = client.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run.id)
        if run.status == "completed":
            break
        if run.status in ("failed", "cancelled", "expired"):
            return f"(could not draft: {run.status})"
        time.sleep(0.1)
    messages = client.beta.threads.messages.list(thread_id=thread.id, order="desc", limit=1)
    return messages.data[0].content[0].text.value


if __name__ == "__main__":
    for email in INBOX:
        print(f"To: {email.sender} | Re: {email.subject}")
        print(draft_reply(email))
        print("-" * 20)
    print(f"{len(INBOX)} drafts ready")
