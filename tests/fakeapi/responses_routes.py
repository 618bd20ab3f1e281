"""The Responses family: responses (finished on return) and conversations with their items.

As strict as the real API where a wrong rewrite would show: Assistants-style content parts,
nested Chat-style function tools, conversation together with previous_response_id, a missing
model without a prompt, more than 20 items at once, an update without metadata.
"""

from __future__ import annotations

from typing import Any, Dict, List

from . import model
from .errors import bad_request, not_found
from .store import Store, page

INPUT_PARTS = ("input_text", "input_image", "input_file", "output_text", "refusal")


def _item(store: Store, raw: Any) -> dict:
    if not isinstance(raw, dict):
        raise bad_request("Invalid input item.", "input")
    kind = raw.get("type", "message")
    if kind != "message":
        return {"id": store.new_id("item"), **raw}
    role = raw.get("role", "user")
    content = raw.get("content")
    if isinstance(content, list):
        for part in content:
            if not isinstance(part, dict) or part.get("type") not in INPUT_PARTS:
                raise bad_request(f"Invalid content part type {part.get('type') if isinstance(part, dict) else part!r}.", "input")
        parts = [dict(part) for part in content]
    else:
        parts = [{"type": "output_text" if role == "assistant" else "input_text", "text": content or ""}]
        if role == "assistant":
            parts[0]["annotations"] = []
    return {"type": "message", "id": store.new_id("msg"), "role": role, "status": "completed", "content": parts}


def _items(store: Store, raw: Any, limit: int = 10_000) -> List[dict]:
    if isinstance(raw, str):
        raw = [{"role": "user", "content": raw}]
    raw = list(raw or [])
    if len(raw) > limit:
        raise bad_request(f"At most {limit} items can be added at once.", "items")
    return [_item(store, r) for r in raw]


def _check_tools(tools: Any) -> None:
    for tool in tools or []:
        if tool.get("type") == "function" and ("function" in tool or "name" not in tool):
            raise bad_request("Function tools take name, parameters and strict at the top level.", "tools")
        if tool.get("type") == "code_interpreter" and "container" not in tool:
            raise bad_request("Missing required parameter: 'tools[0].container'.", "tools")
        if tool.get("type") == "file_search" and "vector_store_ids" not in tool:
            raise bad_request("Missing required parameter: 'tools[0].vector_store_ids'.", "tools")


def _history(store: Store, body: dict) -> List[dict]:
    if body.get("conversation"):
        conversation = body["conversation"]
        conversation_id = conversation["id"] if isinstance(conversation, dict) else conversation
        if conversation_id not in store.conversations:
            raise not_found(f"Conversation with id '{conversation_id}' not found.")
        return list(store.items[conversation_id])
    history: List[dict] = []
    previous = body.get("previous_response_id")
    while previous:
        earlier = store.responses.get(previous)
        if earlier is None:
            raise not_found(f"Previous response with id '{previous}' not found.")
        history = earlier["_input"] + earlier["output"] + history
        previous = earlier.get("_previous")
    return history


def create_response(store: Store, body: dict) -> dict:
    if body.get("conversation") and body.get("previous_response_id"):
        raise bad_request("Cannot use both conversation and previous_response_id.", "conversation")
    prompt = body.get("prompt")
    if not body.get("model") and not prompt:
        raise bad_request("Missing required parameter: 'model'.", "model")
    choice = body.get("tool_choice")
    if isinstance(choice, dict) and "function" in choice:
        raise bad_request("tool_choice takes the function name at the top level.", "tool_choice")
    _check_tools(body.get("tools"))
    new_items = _items(store, body.get("input"))
    history = _history(store, body) + new_items
    users = [model.text_of(i["content"]) for i in history if i.get("type") == "message" and i.get("role") == "user"]
    name = body.get("model") or f"prompt:{prompt['id']}"
    instructions = body.get("instructions")
    text = model.reply(name, instructions, users)
    message = {"type": "message", "id": store.new_id("msg"), "role": "assistant", "status": "completed",
               "content": [{"type": "output_text", "text": text, "annotations": []}]}
    prompt_words = sum(model.words(model.text_of(i.get("content"))) for i in history if i.get("type") == "message")
    response = {
        "id": store.new_id("resp"), "object": "response", "created_at": store.now(), "status": "completed",
        "model": name, "instructions": instructions, "output": [message], "error": None, "incomplete_details": None,
        "metadata": body.get("metadata") or {}, "parallel_tool_calls": body.get("parallel_tool_calls", True),
        "tool_choice": choice or "auto", "tools": body.get("tools") or [], "temperature": body.get("temperature"),
        "top_p": body.get("top_p"), "truncation": body.get("truncation", "disabled"),
        "text": body.get("text") or {"format": {"type": "text"}}, "previous_response_id": body.get("previous_response_id"),
        "usage": {"input_tokens": prompt_words, "output_tokens": model.words(text), "total_tokens": prompt_words + model.words(text),
                  "input_tokens_details": {"cached_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 0}},
        "conversation": None,
        "_input": new_items, "_previous": body.get("previous_response_id"),
    }
    if body.get("conversation"):
        conversation = body["conversation"]
        conversation_id = conversation["id"] if isinstance(conversation, dict) else conversation
        store.items[conversation_id].extend(new_items + [message])
        response["conversation"] = {"id": conversation_id}
    store.responses[response["id"]] = response
    return public(response)


def public(response: dict) -> dict:
    return {k: v for k, v in response.items() if not k.startswith("_")}


def _conversation(store: Store, conversation_id: str) -> dict:
    if conversation_id not in store.conversations:
        raise not_found(f"Conversation with id '{conversation_id}' not found.")
    return store.conversations[conversation_id]


def route(store: Store, method: str, parts: List[str], body: Dict[str, Any], query: Dict[str, str]):
    if parts[0] == "responses":
        if method == "POST" and len(parts) == 1:
            return create_response(store, body)
        response = store.responses.get(parts[1]) if len(parts) > 1 else None
        if response is None:
            raise not_found("No such response.")
        if method == "GET" and len(parts) == 2:
            return public(response)
        if method == "DELETE" and len(parts) == 2:
            store.responses.pop(parts[1])
            return {"id": parts[1], "object": "response.deleted", "deleted": True}
        raise not_found("Unknown response route.")
    if method == "POST" and parts == ["conversations"]:
        conversation = {"id": store.new_id("conv"), "object": "conversation", "created_at": store.now(),
                        "metadata": body.get("metadata") or {}}
        store.conversations[conversation["id"]] = conversation
        store.items[conversation["id"]] = _items(store, body.get("items"), limit=20)
        return conversation
    conversation = _conversation(store, parts[1])
    if len(parts) == 2:
        if method == "GET":
            return conversation
        if method == "DELETE":
            store.conversations.pop(parts[1])
            return {"id": parts[1], "object": "conversation.deleted", "deleted": True}
        if "metadata" not in body:
            raise bad_request("Missing required parameter: 'metadata'.", "metadata")
        conversation["metadata"] = body["metadata"]
        return conversation
    if parts[2] == "items":
        items = store.items[parts[1]]
        if method == "POST" and len(parts) == 3:
            added = _items(store, body.get("items"), limit=20)
            items.extend(added)
            return {"object": "list", "data": added, "first_id": added[0]["id"] if added else None,
                    "last_id": added[-1]["id"] if added else None, "has_more": False}
        if method == "GET" and len(parts) == 3:
            return page(items, query)
    raise not_found(f"Unknown route {method} /v1/{'/'.join(parts)}")
