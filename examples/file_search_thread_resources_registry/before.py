"""Contract desk, configured in the dashboard: the assistant ID comes from the environment. Each question
gets a fresh thread whose tool_resources point at the customer's contract; a usage sheet goes to
code_interpreter through create_and_run_poll."""
import os
import re
import sys

from openai import OpenAI

client = OpenAI()
ASSISTANT_ID = os.environ["CONTRACT_DESK_ASSISTANT_ID"]

CONTRACTS = {
    "acme": b"Acme Corp support contract: 24/7 phone support, response within 2 hours, renews every January.",
    "globex": b"Globex support contract: email support on business days, response within 2 days, renews in June.",
}

stores = {}
for customer, text in CONTRACTS.items():
    upload = client.files.create(file=(f"{customer}-contract.txt", text), purpose="assistants")
    stores[customer] = client.vector_stores.create(name=f"{customer} contract", file_ids=[upload.id]).id
usage_sheet = client.files.create(file=("usage.csv", b"month,tickets\nJan,12\nFeb,30\n"), purpose="assistants")


def ask(customer: str, question: str) -> str:
    thread = client.beta.threads.create(
        messages=[{"role": "user", "content": question}],
        tool_resources={"file_search": {"vector_store_ids": [stores[customer]]}},
    )
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=ASSISTANT_ID)
    if run.status != "completed":
        return f"(no answer: {run.status})"
    messages = client.beta.threads.messages.list(thread_id=thread.id)
    return re.sub(r"【[^】]*】", "", messages.data[0].content[0].text.value)


def usage_report(question: str) -> str:
    run = client.beta.threads.create_and_run_poll(
        assistant_id=ASSISTANT_ID,
        thread={"messages": [{"role": "user", "content": question}]},
        tool_resources={"code_interpreter": {"file_ids": [usage_sheet.id]}},
    )
    messages = client.beta.threads.messages.list(thread_id=run.thread_id)
    return messages.data[0].content[0].text.value


def main(argv: list) -> int:
    for pair in argv:
        customer, _, question = pair.partition(":")
        print(f"[{customer}] Q:", question)
        print(f"[{customer}] A:", ask(customer, question))
    print("Usage:", usage_report("Calculate the total number of tickets in the usage sheet."))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
