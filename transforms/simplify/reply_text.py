"""The newest message's text, read after a run, is the response's text.

    run = client.beta.threads.runs.create_and_poll(thread_id=t, assistant_id=a)
    messages = client.beta.threads.messages.list(thread_id=t)
    answer = messages.data[0].content[0].text.value
    ->  answer = run.output_text

Precondition: the list is read only as its newest message's first text (`data[0]` newest first,
or `data[-1]` oldest first without a limit), after a run on the same thread in the same function
whose response the code still holds, with nothing between them that adds to the thread. Then the
newest message is the one the response wrote, and `output_text` is its text (the joined text of
its output, which is that one text block when the run wrote one message, as replies do).
"""

from __future__ import annotations

from typing import List, Optional

import libcst as cst

from transforms import build
from transforms.facts import kinds
from transforms.rules.context import Rewrite, code
from transforms.simplify.common import RUNS, SUBMITS, assigned_name, block_of, same_value, thread_of, whole_statement

NAME = "reply-text"
SUMMARY = "the newest message's text read after a run becomes the response's output_text, and the message list goes"
_ADDS = {("threads", "messages", "create"), *RUNS, ("threads", "runs", "stream"), ("threads", "runs", "create_and_stream")}


def simplify(planner) -> None:
    facts = planner.facts
    for listing in facts.sites:
        if listing.api.path != ("threads", "messages", "list") or not planner.converted(listing):
            continue
        order = _order(listing)
        if order is None:
            continue
        run = _run_before(planner, listing)
        if run is None:
            continue
        holder = assigned_name(facts, run)
        if holder is None or not _holds_the_run(planner, holder, listing):
            continue
        chains = _chains(planner, listing, order)
        if chains is None:
            continue
        tops, removed = chains
        decision = planner.decisions[listing]
        assert isinstance(decision, Rewrite)
        text = code(holder) + ".output_text"
        for top in tops:
            decision.edits[top] = lambda updated, text=text: cst.parse_expression(text)
            planner.gone.add(top)
        if removed is not None:
            decision.edits[removed] = None
            planner.gone.add(removed)
        decision.notes = []


def _order(listing) -> Optional[int]:
    """The index of the newest message in the page: 0 newest first, -1 oldest first (no limit)."""
    given = {a.keyword.value for a in listing.call.args if a.keyword is not None}
    if any(a.star for a in listing.call.args) or given - {"thread_id", "order", "limit"}:
        return None
    order = listing.api.arg("order")
    text = build.literal_string(order.value) if order is not None else "desc"
    if text == "desc":
        return 0
    if text == "asc" and "limit" not in given:
        return -1
    return None


def _run_before(planner, listing):
    """The last run on the listing's thread, earlier in the same function, in a block the listing is in."""
    facts = planner.facts
    thread = thread_of(listing)
    function = facts.function_of(listing.call)
    best = None
    for site in facts.sites:
        if site.order >= listing.order or facts.function_of(site.call) is not function:
            continue
        if site.api.path in _ADDS and same_value(facts, thread_of(site), thread):
            best = site
    if best is None or best.api.path not in RUNS or not planner.converted(best):
        return None
    body, index = block_of(facts, best.statement)
    if index < 0:
        return None
    if not any(facts.inside(listing.statement, later) for later in body[index + 1:]):
        return None
    return best


def _holds_the_run(planner, holder: cst.BaseExpression, listing) -> bool:
    """Every value the name takes in the function is the run's response (or a later one of the same run)."""
    facts = planner.facts
    if not isinstance(holder, cst.Name):
        return False
    for binding in facts.bindings(holder):
        typed = facts.binding_kind(binding)
        if typed is None or typed.kind != kinds.RUN or typed.external:
            return False
        if not all(planner.converted(s) for s in typed.sites):
            return False
    return True


def _chains(planner, listing, index: int):
    """The outermost nodes of `<page>.data[index].content[0].text.value` for every read of the page,
    and the statement to remove (the page's assignment); None when the page is read otherwise."""
    facts = planner.facts
    small = whole_statement(facts, listing)
    if small is None or isinstance(small, cst.Expr):
        top = _chain(facts, listing.value, index)
        return ([top], None) if top is not None else None
    target = small.targets[0].target
    if not isinstance(target, cst.Name):
        return None
    binding = facts.w.bindings_at.get(target)
    if binding is None or len(binding.scope.bindings.get(target.value, [])) != 1:
        return None
    reads = facts.reads_of(binding)
    tops: List[cst.CSTNode] = []
    for read in reads:
        top = _chain(facts, read, index)
        if top is None:
            return None
        tops.append(top)
    if not tops:
        return None
    return tops, listing.statement


def _chain(facts, node: cst.CSTNode, index: int) -> Optional[cst.CSTNode]:
    """`node.data[index].content[0].text.value` -> its `.value` node."""
    steps = (("attr", "data"), ("index", index), ("attr", "content"), ("index", 0), ("attr", "text"), ("attr", "value"))
    current = node
    for kind, want in steps:
        parent = facts.parent(current)
        if kind == "attr":
            if not (isinstance(parent, cst.Attribute) and parent.value is current and parent.attr.value == want):
                return None
        else:
            if not (isinstance(parent, cst.Subscript) and parent.value is current and len(parent.slice) == 1):
                return None
            part = parent.slice[0].slice
            if not isinstance(part, cst.Index) or _integer(part.value) != want:
                return None
        current = parent
    return current


def _integer(node: cst.BaseExpression) -> Optional[int]:
    if isinstance(node, cst.Integer):
        return int(node.value)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus) and isinstance(node.expression, cst.Integer):
        return -int(node.expression.value)
    return None
