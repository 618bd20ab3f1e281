"""A loop (or helper) that only waits for a run goes, and the response is made in the foreground.

    run = client.beta.threads.runs.create(thread_id=t, assistant_id=a)
    while run.status in ("queued", "in_progress"):
        time.sleep(1)
        run = client.beta.threads.runs.retrieve(thread_id=t, run_id=run.id)
    ->  run = client.responses.create(conversation=t, input=[], **prompt_registry.settings(a))

The rules make `runs.create` a background response, so that such a loop keeps working; when the
loop right after it only waits (re-reads the run, sleeps, counts, leaves by `break` or raises on a
timeout) and stops once the run is completed, the foreground call does all it did. A loop that
prints, stores, or handles tool calls stays, and so does the background response it waits on. The
same holds for `run = wait_on_run(run, ...)` calling a module function that is only such a loop
and `return run`; the function goes with its last such call.
"""

from __future__ import annotations

from typing import Dict, List, Optional

import libcst as cst

from transforms.rules.context import Rewrite, code
from transforms.simplify.common import assigned_name, block_of

NAME = "wait-loops"
SUMMARY = "a loop or helper that only waits for a run goes, and its response is made in the foreground"
_WAITING = ("queued", "in_progress")
_FINISHED = ("completed",)
_CLOCKS = ("time", "monotonic", "perf_counter", "now")


def simplify(planner) -> None:
    facts = planner.facts
    waiters: Dict[cst.FunctionDef, List] = {}
    for run in facts.sites:
        if run.api.path != ("threads", "runs", "create") or not planner.converted(run):
            continue
        holder = assigned_name(facts, run)
        if not isinstance(holder, cst.Name):
            continue
        body, index = block_of(facts, run.statement)
        if index < 0 or index + 1 >= len(body):
            continue
        following = body[index + 1]
        wait = _loop(planner, following, holder) or _helper_call(planner, following, holder) or _poll(planner, following, holder)
        if wait is None:
            continue
        kind, node, helper = wait
        decision = planner.decisions[run]
        assert isinstance(decision, Rewrite)
        planner.ctx.foreground.add(run)
        decision.edits[node] = None
        planner.gone.add(node)
        if helper is not None:
            waiters.setdefault(helper, []).append(node)
    for helper, calls in waiters.items():
        callers = facts.callers(helper)
        if len(callers) == len(calls):  # every call of the helper went: the helper goes too
            owner = next(s for s in facts.sites if facts.inside(s.call, helper))
            decision = planner.decisions.get(owner)
            if isinstance(decision, Rewrite):
                decision.edits[helper] = None


def _loop(planner, statement: cst.CSTNode, holder: cst.Name):
    """('loop', statement, None) when ``statement`` is a loop that only waits on ``holder``."""
    if not isinstance(statement, cst.While) or statement.orelse is not None:
        return None
    if not _waits(planner, statement, holder.value, holder):
        return None
    return "loop", statement, None


def _waits(planner, loop: cst.While, name: str, holder: Optional[cst.Name]) -> bool:
    test = _status_value(planner, loop.test, name)
    if isinstance(loop.test, cst.Name) and loop.test.value == "True":
        # `while True:` ... `if <completed>: break` ...: the break must come on a finished run
        breaks = [s for s in _statements(loop.body) if isinstance(s, cst.If) and _breaks_when_finished(planner, s, name)]
        if not breaks:
            return False
    elif test is None or not all(test(s) for s in _WAITING) or any(test(s) for s in _FINISHED):
        return False
    return _only_waits(planner, loop.body, name)


def _statements(block: cst.BaseSuite) -> List[cst.CSTNode]:
    return list(block.body) if isinstance(block, cst.IndentedBlock) else [block]


def _breaks_when_finished(planner, statement: cst.If, name: str) -> bool:
    test = _status_value(planner, statement.test, name)
    if test is None or not all(test(s) for s in _FINISHED) or any(test(s) for s in _WAITING):
        return False
    body = _statements(statement.body)
    return len(body) == 1 and isinstance(body[0], cst.SimpleStatementLine) and \
        all(isinstance(small, cst.Break) for small in body[0].body)


def _only_waits(planner, block: cst.BaseSuite, name: str) -> bool:
    for statement in _statements(block):
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if not _waiting_small(planner, small, name):
                    return False
        elif isinstance(statement, cst.If):
            if _mentions_call(statement.test, exclude_status=True) or not _only_waits(planner, statement.body, name):
                return False
            orelse = statement.orelse
            while isinstance(orelse, cst.If):
                if _mentions_call(orelse.test, exclude_status=True) or not _only_waits(planner, orelse.body, name):
                    return False
                orelse = orelse.orelse
            if isinstance(orelse, cst.Else) and not _only_waits(planner, orelse.body, name):
                return False
        else:
            return False
    return True


def _waiting_small(planner, small: cst.BaseSmallStatement, name: str) -> bool:
    if isinstance(small, (cst.Pass, cst.Break, cst.Continue, cst.Raise, cst.AugAssign)):
        return True
    if isinstance(small, cst.Expr):
        return _is_sleep(small.value)
    if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
        target = small.targets[0].target.value
        if target == name:
            return _retrieves(planner, small.value, name)
        return _is_clock_or_number(small.value)
    return False


def _retrieves(planner, value: cst.BaseExpression, name: str) -> bool:
    """`<name> = runs.retrieve(run_id=<name>.id, ...)`: a rewritten re-read of the same run."""
    site = planner.facts.w.site_of_call.get(value.expression if isinstance(value, cst.Await) else value)
    if site is None or site.api.path != ("threads", "runs", "retrieve") or not planner.converted(site):
        return False
    run_id = site.api.arg("run_id", 0)
    return run_id is not None and code(run_id.value) == f"{name}.id"


def _is_sleep(value: cst.BaseExpression) -> bool:
    inner = value.expression if isinstance(value, cst.Await) else value
    if not isinstance(inner, cst.Call):
        return False
    func = inner.func
    name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
    return name == "sleep" and all(isinstance(a.value, (cst.Integer, cst.Float, cst.Name, cst.Attribute, cst.BinaryOperation)) for a in inner.args)


def _is_clock_or_number(value: cst.BaseExpression) -> bool:
    if isinstance(value, (cst.Integer, cst.Float)):
        return True
    if isinstance(value, cst.Call) and not value.args:
        func = value.func
        name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
        return name in _CLOCKS
    return False


def _mentions_call(node: cst.CSTNode, exclude_status: bool = False) -> bool:
    """Whether ``node`` calls anything other than a clock (a call could have effects)."""
    text = code(node)
    for clock in _CLOCKS:
        text = text.replace(f"{clock}()", "")
    return "(" in text and "_run_status(" not in text


def _status_value(planner, test: cst.BaseExpression, name: str):
    """A function status -> bool for a test over `<name>.status` alone; None when it is more."""

    def value(node: cst.BaseExpression, status: str):
        if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == name and node.attr.value == "status":
            return status
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            return node.evaluated_value
        if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
            return [value(e.value, status) for e in node.elements]
        if isinstance(node, cst.Comparison):
            left = value(node.left, status)
            result = True
            for target in node.comparisons:
                right = value(target.comparator, status)
                op = target.operator
                if isinstance(op, cst.Equal):
                    ok = left == right
                elif isinstance(op, cst.NotEqual):
                    ok = left != right
                elif isinstance(op, cst.In):
                    ok = left in right
                elif isinstance(op, cst.NotIn):
                    ok = left not in right
                else:
                    raise ValueError
                result = result and ok
                left = right
            return result
        if isinstance(node, cst.BooleanOperation):
            left = value(node.left, status)
            right = value(node.right, status)
            return (left and right) if isinstance(node.operator, cst.And) else (left or right)
        if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
            return not value(node.expression, status)
        raise ValueError

    try:
        value(test, "queued")
    except (ValueError, TypeError):
        return None

    def evaluate(status: str) -> bool:
        return bool(value(test, status))

    return evaluate


def _poll(planner, statement: cst.CSTNode, holder: cst.Name):
    """('poll', statement, None) for `<holder> = runs.poll(<holder>.id, ...)`."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if not isinstance(small, cst.Assign) or len(small.targets) != 1 or code(small.targets[0].target) != holder.value:
        return None
    value = small.value.expression if isinstance(small.value, cst.Await) else small.value
    site = planner.facts.w.site_of_call.get(value)
    if site is None or site.api.path != ("threads", "runs", "poll") or not planner.converted(site):
        return None
    run_id = site.api.arg("run_id", 0)
    if run_id is None or code(run_id.value) != f"{holder.value}.id":
        return None
    return "poll", statement, None


def _helper_call(planner, statement: cst.CSTNode, holder: cst.Name):
    """('call', statement, helper) for `<holder> = helper(<holder>, ...)` where the module's
    `helper(run, ...)` only waits on its first parameter and returns it."""
    facts = planner.facts
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    value = small.value if isinstance(small, (cst.Assign, cst.Expr)) else None
    if isinstance(value, cst.Await):
        value = value.expression
    if not isinstance(value, cst.Call) or not value.args or code(value.args[0].value) != holder.value:
        return None
    if isinstance(small, cst.Assign) and (len(small.targets) != 1 or code(small.targets[0].target) != holder.value):
        return None
    helper = facts.function_called(value)
    if helper is None or not _waiter(planner, helper):
        return None
    return "call", statement, helper


def _waiter(planner, func: cst.FunctionDef) -> bool:
    params = [*func.params.posonly_params, *func.params.params]
    if not params:
        return False
    name = params[0].name.value
    body = [s for s in _statements(func.body) if not _docstring(s)]
    if len(body) != 2 or not isinstance(body[0], cst.While) or body[0].orelse is not None:
        return False
    last = body[1]
    if not (isinstance(last, cst.SimpleStatementLine) and len(last.body) == 1 and isinstance(last.body[0], cst.Return)
            and code(last.body[0].value) == name if isinstance(last, cst.SimpleStatementLine) and last.body and isinstance(last.body[0], cst.Return) and last.body[0].value is not None else False):
        return False
    return _waits(planner, body[0], name, None)


def _docstring(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and \
        isinstance(statement.body[0], cst.Expr) and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
