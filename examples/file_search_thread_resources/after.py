"""Contract desk: one file_search assistant for every customer; each question gets a fresh thread whose
tool_resources point at that customer's contract (a vector store per customer)."""
import re
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

CONTRACTS = {
    "acme": b"Acme Corp support contract: 24/7 phone support, response within 2 hours, renews every January.",
    "globex": b"Globex support contract: email support on business days, response within 2 days, renews in June.",
}

stores = {}
for customer, text in CONTRACTS.items():
    upload = client.files.create(file=(f"{customer}-contract.txt", text), purpose="assistants")
    stores[customer] = client.vector_stores.create(name=f"{customer} contract", file_ids=[upload.id]).id

contract_desk = prompt_registry.create(
    name="Contract desk",
    model="gpt-4o-mini",
    instructions="Answer from the customer's contract only.",
    tools=[{"type": "file_search"}],
)


def ask(customer: str, question: str) -> str:
    run = client.responses.create(
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(contract_desk.id, tool_resources={"file_search": {"vector_store_ids": [stores[customer]]}}),
    )
    if _run_status(run) != "completed":
        return f"(no answer: {_run_status(run)})"
    # The desk shows citations separately: drop the inline markers.
    return re.sub(r"【[^】]*】", "", run.output_text)


def main(argv: list) -> int:
    for pair in argv:
        customer, _, question = pair.partition(":")
        print(f"[{customer}] Q:", question)
        print(f"[{customer}] A:", ask(customer, question))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
