"""Runs and run steps: queued -> in_progress -> completed (or requires_action) over successive retrieves.

A run does its work in `execute`, which both the polling path (second retrieve) and the streaming
path (at once) call; `emit` receives the stream events and is a no-op when nobody streams.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Dict, List, Optional

from . import model, threads, tools
from .errors import bad_request, not_found
from .store import Store

ACTIVE = ("queued", "in_progress", "requires_action", "cancelling")
Emit = Callable[[str, Any], None]


def _quiet(name: str, data: Any) -> None:
    pass


def _vector_store_ids(*resources: Optional[dict]) -> List[str]:
    ids: List[str] = []
    for resource in resources:
        for store_id in ((resource or {}).get("file_search") or {}).get("vector_store_ids") or []:
            if store_id not in ids:
                ids.append(store_id)
    return ids


def create_run(store: Store, thread_id: str, body: dict) -> dict:
    thread = threads.get_thread(store, thread_id)
    assistant_id = body.get("assistant_id")
    assistant = store.assistants.get(str(assistant_id))
    if assistant is None:
        raise not_found(f"No assistant found with id '{assistant_id}'.")
    if any(r["status"] in ACTIVE for r in store.runs.values() if r["thread_id"] == thread_id):
        raise bad_request(f"Thread {thread_id} already has an active run.")
    for message in body.get("additional_messages") or []:
        threads.add_message(store, thread_id, message)
    instructions = body["instructions"] if body.get("instructions") is not None else assistant.get("instructions")
    if body.get("additional_instructions"):
        instructions = f"{instructions or ''}\n\n{body['additional_instructions']}"
    run_tools = body.get("tools") if body.get("tools") is not None else assistant.get("tools") or []
    run = {
        "id": store.new_id("run"), "object": "thread.run", "created_at": store.now(), "thread_id": thread_id,
        "assistant_id": assistant_id, "status": "queued", "model": body.get("model") or assistant["model"],
        "instructions": instructions or "", "tools": run_tools, "metadata": body.get("metadata") or {},
        "usage": None, "last_error": None, "required_action": None, "incomplete_details": None,
        "started_at": None, "completed_at": None, "cancelled_at": None, "failed_at": None,
        "expires_at": None, "max_completion_tokens": body.get("max_completion_tokens"),
        "max_prompt_tokens": body.get("max_prompt_tokens"),
        "parallel_tool_calls": body.get("parallel_tool_calls", True),
        "response_format": body.get("response_format") or assistant.get("response_format") or "auto",
        "tool_choice": body.get("tool_choice") or "auto",
        "truncation_strategy": body.get("truncation_strategy") or {"type": "auto", "last_messages": None},
        "temperature": body.get("temperature"), "top_p": body.get("top_p"),
        "_store_ids": _vector_store_ids(assistant.get("tool_resources"), thread.get("tool_resources"),
                                        body.get("tool_resources")),
        "_calls": [], "_outputs": [],
    }
    store.runs[run["id"]] = run
    store.steps[run["id"]] = []
    return run


def get_run(store: Store, thread_id: str, run_id: str) -> dict:
    run = store.runs.get(run_id)
    if run is None or run["thread_id"] != thread_id:
        raise not_found(f"No run found with id '{run_id}'.")
    return run


def public(record: dict) -> dict:
    return {k: v for k, v in record.items() if not k.startswith("_")}


def advance(store: Store, run: dict) -> None:
    """One step per retrieve, so that polling loops really loop."""
    if run["status"] == "queued":
        run["status"] = "in_progress"
        run["started_at"] = run["started_at"] or store.now()
    elif run["status"] == "in_progress":
        execute(store, run)
    elif run["status"] == "cancelling":
        run["status"] = "cancelled"
        run["cancelled_at"] = store.now()


def start_streaming(store: Store, run: dict, emit: Emit) -> None:
    emit("thread.run.created", public(run))
    emit("thread.run.queued", public(run))
    run["status"] = "in_progress"
    run["started_at"] = store.now()
    emit("thread.run.in_progress", public(run))
    execute(store, run, emit)


def _step(store: Store, run: dict, kind: str, details: dict) -> dict:
    step = {
        "id": store.new_id("step"), "object": "thread.run.step", "created_at": store.now(), "run_id": run["id"],
        "assistant_id": run["assistant_id"], "thread_id": run["thread_id"], "type": kind, "status": "in_progress",
        "step_details": details, "last_error": None, "cancelled_at": None, "completed_at": None,
        "expired_at": None, "failed_at": None, "metadata": None, "usage": None,
    }
    store.steps[run["id"]].append(step)
    return step


def _complete_step(store: Store, step: dict, emit: Emit) -> None:
    step["status"] = "completed"
    step["completed_at"] = store.now()
    emit("thread.run.step.completed", step)


def _tool_step(store: Store, run: dict, calls: List[dict], emit: Emit) -> dict:
    """A tool_calls step, streamed as the SDK expects: created empty, one delta per call."""
    step = _step(store, run, "tool_calls", {"type": "tool_calls", "tool_calls": []})
    emit("thread.run.step.created", step)
    emit("thread.run.step.in_progress", step)
    def delta(tool_call: dict) -> None:
        emit("thread.run.step.delta", {"id": step["id"], "object": "thread.run.step.delta",
                                       "delta": {"step_details": {"type": "tool_calls", "tool_calls": [tool_call]}}})

    for index, call in enumerate(calls):
        if call["type"] == "code_interpreter":
            # As the real API streams it: the call first (the SDK's on_tool_call_created), then the
            # code, then the outputs (on_tool_call_delta), which carry their position in deltas.
            code = call["code_interpreter"]
            delta({"index": index, "id": call["id"], "type": "code_interpreter",
                   "code_interpreter": {"input": "", "outputs": []}})
            delta({"index": index, "type": "code_interpreter", "code_interpreter": {"input": code["input"]}})
            delta({"index": index, "type": "code_interpreter", "code_interpreter": {
                "outputs": [{"index": i, **o} for i, o in enumerate(code["outputs"])]}})
            continue
        delta({"index": index, **call})
    step["step_details"]["tool_calls"] = calls
    return step


def execute(store: Store, run: dict, emit: Emit = _quiet) -> None:
    entries = threads.history(store, run["thread_id"])
    entries += [{"kind": "call", **c} for c in run["_calls"]] + [{"kind": "output", **o} for o in run["_outputs"]]
    outcome = model.decide(
        run["model"], run["instructions"], tools.from_assistants(run["tools"], run["_store_ids"]), entries,
        tools.assistants_choice(run["tool_choice"]), run["parallel_tool_calls"],
        store.searchable_files, lambda file_id: store.file_bytes[file_id].decode(errors="replace"),
    )
    if outcome.calls:
        _require_action(store, run, outcome, emit)
        return
    if outcome.code:
        call = {"id": store.new_id("call"), "type": "code_interpreter",
                "code_interpreter": {"input": "print(42)", "outputs": [{"type": "logs", "logs": "42"}]}}
        _complete_step(store, _tool_step(store, run, [call], emit), emit)
    if outcome.searched:
        call = {"id": store.new_id("call"), "type": "file_search",
                "file_search": {"ranking_options": {"ranker": "auto", "score_threshold": 0.0}, "results": []}}
        _complete_step(store, _tool_step(store, run, [call], emit), emit)
    _write_message(store, run, outcome, emit)
    run["status"] = "completed"
    run["completed_at"] = store.now()
    run["usage"] = {"prompt_tokens": outcome.input_words, "completion_tokens": outcome.output_words,
                    "total_tokens": outcome.input_words + outcome.output_words}
    emit("thread.run.completed", public(run))


def _require_action(store: Store, run: dict, outcome: model.Outcome, emit: Emit) -> None:
    run["_calls"] = [{"call_id": store.new_call_id(), "name": name, "arguments": args} for name, args in outcome.calls]
    required = [{"id": c["call_id"], "type": "function", "function": {"name": c["name"], "arguments": c["arguments"]}}
                for c in run["_calls"]]
    steps = [{**c, "function": {**c["function"], "output": None}} for c in required]
    run["_tool_step"] = _tool_step(store, run, steps, emit)
    run["status"] = "requires_action"
    run["required_action"] = {"type": "submit_tool_outputs", "submit_tool_outputs": {"tool_calls": required}}
    emit("thread.run.requires_action", public(run))


def submit_tool_outputs(store: Store, run: dict, body: dict, emit: Optional[Emit] = None) -> None:
    if run["status"] != "requires_action":
        raise bad_request(f"Runs in status \"{run['status']}\" do not accept tool outputs.")
    given: Dict[str, str] = {o.get("tool_call_id"): o.get("output", "") for o in body.get("tool_outputs") or []}
    expected = [c["call_id"] for c in run["_calls"]]
    if sorted(given) != sorted(expected):
        raise bad_request(f"Expected tool outputs for call_ids {expected}, got {sorted(given)}.", "tool_outputs")
    run["_outputs"] = [{"call_id": c, "output": given[c]} for c in expected]
    step = run.pop("_tool_step")
    for call in step["step_details"]["tool_calls"]:
        call["function"]["output"] = given[call["id"]]
    run["required_action"] = None
    run["status"] = "queued"
    if emit is None:
        _complete_step(store, step, _quiet)
        return
    _complete_step(store, step, emit)
    emit("thread.run.queued", public(run))
    run["status"] = "in_progress"
    emit("thread.run.in_progress", public(run))
    execute(store, run, emit)


def _write_message(store: Store, run: dict, outcome: model.Outcome, emit: Emit) -> None:
    text = outcome.text
    annotations: List[Dict[str, Any]] = []
    if outcome.citation:
        placeholder = f"【0†{outcome.citation['filename']}】"
        annotations = [{"type": "file_citation", "text": placeholder, "start_index": len(text),
                        "end_index": len(text) + len(placeholder),
                        "file_citation": {"file_id": outcome.citation["id"]}}]
        text += placeholder
    message = threads.add_message(store, run["thread_id"], {"role": "assistant"}, run=run, blocks=[])
    step = _step(store, run, "message_creation", {"type": "message_creation",
                                                  "message_creation": {"message_id": message["id"]}})
    emit("thread.run.step.created", step)
    emit("thread.run.step.in_progress", step)
    message["status"] = "in_progress"
    emit("thread.message.created", message)
    emit("thread.message.in_progress", message)
    for chunk in re.findall(r"\S+\s*|\s+", outcome.text):
        emit("thread.message.delta", {"id": message["id"], "object": "thread.message.delta",
                                      "delta": {"content": [{"index": 0, "type": "text", "text": {"value": chunk}}]}})
    if annotations:
        delta_annotation = {"index": 0, **annotations[0],
                            "file_citation": {**annotations[0]["file_citation"], "quote": ""}}
        emit("thread.message.delta", {"id": message["id"], "object": "thread.message.delta", "delta": {"content": [
            {"index": 0, "type": "text", "text": {"value": annotations[0]["text"], "annotations": [delta_annotation]}}]}})
    message["content"] = [threads.text_block(text, annotations)]
    message["status"] = "completed"
    message["completed_at"] = store.now()
    emit("thread.message.completed", message)
    _complete_step(store, step, emit)
