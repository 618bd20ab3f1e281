"""Contract desk, configured in the dashboard: the assistant ID comes from the environment. Each question
gets a fresh thread whose tool_resources point at the customer's contract; a usage sheet goes to
code_interpreter through create_and_run_poll."""
import os
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


def _conversation_id(response: "openai.types.responses.Response") -> str:
    """The conversation a response belongs to (what a run's thread_id was)."""
    if response.conversation is None:
        raise ValueError(f"response {response.id} belongs to no conversation")
    return response.conversation.id


def _text(part: object) -> str:
    """The text of a conversation message part (what `.text.value` was on a text block)."""
    text = getattr(part, "text", None)
    return text if isinstance(text, str) else ""


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
    run = client.responses.create(
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(ASSISTANT_ID, tool_resources={"file_search": {"vector_store_ids": [stores[customer]]}}),
    )
    if _run_status(run) != "completed":
        return f"(no answer: {_run_status(run)})"
    return re.sub(r"【[^】]*】", "", run.output_text)


def usage_report(question: str) -> str:
    run = client.responses.create(
        conversation=client.conversations.create(items=[{"role": "user", "content": question}]).id,
        input=[],
        **prompt_registry.settings(ASSISTANT_ID, tool_resources={"code_interpreter": {"file_ids": [usage_sheet.id]}}),
    )
    messages = client.conversations.items.list(_conversation_id(run))
    return _text([item for item in messages.data if item.type == "message"][0].content[0])


def main(argv: list) -> int:
    for pair in argv:
        customer, _, question = pair.partition(":")
        print(f"[{customer}] Q:", question)
        print(f"[{customer}] A:", ask(customer, question))
    print("Usage:", usage_report("Calculate the total number of tickets in the usage sheet."))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
