"""Route of /chat/completions (non-streamed): the same model, read through Chat Completions shapes.

Programs that share one tool list between Chat Completions and the Assistants API (and, migrated,
the Responses API) need both ends to answer; like the real API, this one refuses the flat
Responses function tools that a migration must not hand to Chat Completions.
"""

from __future__ import annotations

from typing import Any, Dict, List

from . import model
from .errors import bad_request
from .store import Store


def _tools(tools: Any) -> List[dict]:
    flat = []
    for index, tool in enumerate(tools or []):
        where = f"tools[{index}]"
        if not isinstance(tool, dict) or tool.get("type") != "function":
            raise bad_request(f"Invalid value: '{where}.type'. Supported values are: 'function' and 'custom'.", f"{where}.type",
                              "invalid_value")
        function = tool.get("function")
        if not isinstance(function, dict) or not function.get("name"):
            raise bad_request(f"Missing required parameter: '{where}.function'.", f"{where}.function", "missing_required_parameter")
        flat.append({"type": "function", "name": function["name"], "parameters": function.get("parameters")})
    return flat


def _choice(choice: Any) -> model.ToolChoice:
    if isinstance(choice, dict) and choice.get("type") == "function":
        name = (choice.get("function") or {}).get("name")
        if not name:
            raise bad_request("Missing required parameter: 'tool_choice.function'.", "tool_choice.function",
                              "missing_required_parameter")
        return {"function": name}
    return choice or "auto"


def _history(messages: Any) -> tuple:
    history: List[model.Entry] = []
    instructions: List[str] = []
    if not isinstance(messages, list) or not messages:
        raise bad_request("Missing required parameter: 'messages'.", "messages", "missing_required_parameter")
    for message in messages:
        role = message.get("role")
        if role in ("system", "developer"):
            instructions.append(model.text_of(message.get("content")))
        elif role == "user":
            history.append({"kind": "user", "text": model.text_of(message.get("content"))})
        elif role == "assistant":
            for call in message.get("tool_calls") or []:
                history.append({"kind": "call", "call_id": call["id"], "name": call["function"]["name"],
                                "arguments": call["function"]["arguments"]})
            if message.get("content"):
                history.append({"kind": "assistant", "text": model.text_of(message["content"])})
        elif role == "tool":
            history.append({"kind": "output", "call_id": message.get("tool_call_id"), "output": model.text_of(message.get("content"))})
        else:
            raise bad_request(f"Invalid value: '{role}'.", "messages.role", "invalid_value")
    return history, "\n".join(instructions)


def create(store: Store, body: dict) -> Dict[str, Any]:
    if not body.get("model"):
        raise bad_request("Missing required parameter: 'model'.", "model", "missing_required_parameter")
    tools = _tools(body.get("tools"))
    history, instructions = _history(body.get("messages"))
    outcome = model.decide(body["model"], instructions or None, tools, history, _choice(body.get("tool_choice")),
                           body.get("parallel_tool_calls", True) is not False)
    message: Dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
    if outcome.calls:
        message["tool_calls"] = [{"id": store.new_call_id(), "type": "function", "function": {"name": name, "arguments": args}}
                                 for name, args in outcome.calls]
        finish = "tool_calls"
    else:
        message["content"] = outcome.text
        finish = "stop"
    return {
        "id": store.new_id("chatcmpl"), "object": "chat.completion", "created": store.now(), "model": body["model"],
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        "usage": {"prompt_tokens": outcome.input_words, "completion_tokens": outcome.output_words,
                  "total_tokens": outcome.input_words + outcome.output_words},
    }


def route(store: Store, method: str, parts: List[str], body: Dict[str, Any], query: Dict[str, str]) -> Any:
    if parts == ["chat", "completions"] and method == "POST":
        if body.get("stream"):
            raise bad_request("This fake API does not stream chat completions.", "stream")
        return create(store, body)
    return None
