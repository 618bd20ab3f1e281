"""Assistants API methods and resources named but not called, and what a person does about them.

    create_run = client.beta.threads.runs.create
    await sync_to_async(client.beta.threads.messages.create)(thread_id=t, role="user", content=q)

The rules rewrite calls only: each of these stays on the Assistants API until a person migrates
the call it stands for. `audit` lists them as uses; `apply` marks their statements
(`[referenced]`), so that a use the tool leaves always carries a marker.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

import libcst as cst

from transforms import api
from transforms.leftovers import MESSAGES

CODE = "referenced"
# `openai.types.beta.threads.Run`, `openai.resources.beta.threads.Runs`: module paths, not a client.
_MODULE_PATHS = ("types", "resources")


def reference(node: cst.Attribute) -> Optional[Tuple[cst.BaseExpression, Tuple[str, ...]]]:
    """(receiver, path after .beta without wrappers) for `<receiver>.beta.<resource>...`, else None."""
    names: List[str] = []
    current: cst.BaseExpression = node
    while isinstance(current, cst.Attribute):
        names.append(current.attr.value)
        if current.attr.value == "beta" and len(names) > 1:
            path = tuple(reversed(names[:-1]))
            if path[0] not in api.RESOURCES:
                return None
            receiver = current.value
            if isinstance(receiver, cst.Attribute) and receiver.attr.value in _MODULE_PATHS:
                return None
            return receiver, tuple(p for p in path if p not in api.WRAPPERS)
        current = current.value
    return None


def message(node: cst.Attribute, path: Tuple[str, ...]) -> str:
    """What to do about the reference ``node`` to the method at ``path``."""
    dotted = ".".join(path)
    code = cst.Module(body=[]).code_for_node(node)
    what = MESSAGES.get(dotted, f"{dotted}: no automatic rewrite; see the migration reference")
    if path[0] == "vector_stores":
        what = f"{dotted}: moved out of beta, use client.{dotted}"
    return f"{code} is referenced, not called: only calls are rewritten, migrate the call it stands for by hand ({what})"


def outermost(node: cst.Attribute, parent: Optional[cst.CSTNode]) -> bool:
    """Whether ``node`` (under ``parent``) is a whole attribute chain that is not called."""
    if isinstance(parent, cst.Call) and parent.func is node:
        return False
    return not (isinstance(parent, cst.Attribute) and parent.value is node)


def in_module(facts) -> List[Tuple[cst.CSTNode, str]]:
    """(statement, marker text) for every Assistants reference the facts walk met (vector stores
    aside: that transform moves them)."""
    found = []
    for node in facts.w.attributes:
        if not outermost(node, facts.parent(node)):
            continue
        got = reference(node)
        if got is None or got[1][0] == "vector_stores":
            continue
        statement = facts.statement_of(node)
        if statement is not None:
            found.append((statement, message(node, got[1])))
    return found
