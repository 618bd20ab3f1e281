"""Recognising Assistants API calls by their call chain, whatever the receiver.

`client.beta.threads.runs.create(...)`, `self.client.beta...`, `openai.beta...` and a client passed
in as a parameter all end in the same chain: `<receiver>.beta.<resource>...<method>(...)`.
The chain is distinctive; what can still look like it (a local object with a `.beta` attribute)
is ruled out by asking scope analysis what the receiver's name is bound to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Mapping, Optional, Tuple

import libcst as cst
from libcst.metadata import Assignment, Scope

RESOURCES = ("threads", "assistants", "vector_stores")
WRAPPERS = ("with_raw_response", "with_streaming_response")


@dataclass(frozen=True)
class ApiCall:
    call: cst.Call
    receiver: cst.BaseExpression
    # Resource path after `.beta`, method last: ("threads", "runs", "create").
    path: Tuple[str, ...]
    wrapper: Optional[str] = None

    @property
    def method(self) -> str:
        return self.path[-1]

    @property
    def resource(self) -> Tuple[str, ...]:
        return self.path[:-1]

    def is_(self, *dotted: str) -> bool:
        return ".".join(self.path) in dotted

    def arg(self, name: str, position: Optional[int] = None) -> Optional[cst.Arg]:
        for index, arg in enumerate(self.call.args):
            if arg.keyword is not None and arg.keyword.value == name:
                return arg
            if arg.keyword is None and arg.star == "" and position is not None and index == position:
                return arg
        return None

    def has_star_args(self) -> bool:
        return any(arg.star for arg in self.call.args)


def attribute_chain(node: cst.BaseExpression) -> Tuple[Optional[cst.BaseExpression], Tuple[str, ...]]:
    """(base, names) for `a.b.c` -> (Name a, ("b", "c")); base None when the chain is not plain."""
    names = []
    while isinstance(node, cst.Attribute):
        names.append(node.attr.value)
        node = node.value
    return node, tuple(reversed(names))


def match(call: cst.Call) -> Optional[ApiCall]:
    func = call.func
    names = []
    while isinstance(func, cst.Attribute):
        names.append(func.attr.value)
        if func.attr.value == "beta" and len(names) > 1:
            path = tuple(reversed(names[:-1]))
            if path[0] not in RESOURCES:
                return None
            wrapper = next((w for w in WRAPPERS if w in path), None)
            path = tuple(p for p in path if p not in WRAPPERS)
            return ApiCall(call=call, receiver=func.value, path=path, wrapper=wrapper)
        func = func.value
    return None


def receiver_base(receiver: cst.BaseExpression) -> Optional[cst.Name]:
    """The name a receiver starts from: `client`, `self` in `self.client`, `openai`."""
    while isinstance(receiver, (cst.Attribute, cst.Subscript)):
        receiver = receiver.value
    return receiver if isinstance(receiver, cst.Name) else None


def is_look_alike(
    api: ApiCall,
    scope: Optional[Scope],
    local_classes: Collection[str],
    values: Mapping[cst.CSTNode, cst.BaseExpression],
) -> bool:
    """True when the receiver is provably not an OpenAI client.

    Only a plain name whose every binding in reach is a class defined in this module, an
    instance of one, or a literal counts; parameters, attributes (`self.client`), imports and
    anything unknown are taken as clients, because the `.beta.threads` chain says so.
    """
    if not isinstance(api.receiver, cst.Name) or scope is None:
        return False
    name = api.receiver.value
    if name not in scope:
        return False
    assignments = list(scope[name])
    if not assignments:
        return False
    for assignment in assignments:
        if not isinstance(assignment, Assignment):
            return False
        node = assignment.node
        if isinstance(node, cst.ClassDef):
            continue
        value = values.get(node)
        if value is None:
            return False
        if isinstance(value, (cst.Dict, cst.List, cst.Tuple, cst.Set, cst.SimpleString, cst.Integer)):
            continue
        if isinstance(value, cst.Call):
            base, names = attribute_chain(value.func)
            callee = names[-1] if names else (base.value if isinstance(base, cst.Name) else None)
            if callee in local_classes or callee in ("SimpleNamespace", "Mock", "MagicMock", "AsyncMock"):
                continue
        return False
    return True

