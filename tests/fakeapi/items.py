"""Input items of the Responses family: checked like the real API, stored with ids, read by the model."""

from __future__ import annotations

from typing import Any, List, Optional

from . import model
from .errors import bad_request
from .store import Store

ROLES = ("user", "assistant", "system", "developer")
INPUT_PARTS = ("input_text", "input_image", "input_file")
ASSISTANT_PARTS = ("output_text", "refusal")


def _parts(role: str, content: Any, where: str) -> List[dict]:
    if isinstance(content, str):
        if role == "assistant":
            return [{"type": "output_text", "text": content, "annotations": [], "logprobs": []}]
        return [{"type": "input_text", "text": content}]
    if not isinstance(content, list):
        raise bad_request(f"Invalid type for '{where}.content': expected a string or an array.", f"{where}.content")
    allowed = ASSISTANT_PARTS if role == "assistant" else INPUT_PARTS
    parts = []
    for index, part in enumerate(content):
        kind = part.get("type") if isinstance(part, dict) else None
        if kind not in allowed:
            # The message the real API gives for Assistants-style {"type": "text"} parts left in place.
            raise bad_request(f"Invalid value: '{kind}'. Supported values are: " + ", ".join(f"'{a}'" for a in allowed)
                              + ".", f"{where}.content[{index}].type", "invalid_value")
        part = dict(part)
        if kind == "output_text":
            part.setdefault("annotations", [])
        parts.append(part)
    return parts


def to_items(store: Store, raw: Any, param: str = "input", limit: Optional[int] = None) -> List[dict]:
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [{"role": "user", "content": raw}]
    raw = list(raw)
    if limit is not None and len(raw) > limit:
        raise bad_request(f"Invalid '{param}': array too long. Expected an array with maximum length {limit}, "
                          f"but got an array with length {len(raw)} instead.", param, "array_above_max_length")
    stored = []
    for index, item in enumerate(raw):
        where = f"{param}[{index}]"
        if not isinstance(item, dict):
            raise bad_request(f"Invalid type for '{where}': expected an object.", where)
        kind = item.get("type") or ("message" if "role" in item else None)
        if kind == "message":
            role = item.get("role")
            if role not in ROLES:
                raise bad_request(f"Invalid value: '{role}'. Supported values are: 'user', 'assistant', 'system', "
                                  "and 'developer'.", f"{where}.role", "invalid_value")
            stored.append({"type": "message", "id": item.get("id") or store.new_id("msg"), "role": role,
                           "status": "completed", "content": _parts(role, item.get("content"), where)})
        elif kind == "function_call":
            stored.append({"type": "function_call", "id": item.get("id") or store.new_id("fc"),
                           "call_id": item.get("call_id"), "name": item.get("name"),
                           "arguments": item.get("arguments", "{}"), "status": "completed"})
        elif kind == "function_call_output":
            if not item.get("call_id"):
                raise bad_request(f"Missing required parameter: '{where}.call_id'.", f"{where}.call_id")
            stored.append({"type": "function_call_output", "id": item.get("id") or store.new_id("fco"),
                           "call_id": item["call_id"], "output": item.get("output", ""), "status": "completed"})
        elif kind is None:
            raise bad_request(f"Missing required parameter: '{where}.type'.", f"{where}.type")
        else:  # tool call items echoed back from an earlier output (stateless loops)
            stored.append({**item, "id": item.get("id") or store.new_id("item")})
    return stored


def entries(items: List[dict]) -> List[model.Entry]:
    """The neutral history the model reads; system/developer text goes to the instructions instead."""
    history: List[model.Entry] = []
    for item in items:
        if item["type"] == "message" and item["role"] in ("user", "assistant"):
            history.append({"kind": item["role"], "text": model.text_of(item["content"])})
        elif item["type"] == "function_call":
            history.append({"kind": "call", "call_id": item["call_id"], "name": item["name"],
                            "arguments": item["arguments"]})
        elif item["type"] == "function_call_output":
            output = item["output"] if isinstance(item["output"], str) else model.text_of(item["output"])
            history.append({"kind": "output", "call_id": item["call_id"], "output": output})
    return history


def developer_text(items: List[dict]) -> List[str]:
    return [model.text_of(i["content"]) for i in items if i["type"] == "message" and i["role"] in ("system", "developer")]


def check_outputs_answer_calls(history: List[dict], new_items: List[dict]) -> None:
    known = {i["call_id"] for i in history + new_items if i["type"] == "function_call"}
    for item in new_items:
        if item["type"] == "function_call_output" and item["call_id"] not in known:
            raise bad_request(f"No tool call found for function call output with call_id {item['call_id']}.", "input")
