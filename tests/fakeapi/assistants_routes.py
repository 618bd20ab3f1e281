"""Routes of the Assistants family: /assistants, /threads, messages, runs, steps."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from . import runs, threads
from .errors import bad_request, not_found
from .sse import EventStream
from .store import Store, assistant_object, page


def _assistants(store: Store, method: str, parts: List[str], body: dict, query: dict) -> Any:
    if len(parts) == 1:
        if method == "POST":
            if not body.get("model"):
                raise bad_request("Missing required parameter: 'model'.", "model", "missing_required_parameter")
            assistant = assistant_object({"id": store.new_id("asst"), **body}, store.now())
            store.assistants[assistant["id"]] = assistant
            return assistant
        if method == "GET":
            return page(list(store.assistants.values()), query)
    elif len(parts) == 2:
        found = store.assistants.get(parts[1])
        if found is None:
            raise not_found(f"No assistant found with id '{parts[1]}'.")
        if method == "GET":
            return found
        if method == "DELETE":
            del store.assistants[parts[1]]
            return {"id": parts[1], "object": "assistant.deleted", "deleted": True}
        found.update(body)
        return found
    return None


def _messages(store: Store, method: str, thread_id: str, rest: List[str], body: dict, query: dict) -> Any:
    if not rest:
        if method == "POST":
            return threads.add_message(store, thread_id, body)
        data = store.messages.get(thread_id, [])
        if query.get("run_id"):
            data = [m for m in data if m["run_id"] == query["run_id"]]
        return page(data, query)
    message = threads.get_message(store, thread_id, rest[0])
    if method == "GET":
        return message
    if method == "DELETE":
        store.messages[thread_id].remove(message)
        return {"id": message["id"], "object": "thread.message.deleted", "deleted": True}
    message["metadata"] = body.get("metadata", message["metadata"])
    return message


def _start(store: Store, run: dict, body: dict, stream: Optional[EventStream] = None) -> Any:
    if not body.get("stream"):
        return runs.public(run)
    stream = stream or EventStream(done=True)
    runs.start_streaming(store, run, stream.add)
    return stream


def _runs(store: Store, method: str, thread_id: str, rest: List[str], body: dict, query: dict) -> Any:
    if not rest:
        if method == "POST":
            return _start(store, runs.create_run(store, thread_id, body), body)
        threads.get_thread(store, thread_id)
        return page([runs.public(r) for r in store.runs.values() if r["thread_id"] == thread_id], query)
    run = runs.get_run(store, thread_id, rest[0])
    action = rest[1:]
    if not action:
        if method == "GET":
            runs.advance(store, run)
        else:
            run["metadata"] = body.get("metadata", run["metadata"])
        return runs.public(run)
    if action == ["cancel"] and method == "POST":
        if run["status"] not in runs.ACTIVE:
            raise bad_request(f"Cannot cancel run with status '{run['status']}'.")
        run["status"] = "cancelling"
        return runs.public(run)
    if action == ["submit_tool_outputs"] and method == "POST":
        if not body.get("stream"):
            runs.submit_tool_outputs(store, run, body)
            return runs.public(run)
        stream = EventStream(done=True)
        runs.submit_tool_outputs(store, run, body, stream.add)
        return stream
    if action[0] == "steps" and method == "GET":
        steps = store.steps.get(run["id"], [])
        if len(action) == 1:
            return page(steps, query)
        for step in steps:
            if step["id"] == action[1]:
                return step
        raise not_found(f"No run step found with id '{action[1]}'.")
    return None


def route(store: Store, method: str, parts: List[str], body: Dict[str, Any], query: Dict[str, str]) -> Any:
    if parts[0] == "assistants":
        return _assistants(store, method, parts, body, query)
    if parts == ["threads"] and method == "POST":
        return threads.create_thread(store, body)
    if parts == ["threads", "runs"] and method == "POST":
        if body.get("assistant_id") not in store.assistants:
            raise not_found(f"No assistant found with id '{body.get('assistant_id')}'.")
        stream = EventStream(done=True) if body.get("stream") else None
        thread = threads.create_thread(store, dict(body.get("thread") or {}))
        if stream:
            stream.add("thread.created", thread)
        return _start(store, runs.create_run(store, thread["id"], body), body, stream)
    if len(parts) < 2:
        return None
    thread = threads.get_thread(store, parts[1])
    if len(parts) == 2:
        if method == "GET":
            return thread
        if method == "DELETE":
            del store.threads[thread["id"]]
            return {"id": thread["id"], "object": "thread.deleted", "deleted": True}
        thread["metadata"] = body.get("metadata", thread["metadata"])
        if body.get("tool_resources") is not None:
            thread["tool_resources"] = body["tool_resources"]
        return thread
    if parts[2] == "messages":
        return _messages(store, method, thread["id"], parts[3:], body, query)
    if parts[2] == "runs":
        return _runs(store, method, thread["id"], parts[3:], body, query)
    return None
