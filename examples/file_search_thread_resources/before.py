"""Contract desk: one file_search assistant for every customer; each question gets a fresh thread whose
tool_resources point at that customer's contract (a vector store per customer)."""
import re
import sys

from openai import OpenAI

client = OpenAI()

CONTRACTS = {
    "acme": b"Acme Corp support contract: 24/7 phone support, response within 2 hours, renews every January.",
    "globex": b"Globex support contract: email support on business days, response within 2 days, renews in June.",
}

stores = {}
for customer, text in CONTRACTS.items():
    upload = client.files.create(file=(f"{customer}-contract.txt", text), purpose="assistants")
    stores[customer] = client.vector_stores.create(name=f"{customer} contract", file_ids=[upload.id]).id

contract_desk = client.beta.assistants.create(
    name="Contract desk",
    model="gpt-4o-mini",
    instructions="Answer from the customer's contract only.",
    tools=[{"type": "file_search"}],
)


def ask(customer: str, question: str) -> str:
    thread = client.beta.threads.create(
        messages=[{"role": "user", "content": question}],
        tool_resources={"file_search": {"vector_store_ids": [stores[customer]]}},
    )
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=contract_desk.id)
    if run.status != "completed":
        return f"(no answer: {run.status})"
    messages = client.beta.threads.messages.list(thread_id=thread.id)
    # The desk shows citations separately: drop the inline markers.
    return re.sub(r"【[^】]*】", "", messages.data[0].content[0].text.value)


def main(argv: list) -> int:
    for pair in argv:
        customer, _, question = pair.partition(":")
        print(f"[{customer}] Q:", question)
        print(f"[{customer}] A:", ask(customer, question))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
