"""Where a streamed run's event handler comes from, which streams share it, and the event loop that drives it.

    with client.responses.stream(...) as stream:
        handler = H()
        try:
            for event in stream:
                if event.type == "response.output_text.delta": handler.on_text_delta(event.delta, event.snapshot)
                elif ...
        finally:
            handler.on_end()

The handler is made where the old stream made it (`event_handler=H()`, or a variable made so just
before the stream); the class, adapted once for the Responses events (rules/handlers), fits no
Assistants stream any more, so the streams that share it migrate together or stay together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple, Union

import libcst as cst

from transforms import build
from transforms.facts.walk import ApiSite
from transforms.rules.context import Context, Finding
from transforms.rules.handlers import HANDLER_MEMBERS, HOOKS, ClassPlan, class_finding
from transforms.rules.stream_request import attribute_of, free_name, module_class, seen_bindings


# -- where the handler comes from, and which streams share it -------------------------------------------


def handler_of(site: ApiSite, ctx: Context, value: cst.BaseExpression) -> Union[Tuple[cst.ClassDef, cst.Call, Optional[str]], Finding]:
    """(class, `H(...)` call, variable or None) for `event_handler=H(...)`, or `event_handler=handler`
    made by `handler = H(...)` just before the `with`."""
    facts = ctx.facts
    var = None
    call = value
    statement = site.statement
    if isinstance(value, cst.Name):
        found = facts.bindings(value)
        binding = found[0] if len(found) == 1 else None
        if binding is None or binding.how != "assign" or binding.path or binding.statement is None:
            return Finding("stream-handler", f"the event handler `{value.value}` is assigned more than once or cannot be followed")
        line = binding.statement
        small = line.body[0] if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 else None
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and small.targets[0].target is binding.node
                and facts.parent(line) is facts.parent(statement) and facts.order(line) < facts.order(statement)):
            return Finding("stream-handler", f"the event handler `{value.value}` is not created by `{value.value} = "
                                             "Handler()` just before the stream")
        for read in facts.reads_of(binding):
            if read is value:
                continue
            parent = attribute_of(ctx, read)
            if not (parent is not None and parent.attr.value not in HANDLER_MEMBERS
                    and facts.order(facts.statement_of(read)) > facts.order(statement)):  # type: ignore[arg-type]
                return Finding("stream-handler", f"the event handler `{value.value}` is used other than by reading its "
                                                 "own attributes after the stream")
        var = value.value
        call = small.value
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and all(_plain_argument(a) for a in call.args)):
        return Finding("stream-handler", "streamed run without an event_handler=Handler() of this module")
    cls = module_class(ctx, call.func)
    if cls is None:
        return Finding("handler-elsewhere", f"the event handler class {call.func.value} is not defined in this module: "
                       "migrate this stream to client.responses.stream by hand, together with the class (if its own "
                       "module was migrated, the class no longer derives from AssistantEventHandler and its text hooks take str)")
    return cls, call, var


def _plain_argument(arg: cst.Arg) -> bool:
    """Evaluated a little later than before (once the request is made): only arguments without side effects."""
    value = arg.value
    while isinstance(value, cst.Attribute):
        value = value.value
    return not arg.star and isinstance(value, (cst.Name, cst.SimpleString, cst.Integer, cst.Float))


def streams_of(ctx: Context, cls: cst.ClassDef, allowed: Tuple[cst.Call, ...] = ()) -> Union[List[ApiSite], Finding]:
    """The stream calls that drive ``cls`` (`event_handler=H()`, or a variable made so): a class
    adapted for the Responses loop fits no Assistants stream any more, so they migrate together.
    ``allowed``: other `H()` calls the caller accounts for (a streamed tool round's)."""
    facts = ctx.facts
    binding = facts.w.bindings_at.get(cls)
    found: List[ApiSite] = []
    reads = [r for r in facts.reads_of(binding) if binding in seen_bindings(ctx, r)] if binding is not None else []
    for read in reads:
        call = facts.parent(read)
        if not (isinstance(call, cst.Call) and call.func is read):
            return class_finding(f"event handler {cls.name.value} is used elsewhere too")
        if call in allowed:
            continue
        holder = facts.parent(call)
        if isinstance(holder, cst.Assign) and len(holder.targets) == 1 and isinstance(holder.targets[0].target, cst.Name):
            target = holder.targets[0].target
            uses = [facts.parent(r) for r in facts.reads_of(facts.w.bindings_at[target])]
            holder = next((u for u in uses if isinstance(u, cst.Arg) and u.keyword is not None and u.keyword.value == "event_handler"), None)
        owner = facts.parent(holder) if isinstance(holder, cst.Arg) else None
        site = facts.w.site_of_call.get(owner) if isinstance(owner, cst.Call) else None
        if site is None or not (isinstance(holder, cst.Arg) and holder.keyword is not None and holder.keyword.value == "event_handler"):
            return class_finding(f"event handler {cls.name.value} is used elsewhere too")
        found.append(site)
    return found


def shared_with(site: ApiSite, ctx: Context, cls: cst.ClassDef, sites: List[ApiSite]) -> Dict[ApiSite, Finding]:
    """The other streams of the class: when one stays, the class stays the old handler, and so does this stream."""
    found = {}
    for other in sites:
        if other is site:
            continue
        func = ctx.facts.function_of(other.statement)
        where = f"in {func.name.value}()" if isinstance(func, cst.FunctionDef) else "at module level"
        found[other] = Finding("handler-shared", f"the event handler {cls.name.value} also serves a stream that stays on "
                                                 f"the Assistants API ({where}): they migrate together")
    return found


def loop_names(ctx: Context, node: cst.CSTNode, handler: Optional[str]) -> LoopNames:
    return LoopNames(
        handler=handler or free_name(ctx, node, "handler", "event_handler", "stream_handler"),
        event=free_name(ctx, node, "event", "stream_event", "response_event"),
        error=free_name(ctx, node, "exc", "error", "stream_error"),
    )



# -- the event loop -----------------------------------------------------------------------------------


@dataclass
class LoopNames:
    handler: str
    event: str
    error: str


def event_loop(plan: ClassPlan, names: LoopNames, stream: str, create: Optional[cst.BaseExpression]) -> List[cst.BaseStatement]:
    """`handler = H()` (``create``, when the handler was made in the call), then `for event in
    stream:` calling the hooks the handler defines; on_exception in an `except` that re-raises and
    on_end in a `finally`, where the old stream called them."""
    event = names.event

    def hook_call(hook: str, args: List[cst.BaseExpression]) -> cst.SimpleStatementLine:
        call: cst.BaseExpression = build.call(build.attr(names.handler, hook), [cst.Arg(value=a) for a in args])
        return build.line(cst.Expr(cst.Await(expression=call) if plan.asynchronous else call))

    made = [] if create is None else [build.line(build.assign(names.handler, create))]
    branches: List[tuple] = []
    for hook in plan.hooks:
        event_type, condition, fields = HOOKS[hook]
        test: cst.BaseExpression = build.equals(build.attr(event, "type"), event_type)
        if condition is not None:
            attr, sub, value = condition
            test = cst.BooleanOperation(left=test, operator=cst.And(), right=_item_test(build.attr(event, attr, sub), value))
        if hook == "on_tool_call_delta":
            # The code as it streams, then the outputs of the finished item (the old deltas carried both).
            branches.append((test, [hook_call(hook, [build.attr(event, "delta"), cst.Name("None")])]))
            if plan.include_outputs:
                done = cst.BooleanOperation(
                    left=build.equals(build.attr(event, "type"), "response.output_item.done"), operator=cst.And(),
                    right=build.equals(build.attr(event, "item", "type"), "code_interpreter_call"),
                )
                branches.append((done, [hook_call(hook, [cst.Name("None"), build.attr(event, "item", "outputs")])]))
            continue
        branches.append((test, [hook_call(hook, [build.attr(event, f) for f in fields])]))
    chain = elif_chain(branches)
    loop: cst.BaseStatement = cst.For(
        target=cst.Name(event),
        iter=cst.Name(stream),
        body=cst.IndentedBlock(body=[chain] if chain is not None else [build.line(cst.Pass())]),
        asynchronous=cst.Asynchronous() if plan.asynchronous else None,
    )
    if not (plan.has_on_exception or plan.has_on_end):
        return [*made, loop]
    handlers = []
    if plan.has_on_exception:
        handlers.append(cst.ExceptHandler(
            type=cst.Name("Exception"),
            name=cst.AsName(name=cst.Name(names.error)),
            body=cst.IndentedBlock(body=[hook_call("on_exception", [cst.Name(names.error)]), build.line(cst.Raise())]),
        ))
    final = cst.Finally(body=cst.IndentedBlock(body=[hook_call("on_end", [])])) if plan.has_on_end else None
    return [*made, cst.Try(body=cst.IndentedBlock(body=[loop]), handlers=handlers, finalbody=final)]


def elif_chain(branches: List[tuple]) -> Optional[cst.If]:
    chain: Optional[cst.If] = None
    for test, statements in reversed(branches):
        chain = cst.If(test=test, body=cst.IndentedBlock(body=statements), orelse=chain)
    return chain


def _item_test(left: cst.BaseExpression, value) -> cst.BaseExpression:
    """`<left> == "message"`, or `<left> in ("function_call", ...)` for several item types."""
    if isinstance(value, str):
        return build.equals(left, value)
    options = cst.Tuple(elements=[cst.Element(value=build.string(v)) for v in value])
    return cst.Comparison(left=left, comparisons=[cst.ComparisonTarget(operator=cst.In(), comparator=options)])
