"""Streamed runs with an event handler: `runs.stream(..., event_handler=H())` -> a `responses.stream` event loop.

    class H(AssistantEventHandler): def on_text_delta(self, delta, snapshot): print(delta.value, end="")
    with client.beta.threads.runs.stream(thread_id=t.id, assistant_id=A, event_handler=H()) as stream: stream.until_done()
    ->  class H: def on_text_delta(self, delta, snapshot): print(delta, end="")  ...  for event in stream: ... handler.on_text_delta(event.delta, event.snapshot)

The user's handler class stays and is driven from the loop, with its hooks adapted to what the
Responses events carry (text as `str`, a message as a `ResponseOutputMessage`); `on_exception` and
`on_end` keep the places the old stream gave them (an `except` that re-raises, a `finally`), and
the handler's own state stays readable (the `as stream` object was the handler). The same holds
for `runs.create_and_stream`, `threads.create_and_run_stream` and `AsyncAssistantEventHandler`
(`async for`, awaited hooks); a bare `for text in stream.text_deltas:` becomes a loop over the
text delta events. Hooks with no one-to-one event (tool calls, run steps, images, raw events,
timeouts) leave the run as it was, marked with the events to handle by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Set, Tuple, Union

import libcst as cst

from transforms import build, tool_loop
from transforms.collect import Collected, Site, binding_reads, variable_names
from transforms.convert import Blocked
from transforms.reply import chain_end
from transforms.threads_plan import code_of

# hook -> (new event type, extra condition on the event, arguments passed from the event)
HOOKS: Dict[str, tuple] = {
    "on_message_created": ("response.output_item.added", ("item", "type", "message"), ("item",)),
    "on_text_created": ("response.content_part.added", ("part", "type", "output_text"), ("part",)),
    "on_text_delta": ("response.output_text.delta", None, ("delta", "snapshot")),
    "on_text_done": ("response.output_text.done", None, ("text",)),
    "on_message_done": ("response.output_item.done", ("item", "type", "message"), ("item",)),
    # A tool call's item; its `.type` reads lose the "_call" the item types carry.
    "on_tool_call_created": ("response.output_item.added", ("item", "type", ("function_call", "file_search_call", "code_interpreter_call")), ("item",)),
    # Two events feed it (event_loop): the code as it streams, and the outputs with the finished item.
    "on_tool_call_delta": ("response.code_interpreter_call_code.delta", None, ("delta",)),
}
# Tool-call hooks the loop drives in the shape OpenAI's streaming quickstart wrote them.
TOOL_HOOKS = ("on_tool_call_created", "on_tool_call_delta")
TOOL_CALL_FIELDS = ("type",)
# `if delta.type == "code_interpreter":` then `if delta.code_interpreter.input:` / `.outputs:` branches.
CODE_FIELDS = ("input", "outputs")
# Old parameter attribute reads that became plain strings: `delta.value` -> `delta`.
STRING_PARAMS = {"on_text_delta": {"delta", "snapshot"}, "on_text_done": {"text"}, "on_text_created": set()}
MESSAGE_HOOKS = ("on_message_created", "on_message_done")
# Fields a thread Message and a ResponseOutputMessage share, name and values alike.
MESSAGE_FIELDS = ("id", "role", "status")
# `message.content[0].text.value` -> `message.content[0].text` (an output_text part's text is a str).
_MESSAGE_TEXT = (("attr", "content"), ("index", "0"), ("attr", "text"), ("attr", "value"))
# Old parameter annotations, by position, and what the event hands over instead.
PARAM_TYPES: Dict[str, Tuple[Tuple[str, str], ...]] = {
    "on_text_created": (("Text", "ResponseOutputText"),),
    "on_text_delta": (("TextDelta", "str"), ("Text", "str")),
    "on_text_done": (("Text", "str"),),
    "on_message_created": (("Message", "ResponseOutputMessage"),),
    "on_message_done": (("Message", "ResponseOutputMessage"),),
}
NEW_TYPES_MODULE = "openai.types.responses"
BASES = {False: "AssistantEventHandler", True: "AsyncAssistantEventHandler"}
DECORATORS_DROPPED = ("override",)
# What the hooks without a one-to-one event become, for the person who moves them by hand.
BY_HAND = {
    "on_event": "on_event receives every old event: branch on event.type (response.created, "
    "response.output_item.added, response.output_text.delta, response.completed, ...) in a "
    "`for event in stream:` loop over client.responses.stream by hand",
    "on_message_delta": "on_message_delta: handle response.output_text.delta (event.delta is the new text, "
    "event.snapshot the text so far) in a responses.stream loop by hand",
    "on_tool_call_created": "on_tool_call_created: handle response.output_item.added whose event.item.type is "
    "function_call, file_search_call or code_interpreter_call in a responses.stream loop by hand",
    "on_tool_call_delta": "on_tool_call_delta: handle response.function_call_arguments.delta (event.delta, "
    "event.snapshot) and response.code_interpreter_call_code.delta in a responses.stream loop by hand",
    "on_tool_call_done": "on_tool_call_done: handle response.output_item.done (event.item: function_call, "
    "file_search_call or code_interpreter_call) in a responses.stream loop by hand; function outputs go "
    "back as function_call_output input of the next response",
    "on_run_step_created": "on_run_step_created: run steps became output items; handle "
    "response.output_item.added (event.item) in a responses.stream loop by hand",
    "on_run_step_delta": "on_run_step_delta: run steps became output items; handle the item's own delta "
    "events (response.output_text.delta, response.function_call_arguments.delta) by hand",
    "on_run_step_done": "on_run_step_done: run steps became output items; handle response.output_item.done "
    "(event.item) in a responses.stream loop by hand",
    "on_image_file_done": "on_image_file_done: images arrive as image_generation_call output items "
    "(response.output_item.done) or container files cited in response.output_text.annotation.added; "
    "handle them by hand",
    "on_timeout": "on_timeout: wrap the responses.stream loop in try/except (httpx.TimeoutException, "
    "asyncio.TimeoutError) and call it there, before on_exception, by hand",
}
# What AssistantEventHandler gave its subclasses besides the hooks: gone with the base class.
HANDLER_MEMBERS = frozenset({
    "current_event", "current_run", "current_run_step_snapshot", "current_message_snapshot", "text_deltas",
    "until_done", "get_final_run", "get_final_run_steps", "get_final_messages", "close", "_init",
    "_emit_sse_event", "_iterator", "_current_event", "_current_message_content_index", "_current_message_content",
    "_current_tool_call_index", "_current_tool_call", *HOOKS, *BY_HAND, "on_end", "on_exception",
})
STREAM_READS = {
    "get_final_run": "stream.get_final_run(): after the loop, stream.get_final_response() is the Response "
    "(status, usage, output_text); adapt its reads by hand",
    "get_final_messages": "stream.get_final_messages(): after the loop, stream.get_final_response().output "
    "holds the output messages (ResponseOutputMessage, text at content[i].text); adapt its reads by hand",
    "get_final_run_steps": "stream.get_final_run_steps(): run steps became the output items of "
    "stream.get_final_response().output; adapt by hand",
}

Edit = Callable[[cst.CSTNode], cst.CSTNode]


@dataclass
class StreamPlan:
    with_stmt: cst.With
    asynchronous: bool = False
    # None for `for text in stream.text_deltas:` (no handler).
    handler_class: Optional[cst.ClassDef] = None
    handler_call: Optional[cst.Call] = None
    # `handler = H()` before the `with` (kept where it is), instead of `event_handler=H()`.
    handler_var: Optional[str] = None
    hooks: List[str] = field(default_factory=list)
    has_on_end: bool = False
    has_on_exception: bool = False
    # Edits inside the handler class (hook parameters, annotations, decorators), of the text_deltas
    # loop, and of reads of the handler's own state through the stream.
    edits: Dict[cst.CSTNode, Edit] = field(default_factory=dict)
    # Old annotation names replaced (their imports may go) and the names the new ones import.
    dropped: List[cst.CSTNode] = field(default_factory=list)
    old_names: Set[str] = field(default_factory=set)
    new_imports: List[str] = field(default_factory=list)
    names: Optional["LoopNames"] = None
    # on_tool_call_delta reads code interpreter outputs: the request asks for them (include=).
    include_outputs: bool = False
    # The names on_tool_call_delta's parameters get: the code as it streams, the outputs.
    code_params: Tuple[str, str] = ("code", "outputs")
    # Tool rounds answered in the stream (streamed_tools) keep these hooks for a person.
    drives_tool_hooks: bool = True


@dataclass
class LoopNames:
    handler: str
    event: str
    error: str


def _names(collected: Collected, site: Site) -> LoopNames:
    """Names for the handler, the loop's event and the caught exception that shadow nothing in the function."""
    return LoopNames(
        handler=collected.free_name(site.owner, "handler", "event_handler", "stream_handler"),
        event=collected.free_name(site.owner, "event", "stream_event", "response_event"),
        error=collected.free_name(site.owner, "exc", "error", "stream_error"),
    )


def plan_stream(collected: Collected, site: Site, scope_of) -> Union[StreamPlan, Blocked]:
    stmt = site.stmt
    if site.api.wrapper or site.awaited:
        return Blocked("streamed run behind a wrapper or awaited: move to responses.stream by hand")
    if not (isinstance(stmt, cst.With) and len(stmt.items) == 1 and stmt.items[0].item is site.api.call):
        return Blocked("runs.stream outside `with ... as stream:`: move to responses.stream by hand")
    asynchronous = stmt.asynchronous is not None
    alias = stmt.items[0].asname
    if alias is None or not isinstance(alias.name, cst.Name):
        return Blocked("runs.stream without `as stream`: move to responses.stream by hand")
    name = alias.name.value
    body = stmt.body.body if isinstance(stmt.body, cst.IndentedBlock) else []
    handler = site.api.arg("event_handler")
    plan = StreamPlan(with_stmt=stmt, asynchronous=asynchronous, names=_names(collected, site))
    if handler is None:
        return _plan_text_deltas(collected, plan, name, body, scope_of)
    wait = f"await {name}.until_done()" if asynchronous else f"{name}.until_done()"
    reads = _stream_reads(collected, stmt, name, scope_of)
    if isinstance(reads, Blocked):
        return reads
    if not (body and isinstance(body[0], cst.SimpleStatementLine) and len(body[0].body) == 1
            and code_of(body[0].body[0]).strip() == wait):
        return Blocked(_other_use(collected, reads, f"the stream is used other than by {wait}: move to responses.stream by hand"))
    found = _handler_of(collected, site, stmt, handler.value, scope_of)
    if isinstance(found, Blocked):
        return found
    cls, call, var = found
    plan.handler_class, plan.handler_call, plan.handler_var = cls, call, var
    if var is not None and plan.names is not None:
        plan.names.handler = var
    for node in reads:
        if collected.inside(node, body[0]):
            continue
        problem = _state_read(collected, node, plan)
        if problem:
            return Blocked(problem)
    problem = _plan_class(collected, cls, plan, scope_of)
    return Blocked(problem) if problem else plan


def _handler_of(collected: Collected, site: Site, stmt: cst.With, value: cst.BaseExpression, scope_of):
    """(class, `H(...)` call, variable or None) for `event_handler=H(...)` or `handler = H(...)` just before."""
    var = None
    call = value
    if isinstance(value, cst.Name):
        scope = scope_of(stmt)
        assignments = list(scope.assignments[value.value]) if scope is not None else []
        if len(assignments) != 1:
            return Blocked(f"the event handler `{value.value}` is assigned more than once or cannot be followed")
        line = collected.statement_of(assignments[0].node)
        small = line.body[0] if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 else None
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and small.targets[0].target is assignments[0].node
                and collected.block_of_stmt.get(line) is collected.block_of_stmt.get(stmt)
                and collected.order.get(line, 0) < collected.order.get(stmt, 0)):
            return Blocked(f"the event handler `{value.value}` is not created by `{value.value} = Handler()` just before the stream")
        for access in assignments[0].references:
            node = access.node
            if node is value:
                continue
            parent = collected.parent(node)
            if not (isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value not in HANDLER_MEMBERS
                    and collected.order.get(collected.statement_of(node), 0) > collected.order.get(stmt, 0)):
                return Blocked(f"the event handler `{value.value}` is used other than by reading its own attributes after the stream")
        var = value.value
        call = small.value
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and all(_plain_argument(a) for a in call.args)):
        return Blocked("streamed run without an event_handler=Handler() of this module")
    cls = next(
        (s for s in collected.module.body if isinstance(s, cst.ClassDef) and s.name.value == call.func.value),
        None,
    )
    if cls is None:
        return Blocked(
            f"the event handler class {call.func.value} is not defined in this module: migrate this stream to "
            "client.responses.stream by hand, together with the class (if its own module was migrated, the "
            "class no longer derives from AssistantEventHandler and its text hooks take str)"
        )
    return cls, call, var


def _plain_argument(arg: cst.Arg) -> bool:
    """Evaluated a little later than before (after the request): only arguments without side effects."""
    value = arg.value
    while isinstance(value, cst.Attribute):
        value = value.value
    return not arg.star and isinstance(value, (cst.Name, cst.SimpleString, cst.Integer, cst.Float))


def _state_read(collected: Collected, node: cst.CSTNode, plan: StreamPlan) -> Optional[str]:
    """`stream.<attr>` after until_done: the stream was the handler, so `handler.<attr>` (the user's own state)."""
    parent = collected.parent(node)
    if isinstance(parent, cst.Attribute) and parent.value is node:
        attr = parent.attr.value
        if attr in STREAM_READS:
            return STREAM_READS[attr]
        if attr in HANDLER_MEMBERS:
            return f"stream.{attr} has no one-to-one on a Responses stream: move to responses.stream by hand"
        plan.edits[node] = lambda updated: cst.Name(plan.names.handler if plan.names else "handler")
        return None
    return "the stream is used as a whole: it was the event handler; use the handler instead by hand"


def _stream_reads(collected: Collected, stmt: cst.With, name: str, scope_of) -> Union[List[cst.CSTNode], Blocked]:
    """Every read of the name the `with` binds (inside the block and after it)."""
    scope = scope_of(stmt)
    if scope is None:
        return Blocked("no scope information")
    everyone = list(scope.assignments[name])
    assignments = [a for a in everyone if collected.statement_of(a.node) is stmt]
    if len(assignments) != 1:
        return Blocked("the stream's name cannot be followed")
    # Scope analysis hands every read of the name to every binding of it; a read belongs to the
    # binding closest before it (two `with ... as stream:` blocks in one function each keep theirs).
    order = collected.order
    bindings = sorted(order.get(collected.statement_of(a.node), -1) for a in everyone)
    mine = order.get(stmt, -1)

    def binding_of(node: cst.CSTNode) -> int:
        at = order.get(collected.statement_of(node), -1)
        return max((b for b in bindings if b <= at), default=-1)

    return [access.node for access in assignments[0].references if binding_of(access.node) == mine]


def _other_use(collected: Collected, reads: List[cst.CSTNode], default: str) -> str:
    """The reason for a stream read the rewrite does not take, precise for the final-object getters."""
    for node in reads:
        parent = collected.parent(node)
        if isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value in STREAM_READS:
            return STREAM_READS[parent.attr.value]
    return default


def _plan_text_deltas(collected: Collected, plan: StreamPlan, name: str, body, scope_of) -> Union[StreamPlan, Blocked]:
    """`for text in stream.text_deltas:` in the block, and no other use of the stream."""
    reads = _stream_reads(collected, plan.with_stmt, name, scope_of)
    if isinstance(reads, Blocked):
        return reads
    loops = []
    for node in reads:
        parent = collected.parent(node)
        if isinstance(parent, cst.Attribute) and parent.value is node:
            attr = parent.attr.value
            loop = collected.parent(parent)
            if attr == "text_deltas" and isinstance(loop, cst.For) and loop.iter is parent:
                if loop not in body:
                    return Blocked("`for ... in stream.text_deltas:` nested in the `with` block: move to a responses.stream loop by hand")
                loops.append(loop)
                continue
            if attr in STREAM_READS:
                return Blocked(STREAM_READS[attr])
            return Blocked(f"stream.{attr} has no one-to-one on a Responses stream: move to responses.stream by hand")
        return Blocked("the stream is used other than by `for text in stream.text_deltas:`")
    if len(loops) != 1:
        return Blocked("streamed run without an event_handler= and without one `for text in stream.text_deltas:` loop")
    loop = loops[0]
    if not isinstance(loop.target, cst.Name):
        return Blocked("`for ... in stream.text_deltas:` with a target other than a name")
    if (loop.asynchronous is not None) != plan.asynchronous:
        return Blocked("text_deltas iterated with `for` in `async with` (or the reverse)")
    target = loop.target.value
    event = plan.names.event if plan.names else "event"
    plan.edits[loop] = lambda updated: _deltas_loop(updated, target, event)
    return plan


def _deltas_loop(updated: cst.For, target: str, event: str) -> cst.For:
    """`for text in stream.text_deltas: BODY` -> `for event in stream: if <text delta>: text = event.delta; BODY`."""
    assert isinstance(updated.iter, cst.Attribute)
    body = updated.body
    statements = list(body.body) if isinstance(body, cst.IndentedBlock) else [cst.SimpleStatementLine(body=body.body)]
    # text_deltas skipped empty deltas; so does the test.
    test = cst.BooleanOperation(
        left=build.equals(build.attr(event, "type"), "response.output_text.delta"),
        operator=cst.And(),
        right=build.attr(event, "delta"),
    )
    bind = build.line(build.assign(target, build.attr(event, "delta")))
    branch = cst.If(test=test, body=cst.IndentedBlock(body=[bind, *statements]))
    return updated.with_changes(
        target=cst.Name(event),
        iter=updated.iter.value,
        body=cst.IndentedBlock(body=[branch]),
    )


def _plan_class(collected: Collected, cls: cst.ClassDef, plan: StreamPlan, scope_of) -> Optional[str]:
    base = BASES[plan.asynchronous]
    if len(cls.bases) != 1 or _last_name(cls.bases[0].value) != base or cls.keywords or cls.decorators:
        other = BASES[not plan.asynchronous]
        if len(cls.bases) == 1 and _last_name(cls.bases[0].value) == other:
            return f"event handler {cls.name.value} derives from {other} but the stream is {'async' if plan.asynchronous else 'sync'}"
        return f"event handler {cls.name.value} has other bases than {base}, or decorators"
    scope = scope_of(cls)
    if scope is not None:
        references = [a.node for assignment in scope.assignments[cls.name.value] for a in assignment.references]
        # Other streams may use the class too (`event_handler=H()`): threads_and_runs then migrates
        # them all or none, since the adapted class no longer fits an Assistants stream.
        if plan.handler_call.func not in references or not all(
            r is plan.handler_call.func or _handler_argument(collected, r) for r in references
        ):
            return f"event handler {cls.name.value} is used elsewhere too"
    defined = {s.name.value for s in cls.body.body if isinstance(s, cst.FunctionDef)}
    for stmt in cls.body.body:
        if isinstance(stmt, cst.SimpleStatementLine) and all(isinstance(s, (cst.Expr, cst.Pass, cst.Assign, cst.AnnAssign)) for s in stmt.body):
            hook = next((n for n in _assigned_names(stmt) if n.startswith("on_") or n in HANDLER_MEMBERS), None)
            if hook is not None:
                return f"event handler {cls.name.value} sets {hook} as a class attribute: move the handler to a responses.stream loop by hand"
            continue  # docstring, pass, class attributes
        if not isinstance(stmt, cst.FunctionDef):
            return f"event handler {cls.name.value} holds more than methods and class attributes"
        name = stmt.name.value
        if any(_last_name(d.decorator) not in DECORATORS_DROPPED for d in stmt.decorators):
            return f"method {name} has decorators other than @override"
        if name == "__init__":
            problem = _plan_init(stmt, plan)
            if problem:
                return problem
        elif (stmt.asynchronous is not None) != plan.asynchronous and (name.startswith("on_") or name in HANDLER_MEMBERS):
            return f"hook {name} is {'not ' if plan.asynchronous else ''}async in a {base}"
        elif name in TOOL_HOOKS and plan.drives_tool_hooks:
            planner = _plan_tool_call_created if name == "on_tool_call_created" else _plan_tool_call_delta
            problem = planner(collected, stmt, plan, scope_of)
            if problem:
                return f"event handler hook {BY_HAND[name]} ({problem})"
            plan.hooks.append(name)
        elif name in BY_HAND:
            return f"event handler hook {BY_HAND[name]}"
        elif name == "on_end" and _plain_params(stmt.params, 1):
            plan.has_on_end = True
        elif name == "on_exception" and _plain_params(stmt.params, 2):
            plan.has_on_exception = True  # the exception is the same object either way: nothing to adapt
        elif name in HOOKS:
            problem = _plan_hook(collected, stmt, plan, scope_of)
            if problem:
                return problem
            plan.hooks.append(name)
        elif name in ("on_end", "on_exception"):
            return f"hook {name} has an unexpected signature"
        elif name.startswith(("on_", "__")) or name in HANDLER_MEMBERS:
            return f"event handler method {name} overrides AssistantEventHandler or is not a hook: move the handler to a responses.stream loop by hand"
        inherited = _inherited_use(stmt, defined)
        if inherited is not None:
            return (
                f"{name} uses self.{inherited}, which {base} provided and the Responses loop does not: "
                "keep that state on the handler by hand"
            )
        for decorator in stmt.decorators:
            plan.edits[decorator] = lambda updated: cst.RemoveFromParent()
    return None


def _assigned_names(stmt: cst.SimpleStatementLine) -> List[str]:
    names: List[str] = []
    for small in stmt.body:
        targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target] if isinstance(small, cst.AnnAssign) else []
        names += [t.value for t in targets if isinstance(t, cst.Name)]
    return names


def _handler_argument(collected: Collected, node: cst.CSTNode) -> bool:
    """`event_handler=H()`: the class instantiated right into another stream call."""
    call = collected.parent(node)
    arg = collected.parent(call)
    return (isinstance(call, cst.Call) and call.func is node and not call.args
            and isinstance(arg, cst.Arg) and arg.keyword is not None and arg.keyword.value == "event_handler")


def _plan_init(func: cst.FunctionDef, plan: StreamPlan) -> Optional[str]:
    """`super().__init__()` set up the old stream state: it goes (with `__init__` if nothing else is left)."""
    body = func.body.body if isinstance(func.body, cst.IndentedBlock) else []
    supers = [s for s in body if isinstance(s, cst.SimpleStatementLine) and code_of(s).strip() == "super().__init__()"]
    if len(supers) != 1:
        return "the event handler's __init__ does not call super().__init__() exactly once: adapt it by hand"
    others = [s for s in body if s is not supers[0] and not (
        isinstance(s, cst.SimpleStatementLine) and all(isinstance(x, (cst.Expr, cst.Pass)) for x in s.body)
    )]
    if others:
        plan.edits[supers[0]] = lambda updated: cst.RemoveFromParent()
    else:
        plan.edits[func] = lambda updated: cst.RemoveFromParent()
    return None


def _plain_params(params: cst.Parameters, count: int) -> bool:
    return (
        isinstance(params.star_arg, cst.MaybeSentinel) and not params.kwonly_params and params.star_kwarg is None
        and not params.posonly_params and len(params.params) == count
        and all(p.default is None for p in params.params)
    )


class _SelfReads(cst.CSTVisitor):
    def __init__(self, me: str) -> None:
        self.me = me
        self.attrs: List[str] = []

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if isinstance(node.value, cst.Name) and node.value.value == self.me:
            self.attrs.append(node.attr.value)


def _inherited_use(func: cst.FunctionDef, defined: Set[str]) -> Optional[str]:
    """A `self.<member>` of the old base class that the handler does not define itself."""
    if not func.params.params:
        return None
    reads = _SelfReads(func.params.params[0].name.value)
    func.body.visit(reads)
    return next((a for a in reads.attrs if a in HANDLER_MEMBERS and a not in defined), None)


def _beta_names(module: cst.Module) -> Dict[str, str]:
    """Local name -> imported name for the module's `from openai.types.beta... import X [as Y]`."""
    found: Dict[str, str] = {}
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if (
                isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative
                and not isinstance(small.names, cst.ImportStar) and code_of(small.module).startswith("openai.types.beta")
            ):
                for alias in small.names:
                    found[alias.evaluated_alias or alias.evaluated_name] = alias.evaluated_name
    return found


def _plan_hook(collected: Collected, func: cst.FunctionDef, plan: StreamPlan, scope_of) -> Optional[str]:
    name = func.name.value
    params = func.params
    if not _plain_params(params, 1 + len(HOOKS[name][2])):  # self and what the event hands over
        return f"hook {name} has an unexpected signature"
    beta = _beta_names(collected.module)
    for position, param in enumerate(params.params[1:]):
        pname = param.name.value
        if param.annotation is not None:
            problem = _plan_annotation(collected, name, param, PARAM_TYPES[name][position], beta, plan)
            if problem:
                return problem
        reads = _param_reads(func, position + 1, scope_of)
        if reads is None:
            return f"hook {name} reassigns `{pname}`"
        for read in reads:
            parent = collected.parent(read)
            if pname in STRING_PARAMS.get(name, ()) and isinstance(parent, cst.Attribute) and parent.value is read and parent.attr.value == "value":
                if _in_debug_fstring(collected, parent):
                    return f"hook {name} prints `{pname}.value` with an f-string `=`, which would show the rewritten expression"
                plan.edits[parent] = lambda updated: updated.value
                continue
            if name in MESSAGE_HOOKS:
                problem = _message_read(collected, name, pname, read, plan)
                if problem:
                    return problem
                continue
            if name in STRING_PARAMS and not STRING_PARAMS[name]:
                return f"hook {name} reads `{pname}`: at response.content_part.added the part's text is still empty; read the text in on_text_delta / on_text_done"
            return f"hook {name} reads `{pname}` other than as `{pname}.value`"
    return None


def _param_reads(func: cst.FunctionDef, position: int, scope_of) -> Optional[List[cst.CSTNode]]:
    """Where the hook reads its parameter; None when the parameter is assigned again."""
    scope = scope_of(func.body)
    name = func.params.params[position].name.value
    assignments = list(scope.assignments[name]) if scope is not None else []
    if len(assignments) != 1:
        return None
    return [access.node for access in assignments[0].references]


def _plan_tool_call_created(collected: Collected, func: cst.FunctionDef, plan: StreamPlan, scope_of) -> Optional[str]:
    """`tool_call.type` of the old tool call -> the same value read from the output item."""
    params = func.params
    if not _plain_params(params, 2) or params.params[1].annotation is not None:
        return "its signature or annotation differs from on_tool_call_created(self, tool_call)"
    reads = _param_reads(func, 1, scope_of)
    if reads is None:
        return "it reassigns its parameter"
    for node in reads:
        parent = collected.parent(node)
        if not (isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value in TOOL_CALL_FIELDS):
            # `.id` too: a function call's old id is the item's call_id now, its id another thing.
            return "it reads the tool call other than its .type"
        if _stored_to(collected, parent):
            return "it assigns to tool_call.type"
        if _in_debug_fstring(collected, parent):
            return "it prints tool_call.type with an f-string `=`, which would show the rewritten expression"
        quote = _free_quote(collected, parent)
        if quote is None:
            return "it reads tool_call.type inside nested f-strings"
        # "code_interpreter_call" -> "code_interpreter", as the old tool call said.
        suffix = cst.SimpleString(f"{quote}_call{quote}")
        plan.edits[parent] = lambda updated, suffix=suffix: build.call(build.attr(updated, "removesuffix"), [cst.Arg(value=suffix)])
    return None


def _stored_to(collected: Collected, node: cst.CSTNode) -> bool:
    """``node`` is written (`x.type = ...`, `x.type += ...`, `del x.type`), not read."""
    parent = collected.parent(node)
    if isinstance(parent, (cst.AssignTarget, cst.Del)):
        return True
    return isinstance(parent, (cst.AugAssign, cst.AnnAssign)) and parent.target is node


def _in_debug_fstring(collected: Collected, node: cst.CSTNode) -> bool:
    """Inside `f"{expr=}"`, which prints the expression's own text."""
    parent = collected.parent(node)
    while parent is not None and not isinstance(parent, cst.BaseStatement):
        if isinstance(parent, cst.FormattedStringExpression) and parent.equal is not None:
            return True
        parent = collected.parent(parent)
    return False


def _free_quote(collected: Collected, node: cst.CSTNode) -> Optional[str]:
    """A quote character a string may use at ``node``: not the one of an f-string around it (before
    3.12); None inside nested f-strings, where one quote may not be enough."""
    found: List[cst.FormattedString] = []
    parent = collected.parent(node)
    while parent is not None and not isinstance(parent, cst.BaseStatement):
        if isinstance(parent, cst.FormattedString):
            found.append(parent)
        parent = collected.parent(parent)
    if len(found) > 1:
        return None
    if found:
        return "'" if '"' in found[0].start else '"'
    return '"'


def _plan_tool_call_delta(collected: Collected, func: cst.FunctionDef, plan: StreamPlan, scope_of) -> Optional[str]:
    """OpenAI's quickstart shape: `if delta.type == "code_interpreter":` around `if delta.code_interpreter.input:`
    and `if delta.code_interpreter.outputs:` branches. The hook then takes the code and the outputs:
    the loop calls it with the code as it streams, and with the outputs of the finished item."""
    params = func.params
    if not _plain_params(params, 3) or any(p.annotation is not None for p in params.params[1:]):
        return "its signature or annotations differ from on_tool_call_delta(self, delta, snapshot)"
    body = [s for s in func.body.body if not _docstring(s)] if isinstance(func.body, cst.IndentedBlock) else []
    outer = body[0] if len(body) == 1 else None
    delta = params.params[1].name.value
    if not (isinstance(outer, cst.If) and outer.orelse is None and isinstance(outer.body, cst.IndentedBlock)
            and code_of(outer.test).strip().replace("'", '"') == f'{delta}.type == "code_interpreter"'):
        return f'its body is not one `if {delta}.type == "code_interpreter":` block'
    branches: Dict[str, cst.If] = {}
    for inner in outer.body.body:
        field_name = _code_field(inner.test, delta) if isinstance(inner, cst.If) and inner.orelse is None else None
        if field_name is None or field_name in branches or not isinstance(inner, cst.If):
            return f"inside the code_interpreter block, something other than `if {delta}.code_interpreter.input:` / `.outputs:` branches"
        branches[field_name] = inner
    if "outputs" in branches and "." + "image" in code_of(branches["outputs"]):
        return "it reads image outputs, which are container files now"
    reads = _param_reads(func, 1, scope_of)
    if reads is None or _param_reads(func, 2, scope_of) != []:
        return "it reassigns its parameters or reads the snapshot"
    code_name = _free_parameter(collected, func, "code", "code_delta")
    outputs_name = _free_parameter(collected, func, "outputs", "code_outputs")
    renamed = {"input": code_name, "outputs": outputs_name}
    type_test = outer.test.left if isinstance(outer.test, cst.Comparison) else None
    for node in reads:
        attribute = collected.parent(node)
        chain = collected.parent(attribute) if attribute is not None else None
        field_name = _code_field(chain, delta)
        if field_name is None and attribute is type_test:
            continue  # the `delta.type` test, which goes with its block
        if chain is None or field_name not in branches or not collected.inside(chain, branches[field_name]):
            return f"it reads {delta} other than through its own branch's {delta}.code_interpreter.input / .outputs"
        if _in_debug_fstring(collected, chain):
            return "it prints a read with an f-string `=`, which would show the rewritten expression"
        if field_name == "outputs" and chain is not branches["outputs"].test:
            problem = _outputs_use(collected, chain)
            if problem:
                return problem
        plan.edits[chain] = lambda updated, name=renamed[field_name]: cst.Name(name)
    plan.edits[outer] = _dissolve
    plan.edits[params.params[1].name] = lambda updated: cst.Name(code_name)
    plan.edits[params.params[2].name] = lambda updated: cst.Name(outputs_name)
    plan.code_params = (code_name, outputs_name)
    plan.include_outputs = "outputs" in branches
    return None


def _outputs_use(collected: Collected, chain: cst.CSTNode) -> Optional[str]:
    """The outputs are only looped over, each read through `.type` and `.logs`: the fields the old log
    outputs and the Responses ones share (an image's `.image.file_id` is a container file's `url` now)."""
    loop = collected.parent(chain)
    if not (isinstance(loop, cst.For) and loop.iter is chain and isinstance(loop.target, cst.Name)):
        return "it uses the code interpreter outputs other than in a `for` loop over them"
    name = loop.target.value
    for node in variable_names(loop.body):
        if node.value != name:
            continue
        parent = collected.parent(node)
        if not (isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value in ("type", "logs")):
            return f"it reads `{name}` other than its .type and .logs, which the Responses outputs keep"
        if _stored_to(collected, parent) or _in_debug_fstring(collected, parent):
            return f"it writes `{name}.{parent.attr.value}` or prints it with an f-string `=`"
    return None


def _dissolve(updated: cst.CSTNode):
    """The block's statements in place of the `if` (its test held for every call the loop makes)."""
    assert isinstance(updated, cst.If) and isinstance(updated.body, cst.IndentedBlock)
    return cst.FlattenSentinel(list(updated.body.body))


def _free_parameter(collected: Collected, func: cst.FunctionDef, *candidates: str) -> str:
    """A name the hook does not use as a variable (`delta.code_interpreter.outputs` goes with the rewrite)."""
    code = code_of(func)
    for name in candidates:
        if re.search(rf"(?<![.\w]){name}\b", code) is None:
            return name
    return collected.free_name(func, candidates[-1])


def _code_field(node: Optional[cst.CSTNode], delta: str) -> Optional[str]:
    """"input" / "outputs" for `<delta>.code_interpreter.input` / `.outputs`."""
    if not (isinstance(node, cst.Attribute) and node.attr.value in CODE_FIELDS and isinstance(node.value, cst.Attribute)):
        return None
    inner = node.value
    if inner.attr.value == "code_interpreter" and isinstance(inner.value, cst.Name) and inner.value.value == delta:
        return node.attr.value
    return None


def _docstring(stmt: cst.CSTNode) -> bool:
    return (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr)
            and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString)))


def _message_read(collected: Collected, hook: str, pname: str, node: cst.CSTNode, plan: StreamPlan) -> Optional[str]:
    """`message.id` / `.role` / `.status` stay; `message.content[0].text.value` loses its `.value`."""
    parent = collected.parent(node)
    if isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value in MESSAGE_FIELDS:
        return None
    end = chain_end(collected, node, _MESSAGE_TEXT)
    if end is not None:
        plan.edits[end] = lambda updated: updated.value
        return None
    what = f"{pname}.{parent.attr.value}" if isinstance(parent, cst.Attribute) and parent.value is node else pname
    return (
        f"hook {hook} reads `{what}`: the message is now a ResponseOutputMessage (id, role, status, and "
        "content[i].text of its output_text parts); adapt that read by hand"
    )


def _plan_annotation(collected: Collected, hook: str, param: cst.Param, types: Tuple[str, str], beta: Dict[str, str], plan: StreamPlan) -> Optional[str]:
    """`delta: TextDelta` -> `delta: str`, `message: Message` -> `message: ResponseOutputMessage`; the user's own types stay."""
    annotation = param.annotation.annotation
    if isinstance(annotation, (cst.SimpleString, cst.ConcatenatedString)):
        return f"hook {hook} annotates `{param.name.value}` with a string: use {types[1]} by hand"
    if isinstance(annotation, cst.Attribute):
        return f"hook {hook} annotates `{param.name.value}` with {code_of(annotation)}: use {types[1]} by hand"
    if not (isinstance(annotation, cst.Name) and annotation.value in beta):
        return None
    old, new = types
    if beta[annotation.value] != old:
        return f"hook {hook} annotates `{param.name.value}` as {beta[annotation.value]}, not {old}"
    if new != "str":
        if not collected.name_is_free(collected.module, new) and f"import {new}" not in collected.module.code:
            return f"hook {hook}: the name {new} is taken in this module; annotate `{param.name.value}` by hand"
        plan.new_imports.append(f"from {NEW_TYPES_MODULE} import {new}")
    plan.edits[annotation] = lambda updated, new=new: cst.Name(new)
    plan.dropped.append(annotation)
    plan.old_names.add(annotation.value)
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
    updated = updated.with_changes(bases=[], lpar=cst.MaybeSentinel.DEFAULT, rpar=cst.MaybeSentinel.DEFAULT)
    body = updated.body
    if isinstance(body, cst.IndentedBlock) and body.body:
        # A dropped `__init__` must not leave the class opening on a blank line.
        first = body.body[0]
        lines = list(first.leading_lines)
        while lines and lines[0].comment is None:
            lines.pop(0)
        updated = updated.with_changes(body=body.with_changes(body=[first.with_changes(leading_lines=lines), *body.body[1:]]))
    return updated


def event_loop(plan: StreamPlan, stream_name: str) -> List[cst.BaseStatement]:
    """`handler = H()`, then `for event in stream:` dispatching to the hooks the handler defines.

    The old stream called on_exception for an exception raised while iterating (hooks included) and
    re-raised it, and on_end in a `finally`: the loop keeps both.
    """
    assert plan.handler_call is not None and plan.names is not None
    names = plan.names
    event = names.event

    def hook_call(hook: str, args: List[cst.BaseExpression]) -> cst.SimpleStatementLine:
        call: cst.BaseExpression = build.call(build.attr(names.handler, hook), [cst.Arg(value=a) for a in args])
        return build.line(cst.Expr(cst.Await(expression=call) if plan.asynchronous else call))

    create = [] if plan.handler_var else [build.line(build.assign(names.handler, plan.handler_call.deep_clone()))]
    branches: List[tuple] = []
    for hook in plan.hooks:
        event_type, condition, fields = HOOKS[hook]
        test: cst.BaseExpression = build.equals(build.attr(event, "type"), event_type)
        if condition is not None:
            attr, sub, value = condition
            test = cst.BooleanOperation(left=test, operator=cst.And(), right=_item_test(build.attr(event, attr, sub), value))
        if hook == "on_tool_call_delta":
            # The code as it streams, then the outputs of the finished item (the old deltas carried both).
            branches.append((test, cst.IndentedBlock(body=[hook_call(hook, [build.attr(event, "delta"), cst.Name("None")])])))
            if plan.include_outputs:
                done = cst.BooleanOperation(
                    left=build.equals(build.attr(event, "type"), "response.output_item.done"), operator=cst.And(),
                    right=build.equals(build.attr(event, "item", "type"), "code_interpreter_call"),
                )
                branches.append((done, cst.IndentedBlock(body=[hook_call(hook, [cst.Name("None"), build.attr(event, "item", "outputs")])])))
            continue
        branches.append((test, cst.IndentedBlock(body=[hook_call(hook, [build.attr(event, f) for f in fields])])))
    chain = _elif_chain(branches)
    loop_body = [chain] if chain is not None else [build.line(cst.Pass())]
    loop: cst.BaseStatement = cst.For(
        target=cst.Name(event),
        iter=cst.Name(stream_name),
        body=cst.IndentedBlock(body=loop_body),
        asynchronous=cst.Asynchronous() if plan.asynchronous else None,
    )
    if not (plan.has_on_exception or plan.has_on_end):
        return [*create, loop]
    handlers = []
    if plan.has_on_exception:
        handlers.append(cst.ExceptHandler(
            type=cst.Name("Exception"),
            name=cst.AsName(name=cst.Name(names.error)),
            body=cst.IndentedBlock(body=[hook_call("on_exception", [cst.Name(names.error)]), build.line(cst.Raise())]),
        ))
    final = cst.Finally(body=cst.IndentedBlock(body=[hook_call("on_end", [])])) if plan.has_on_end else None
    return [*create, cst.Try(body=cst.IndentedBlock(body=[loop]), handlers=handlers, finalbody=final)]


def _item_test(left: cst.BaseExpression, value) -> cst.BaseExpression:
    """`<left> == "message"`, or `<left> in ("function_call", ...)` for several item types."""
    if isinstance(value, str):
        return build.equals(left, value)
    options = cst.Tuple(elements=[cst.Element(value=build.string(v)) for v in value])
    return cst.Comparison(left=left, comparisons=[cst.ComparisonTarget(operator=cst.In(), comparator=options)])


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
        for node in binding_reads(scope_of, loop.target) or []:
            parent = collected.parent(node)
            check = _isinstance_check(collected, node, scope_of)
            if check is not None:
                call, old = check
                if old not in RAW_EVENTS:
                    return Blocked(f"stream event {old!r} has no one-to-one Responses event")
                edits[call] = (
                    (lambda updated, name=name: completed_event(name)) if old == COMPLETED
                    else (lambda updated, name=name, new=RAW_EVENTS[old]: build.equals(build.attr(name, "type"), new))
                )
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
    if old == COMPLETED:
        name = code_of(attr.value).strip()
        negate = isinstance(comparison.comparisons[0].operator, cst.NotEqual)
        edits[comparison] = lambda updated: completed_event(name, negate).with_changes(lpar=updated.lpar, rpar=updated.rpar)
        return None
    edits[attr.attr] = lambda updated: updated.with_changes(value="type")
    edits[comparison.comparisons[0].comparator] = lambda updated, new=new: build.string(new)
    return None


COMPLETED = "thread.run.completed"


def completed_event(name: str, negate: bool = False) -> cst.BaseExpression:
    """`thread.run.completed` came only for a run with no tool call pending; `response.completed`
    comes for a response that asks for function calls too, so those are ruled out."""
    calls = tool_loop.any_calls(build.attr(name, "response"))
    test = cst.BooleanOperation(
        left=build.equals(build.attr(name, "type"), RAW_EVENTS[COMPLETED]),
        operator=cst.And(),
        right=cst.UnaryOperation(operator=cst.Not(), expression=calls),
    )
    if negate:
        return cst.UnaryOperation(operator=cst.Not(), expression=test.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()]))
    return test
