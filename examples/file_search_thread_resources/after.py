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


def ask(customer: str, question: str) -> str:
    response = client.responses.create(
        model="gpt-4o-mini",
        instructions="Answer from the customer's contract only.",
        tools=[{"type": "file_search", "vector_store_ids": [stores[customer]]}],
        input=[{"role": "user", "content": question}],
        truncation="auto",
    )
    if response.status != "completed":
        return f"(no answer: {response.status})"
    # The desk shows citations separately: drop the inline markers.
    # assistants-to-responses: file_search: the reply text no longer carries inline citation markers (【n†source】); citations are annotations on the message's output_text parts
    return re.sub(r"【[^】]*】", "", response.output_text)


def main(argv: list) -> int:
    for pair in argv:
        customer, _, question = pair.partition(":")
        print(f"[{customer}] Q:", question)
        print(f"[{customer}] A:", ask(customer, question))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
