"""`client.beta.vector_stores` moved out of beta: the same calls, one attribute shorter.

    vs = client.beta.vector_stores.create(name="docs")
    ->  vs = client.vector_stores.create(name="docs")
"""

from __future__ import annotations

import libcst as cst

from transforms.facts.walk import ApiSite
from transforms.rules.context import Context, Rewrite

NAME = "vector-stores"


def rewrite(site: ApiSite, ctx: Context) -> Rewrite:
    return Rewrite(unbeta)


def unbeta(node: cst.CSTNode) -> cst.CSTNode:
    """``node`` (a call, an awaited call or an attribute chain) without the `.beta` link of its chain."""
    if isinstance(node, cst.Await):
        return node.with_changes(expression=unbeta(node.expression))
    if isinstance(node, cst.Call):
        return node.with_changes(func=unbeta(node.func))
    if isinstance(node, cst.Attribute):
        if node.attr.value == "beta":
            return node.value
        return node.with_changes(value=unbeta(node.value))
    return node
