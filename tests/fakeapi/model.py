"""The deterministic "model" both API families share, so that a program and its migration print the same.

Normal turn:        f"[{model}|{digest}] #{n} You said: {latest user text}"
After tool outputs: f"[{model}|{digest}] #{n} Tool results: " + "; ".join(f"{name}={output}")
File search:        f"[{model}|{digest}] #{n} From {filename}: {first 40 chars of the file}"
Code interpreter:   f"[{model}|{digest}] #{n} Result: 42"
  digest: the first 6 hex digits of sha1 of the instructions with whitespace normalised ("-" if none)
  n:      how many user messages the thread / conversation holds so far

Both families hand this module the same neutral history (a list of entries, see `Entry`), so the
decision is made in one place and the routes only translate shapes.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

# kind: "user" | "assistant" | "call" | "output"; the other keys depend on the kind.
Entry = Dict[str, Any]
ToolChoice = Union[str, Dict[str, Any], None]

IMAGE_PARTS = ("image_file", "image_url", "input_image")


@dataclass
class Outcome:
    calls: List[Tuple[str, str]] = field(default_factory=list)  # (name, arguments) when the model calls functions
    text: str = ""
    citation: Optional[dict] = None  # the file record quoted by file search
    searched: bool = False
    code: bool = False
    input_words: int = 0
    output_words: int = 0


def text_of(content: Any) -> str:
    """Text of message content in either family's shape; images read as "[image]", files are skipped."""
    if isinstance(content, str):
        return content
    parts = []
    for part in content or []:
        if not isinstance(part, dict):
            continue
        kind = part.get("type")
        if kind in IMAGE_PARTS:
            parts.append("[image]")
        elif "text" in part:
            value = part["text"]
            parts.append(value.get("value", "") if isinstance(value, dict) else str(value))
    return " ".join(parts)


def digest(instructions: Optional[str]) -> str:
    normalised = " ".join((instructions or "").split())
    if not normalised:
        return "-"
    return hashlib.sha1(normalised.encode()).hexdigest()[:6]


def words(text: str) -> int:
    return len(text.split())


def _last_word(text: str) -> str:
    found = re.findall(r"[A-Za-z]+", text)
    return found[-1] if found else ""


def _value(schema: dict, text: str) -> Any:
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema.get("type")
    if isinstance(kind, list):  # nullable types such as ["string", "null"]
        kind = next((k for k in kind if k != "null"), None)
    if kind in ("number", "integer"):
        return words(text)
    if kind == "boolean":
        return True
    if kind == "array":
        return []
    if kind == "object":
        return {}
    return _last_word(text)


def arguments_for(parameters: Optional[dict], text: str) -> str:
    properties = (parameters or {}).get("properties") or {}
    wanted = (parameters or {}).get("required") or list(properties)
    return json.dumps({name: _value(properties.get(name) or {}, text) for name in wanted})


def _chosen_functions(tools: List[dict], choice: ToolChoice, text: str, parallel: bool) -> List[dict]:
    functions = [t for t in tools if t.get("type") == "function"]
    if choice == "none":
        return []
    if isinstance(choice, dict) and choice.get("function"):
        chosen = [t for t in functions if t.get("name") == choice["function"]]
    elif choice == "required":
        chosen = functions[:1]
    else:
        chosen = [t for t in functions if t.get("name") and t["name"].lower() in text.lower()]
    return chosen if parallel else chosen[:1]


def decide(
    model: str,
    instructions: Optional[str],
    tools: List[dict],
    history: List[Entry],
    tool_choice: ToolChoice = "auto",
    parallel: bool = True,
    search: Optional[Callable[[List[str]], List[dict]]] = None,
    read: Optional[Callable[[str], str]] = None,
) -> Outcome:
    """The next step of a conversation: function calls, or a reply text (with what the tools did)."""
    outcome = Outcome(input_words=sum(words(e.get("text") or e.get("output") or "") for e in history))
    n = sum(1 for e in history if e["kind"] == "user")
    prefix = f"[{model}|{digest(instructions)}] #{n}"
    latest = history[-1] if history else {"kind": "user", "text": ""}
    if latest["kind"] == "output":
        names = {e["call_id"]: e["name"] for e in history if e["kind"] == "call"}
        outputs: List[str] = []
        for entry in reversed(history):
            if entry["kind"] != "output":
                break
            outputs.insert(0, f"{names.get(entry['call_id'], entry['call_id'])}={entry['output']}")
        outcome.text = f"{prefix} Tool results: " + "; ".join(outputs)
    else:
        # The echo is the latest *user* message, even when an assistant message came after it.
        text = next((e.get("text") or "" for e in reversed(history) if e["kind"] == "user"), "")
        chosen = _chosen_functions(tools, tool_choice, text, parallel) if latest["kind"] == "user" else []
        if chosen:
            outcome.calls = [(t["name"], arguments_for(t.get("parameters"), text)) for t in chosen]
            outcome.output_words = sum(words(f"{name} {args}") for name, args in outcome.calls)
            return outcome
        kinds = {t.get("type") for t in tools} if tool_choice != "none" else set()
        store_ids = [i for t in tools if t.get("type") == "file_search" for i in t.get("vector_store_ids") or []]
        if "code_interpreter" in kinds and re.search(r"calculate|plot", text, re.I):
            outcome.code = True
            outcome.text = f"{prefix} Result: 42"
        elif "file_search" in kinds:
            outcome.searched = True
            found = search(store_ids) if search else []
            if found and read:
                outcome.citation = found[0]
                quote = " ".join(read(found[0]["id"]).split())[:40]
                outcome.text = f"{prefix} From {found[0]['filename']}: {quote}"
            else:
                outcome.text = f"{prefix} You said: {text}"
        else:
            outcome.text = f"{prefix} You said: {text}"
    outcome.output_words = words(outcome.text)
    return outcome
