"""Summarise release notes read from stdin with the module-level openai client.

    git log --oneline v1.2..v1.3 | python before.py
"""
import sys
import time

import openai
import prompt_registry

ASSISTANT_ID = "asst_release_notes"


def summarise(notes: str) -> str:
    run = openai.responses.create(
        input=[{"role": "user", "content": "Summarise these changes for customers:\n" + notes}],
        **prompt_registry.settings(ASSISTANT_ID),
    )
    if run.status == "failed":
        sys.exit(f"summary failed: {run.error.message}")
    return run.output_text


lines = [line.strip() for line in sys.stdin if line.strip()]
if not lines:
    print("nothing to summarise")
    sys.exit(0)

print(f"{len(lines)} changes:")
for line in lines:
    print(" -", line)
print()
print("Summary:", summarise(" / ".join(lines)))
