"""Routes of /responses: create (plain, streamed, background), retrieve, cancel, delete, input_items.

A response is computed in full when created; `background=True` only hides the result until the
second retrieve, so that polling loops really loop (queued -> in_progress -> completed).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from . import conversations_routes, items, model, tools
from .errors import bad_request, not_found
from .sse import EventStream
from .store import Store, page


def _settings(store: Store, body: dict) -> Dict[str, Any]:
    prompt = body.get("prompt")
    if not body.get("model") and not prompt:
        raise bad_request("Missing required parameter: 'model'.", "model", "missing_required_parameter")
    # A prompt the server was not seeded with still answers, under a model name that shows its id.
    seeded = store.prompts.get(prompt["id"], {}) if prompt else {}
    return {
        "model": body.get("model") or seeded.get("model") or f"prompt:{(prompt or {}).get('id')}",
        "instructions": body.get("instructions") if body.get("instructions") is not None else seeded.get("instructions"),
        "tools": body.get("tools") if body.get("tools") is not None else seeded.get("tools") or [],
    }


def _history(store: Store, body: dict) -> List[dict]:
    conversation_id = conversations_routes.conversation_id(body.get("conversation"))
    if conversation_id:
        conversations_routes.get_conversation(store, conversation_id)
        return list(store.items[conversation_id])
    chain: List[dict] = []
    previous = body.get("previous_response_id")
    while previous:
        earlier = store.responses.get(previous)
        if earlier is None or earlier["status"] != "completed" or earlier["store"] is False:
            raise not_found(f"Previous response with id '{previous}' not found.")
        chain = earlier["_input"] + earlier["output"] + chain
        previous = earlier["previous_response_id"]
    return chain


def _output(store: Store, outcome: model.Outcome, settings: dict, user_text: str) -> List[dict]:
    if outcome.calls:
        return [{"type": "function_call", "id": store.new_id("fc"), "call_id": store.new_call_id(), "name": name,
                 "arguments": args, "status": "completed"} for name, args in outcome.calls]
    output: List[dict] = []
    if outcome.code:
        container = next((t.get("container") for t in settings["tools"] if t.get("type") == "code_interpreter"), None)
        output.append({"type": "code_interpreter_call", "id": store.new_id("ci"), "code": "print(42)",
                       "container_id": container if isinstance(container, str) else "cntr_auto",
                       "outputs": [{"type": "logs", "logs": "42"}], "status": "completed"})
    if outcome.searched:
        output.append({"type": "file_search_call", "id": store.new_id("fs"), "queries": [user_text],
                       "status": "completed", "results": None})
    annotations = []
    if outcome.citation:
        annotations = [{"type": "file_citation", "file_id": outcome.citation["id"],
                        "filename": outcome.citation["filename"], "index": len(outcome.text)}]
    output.append({"type": "message", "id": store.new_id("msg"), "role": "assistant", "status": "completed",
                   "content": [{"type": "output_text", "text": outcome.text, "annotations": annotations,
                                "logprobs": []}]})
    return output


def _included(output: List[dict], include: Any) -> List[dict]:
    """Code interpreter outputs come back only with include=["code_interpreter_call.outputs"], as on the real API."""
    if "code_interpreter_call.outputs" in (include or []):
        return output
    return [{**item, "outputs": None} if item["type"] == "code_interpreter_call" else item for item in output]


def create(store: Store, body: dict) -> Any:
    if body.get("conversation") and body.get("previous_response_id"):
        raise bad_request("Mutually exclusive parameters: Ensure you are only providing one of: "
                          "'previous_response_id' or 'conversation'.", "conversation", "mutually_exclusive_parameters")
    settings = _settings(store, body)
    settings["tools"] = tools.check_responses_tools(settings["tools"])
    choice = tools.responses_choice(body.get("tool_choice"))
    new_items = items.to_items(store, body.get("input"))
    prior = _history(store, body)
    items.check_outputs_answer_calls(prior, new_items)
    instructions = "\n".join(filter(None, [settings["instructions"], *items.developer_text(new_items)]))
    history = items.entries(prior + new_items)
    outcome = model.decide(
        settings["model"], instructions, tools.flat(settings["tools"]), history, choice,
        body.get("parallel_tool_calls", True) is not False, store.searchable_files,
        lambda file_id: store.file_bytes[file_id].decode(errors="replace"),
    )
    users = [e["text"] for e in history if e["kind"] == "user"]
    output = _included(_output(store, outcome, settings, users[-1] if users else ""), body.get("include"))
    conversation_id = conversations_routes.conversation_id(body.get("conversation"))
    response = {
        "id": store.new_id("resp"), "object": "response", "created_at": store.now(), "status": "completed",
        "background": bool(body.get("background")), "error": None, "incomplete_details": None,
        "instructions": settings["instructions"], "max_output_tokens": body.get("max_output_tokens"),
        "max_tool_calls": body.get("max_tool_calls"), "model": settings["model"], "output": output,
        "parallel_tool_calls": body.get("parallel_tool_calls", True),
        "previous_response_id": body.get("previous_response_id"), "prompt": body.get("prompt"),
        "reasoning": body.get("reasoning") or {"effort": None, "summary": None},
        "service_tier": body.get("service_tier") or "default", "store": body.get("store", True),
        "temperature": body.get("temperature", 1.0), "text": body.get("text") or {"format": {"type": "text"}},
        "tool_choice": body.get("tool_choice") or "auto", "tools": settings["tools"], "top_p": body.get("top_p", 1.0),
        "truncation": body.get("truncation") or "disabled", "user": body.get("user"),
        "metadata": body.get("metadata") or {},
        "conversation": {"id": conversation_id} if conversation_id else None,
        "usage": {"input_tokens": outcome.input_words, "output_tokens": outcome.output_words,
                  "total_tokens": outcome.input_words + outcome.output_words,
                  "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 0}},
        "_input": new_items, "_polls": 0,
    }
    store.responses[response["id"]] = response
    if response["background"] and not body.get("stream"):
        response["status"] = "queued"
        return public(response)
    _finish(store, response)
    if body.get("stream"):
        return stream_events(response)
    return public(response)


def _finish(store: Store, response: dict) -> None:
    response["status"] = "completed"
    if response["conversation"]:
        store.items[response["conversation"]["id"]].extend(response["_input"] + response["output"])


def public(response: dict) -> dict:
    shown = {k: v for k, v in response.items() if not k.startswith("_") and k != "store"}
    if response["status"] != "completed":  # the output of a background response shows only once it is done
        shown.update(output=[], usage=None)
    return shown


def stream_events(response: dict) -> EventStream:
    """The event sequence of a streamed response, with the payloads the SDK's stream helpers accumulate."""
    stream = EventStream()
    sequence = iter(range(1_000_000))

    def add(kind: str, **fields: Any) -> None:
        stream.add(kind, {"type": kind, "sequence_number": next(sequence), **fields})

    started = {**public(response), "status": "in_progress", "output": [], "usage": None}
    add("response.created", response=started)
    add("response.in_progress", response=started)
    for index, item in enumerate(response["output"]):
        if item["type"] == "message":
            add("response.output_item.added", output_index=index, item={**item, "status": "in_progress", "content": []})
            part = item["content"][0]
            empty = {**part, "text": "", "annotations": []}
            add("response.content_part.added", item_id=item["id"], output_index=index, content_index=0, part=empty)
            for chunk in re.findall(r"\S+\s*|\s+", part["text"]):
                add("response.output_text.delta", item_id=item["id"], output_index=index, content_index=0,
                    delta=chunk, logprobs=[])
            for number, annotation in enumerate(part["annotations"]):
                add("response.output_text.annotation.added", item_id=item["id"], output_index=index,
                    content_index=0, annotation_index=number, annotation=annotation)
            add("response.output_text.done", item_id=item["id"], output_index=index, content_index=0,
                text=part["text"], logprobs=[])
            add("response.content_part.done", item_id=item["id"], output_index=index, content_index=0, part=part)
        elif item["type"] == "function_call":
            add("response.output_item.added", output_index=index, item={**item, "status": "in_progress", "arguments": ""})
            add("response.function_call_arguments.delta", item_id=item["id"], output_index=index,
                delta=item["arguments"])
            add("response.function_call_arguments.done", item_id=item["id"], output_index=index,
                arguments=item["arguments"])
        elif item["type"] == "code_interpreter_call":
            add("response.output_item.added", output_index=index,
                item={**item, "status": "in_progress", "code": "", "outputs": None})
            add("response.code_interpreter_call.in_progress", item_id=item["id"], output_index=index)
            add("response.code_interpreter_call_code.delta", item_id=item["id"], output_index=index, delta=item["code"])
            add("response.code_interpreter_call_code.done", item_id=item["id"], output_index=index, code=item["code"])
            add("response.code_interpreter_call.interpreting", item_id=item["id"], output_index=index)
            add("response.code_interpreter_call.completed", item_id=item["id"], output_index=index)
        else:
            add("response.output_item.added", output_index=index, item={**item, "status": "in_progress"})
        add("response.output_item.done", output_index=index, item=item)
    add("response.completed", response=public(response))
    return stream


def _get(store: Store, response_id: str) -> dict:
    response = store.responses.get(response_id)
    if response is None or response["store"] is False:
        raise not_found(f"Response with id '{response_id}' not found.")
    return response


def _advance(store: Store, response: dict) -> None:
    if response["status"] == "queued":
        response["status"] = "in_progress"
    elif response["status"] == "in_progress":
        _finish(store, response)


def route(store: Store, method: str, parts: List[str], body: Dict[str, Any], query: Dict[str, str]) -> Any:
    if len(parts) == 1:
        return create(store, body) if method == "POST" else None
    response = _get(store, parts[1])
    action = parts[2:]
    if not action:
        if method == "GET":
            _advance(store, response)
            if query.get("stream") == "true":
                return stream_events(response)
            return public(response)
        if method == "DELETE":
            del store.responses[response["id"]]
            return {"id": response["id"], "object": "response.deleted", "deleted": True}
    if action == ["cancel"] and method == "POST":
        if not response["background"]:
            raise bad_request("Only responses created with background=true can be cancelled.")
        if response["status"] in ("queued", "in_progress"):
            response["status"] = "cancelled"
            response["output"] = []
        return public(response)
    if action == ["input_items"] and method == "GET":
        return page(response["_input"], query)
    return None
