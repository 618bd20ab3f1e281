"""The newest message's text, read after a run, is the response's text.

    run = client.beta.threads.runs.create_and_poll(thread_id=t, assistant_id=a)
    messages = client.beta.threads.messages.list(thread_id=t)
    answer = messages.data[0].content[0].text.value
    ->  answer = run.output_text

Precondition: the list is read only as its newest message's first text (`data[0]` newest first,
or `data[-1]` oldest first without a limit), after a run on the same thread in the same function
whose response the code still holds, made in the foreground (a background response, as created,
has no output yet), with nothing between them that adds to the thread. Then the
newest message is the one the response wrote, and `output_text` is its text (the joined text of
its output, which is that one text block when the run wrote one message, as replies do).
"""

from __future__ import annotations

from typing import List, Optional

import libcst as cst

from transforms import build
from transforms.facts import kinds
from transforms.rules.context import Rewrite, code
from transforms.rules.runs import BACKGROUND
from transforms.simplify.common import RUNS, assigned_name, block_of, same_value, thread_of, whole_statement

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
        if run.api.method in BACKGROUND and planner.ctx.aliases.get(run, run) not in planner.ctx.foreground:
            # A background response as created has no output yet: the finished one is what a
            # poll of it returned, read where the code has checked that it completed.
            if not _polled_in_place(planner, holder, listing):
                holder = _completed_poll(planner, holder, listing)
                if holder is None:
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


def _polled_in_place(planner, holder: cst.BaseExpression, listing) -> bool:
    """`while ...: holder = runs.retrieve(..., run_id=holder.id)` that always runs before the listing
    (a statement of its block, or of a block around it, earlier than it) and leaves only on a test of
    `holder.status` alone (as create_and_poll returned: once the run stopped)."""
    facts = planner.facts
    if not isinstance(holder, cst.Name):
        return False
    name = holder.value
    for binding in facts.bindings(holder):
        loop = facts.parent(binding.statement) if binding.statement is not None else None
        while loop is not None and not isinstance(loop, (cst.While, cst.For, cst.FunctionDef)):
            loop = facts.parent(loop)
        if not isinstance(loop, cst.While) or facts.inside(listing.call, loop):
            continue
        body, index = block_of(facts, loop)
        if index < 0 or not any(facts.inside(listing.statement, later) for later in body[index + 1:]):
            continue  # not surely run before the listing
        value = binding.value.expression if isinstance(binding.value, cst.Await) else binding.value
        if _retrieves(planner, value, name) and _leaves_on_status(loop, name):
            return True
    return False


def _retrieves(planner, value: Optional[cst.BaseExpression], holder: str) -> bool:
    """``value`` is a rewritten `runs.retrieve(..., run_id=<holder>.id)`."""
    site = planner.facts.w.site_of_call.get(value) if isinstance(value, cst.Call) else None
    if site is None or site.api.path != ("threads", "runs", "retrieve") or not planner.converted(site):
        return False
    run_id = site.api.arg("run_id", 0)
    return run_id is not None and code(run_id.value).strip() == f"{holder}.id"


def _status_test(test: cst.BaseExpression, name: str) -> bool:
    """`name.status == "x"` / `!=` / `in (...)` / `not in (...)`, and nothing else."""
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1):
        return False
    left = test.left
    if not (isinstance(left, cst.Attribute) and left.attr.value == "status" and isinstance(left.value, cst.Name)
            and left.value.value == name):
        return False
    target = test.comparisons[0]
    if not isinstance(target.operator, (cst.Equal, cst.NotEqual, cst.In, cst.NotIn)):
        return False
    given = target.comparator
    values = [e.value for e in given.elements] if isinstance(given, (cst.Tuple, cst.List, cst.Set)) else [given]
    return bool(values) and all(build.literal_string(v) is not None for v in values)


def _leaves_on_status(loop: cst.While, name: str) -> bool:
    """The loop's test and each of its `break`s (in an `if` of its own) test `name.status` alone."""
    forever = isinstance(loop.test, cst.Name) and loop.test.value == "True"
    if not forever and not _status_test(loop.test, name):
        return False
    found: List[bool] = []

    class Breaks(cst.CSTVisitor):
        def __init__(self) -> None:
            super().__init__()
            self.tests: List[cst.BaseExpression] = []

        def visit_If(self, node: cst.If) -> None:
            self.tests.append(node.test)

        def leave_If(self, original_node: cst.If) -> None:
            self.tests.pop()

        def visit_Break(self, node: cst.Break) -> None:
            found.append(bool(self.tests) and _status_test(self.tests[-1], name))

        def visit_While(self, node: cst.While) -> bool:
            return False

        def visit_For(self, node: cst.For) -> bool:
            return False

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return False

    loop.body.visit(Breaks())
    return all(found) and (bool(found) or not forever)


def _completed_poll(planner, holder: cst.BaseExpression, listing) -> Optional[cst.Name]:
    """`poll` where the listing sits in `if poll.status == "completed":` and `poll` is, every time,
    `runs.retrieve(..., run_id=<holder>.id)` made in the listing's function (a polling loop's)."""
    facts = planner.facts
    function = facts.function_of(listing.call)
    node = facts.parent(listing.statement)
    while node is not None and node is not function:
        if isinstance(node, cst.If) and not facts.inside(listing.statement, node.orelse or node.test):
            poll = _completed_test(node.test)
            if poll is not None and _polls(planner, poll, holder, node, function):
                return poll
        node = facts.parent(node)
    return None


def _completed_test(test: cst.BaseExpression) -> Optional[cst.Name]:
    """`poll.status == "completed"` -> poll."""
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1
            and isinstance(test.comparisons[0].operator, cst.Equal)
            and build.literal_string(test.comparisons[0].comparator) == "completed"):
        return None
    left = test.left
    if isinstance(left, cst.Attribute) and left.attr.value == "status" and isinstance(left.value, cst.Name):
        return left.value
    return None


def _polls(planner, poll: cst.Name, holder: cst.BaseExpression, branch: cst.If, function) -> bool:
    """Every value `poll` has in the branch is a retrieve of the holder's run, bound before it."""
    facts = planner.facts
    found = facts.bindings(poll)
    if not found:
        return False
    for binding in found:
        if facts.function_of(binding.node) is not function or facts.inside(binding.node, branch):
            return False
        if not _retrieves(planner, binding.value, code(holder).strip()):
            return False
    return True


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
