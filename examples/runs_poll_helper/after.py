"""Nightly report: ask the analyst assistant about each metric, using the SDK's runs.poll helper."""
import os
import sys

from openai import OpenAI
import prompt_registry

client = OpenAI()
ANALYST_ID = os.environ.get("ANALYST_ASSISTANT_ID", "asst_analyst")

METRICS = {
    "signups": 132,
    "churned": 7,
    "tickets": 41,
}


def comment_on(thread_id: str, metric: str, value: int) -> str:
    prompt = prompt_registry.lookup(ANALYST_ID)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        conversation=thread_id,
        input=[{"role": "user", "content": f"Yesterday's {metric}: {value}. One sentence, please."}],
        truncation="auto",
    )
    if response.status != "completed":
        return f"n/a ({response.status})"
    return response.output_text


def main() -> int:
    conversation = client.conversations.create(metadata={"report": "nightly"})
    print("Nightly report")
    print("==============")
    for metric, value in METRICS.items():
        print(f"{metric:>8}: {value:>4}  {comment_on(conversation.id, metric, value)}")
    client.conversations.delete(conversation.id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
