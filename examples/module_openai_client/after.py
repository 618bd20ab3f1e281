"""Summarise release notes read from stdin with the module-level openai client.

    git log --oneline v1.2..v1.3 | python before.py
"""
import sys

import openai
import prompt_registry

ASSISTANT_ID = "asst_release_notes"


def summarise(notes: str) -> str:
    prompt = prompt_registry.lookup(ASSISTANT_ID)
    response = openai.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        input=[{"role": "user", "content": "Summarise these changes for customers:\n" + notes}],
        truncation="auto",
    )
    if response.status == "failed":
        sys.exit(f"summary failed: {response.error.message}")
    return response.output_text


lines = [line.strip() for line in sys.stdin if line.strip()]
if not lines:
    print("nothing to summarise")
    sys.exit(0)

print(f"{len(lines)} changes:")
for line in lines:
    print(" -", line)
print()
print("Summary:", summarise(" / ".join(lines)))
