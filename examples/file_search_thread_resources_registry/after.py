"""Contract desk, configured in the dashboard: the assistant ID comes from the environment. Each question
gets a fresh thread whose tool_resources point at the customer's contract; a usage sheet goes to
code_interpreter through create_and_run_poll."""
import os
import re
import sys

from openai import OpenAI
import prompt_registry
import typing


def _with_thread_resources(
    tools: typing.Iterable[typing.Any],
    vector_store_ids: typing.Sequence[str] = (),
    file_ids: typing.Sequence[str] = (),
) -> typing.List[typing.Any]:
    """The assistant's tools with a thread's files added, as a run used them: a tool the assistant lacks gets none."""
    merged: typing.List[typing.Any] = []
    for tool in tools:
        if tool.get("type") == "file_search":
            stores = [*(tool.get("vector_store_ids") or []), *vector_store_ids]
            if not stores:
                continue  # it had nothing to search, and Responses refuses a file_search tool without stores
            tool = {**tool, "vector_store_ids": stores}
        elif tool.get("type") == "code_interpreter" and file_ids:
            container = tool.get("container")
            if not isinstance(container, dict):
                raise ValueError("code_interpreter runs in a container chosen by ID: upload the thread's files to it")
            container = {**container, "file_ids": [*(container.get("file_ids") or []), *file_ids]}
            tool = {**tool, "container": container}
        merged.append(tool)
    return merged


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
    prompt = prompt_registry.lookup(ASSISTANT_ID)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=_with_thread_resources(prompt.tools, vector_store_ids=[stores[customer]]),
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        input=[{"role": "user", "content": question}],
        truncation="auto",
    )
    if response.status != "completed":
        return f"(no answer: {response.status})"
    # assistants-to-responses: file_search: the reply text no longer carries inline citation markers (【n†source】); citations are annotations on the message's output_text parts
    return re.sub(r"【[^】]*】", "", response.output_text)


def usage_report(question: str) -> str:
    prompt = prompt_registry.lookup(ASSISTANT_ID)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=_with_thread_resources(prompt.tools, file_ids=[usage_sheet.id]),
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        input=[{"role": "user", "content": question}],
        truncation="auto",
    )
    return response.output_text


def main(argv: list) -> int:
    for pair in argv:
        customer, _, question = pair.partition(":")
        print(f"[{customer}] Q:", question)
        print(f"[{customer}] A:", ask(customer, question))
    print("Usage:", usage_report("Calculate the total number of tickets in the usage sheet."))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
