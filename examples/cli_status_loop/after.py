"""acme-ask: ask the Acme support assistant one question from the command line.

Usage:
    SUPPORT_ASSISTANT_ID=asst_... python before.py --question "What are your opening hours?"
"""
import argparse
import os
import sys

from openai import OpenAI
import prompt_registry

ASSISTANT_ID = os.environ["SUPPORT_ASSISTANT_ID"]
POLL_SECONDS = 0.1

client = OpenAI()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Ask the Acme support assistant")
    parser.add_argument("--question", required=True, help="what to ask")
    parser.add_argument("--customer", default="guest", help="shown in the greeting")
    return parser.parse_args(argv)


def ask(question):
    prompt = prompt_registry.lookup(ASSISTANT_ID)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        input=[{"role": "user", "content": question}],
        truncation="auto",
    )

    if response.status == "failed":
        raise RuntimeError(f"the assistant failed: {response.error.message}")
    if response.status != "completed":
        raise RuntimeError(f"the assistant stopped with status {response.status}")
    return response.output_text


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
