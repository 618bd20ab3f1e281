"""Contoso's IT help desk on Azure OpenAI: answer a batch of tickets and print a short report.

The assistant lives on the company's Azure OpenAI resource; every ticket gets a thread of its own.
"""
import argparse
import os

from openai import AzureOpenAI

SUPPORT_ASSISTANT_ID = os.environ.get("SUPPORT_ASSISTANT_ID", "asst_itsupport")

client = AzureOpenAI(
    azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"],
    api_version="2025-04-01-preview",
    api_key=os.environ["AZURE_OPENAI_API_KEY"],
)


def answer(ticket: str) -> tuple[str, int]:
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=ticket)
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=SUPPORT_ASSISTANT_ID)
    if run.status != "completed":
        return f"(no answer: run {run.status})", 0
    tokens = run.usage.total_tokens if run.usage else 0
    messages = client.beta.threads.messages.list(thread_id=thread.id, order="desc", limit=1)
    return messages.data[0].content[0].text.value, tokens


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("tickets", nargs="+")
    args = parser.parse_args()

    total = 0
    for number, ticket in enumerate(args.tickets, start=1):
        reply, tokens = answer(ticket)
        total += tokens
        print(f"#{number} {ticket}")
        print(f"   {reply}")
    print(f"{len(args.tickets)} tickets, {total} tokens")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
