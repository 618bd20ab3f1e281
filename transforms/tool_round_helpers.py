"""Function calling through a helper that answers one tool round, migrated with the run that calls it.

    def handle(run, thread_id): ...; return client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=thread_id, run_id=run.id, tool_outputs=outs)
    ->  def handle(run, thread_id): ...; return client.responses.create(<the run's settings>, conversation=thread_id, input=outs)
        (the caller's `run = handle(run, thread.id)` stays; `thread` is now a conversation, `run` a response)

The helper only sees the run and the thread ID, so the run's settings must be readable from
inside it: every name they use is module-level. Every call to the helper must be a migrated run
with the same settings, and the helper must do nothing with the run or the thread but read its
tool calls and submit the outputs; otherwise the run stays as it was, with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Union

import libcst as cst
from libcst.metadata import BuiltinAssignment, GlobalScope

from transforms import build, polling, thread_resources, tool_loop, tool_sources
from transforms.collect import Collected, Site, variable_names
from transforms.convert import Blocked
from transforms.threads_plan import code_of

Edit = Callable[[cst.CSTNode], cst.CSTNode]
CONSTANT_NAMES = {"True", "False", "None"}


@dataclass
class RoundHelper:
    func: cst.FunctionDef
    # The caller's statement `run = [await] helper(run, ...)` and its call.
    stmt: cst.CSTNode
    call: cst.Call
    # The helper's `return [await] ...submit_tool_outputs[_and_poll](...)`.
    submit: Site
    # Every statement in the module that calls the helper (each must be a migrated run's).
    callers: List[cst.CSTNode] = field(default_factory=list)
    expressions: Dict[cst.CSTNode, Edit] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.func.name.value


def call_of(stmt: cst.CSTNode) -> Optional[cst.Call]:
    """`x = [await] f(...)` / `x = [await] self.f(...)`: the call."""
    small = stmt.body[0] if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 else None
    value = small.value if isinstance(small, cst.Assign) and len(small.targets) == 1 else None
    if isinstance(value, cst.Await):
        value = value.expression
    if isinstance(value, cst.Call) and isinstance(value.func, (cst.Name, cst.Attribute)):
        return value
    return None


def plan_helper(
    collected: Collected, scope_of, stmt: cst.CSTNode, var: str, thread: Optional[cst.Arg], owner
) -> Union[RoundHelper, Blocked]:
    """The helper called by ``stmt`` (`var = helper(var, <the run's thread>)`) and its rewrite."""
    call = call_of(stmt)
    assert call is not None  # found by the caller on this statement
    func = _helper_function(collected, call, owner)
    if isinstance(func, Blocked):
        return func
    is_method = isinstance(call.func, cst.Attribute)
    bound = _bind(func, call, is_method)
    if isinstance(bound, Blocked):
        return bound
    run_params = [p for p, arg in bound.items() if isinstance(arg, cst.Name) and arg.value == var]
    if len(run_params) != 1:
        return Blocked("the run is not handed to it once as an argument")
    run_param = run_params[0]
    sites = [s for s in collected.sites if collected.inside(s.stmt, func)]
    submits = [s for s in sites if s.api.is_(*tool_loop.SUBMITS)]
    others = [s for s in sites if s not in submits]
    if others:
        return Blocked(f"it also calls {'.'.join(others[0].api.path)}")
    if len(submits) != 1:
        return Blocked("it submits tool outputs more than once")
    submit = submits[0]
    problem = _submit_shape(submit, run_param)
    if problem:
        return Blocked(problem)
    thread_value = _value(submit, "thread_id")
    thread_param = _thread_param(thread_value, bound, thread, is_method)
    if isinstance(thread_param, Blocked):
        return thread_param
    if submit.api.is_("threads.runs.submit_tool_outputs") and not _polled_after(collected, stmt, var):
        return Blocked("it submits without waiting for the run, and the caller does not poll it right after")
    helper = RoundHelper(func=func, stmt=stmt, call=call, submit=submit)
    scope = scope_of(submit.stmt)
    if scope is None:
        return Blocked("no scope information")
    problem = _param_reads(collected, scope, scope_of, run_param, thread_param, submit, helper)
    if problem:
        return Blocked(problem)
    outputs = tool_loop.tool_outputs(collected, submit, scope_of)
    if isinstance(outputs, Blocked):
        return outputs
    helper.expressions.update(outputs)
    if not is_method and _exported(collected, func.name.value):
        return Blocked("it is listed in __all__: code elsewhere may hand it a run")
    callers = _callers(collected, func, is_method)
    if isinstance(callers, Blocked):
        return callers
    helper.callers = callers
    return helper


def _helper_function(collected: Collected, call: cst.Call, owner) -> Union[cst.FunctionDef, Blocked]:
    attr = call.func
    if isinstance(attr, cst.Name):
        func = collected.functions.get(attr.value)
        if func is None or collected.parent(func) is not collected.module:
            return Blocked("it is not a module-level function")
        if func.decorators:
            return Blocked("it is decorated: the decorator may read the run it returns")
        return func
    if not (isinstance(attr, cst.Attribute) and isinstance(attr.value, cst.Name) and attr.value.value == "self" and isinstance(owner, cst.FunctionDef)):
        return Blocked("it is called on something other than self")
    block = collected.parent(owner)
    cls = collected.parent(block) if block is not None else None
    if not isinstance(cls, cst.ClassDef):
        return Blocked("it is called on self outside a method")
    found = [s for s in cls.body.body if isinstance(s, cst.FunctionDef) and s.name.value == attr.attr.value]
    if len(found) != 1 or found[0].decorators:
        return Blocked("it is not a plain method of the same class")
    return found[0]


def _bind(func: cst.FunctionDef, call: cst.Call, is_method: bool) -> Union[Dict[str, cst.BaseExpression], Blocked]:
    """Parameter name -> argument, for plain positional and keyword arguments."""
    params = func.params
    if params.star_arg is not cst.MaybeSentinel.DEFAULT or params.star_kwarg is not None or params.kwonly_params or params.posonly_params:
        return Blocked("its parameters are more than plain positional ones")
    names = [p.name.value for p in params.params]
    if is_method:
        if not names or names[0] != "self":
            return Blocked("the method's first parameter is not self")
        names = names[1:]
    bound: Dict[str, cst.BaseExpression] = {}
    for index, arg in enumerate(call.args):
        if arg.star:
            return Blocked("it is called with * arguments")
        name = arg.keyword.value if arg.keyword is not None else (names[index] if index < len(names) else None)
        if name is None or name not in names or name in bound:
            return Blocked("its arguments do not match its parameters")
        bound[name] = arg.value
    if set(bound) != set(names):
        return Blocked("it is called without some of its parameters")
    return bound


def _submit_shape(submit: Site, run_param: str) -> Optional[str]:
    stmt = submit.stmt
    small = stmt.body[0] if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 else None
    value = small.value if isinstance(small, cst.Return) else None
    if isinstance(value, cst.Await):
        value = value.expression
    if value is not submit.api.call or submit.api.wrapper:
        return "it does something with the submit's result other than return it"
    if any(a.star for a in submit.api.call.args):
        return "the submit takes ** arguments"
    extra = {a.keyword.value for a in submit.api.call.args if a.keyword is not None} - {
        "thread_id", "run_id", "tool_outputs", "poll_interval_ms"
    }
    if extra or any(a.keyword is None for a in submit.api.call.args):
        return "the submit takes arguments other than thread_id=, run_id=, tool_outputs="
    run_id = submit.api.arg("run_id")
    if run_id is None or code_of(run_id.value).strip() != f"{run_param}.id":
        return f"the submit's run_id is not {run_param}.id"
    if submit.api.arg("thread_id") is None or submit.api.arg("tool_outputs") is None:
        return "the submit has no thread_id= or tool_outputs="
    return None


def _thread_param(value: cst.BaseExpression, bound, thread: Optional[cst.Arg], is_method: bool) -> Union[Optional[str], Blocked]:
    """The helper's parameter holding the run's thread ID (None: `self.<attr>`, the same as the run's)."""
    run_thread = code_of(thread.value).strip() if thread is not None else None
    if isinstance(value, cst.Name) and value.value in bound:
        if code_of(bound[value.value]).strip() != run_thread:
            return Blocked("the thread it submits to is not handed the run's thread")
        return value.value
    if is_method and isinstance(value, cst.Attribute) and isinstance(value.value, cst.Name) and value.value.value == "self":
        if code_of(value).strip() != run_thread:
            return Blocked("the thread it submits to is not the run's thread")
        return None
    return Blocked("the thread it submits to is not one of its parameters")


def _param_reads(collected: Collected, scope, scope_of, run_param: str, thread_param: Optional[str], submit: Site, helper: RoundHelper) -> Optional[str]:
    """The run is read only for its tool calls and its ID (in the submit), the thread ID only by the submit."""
    for name, allowed in ((run_param, _value(submit, "run_id")), (thread_param, _value(submit, "thread_id"))):
        if name is None:
            continue
        assignments = list(scope.assignments[name])
        if len(assignments) != 1:
            return f"it assigns `{name}` again"
        for access in assignments[0].references:
            node = access.node
            if collected.inside(node, allowed):
                continue
            parent = collected.parent(node)
            if name == run_param and isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value == "required_action":
                calls = tool_loop.tool_calls(collected, parent, scope_of, lambda: run_param)
                if isinstance(calls, Blocked):
                    return calls.reason
                helper.expressions.update(calls)
                continue
            return f"it reads `{code_of(collected.statement_of(node) or node).strip()[:50]}`, which has no Responses equivalent here"
    return None


def _exported(collected: Collected, name: str) -> bool:
    for stmt in collected.module.body:
        small = stmt.body[0] if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 else None
        if isinstance(small, (cst.Assign, cst.AugAssign, cst.AnnAssign)):
            target = small.targets[0].target if isinstance(small, cst.Assign) else small.target
            listed = code_of(small.value) if small.value is not None else ""
            if isinstance(target, cst.Name) and target.value == "__all__" and (f'"{name}"' in listed or f"'{name}'" in listed):
                return True
    return False


def _callers(collected: Collected, func: cst.FunctionDef, is_method: bool) -> Union[List[cst.CSTNode], Blocked]:
    """Every statement calling the helper; any other use of its name keeps it as it is."""
    name = func.name.value
    found: List[cst.CSTNode] = []
    for node in collected.parents:
        if isinstance(node, cst.Name) and node.value == name and node is not func.name:
            parent = collected.parent(node)
            if isinstance(parent, cst.Attribute) and parent.attr is node:
                if not is_method:
                    return Blocked(f"`.{name}` is also read as an attribute")
                node = parent
                if not (isinstance(node.value, cst.Name) and node.value.value == "self"):
                    return Blocked(f"`{code_of(node).strip()}` is used: it may be the helper, called from elsewhere")
            elif is_method:
                return Blocked(f"the name `{name}` is also used outside self.{name}()")
            call = collected.parent(node)
            stmt = collected.statement_of(node)
            if not (isinstance(call, cst.Call) and call.func is node and stmt is not None and call_of(stmt) is call):
                return Blocked(f"it is used other than as `x = {name}(...)`")
            found.append(stmt)
    return found


def module_level(expr: cst.CSTNode, caller_scope, helper_scope) -> Optional[str]:
    """A name in ``expr`` that does not mean the same module-level thing in the caller and the helper."""
    for node in variable_names(expr):
        if node.value in CONSTANT_NAMES:
            continue
        here = set(caller_scope[node.value]) if caller_scope is not None else set()
        there = set(helper_scope[node.value]) if helper_scope is not None else set()
        if node.value.startswith((tool_sources.HELPER, thread_resources.HELPER)) and not here and not there:
            continue  # the tools converter the rewrite adds at module level
        if not here or here != there or not all(isinstance(a.scope, GlobalScope) or isinstance(a, BuiltinAssignment) for a in here):
            return node.value
    return None


def marker(var: str, name: str, reason: str) -> str:
    return (
        f"`{var}` goes through {name}(), which answers a tool round ({reason}): migrate that helper with this run by hand "
        "(function_call items of response.output in; out, a responses.create with the same settings and "
        "previous_response_id=response.id or the same conversation, input=function_call_output items)"
    )


def disagreements(plans, scope_of) -> Dict[int, str]:
    """Runs (id of their plan -> marker) whose helpers cannot take their settings: not module-level,
    different between the helper's callers, or a caller that is not a migrated run."""
    groups: Dict[cst.FunctionDef, list] = {}
    for plan in plans:
        for helper in plan.round_helpers:
            groups.setdefault(helper.func, []).append((plan, helper))
    found: Dict[int, str] = {}
    for members in groups.values():
        helper = members[0][1]
        problem = None
        if {m[1].stmt for m in members} != set(helper.callers):
            problem = "it is also called where no migrated run is"
        keys = set()
        for plan, member in members:
            if problem:
                break
            problem = _settings_problem(plan, member, scope_of)
            keys.add(_settings_key(plan))
        if problem is None and len(keys) > 1:
            problem = "its callers' runs have different settings"
        if problem:
            for plan, member in members:
                found.setdefault(id(plan), marker(plan.var, member.name, problem))
    return found


def _settings_key(plan) -> tuple:
    settings = plan.settings
    args = tuple(code_of(a).strip() for a in plan.site.api.call.args if not (a.keyword and a.keyword.value == "thread_id"))
    inline = getattr(settings, "stmt", None)
    return (type(settings).__name__, id(inline) if inline is not None else None, args)


def _settings_problem(plan, helper: RoundHelper, scope_of) -> Optional[str]:
    """The run's settings are moved into the helper: each name they use must mean the same there."""
    helper_scope = scope_of(helper.submit.stmt)
    run_scope = scope_of(plan.site.stmt)
    settings = plan.settings
    exprs = [(a.value, run_scope) for a in plan.site.api.call.args if a.keyword is None or a.keyword.value not in ("thread_id", "assistant_id")]
    kind = type(settings).__name__
    if kind == "Inline":
        exprs += [(value, scope_of(settings.stmt)) for _, value in settings.args]
    elif kind == "Hosted":
        exprs.append((settings.value, run_scope))
    else:
        exprs.append((plan.site.api.arg("assistant_id").value, run_scope))
    for expr, scope in exprs:
        name = module_level(expr, scope, helper_scope)
        if name is not None:
            return f"the run's settings use `{name}`, which the helper cannot see"
    return None


def _value(site: Site, keyword: str) -> cst.BaseExpression:
    arg = site.api.arg(keyword)
    assert arg is not None  # checked by _submit_shape
    return arg.value


def _polled_after(collected: Collected, stmt: cst.CSTNode, var: str) -> bool:
    """`run = helper(run, ...)` followed by `run = runs.poll(...)` (or retrieve) or a polling loop on it."""
    block = collected.parent(stmt)
    body = list(getattr(block, "body", ()))
    following = body[body.index(stmt) + 1] if stmt in body and body.index(stmt) + 1 < len(body) else None
    if following is None:
        return False
    return polling.retrieves(following, var) or isinstance(polling.polling_loop(following, var), polling.Polling)


def helper_loop(loop: cst.CSTNode, var: str, helpers: List[RoundHelper]) -> Optional[List[cst.BaseStatement]]:
    """`while run.status == "requires_action": run = helper(run, ...); run = runs.poll(...)`: the re-reads
    and waits that go (a response is finished when it returns); the loop and its helper call stay."""
    stmts = {h.stmt for h in helpers}
    if not (isinstance(loop, cst.While) and loop.orelse is None and isinstance(loop.body, cst.IndentedBlock)):
        return None
    if not any(s in stmts for s in loop.body.body):
        return None
    test = loop.test
    if not (
        isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(test.comparisons[0].operator, cst.Equal)
        and code_of(test.left).strip() == f"{var}.status" and build.literal_string(test.comparisons[0].comparator) == "requires_action"
    ):
        return None
    waiting = [s for s in loop.body.body if s not in stmts]
    if not all(polling.retrieves(s, var) or polling.only_waits(s, var) for s in waiting):
        return None
    return waiting
