"""Contoso's IT help desk on Azure OpenAI: answer a batch of tickets and print a short report.

The assistant lives on the company's Azure OpenAI resource; every ticket gets a thread of its own.
"""
import argparse
import os

from openai import AzureOpenAI
import prompt_registry
import openai


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


SUPPORT_ASSISTANT_ID = os.environ.get("SUPPORT_ASSISTANT_ID", "asst_itsupport")

client = AzureOpenAI(
    azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"],
    api_version="2025-04-01-preview",
    api_key=os.environ["AZURE_OPENAI_API_KEY"],
)


def answer(ticket: str) -> tuple[str, int]:
    # assistants-to-responses: note [azure-foundry] an Azure OpenAI client: the rewrite
    #     targets Azure OpenAI's Responses API, where `model` is the deployment name
    #     (the registry entry's model must be the deployment name, not the model's).
    #     Microsoft's own destination for Azure Assistants is the Foundry Agent Service
    #     (azure-ai-projects)
    run = client.responses.create(
        input=[{"role": "user", "content": ticket}],
        **prompt_registry.settings(SUPPORT_ASSISTANT_ID),
    )
    if _run_status(run) != "completed":
        return f"(no answer: run {_run_status(run)})", 0
    tokens = run.usage.total_tokens if run.usage else 0
    return run.output_text, tokens


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
