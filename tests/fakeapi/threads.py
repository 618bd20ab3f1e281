"""Threads and their messages (Assistants family), and the neutral history the model reads from them."""

from __future__ import annotations

from typing import Any, List, Optional

from . import model
from .errors import bad_request, not_found
from .store import Store


def content_blocks(content: Any) -> List[dict]:
    """Request content (a string or a list of parts) as the message content blocks the API returns."""
    if isinstance(content, str):
        return [text_block(content)]
    if not isinstance(content, list):
        raise bad_request("Invalid type for 'content': expected a string or an array of content parts.", "content")
    blocks = []
    for part in content:
        kind = part.get("type") if isinstance(part, dict) else None
        if kind == "text":
            blocks.append(text_block(part.get("text") or ""))
        elif kind == "image_file":
            blocks.append({"type": "image_file", "image_file": {"detail": "auto", **(part.get("image_file") or {})}})
        elif kind == "image_url":
            blocks.append({"type": "image_url", "image_url": {"detail": "auto", **(part.get("image_url") or {})}})
        else:
            raise bad_request(f"Invalid value: '{kind}'. Supported values are: 'text', 'image_file' and 'image_url'.",
                              "content[].type", "invalid_value")
    return blocks


def text_block(value: str, annotations: Optional[List[dict]] = None) -> dict:
    return {"type": "text", "text": {"value": value, "annotations": annotations or []}}


def add_message(store: Store, thread_id: str, body: dict, run: Optional[dict] = None, blocks=None) -> dict:
    role = body.get("role", "user")
    if role not in ("user", "assistant"):
        raise bad_request(f"Invalid value: '{role}'. Supported values are: 'user' and 'assistant'.", "role", "invalid_value")
    now = store.now()
    message = {
        "id": store.new_id("msg"), "object": "thread.message", "created_at": now, "thread_id": thread_id,
        "role": role, "content": blocks if blocks is not None else content_blocks(body.get("content", "")),
        "assistant_id": run["assistant_id"] if run else None, "run_id": run["id"] if run else None,
        "attachments": body.get("attachments") or [], "metadata": body.get("metadata") or {},
        "status": "completed", "completed_at": now if run else None, "incomplete_at": None, "incomplete_details": None,
    }
    store.messages.setdefault(thread_id, []).append(message)
    _index_attachments(store, thread_id, message["attachments"])
    return message


def _index_attachments(store: Store, thread_id: str, attachments: List[dict]) -> None:
    """Files attached for file_search go to the thread's own vector store, as the real API does."""
    file_ids = [a.get("file_id") for a in attachments
                if any(t.get("type") == "file_search" for t in a.get("tools") or [])]
    if not file_ids:
        return
    resources = store.threads[thread_id]["tool_resources"]
    search = resources.get("file_search") or {}
    if not search.get("vector_store_ids"):
        search["vector_store_ids"] = [store.add_vector_store(f"thread {thread_id}", [])["id"]]
    resources["file_search"] = search
    for file_id in file_ids:
        store.attach_file(search["vector_store_ids"][0], str(file_id))


def create_thread(store: Store, body: dict) -> dict:
    thread_id = store.new_id("thread")
    resources = body.get("tool_resources")
    file_search = (resources or {}).get("file_search") or {}
    inline = file_search.pop("vector_stores", None)
    if inline:  # vector stores created on the fly from file ids, as the real API does
        file_search["vector_store_ids"] = [store.add_vector_store(None, spec.get("file_ids") or [])["id"]
                                           for spec in inline]
    thread = {"id": thread_id, "object": "thread", "created_at": store.now(), "metadata": body.get("metadata") or {},
              "tool_resources": resources or {"code_interpreter": None, "file_search": None}}
    store.threads[thread_id] = thread
    store.messages[thread_id] = []
    for message in body.get("messages") or []:
        add_message(store, thread_id, message)
    return thread


def get_thread(store: Store, thread_id: str) -> dict:
    if thread_id not in store.threads:
        raise not_found(f"No thread found with id '{thread_id}'.")
    return store.threads[thread_id]


def get_message(store: Store, thread_id: str, message_id: str) -> dict:
    for message in store.messages.get(thread_id, []):
        if message["id"] == message_id:
            return message
    raise not_found(f"No message found with id '{message_id}'.")


def history(store: Store, thread_id: str) -> List[dict]:
    return [{"kind": m["role"], "text": model.text_of(m["content"])} for m in store.messages.get(thread_id, [])]
