"""Streamed runs with an event handler: `runs.stream(..., event_handler=H())` -> a `responses.stream` event loop.

    class H(AssistantEventHandler): def on_text_delta(self, delta, snapshot): print(delta.value, end="")
    with client.beta.threads.runs.stream(thread_id=t.id, assistant_id=A, event_handler=H()) as stream: stream.until_done()
    ->  class H: def on_text_delta(self, delta, snapshot): print(delta, end="")  ...  for event in stream: ... handler.on_text_delta(event.delta, event.snapshot)

The user's handler class stays and is driven from the loop, with its hooks adapted to what the
Responses events carry (text as `str`). Only the text hooks have a one-to-one event; a handler
with any other hook (tool calls, run steps, messages, images, raw events) is left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Union

import libcst as cst

from transforms import build
from transforms.collect import Collected, Site
from transforms.convert import Blocked
from transforms.reply import chain_end
from transforms.threads_plan import code_of

# hook -> (new event type, extra condition on the event, arguments passed from the event)
HOOKS: Dict[str, tuple] = {
    "on_text_created": ("response.content_part.added", ("part", "type", "output_text"), ("part",)),
    "on_text_delta": ("response.output_text.delta", None, ("delta", "snapshot")),
    "on_text_done": ("response.output_text.done", None, ("text",)),
}
# Old parameter attribute reads that became plain strings: `delta.value` -> `delta`.
STRING_PARAMS = {"on_text_delta": {"delta", "snapshot"}, "on_text_done": {"text"}, "on_text_created": set()}
BASES = ("AssistantEventHandler",)
DECORATORS_DROPPED = ("override",)

Edit = Callable[[cst.CSTNode], cst.CSTNode]


@dataclass
class StreamPlan:
    with_stmt: cst.With
    handler_class: cst.ClassDef
    handler_call: cst.Call
    hooks: List[str] = field(default_factory=list)
    has_on_end: bool = False
    # Edits inside the handler class: hook parameters read as strings, base and decorators dropped.
    class_edits: Dict[cst.CSTNode, Edit] = field(default_factory=dict)


def plan_stream(collected: Collected, site: Site, scope_of) -> Union[StreamPlan, Blocked]:
    stmt = site.stmt
    if site.api.wrapper or site.awaited:
        return Blocked("streamed run behind a wrapper or awaited: move to responses.stream by hand")
    if not (isinstance(stmt, cst.With) and len(stmt.items) == 1 and stmt.items[0].item is site.api.call):
        return Blocked("runs.stream outside `with ... as stream:`: move to responses.stream by hand")
    if stmt.asynchronous is not None:
        return Blocked("async streamed run: move to an async responses.stream loop by hand")
    alias = stmt.items[0].asname
    body = stmt.body.body if isinstance(stmt.body, cst.IndentedBlock) else []
    if not (
        alias is not None and isinstance(alias.name, cst.Name) and len(body) == 1
        and isinstance(body[0], cst.SimpleStatementLine) and len(body[0].body) == 1
        and code_of(body[0].body[0]).strip() == f"{alias.name.value}.until_done()"
    ):
        return Blocked("the stream is used other than by until_done(): move to responses.stream by hand")
    handler = site.api.arg("event_handler")
    if handler is None or not (isinstance(handler.value, cst.Call) and isinstance(handler.value.func, cst.Name) and not handler.value.args):
        return Blocked("streamed run without an event_handler=Handler() of this module")
    cls = next(
        (s for s in collected.module.body if isinstance(s, cst.ClassDef) and s.name.value == handler.value.func.value),
        None,
    )
    if cls is None:
        return Blocked("the event handler class is not defined in this module")
    plan = StreamPlan(with_stmt=stmt, handler_class=cls, handler_call=handler.value)
    problem = _plan_class(collected, cls, plan, scope_of)
    return Blocked(problem) if problem else plan


def _plan_class(collected: Collected, cls: cst.ClassDef, plan: StreamPlan, scope_of) -> Optional[str]:
    if len(cls.bases) != 1 or _last_name(cls.bases[0].value) not in BASES or cls.keywords or cls.decorators:
        return f"event handler {cls.name.value} has other bases or decorators"
    scope = scope_of(cls)
    if scope is not None:
        references = [a for assignment in scope.assignments[cls.name.value] for a in assignment.references]
        if len(references) != 1 or references[0].node is not plan.handler_call.func:
            return f"event handler {cls.name.value} is used elsewhere too"
    for stmt in cls.body.body:
        if isinstance(stmt, cst.SimpleStatementLine) and all(isinstance(s, (cst.Expr, cst.Pass)) for s in stmt.body):
            continue  # docstring or pass
        if not isinstance(stmt, cst.FunctionDef) or stmt.asynchronous is not None:
            return f"event handler {cls.name.value} holds more than hook methods"
        name = stmt.name.value
        if any(_last_name(d.decorator) not in DECORATORS_DROPPED for d in stmt.decorators):
            return f"hook {name} has decorators other than @override"
        if name == "on_end" and len(stmt.params.params) == 1:
            plan.has_on_end = True
        elif name in HOOKS:
            problem = _plan_hook(collected, stmt, plan, scope_of)
            if problem:
                return problem
            plan.hooks.append(name)
        else:
            return f"event handler hook {name} has no one-to-one Responses event: move it to a responses.stream loop by hand"
        for decorator in stmt.decorators:
            plan.class_edits[decorator] = lambda updated: cst.RemoveFromParent()
    return None


def _plan_hook(collected: Collected, func: cst.FunctionDef, plan: StreamPlan, scope_of) -> Optional[str]:
    name = func.name.value
    params = func.params
    expected = 1 + len(HOOKS[name][2])  # self and what the event hands over
    if not isinstance(params.star_arg, cst.MaybeSentinel) or params.kwonly_params or params.star_kwarg or params.posonly_params or len(params.params) != expected:
        return f"hook {name} has an unexpected signature"
    scope = scope_of(func.body)
    for param in params.params[1:]:
        if param.annotation is not None:
            return f"hook {name} annotates its parameters with the old event types"
        pname = param.name.value
        assignments = list(scope.assignments[pname]) if scope is not None else []
        if len(assignments) != 1:
            return f"hook {name} reassigns `{pname}`"
        for access in assignments[0].references:
            parent = collected.parent(access.node)
            if pname in STRING_PARAMS[name] and isinstance(parent, cst.Attribute) and parent.value is access.node and parent.attr.value == "value":
                plan.class_edits[parent] = lambda updated: updated.value
                continue
            return f"hook {name} reads `{pname}` other than as `{pname}.value`"
    return None


def _last_name(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.Call):
        node = node.func
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return None


def adapt_class(updated: cst.ClassDef) -> cst.ClassDef:
    """The handler no longer derives from AssistantEventHandler: the loop calls its hooks."""
    return updated.with_changes(bases=[], lpar=cst.MaybeSentinel.DEFAULT, rpar=cst.MaybeSentinel.DEFAULT)


def event_loop(plan: StreamPlan, stream_name: str, handler_name: str) -> List[cst.BaseStatement]:
    """`handler = H()`, then `for event in stream:` dispatching to the hooks the handler defines."""
    create = build.line(build.assign(handler_name, plan.handler_call.deep_clone()))
    branches: List[tuple] = []
    for hook in plan.hooks:
        event_type, condition, fields = HOOKS[hook]
        test: cst.BaseExpression = build.equals(build.attr("event", "type"), event_type)
        if condition is not None:
            attr, sub, value = condition
            test = cst.BooleanOperation(left=test, operator=cst.And(), right=build.equals(build.attr("event", attr, sub), value))
        call = build.call(build.attr(handler_name, hook), [cst.Arg(value=build.attr("event", f)) for f in fields])
        branches.append((test, cst.IndentedBlock(body=[build.line(cst.Expr(call))])))
    statements: List[cst.BaseStatement] = [create]
    chain = _elif_chain(branches)
    loop_body = [chain] if chain is not None else [build.line(cst.Pass())]
    statements.append(cst.For(target=cst.Name("event"), iter=cst.Name(stream_name), body=cst.IndentedBlock(body=loop_body)))
    if plan.has_on_end:
        statements.append(build.line(cst.Expr(build.call(build.attr(handler_name, "on_end"), []))))
    return statements


def _elif_chain(branches: List[tuple]) -> Optional[cst.If]:
    chain: Optional[cst.If] = None
    for test, block in reversed(branches):
        chain = cst.If(test=test, body=block, orelse=chain)
    return chain


# `event.event == <old>` -> `event.type == <new>`, for the events with a one-to-one Responses event.
RAW_EVENTS = {
    "thread.run.created": "response.created",
    "thread.run.completed": "response.completed",
    "thread.run.failed": "response.failed",
    "thread.run.incomplete": "response.incomplete",
    "thread.message.delta": "response.output_text.delta",
    "thread.message.completed": "response.output_text.done",
}
# Payload reads with a flat Responses field: the text of a delta, the text of a finished message.
_DELTA_TEXT = (("attr", "data"), ("attr", "delta"), ("attr", "content"), ("index", "0"), ("attr", "text"), ("attr", "value"))
_DONE_TEXT = (("attr", "data"), ("attr", "content"), ("index", "0"), ("attr", "text"), ("attr", "value"))


def raw_stream_loops(collected: Collected, var: str, stmt: cst.CSTNode, scope_of, tools=None) -> Union[Dict[cst.CSTNode, Edit], Blocked]:
    """`stream = runs.create(..., stream=True)` iterated by `for event in stream:` reading event types and text.

    ``tools(event.<attr>)`` (streamed_tools.RawTools) plans the reads of a requires_action branch first.
    """
    scope = scope_of(stmt)
    # This statement's own binding: several `stream = runs.create(..., stream=True)` branches each have theirs.
    assignments = [
        a for a in (scope.assignments[var] if scope is not None else [])
        if collected.statement_of(a.node) is stmt
    ]
    if len(assignments) != 1:
        return Blocked("the stream variable's binding cannot be followed")
    # A loop after `if ...: stream = ... else: stream = ...` reads either; the runs on one variable
    # are migrated together or not at all (threads_and_runs), so its edits serve both.
    edits: Dict[cst.CSTNode, Edit] = {}
    loops = []
    for access in assignments[0].references:
        loop = collected.parent(access.node)
        if not (isinstance(loop, cst.For) and loop.iter is access.node and isinstance(loop.target, cst.Name)):
            return Blocked("the stream is used other than by a for loop over its events")
        loops.append(loop)
    if not loops:
        return Blocked("the stream is never iterated")
    for loop in loops:
        name = loop.target.value
        loop_scope = scope_of(loop)
        seen = set()
        for assignment in loop_scope.assignments[name] if loop_scope is not None else []:
            if assignment.node is not loop.target:
                continue
            for access in assignment.references:
                node = access.node
                if id(node) in seen:
                    continue
                seen.add(id(node))
                parent = collected.parent(node)
                check = _isinstance_check(collected, node, scope_of)
                if check is not None:
                    call, old = check
                    if old not in RAW_EVENTS:
                        return Blocked(f"stream event {old!r} has no one-to-one Responses event")
                    edits[call] = lambda updated, name=name, new=RAW_EVENTS[old]: build.equals(build.attr(name, "type"), new)
                    continue
                if not (isinstance(parent, cst.Attribute) and parent.value is node):
                    return Blocked(f"the stream event `{name}` is used as a whole")
                planned = tools(parent) if tools is not None else None
                if planned is not None:
                    if isinstance(planned, Blocked):
                        return planned
                    edits.update(planned)
                    continue
                if parent.attr.value == "event":
                    problem = _event_test(collected, parent, edits)
                    if problem:
                        return Blocked(problem)
                    continue
                end = chain_end(collected, node, _DELTA_TEXT)
                if end is not None:
                    edits[end] = lambda updated, name=name: build.attr(name, "delta")
                    continue
                end = chain_end(collected, node, _DONE_TEXT)
                if end is not None:
                    edits[end] = lambda updated, name=name: build.attr(name, "text")
                    continue
                return Blocked(f"`{name}.{parent.attr.value}` is read other than as a delta's or a finished message's text")
    return edits


# `isinstance(event, ThreadMessageDelta)`: the class of each old event, by its `event` name.
EVENT_CLASSES = {
    "ThreadRunCreated": "thread.run.created",
    "ThreadRunCompleted": "thread.run.completed",
    "ThreadRunFailed": "thread.run.failed",
    "ThreadRunIncomplete": "thread.run.incomplete",
    "ThreadMessageDelta": "thread.message.delta",
    "ThreadMessageCompleted": "thread.message.completed",
}


def _isinstance_check(collected: Collected, node: cst.CSTNode, scope_of) -> Optional[tuple]:
    """(the call, the old event name) for `isinstance(event, <an openai.types.beta stream event class>)`."""
    arg = collected.parent(node)
    call = collected.parent(arg) if isinstance(arg, cst.Arg) else None
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "isinstance"
            and len(call.args) == 2 and call.args[0] is arg and isinstance(call.args[1].value, cst.Name)):
        return None
    cls = call.args[1].value.value
    scope = scope_of(call)
    imported = [a.node for a in (scope[cls] if scope is not None else [])]  # names from enclosing scopes too
    if len(imported) != 1 or not isinstance(imported[0], cst.ImportFrom) or imported[0].module is None:
        return None
    if not code_of(imported[0].module).startswith("openai.types.beta"):
        return None
    old = EVENT_CLASSES.get(cls)
    return (call, old if old is not None else cls)


def isinstance_checks(edits: Dict[cst.CSTNode, Edit]) -> List[cst.Call]:
    """The `isinstance(event, X)` calls a raw-stream plan replaces (their class imports may go)."""
    return [n for n in edits if isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value == "isinstance"]


def _event_test(collected: Collected, attr: cst.Attribute, edits: Dict[cst.CSTNode, Edit]) -> Optional[str]:
    comparison = collected.parent(attr)
    if not (isinstance(comparison, cst.Comparison) and comparison.left is attr and len(comparison.comparisons) == 1
            and isinstance(comparison.comparisons[0].operator, (cst.Equal, cst.NotEqual))):
        return "the event name is read other than in == / != comparisons"
    old = build.literal_string(comparison.comparisons[0].comparator)
    if old not in RAW_EVENTS:
        return f"stream event {old!r} has no one-to-one Responses event"
    new = RAW_EVENTS[old]
    edits[attr.attr] = lambda updated: updated.with_changes(value="type")
    edits[comparison.comparisons[0].comparator] = lambda updated, new=new: build.string(new)
    return None
