"""Loops and helpers whose only job is to wait for a run: they go, because a response is finished.

A loop counts as pure waiting when, besides re-reading the run, it only sleeps, prints or logs
progress, counts, and leaves by `break` or by raising on a timeout. Anything else in it (a
database write, a `return`, tool handling) would be lost with the loop, so it is not removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple, Union

import libcst as cst

from transforms import api

_LOG_METHODS = ("debug", "info", "warning", "warn", "error", "exception", "critical", "log", "write", "flush", "echo")


@dataclass(frozen=True)
class NotPolling:
    reason: str


def _callee_name(call: cst.Call) -> Optional[str]:
    func = call.func
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return None


def _is_sleep(expr: cst.BaseExpression) -> bool:
    if isinstance(expr, cst.Await):
        expr = expr.expression
    return isinstance(expr, cst.Call) and _callee_name(expr) == "sleep"


def _is_progress(expr: cst.BaseExpression) -> bool:
    if isinstance(expr, cst.Await):
        expr = expr.expression
    if not isinstance(expr, cst.Call):
        return False
    name = _callee_name(expr)
    return name == "print" or (isinstance(expr.func, cst.Attribute) and name in _LOG_METHODS)


def retrieves(stmt: cst.CSTNode, var: str) -> bool:
    """`var = <client>.beta.threads.runs.retrieve(...)` (or poll), awaited or not."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return False
    small = stmt.body[0]
    if not isinstance(small, cst.Assign) or len(small.targets) != 1:
        return False
    target = small.targets[0].target
    value = small.value.expression if isinstance(small.value, cst.Await) else small.value
    if not (isinstance(target, cst.Name) and target.value == var and isinstance(value, cst.Call)):
        return False
    found = api.match(value)
    return found is not None and found.is_("threads.runs.retrieve", "threads.runs.poll")


def mentions(node: cst.CSTNode, text: str) -> bool:
    return text in cst.Module(body=[]).code_for_node(node)


def _pure(
    stmts: Sequence[cst.BaseStatement], var: str, helper: bool = False, residue: Optional[List[cst.If]] = None
) -> Optional[str]:
    """None when every statement only waits; else what is not waiting.

    A top-level `if` on the run's status that reports the outcome (prints, raises, assigns) and
    then leaves the loop is not waiting, but it can be kept: run once on the finished response it
    does what the loop's last round did. Such ifs go to ``residue`` (a polling helper has none).
    """
    for stmt in stmts:
        if isinstance(stmt, cst.SimpleStatementLine):
            if retrieves(stmt, var):
                continue
            for small in stmt.body:
                if isinstance(small, (cst.Pass, cst.Break, cst.Continue)):
                    continue
                if helper and isinstance(small, cst.Return) and isinstance(small.value, cst.Name) and small.value.value == var:
                    continue  # a polling helper hands the finished run back
                if isinstance(small, cst.Expr) and (_is_sleep(small.value) or _is_progress(small.value)):
                    continue
                if isinstance(small, cst.AugAssign):
                    continue
                if isinstance(small, cst.Assign) and _is_clock_or_number(small.value):
                    continue  # timeout bookkeeping
                if isinstance(small, cst.Raise):
                    continue  # a timeout: the finished response needs none
                return "the loop does more than wait (" + _code(small)[:60] + ")"
        elif isinstance(stmt, cst.If) and ".status" in _code(stmt.test):
            verdict = _status_chain(stmt, var, helper)
            if isinstance(verdict, str):
                return verdict
            if verdict:
                if residue is None:
                    return "the polling helper reports the run's outcome: keep that check after the call"
                residue.append(stmt)
        elif isinstance(stmt, cst.If):
            for body in _branches(stmt):
                problem = _pure(body, var, helper, residue=None)
                if problem:
                    return problem
        else:
            return "the loop holds a nested block that does more than wait"
    return None


def only_waits(stmt: cst.BaseStatement, var: str) -> bool:
    """A statement of a polling loop that only waits (sleeps, re-reads, reports progress)."""
    return _pure([stmt], var, residue=None) is None


def _branches(stmt: cst.If) -> List[Sequence[cst.BaseStatement]]:
    """The bodies of an if / elif / else chain."""
    out = []
    node: Optional[cst.CSTNode] = stmt
    while node is not None:
        out.append(node.body.body)
        node = node.orelse if isinstance(node, cst.If) else None  # an Else ends the chain
    return out


def _status_chain(stmt: cst.If, var: str, helper: bool) -> Union[bool, str]:
    """For an if/elif/else on the run's status: False when it only waits or leaves the loop, True
    when it reports the outcome and then leaves, a reason when it cannot be replayed once.

    A branch that stays in the loop runs only while the run is unfinished, so sleeping and
    progress output there go with the loop; a branch that leaves runs on the final status.
    """
    reports = False
    for body in _branches(stmt):
        kinds = []
        for inner in body:
            if not isinstance(inner, cst.SimpleStatementLine):
                return "the polling loop nests blocks under a status check"
            if retrieves(inner, var):
                return "the polling loop re-reads the run under a status check"
            for small in inner.body:
                kind = type(small).__name__.lower()
                if helper and isinstance(small, cst.Return) and isinstance(small.value, cst.Name) and small.value.value == var:
                    kind = "break"
                elif isinstance(small, cst.Expr) and (_is_sleep(small.value) or _is_progress(small.value)):
                    kind = "wait"
                kinds.append(kind)
        leaves = bool(kinds) and kinds[-1] in ("break", "raise", "return")
        if not leaves:
            if all(kind in ("pass", "continue", "wait") for kind in kinds):
                continue  # waiting while unfinished
            return "a status check in the polling loop does something without leaving the loop"
        if any(kind not in ("pass", "break") for kind in kinds):
            reports = True
    return reports


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node).strip()


def _is_clock_or_number(value: cst.BaseExpression) -> bool:
    if isinstance(value, (cst.Integer, cst.Float)):
        return True
    return isinstance(value, cst.Call) and _callee_name(value) in ("time", "monotonic", "perf_counter") and not value.args


def is_timer(stmt: cst.CSTNode) -> bool:
    """`start = time.time()` (or monotonic, perf_counter, a number): a polling loop's bookkeeping."""
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Assign)
        and len(stmt.body[0].targets) == 1
        and isinstance(stmt.body[0].targets[0].target, cst.Name)
        and _is_clock_or_number(stmt.body[0].value)
    )


def is_status_test(test: cst.BaseExpression, var: str) -> bool:
    code = cst.Module(body=[]).code_for_node(test)
    return f"{var}.status" in code


@dataclass(frozen=True)
class Polling:
    """A loop that waits on a run; ``residue`` holds the status checks to keep after the call."""

    residue: Tuple[cst.If, ...] = ()


def polling_loop(loop: cst.CSTNode, var: str, helper: bool = False) -> Union[Polling, bool, NotPolling]:
    """Polling for a loop that only waits on run ``var``; False when it is not about ``var`` at all."""
    if not isinstance(loop, (cst.While, cst.For)):
        return False
    body = loop.body.body
    if not any(retrieves(stmt, var) for stmt in _flatten(body)) and _walrus_target(loop) != var:
        return False
    if isinstance(loop, cst.While) and not (
        is_status_test(loop.test, var)
        or (_walrus_target(loop) == var and ".status" in _code(loop.test))
        or _is_true(loop.test)
    ):
        return NotPolling("a loop re-reads the run under a condition that is not about its status")
    if mentions(loop, "requires_action"):
        return NotPolling("the polling loop handles requires_action (tool calls): migrate the tool loop by hand")
    if loop.orelse is not None:
        return NotPolling("the polling loop has an else clause")
    residue: List[cst.If] = []
    problem = _pure(body, var, helper, residue=None if helper else residue)
    if problem:
        return NotPolling(problem)
    return Polling(residue=tuple(residue))


def _is_true(test: cst.BaseExpression) -> bool:
    return (isinstance(test, cst.Name) and test.value == "True") or (isinstance(test, cst.Integer) and test.value == "1")


def _flatten(stmts: Sequence[cst.BaseStatement]) -> Sequence[cst.BaseStatement]:
    out = []
    for stmt in stmts:
        out.append(stmt)
        if isinstance(stmt, cst.If):
            for body in _branches(stmt):
                out.extend(_flatten(body))
    return out


def _returns_var(stmt: cst.BaseStatement, var: str) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and len(stmt.body) == 1
        and isinstance(stmt.body[0], cst.Return)
        and isinstance(stmt.body[0].value, cst.Name)
        and stmt.body[0].value.value == var
    )


def _retrieved_var(stmts: Sequence[cst.BaseStatement]) -> Optional[str]:
    for stmt in stmts:
        inner = stmt.body.body if isinstance(stmt, (cst.While, cst.For)) else [stmt]
        for candidate in _flatten(inner):
            if isinstance(candidate, cst.SimpleStatementLine) and isinstance(candidate.body[0], cst.Assign):
                target = candidate.body[0].targets[0].target
                if isinstance(target, cst.Name) and retrieves(candidate, target.value):
                    return target.value
    return None


def polling_helper(func: cst.FunctionDef) -> Optional[str]:
    """The run variable of a function whose only job is polling (`wait_on_run`), else None."""
    body = list(func.body.body) if isinstance(func.body, cst.IndentedBlock) else []
    if body and _is_docstring(body[0]):
        body = body[1:]
    var = _retrieved_var(body)
    if var is None or mentions(func, "requires_action"):
        return None
    found_loop = False
    for stmt in body:
        if isinstance(stmt, (cst.While, cst.For)):
            if not isinstance(polling_loop(stmt, var, helper=True), Polling):
                return None
            found_loop = True
        elif _returns_var(stmt, var) or (isinstance(stmt, cst.SimpleStatementLine) and _pure([stmt], var) is None):
            continue
        else:
            return None
    return var if found_loop else None


def _returned(stmt: cst.BaseStatement) -> Optional[str]:
    if isinstance(stmt, cst.SimpleStatementLine) and isinstance(stmt.body[0], cst.Return):
        value = stmt.body[0].value
        if isinstance(value, cst.Name):
            return value.value
    return None


def _is_docstring(stmt: cst.BaseStatement) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _retrieve_call(value: cst.BaseExpression) -> Optional[api.ApiCall]:
    call = value.expression if isinstance(value, cst.Await) else value
    found = api.match(call) if isinstance(call, cst.Call) else None
    return found if found is not None and found.is_("threads.runs.retrieve", "threads.runs.poll") else None


def _walrus_target(loop: cst.CSTNode) -> Optional[str]:
    """`s` in `while (s := client.beta.threads.runs.retrieve(...)).status != ...`."""
    if not isinstance(loop, cst.While):
        return None
    for node in _named_expressions(loop.test):
        if isinstance(node.target, cst.Name) and _retrieve_call(node.value) is not None:
            return node.target.value
    return None


def _named_expressions(node: cst.CSTNode) -> List[cst.NamedExpr]:
    found = []

    class _Find(cst.CSTVisitor):
        def visit_NamedExpr(self, named: cst.NamedExpr) -> None:
            found.append(named)

    node.visit(_Find())
    return found


def _retrieves_id(found: api.ApiCall, var: str) -> bool:
    run_id = found.arg("run_id", 0)
    return run_id is not None and cst.Module(body=[]).code_for_node(run_id.value) == f"{var}.id"


def status_alias(loop: cst.CSTNode, var: str) -> Optional[str]:
    """`run_status` in `run_status = ...runs.retrieve(run_id=run.id, ...)` inside ``loop`` (or in a
    walrus in its test): a second name the loop gives the run ``var`` while it waits."""
    if not isinstance(loop, (cst.While, cst.For)):
        return None
    walrus = _walrus_target(loop)
    if walrus is not None and walrus != var:
        named = next(n for n in _named_expressions(loop.test) if isinstance(n.target, cst.Name) and n.target.value == walrus)
        if _retrieves_id(_retrieve_call(named.value), var):
            return walrus
    for stmt in _flatten(loop.body.body):
        if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Assign)):
            continue
        target = stmt.body[0].targets[0].target
        if not isinstance(target, cst.Name) or target.value == var or not retrieves(stmt, target.value):
            continue
        value = stmt.body[0].value
        call = value.expression if isinstance(value, cst.Await) else value
        found = api.match(call)
        run_id = found.arg("run_id", 0) if found is not None else None
        code = cst.Module(body=[]).code_for_node(run_id.value) if run_id is not None else ""
        if code == f"{var}.id":
            return target.value
    return None


def without_leaving(stmt: cst.If) -> cst.If:
    """A status check replayed once after the call: its `break`s and `continue`s have no loop left."""

    def strip(block: cst.IndentedBlock) -> cst.IndentedBlock:
        body = []
        for inner in block.body:
            if isinstance(inner, cst.SimpleStatementLine):
                kept = [s for s in inner.body if not isinstance(s, (cst.Break, cst.Continue))]
                if not kept:
                    continue
                inner = inner.with_changes(body=kept)
            body.append(inner)
        return block.with_changes(body=body or [cst.SimpleStatementLine(body=[cst.Pass()])])

    orelse = stmt.orelse
    if isinstance(orelse, cst.If):
        orelse = without_leaving(orelse)
    elif isinstance(orelse, cst.Else):
        orelse = orelse.with_changes(body=strip(orelse.body))
    return stmt.with_changes(body=strip(stmt.body), orelse=orelse)
