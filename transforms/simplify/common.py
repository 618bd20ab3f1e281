"""What the simplifications ask of the facts: a call's thread, whether two expressions name the same
value, where a statement sits in its block, and the sites they work on."""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

import libcst as cst

from transforms.facts import Facts
from transforms.facts.walk import ApiSite
from transforms.rules.context import code

RUNS = {("threads", "runs", "create"), ("threads", "runs", "create_and_poll")}
STREAMS = {("threads", "runs", "stream"), ("threads", "runs", "create_and_stream")}
SUBMITS = {("threads", "runs", "submit_tool_outputs"), ("threads", "runs", "submit_tool_outputs_and_poll")}


def thread_of(site: ApiSite) -> Optional[cst.BaseExpression]:
    """The thread ID expression a thread-bound call names (keyword, or first positional)."""
    position = 0 if site.api.path[:2] == ("threads", "messages") and site.api.method in ("create", "list") else None
    if site.api.path[:2] == ("threads", "runs") and site.api.method == "create":
        position = 0
    found = site.api.arg("thread_id", position)
    return found.value if found is not None else None


def same_value(facts: Facts, a: Optional[cst.BaseExpression], b: Optional[cst.BaseExpression]) -> bool:
    """True when ``a`` and ``b`` are the same expression of the same names (the same bindings)."""
    if a is None or b is None or code(a) != code(b):
        return False
    return [id(x) for x in _root_bindings(facts, a)] == [id(x) for x in _root_bindings(facts, b)]


def _root_bindings(facts: Facts, node: cst.BaseExpression):
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        node = node.value
    if isinstance(node, cst.Name):
        return facts.bindings(node)
    return []


def block_of(facts: Facts, statement: cst.CSTNode) -> Tuple[Sequence[cst.CSTNode], int]:
    """The statements of the block ``statement`` is in, and its index there; ((), -1) when it is
    not directly in a block (a one-line suite)."""
    parent = facts.parent(statement)
    body = parent.body if isinstance(parent, (cst.IndentedBlock, cst.Module)) else ()
    for index, item in enumerate(body):
        if item is statement:
            return body, index
    return (), -1


def whole_statement(facts: Facts, site: ApiSite) -> Optional[cst.BaseSmallStatement]:
    """The small statement that is just the call (`x = call` or `call`), when it is alone on its line."""
    statement = site.statement
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if isinstance(small, cst.Expr) and small.value is site.value:
        return small
    if isinstance(small, cst.Assign) and small.value is site.value and len(small.targets) == 1:
        return small
    return None


def assigned_name(facts: Facts, site: ApiSite) -> Optional[cst.BaseExpression]:
    """`name` (or `self.attr`) in `name = <call>`."""
    small = whole_statement(facts, site)
    if isinstance(small, cst.Assign):
        target = small.targets[0].target
        if isinstance(target, cst.Name) or facts.self_attr(target) is not None:
            return target
    return None


def inside_any(facts: Facts, node: cst.CSTNode, roots: Sequence[cst.CSTNode]) -> bool:
    return any(facts.inside(node, root) for root in roots)


def edits_inside(planner, node: cst.CSTNode) -> bool:
    """Whether some read edit lies inside ``node`` (then its original text cannot be moved as is)."""
    return any(planner.facts.inside(target, node) for target in planner.read_edits)


def sites_in(planner, statements: Sequence[cst.CSTNode]) -> List[ApiSite]:
    return [s for s in planner.facts.sites if any(s.statement is st or planner.facts.inside(s.statement, st) for st in statements)]
