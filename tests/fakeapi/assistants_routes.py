"""The Assistants family: assistants, threads, messages, runs (queued -> in_progress -> completed)."""

from __future__ import annotations

from typing import Any, Dict, List

from . import model
from .errors import bad_request, not_found
from .store import Store, page


def _message(store: Store, thread_id: str, role: str, content: Any, run_id=None, assistant_id=None) -> dict:
    text = model.text_of(content)
    message = {
        "id": store.new_id("msg"), "object": "thread.message", "created_at": store.now(), "thread_id": thread_id,
        "role": role, "content": [{"type": "text", "text": {"value": text, "annotations": []}}],
        "assistant_id": assistant_id, "run_id": run_id, "attachments": [], "metadata": {}, "status": "completed",
        "completed_at": store.now(), "incomplete_at": None, "incomplete_details": None,
    }
    store.messages.setdefault(thread_id, []).append(message)
    return message


def _thread(store: Store, body: dict) -> dict:
    thread = {"id": store.new_id("thread"), "object": "thread", "created_at": store.now(),
              "metadata": body.get("metadata") or {}, "tool_resources": body.get("tool_resources")}
    store.threads[thread["id"]] = thread
    for message in body.get("messages") or []:
        _message(store, thread["id"], message.get("role", "user"), message.get("content"))
    return thread


def _get_thread(store: Store, thread_id: str) -> dict:
    if thread_id not in store.threads:
        raise not_found(f"No thread found with id '{thread_id}'.")
    return store.threads[thread_id]


def _run(store: Store, thread_id: str, body: dict) -> dict:
    assistant_id = body.get("assistant_id")
    assistant = store.assistants.get(assistant_id)
    if assistant is None:
        raise not_found(f"No assistant found with id '{assistant_id}'.")
    if any(r["status"] in ("queued", "in_progress") for r in store.runs.values() if r["thread_id"] == thread_id):
        raise bad_request(f"Thread {thread_id} already has an active run.")
    for message in body.get("additional_messages") or []:
        _message(store, thread_id, message.get("role", "user"), message.get("content"))
    instructions = body.get("instructions") or assistant.get("instructions")
    if body.get("additional_instructions"):
        instructions = f"{instructions or ''}\n\n{body['additional_instructions']}"
    run = {
        "id": store.new_id("run"), "object": "thread.run", "created_at": store.now(), "thread_id": thread_id,
        "assistant_id": assistant_id, "status": "queued", "model": body.get("model") or assistant["model"],
        "instructions": instructions, "tools": body.get("tools") or assistant.get("tools") or [],
        "metadata": body.get("metadata") or {}, "usage": None, "last_error": None, "required_action": None,
        "incomplete_details": None, "started_at": None, "completed_at": None, "cancelled_at": None,
        "failed_at": None, "expires_at": None, "max_completion_tokens": body.get("max_completion_tokens"),
        "max_prompt_tokens": body.get("max_prompt_tokens"), "parallel_tool_calls": True, "response_format": "auto",
        "tool_choice": "auto", "truncation_strategy": {"type": "auto", "last_messages": None},
        "temperature": body.get("temperature"), "top_p": body.get("top_p"), "_polls": 0,
    }
    store.runs[run["id"]] = run
    return run


def _advance(store: Store, run: dict) -> None:
    """One step per retrieve, so polling loops really loop."""
    run["_polls"] += 1
    if run["status"] == "queued":
        run["status"] = "in_progress"
        run["started_at"] = store.now()
    elif run["status"] == "in_progress":
        users = [model.text_of(m["content"][0]["text"]["value"]) for m in store.messages.get(run["thread_id"], []) if m["role"] == "user"]
        text = model.reply(run["model"], run["instructions"], users)
        _message(store, run["thread_id"], "assistant", text, run_id=run["id"], assistant_id=run["assistant_id"])
        prompt = sum(model.words(m["content"][0]["text"]["value"]) for m in store.messages[run["thread_id"]][:-1])
        run["usage"] = {"prompt_tokens": prompt, "completion_tokens": model.words(text), "total_tokens": prompt + model.words(text)}
        run["status"] = "completed"
        run["completed_at"] = store.now()


def public(run: dict) -> dict:
    return {k: v for k, v in run.items() if not k.startswith("_")}


def route(store: Store, method: str, parts: List[str], body: Dict[str, Any], query: Dict[str, str]):
    head = parts[0]
    if head == "assistants":
        if method == "POST" and len(parts) == 1:
            assistant = {"id": store.new_id("asst"), "object": "assistant", "created_at": store.now(), "tools": [],
                         "metadata": {}, "name": None, "description": None, "instructions": None, **body}
            store.assistants[assistant["id"]] = assistant
            return assistant
        if len(parts) == 2 and parts[1] in store.assistants:
            if method == "GET":
                return store.assistants[parts[1]]
            if method == "DELETE":
                store.assistants.pop(parts[1])
                return {"id": parts[1], "object": "assistant.deleted", "deleted": True}
            store.assistants[parts[1]].update(body)
            return store.assistants[parts[1]]
        raise not_found("No such assistant.")
    # threads ...
    if method == "POST" and parts == ["threads"]:
        return _thread(store, body)
    if method == "POST" and parts == ["threads", "runs"]:
        thread = _thread(store, body.get("thread") or {})
        return public(_run(store, thread["id"], body))
    thread_id = parts[1]
    thread = _get_thread(store, thread_id)
    if len(parts) == 2:
        if method == "GET":
            return thread
        if method == "DELETE":
            store.threads.pop(thread_id)
            return {"id": thread_id, "object": "thread.deleted", "deleted": True}
        thread["metadata"] = body.get("metadata", thread["metadata"])
        return thread
    if parts[2] == "messages" and len(parts) == 3:
        if method == "POST":
            return _message(store, thread_id, body.get("role", "user"), body.get("content"))
        data = store.messages.get(thread_id, [])
        if query.get("run_id"):
            data = [m for m in data if m["run_id"] == query["run_id"]]
        return page(data, query)
    if parts[2] == "runs":
        if len(parts) == 3 and method == "POST":
            return public(_run(store, thread_id, body))
        run = store.runs.get(parts[3]) if len(parts) > 3 else None
        if run is None or run["thread_id"] != thread_id:
            raise not_found("No such run.")
        if len(parts) == 4 and method == "GET":
            _advance(store, run)
            return public(run)
        if len(parts) == 5 and parts[4] == "cancel":
            run["status"] = "cancelled"
            return public(run)
    raise not_found(f"Unknown route {method} /v1/{'/'.join(parts)}")
