"""Tool lists of both families, checked and brought to the one flat form `model.decide` reads."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from .errors import bad_request
from .model import ToolChoice


def from_assistants(tools: Optional[List[dict]], vector_store_ids: List[str]) -> List[dict]:
    """Assistants tools nest functions under "function" and keep vector stores in tool_resources."""
    flat = []
    for tool in tools or []:
        kind = tool.get("type")
        if kind == "function":
            function = tool.get("function") or {}
            flat.append({"type": "function", "name": function.get("name"), "parameters": function.get("parameters")})
        elif kind == "file_search":
            flat.append({"type": "file_search", "vector_store_ids": list(vector_store_ids)})
        else:
            flat.append({"type": kind})
    return flat


def assistants_choice(choice: Any) -> ToolChoice:
    if isinstance(choice, dict) and choice.get("type") == "function":
        return {"function": (choice.get("function") or {}).get("name")}
    return choice or "auto"


def check_responses_tools(tools: Any) -> List[dict]:
    """Refuse, like the real API, the shapes a half-done migration leaves behind."""
    for index, tool in enumerate(tools or []):
        where = f"tools[{index}]"
        kind = tool.get("type") if isinstance(tool, dict) else None
        if kind == "function":
            if "function" in tool:
                raise bad_request(f"Unknown parameter: '{where}.function'.", f"{where}.function", "unknown_parameter")
            if not tool.get("name"):
                raise bad_request(f"Missing required parameter: '{where}.name'.", f"{where}.name", "missing_required_parameter")
        elif kind == "code_interpreter" and "container" not in tool:
            raise bad_request(f"Missing required parameter: '{where}.container'.", f"{where}.container", "missing_required_parameter")
        elif kind == "file_search" and not tool.get("vector_store_ids"):
            raise bad_request(f"Missing required parameter: '{where}.vector_store_ids'.", f"{where}.vector_store_ids",
                              "missing_required_parameter")
    return [dict(t) for t in tools or []]


def responses_choice(choice: Any) -> ToolChoice:
    if isinstance(choice, dict) and choice.get("type") == "function":
        if "function" in choice or not choice.get("name"):
            raise bad_request("Unknown parameter: 'tool_choice.function'.", "tool_choice.function", "unknown_parameter")
        return {"function": choice["name"]}
    return choice or "auto"


def flat(tools: List[dict]) -> List[Dict[str, Any]]:
    return [{"type": t.get("type"), "name": t.get("name"), "parameters": t.get("parameters"),
             "vector_store_ids": t.get("vector_store_ids")} for t in tools]
