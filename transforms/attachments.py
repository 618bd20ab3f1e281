"""Message attachments on a one-shot thread, carried by the tools of the response that replaces its run.

    messages.create(..., attachments=[{"file_id": f, "tools": [{"type": "file_search"}]}]); runs.create_and_poll(...)
    ->  attached_files = client.vector_stores.create(expires_after=...); ...file_batches.create_and_poll(..., file_ids=[f])
    ->  responses.create(tools=[{"type": "file_search", "vector_store_ids": [..., attached_files.id]}], ...)

A run saw a message's attachments through its thread: files for file_search went into a vector
store the thread got for them (expiring 7 days after last use), files for code_interpreter
joined its files. Responses has neither thread nor attachments, so the rewrite makes that vector
store itself, waits until its files are indexed (a run waited too), and gives both kinds of file
to the response's tools as thread tool_resources are given (thread_resources). Only one-shot
threads: a conversation keeps no files, so later turns of a kept thread would lose them.
"""

from __future__ import annotations

from typing import Dict, List, Union

import libcst as cst

from transforms import build
from transforms.convert import Blocked

KINDS = ("file_search", "code_interpreter")
# What the Assistants API gave the vector store it made for a thread's attachments.
EXPIRES_AFTER = (("anchor", "last_active_at"), ("days", 7))
STORE_NAMES = ("attached_files", "attached_files_store")


def files(node: cst.BaseExpression) -> Union[Dict[str, List[cst.BaseExpression]], Blocked]:
    """`[{"file_id": f, "tools": [{"type": "file_search"}, ...]}, ...]` -> tool kind -> the file ids."""
    if isinstance(node, cst.ListComp):
        # The files may be none at run time, and then there is nothing to fill a vector store
        # with (a batch needs files); a run just had no attachments.
        return Blocked("message attachments built by a comprehension (maybe none at run time): give each response's tools the files by hand")
    if not isinstance(node, (cst.List, cst.Tuple)):
        return Blocked("message attachments that are not a literal list: give each response's tools the files by hand")
    found: Dict[str, List[cst.BaseExpression]] = {}
    for element in node.elements:
        if not isinstance(element, cst.Element):
            return Blocked("message attachments built with * unpacking: give each response's tools the files by hand")
        kinds = _kinds(element.value)
        if isinstance(kinds, Blocked):
            return kinds
        file_id = build.dict_literal_items(element.value)["file_id"]  # type: ignore[index]  # checked by _kinds
        if not _plain(file_id):
            # It is read again by every response of a tool loop, and by the store's batch.
            return Blocked("a message attachment whose file id is computed (a call, an operation): bind it to a name first")
        for kind in kinds:
            found.setdefault(kind, []).append(file_id)
    return found


def _plain(node: cst.BaseExpression) -> bool:
    """A name, a string, or attributes and constant subscripts of those: reading it twice gives the same id."""
    if isinstance(node, (cst.Name, cst.SimpleString)):
        return True
    if isinstance(node, cst.Attribute):
        return _plain(node.value)
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        index = node.slice[0].slice.value
        return _plain(node.value) and isinstance(index, (cst.Integer, cst.SimpleString, cst.Name))
    return False


def _kinds(node: cst.BaseExpression) -> Union[List[str], Blocked]:
    """The tools of one literal `{"file_id": ..., "tools": [{"type": ...}, ...]}` attachment."""
    items = build.dict_literal_items(node)
    if items is None or set(items) != {"file_id", "tools"}:
        return Blocked("a message attachment other than a literal {'file_id': ..., 'tools': [...]}: give each response's tools the file by hand")
    tools = items["tools"]
    kinds: List[str] = []
    for tool in tools.elements if isinstance(tools, (cst.List, cst.Tuple)) else [None]:
        spec = build.dict_literal_items(tool.value) if isinstance(tool, cst.Element) else None
        kind = build.literal_string(spec.get("type")) if spec is not None and set(spec) == {"type"} else None
        if kind not in KINDS:
            return Blocked("a message attachment whose tools are not a literal list of {'type': 'file_search' | 'code_interpreter'}")
        if kind not in kinds:
            kinds.append(kind)
    if not kinds:
        return Blocked("a message attachment for no tool: the run could not read it either; drop it or give it a tool")
    return kinds


def resources(found: Dict[str, List[cst.BaseExpression]], store: str) -> Dict[str, cst.BaseExpression]:
    """As a thread's tool_resources: the new vector store for file_search, the files for code_interpreter."""
    out: Dict[str, cst.BaseExpression] = {}
    if "file_search" in found:
        out["file_search"] = build.list_of([build.attr(store, "id")])
    if "code_interpreter" in found:
        out["code_interpreter"] = build.list_of([f.deep_clone() for f in found["code_interpreter"]])
    return out


def store_statements(
    receiver: cst.BaseExpression, store: str, file_ids: List[cst.BaseExpression], awaited: bool
) -> List[cst.BaseStatement]:
    """The vector store the thread got for its attachments, filled and indexed before the response."""
    stores = build.attr(receiver.deep_clone(), "vector_stores")
    expires = build.dict_of([(k, build.string(v) if isinstance(v, str) else cst.Integer(str(v))) for k, v in EXPIRES_AFTER])
    create = build.call(build.attr(stores, "create"), [build.kwarg("expires_after", expires)])
    fill = build.call(
        build.attr(stores.deep_clone(), "file_batches", "create_and_poll"),
        [build.kwarg("vector_store_id", build.attr(store, "id")), build.kwarg("file_ids", build.list_of([f.deep_clone() for f in file_ids]))],
    )
    return [
        build.line(build.assign(store, build.maybe_await(create, awaited))),
        build.line(cst.Expr(build.maybe_await(fill, awaited))),
    ]
