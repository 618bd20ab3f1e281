"""Recognising Assistants API calls by their call chain, whatever the receiver.

`client.beta.threads.runs.create(...)`, `self.client.beta...`, `openai.beta...` and a client passed
in as a parameter all end in the same chain: `<receiver>.beta.<resource>...<method>(...)`.
The chain is distinctive; what can still look like it (a local object with a `.beta` attribute)
is ruled out by the facts, from what the receiver's name is bound to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

import libcst as cst

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
