"""The deterministic "model" both API families share, so that a program and its migration print the same.

reply = f"[{model}|{digest}] #{n} You said: {text}"
  digest: the first 6 hex digits of sha1 of the instructions with whitespace normalised ("-" if none)
  n:      how many user messages the thread / conversation holds so far
  text:   the latest user message (list content: its text parts joined by spaces)
"""

from __future__ import annotations

import hashlib
from typing import Any, List, Optional


def text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    parts = []
    for part in content or []:
        if isinstance(part, dict):
            if "text" in part:
                value = part["text"]
                parts.append(value["value"] if isinstance(value, dict) else value)
            elif part.get("type") in ("image_file", "image_url", "input_image"):
                parts.append("[image]")
    return " ".join(parts)


def digest(instructions: Optional[str]) -> str:
    if not instructions:
        return "-"
    return hashlib.sha1(" ".join(instructions.split()).encode()).hexdigest()[:6]


def reply(model: str, instructions: Optional[str], user_texts: List[str]) -> str:
    latest = user_texts[-1] if user_texts else ""
    return f"[{model}|{digest(instructions)}] #{len(user_texts)} You said: {latest}"


def words(text: str) -> int:
    return len(text.split())
