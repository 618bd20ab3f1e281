"""acme-ask: ask the Acme support assistant one question from the command line.

Usage:
    SUPPORT_ASSISTANT_ID=asst_... python before.py --question "What are your opening hours?"
"""
import argparse
import os
import sys
import time

from openai import OpenAI
import prompt_registry
import openai


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


ASSISTANT_ID = os.environ["SUPPORT_ASSISTANT_ID"]
POLL_SECONDS = 0.1

client = OpenAI()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Ask the Acme support assistant")
    parser.add_argument("--question", required=True, help="what to ask")
    parser.add_argument("--customer", default="guest", help="shown in the greeting")
    return parser.parse_args(argv)


def ask(question):
    run = client.responses.create(
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(ASSISTANT_ID),
    )

    if run.status == "failed":
        raise RuntimeError(f"the assistant failed: {run.error.message}")
    if _run_status(run) != "completed":
        raise RuntimeError(f"the assistant stopped with status {_run_status(run)}")
    return run.output_text


def main(argv=None):
    args = parse_args(argv)
    print(f"Hello {args.customer}, asking Acme support...")
    try:
        answer = ask(args.question)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("Q:", args.question)
    print("A:", answer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
