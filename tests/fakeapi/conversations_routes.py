"""Routes of /conversations and their items: at most 20 items per call, metadata required on update."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from . import items
from .errors import bad_request, not_found
from .store import Store, page


def conversation_id(value: Any) -> Optional[str]:
    """`conversation=` may be the id or {"id": ...}."""
    return value.get("id") if isinstance(value, dict) else value


def get_conversation(store: Store, conversation_id: str) -> dict:
    if conversation_id not in store.conversations:
        raise not_found(f"Conversation with id '{conversation_id}' not found.")
    return store.conversations[conversation_id]


def _item_list(data: List[dict]) -> dict:
    return {"object": "list", "data": data, "first_id": data[0]["id"] if data else None,
            "last_id": data[-1]["id"] if data else None, "has_more": False}


def _items(store: Store, method: str, conversation: dict, rest: List[str], body: dict, query: dict) -> Any:
    stored = store.items[conversation["id"]]
    if not rest:
        if method == "POST":
            added = items.to_items(store, body.get("items"), "items", limit=20)
            items.check_outputs_answer_calls(stored, added)
            stored.extend(added)
            return _item_list(added)
        if method == "GET":
            return page(stored, query)
        return None
    found = next((i for i in stored if i["id"] == rest[0]), None)
    if found is None or len(rest) > 1:
        raise not_found(f"Item with id '{rest[0]}' not found.")
    if method == "GET":
        return found
    if method == "DELETE":
        stored.remove(found)
        return conversation
    return None


def route(store: Store, method: str, parts: List[str], body: Dict[str, Any], query: Dict[str, str]) -> Any:
    if len(parts) == 1:
        if method != "POST":
            return None
        new_items = items.to_items(store, body.get("items"), "items", limit=20)
        conversation: Dict[str, Any] = {"id": store.new_id("conv"), "object": "conversation", "created_at": store.now(),
                        "metadata": body.get("metadata") or {}}
        store.conversations[conversation["id"]] = conversation
        store.items[conversation["id"]] = new_items
        return conversation
    conversation = get_conversation(store, parts[1])
    if len(parts) > 2:
        return _items(store, method, conversation, parts[3:], body, query) if parts[2] == "items" else None
    if method == "GET":
        return conversation
    if method == "DELETE":
        del store.conversations[conversation["id"]]
        return {"id": conversation["id"], "object": "conversation.deleted", "deleted": True}
    if "metadata" not in body:
        raise bad_request("Missing required parameter: 'metadata'.", "metadata", "missing_required_parameter")
    conversation["metadata"] = body["metadata"]
    return conversation
