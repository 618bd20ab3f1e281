"""A user's AssistantEventHandler subclass, driven from a `responses.stream` event loop.

    class H(AssistantEventHandler):
        def on_text_delta(self, delta, snapshot): print(delta.value, end="")
    ->  class H:
        def on_text_delta(self, delta, snapshot): print(delta, end="")
    and, in the stream's block:  for event in stream:
                                     if event.type == "response.output_text.delta": handler.on_text_delta(event.delta, event.snapshot)

The class stays the user's: it loses its base class, and its hooks take what the Responses events
carry (text as `str`, a message as a `ResponseOutputMessage`); `on_exception` and `on_end` keep the
places the old stream gave them (an `except` that re-raises, a `finally`). Hooks with no one-to-one
event (raw events, tool calls other than the quickstart's shape, run steps, images, timeouts), and
handlers that use what the old base class gave them, are the person's: the stream then stays.

The plan of a class is worked out once per module (`Context.memo`): the streams sharing a class
hand over the same edits, applied once. The loop that calls the hooks is rules/handler_streams'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Optional, Set, Tuple, Union

import libcst as cst

from transforms import build
from transforms.facts.infer import dotted
from transforms.rules.context import Context, Finding, code
from transforms.rules.stream_request import (
    Edit, attribute_of, chain_end, in_debug_fstring, names_in, param_reads, written,
)

# hook -> (new event type, extra test on the event, the event fields handed to the hook)
HOOKS: Dict[str, tuple] = {
    "on_message_created": ("response.output_item.added", ("item", "type", "message"), ("item",)),
    "on_text_created": ("response.content_part.added", ("part", "type", "output_text"), ("part",)),
    "on_text_delta": ("response.output_text.delta", None, ("delta", "snapshot")),
    "on_text_done": ("response.output_text.done", None, ("text",)),
    "on_message_done": ("response.output_item.done", ("item", "type", "message"), ("item",)),
    # A tool call's item; its `.type` reads lose the "_call" the item types carry.
    "on_tool_call_created": ("response.output_item.added",
                             ("item", "type", ("function_call", "file_search_call", "code_interpreter_call")), ("item",)),
    # Two events feed it (event_loop): the code as it streams, and the outputs with the finished item.
    "on_tool_call_delta": ("response.code_interpreter_call_code.delta", None, ("delta",)),
}
# Tool-call hooks the loop drives in the shape OpenAI's streaming quickstart wrote them.
TOOL_HOOKS = ("on_tool_call_created", "on_tool_call_delta")
# Parameters whose `.value` is the text itself now (`delta.value` -> `delta`).
STRING_PARAMS = {"on_text_delta": {"delta", "snapshot"}, "on_text_done": {"text"}, "on_text_created": set()}
MESSAGE_HOOKS = ("on_message_created", "on_message_done")
# Fields a thread Message and a ResponseOutputMessage share, name and values alike.
MESSAGE_FIELDS = ("id", "role", "status")
_MESSAGE_TEXT = (("attr", "content"), ("index", "0"), ("attr", "text"), ("attr", "value"))
# Old parameter annotations, by position, and what the event hands over instead.
PARAM_TYPES: Dict[str, Tuple[Tuple[str, str], ...]] = {
    "on_text_created": (("Text", "ResponseOutputText"),),
    "on_text_delta": (("TextDelta", "str"), ("Text", "str")),
    "on_text_done": (("Text", "str"),),
    "on_message_created": (("Message", "ResponseOutputMessage"),),
    "on_message_done": (("Message", "ResponseOutputMessage"),),
}
NEW_TYPES = "openai.types.responses"
BASES = {False: "AssistantEventHandler", True: "AsyncAssistantEventHandler"}
DROPPED_DECORATORS = ("override",)
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


# What a handler left as it was needs, where the reason found does not say it itself.
LOOP_BY_HAND = ("move what the handler does to a loop over the events of client.responses.stream(...) by hand "
                "(docs/reference.md, streaming)")


def _what_to_do(message: str) -> str:
    """``message`` with what to do: the reasons that name their own fix say "by hand"."""
    if "by hand" in message:
        return message
    return f"{message}, so the stream stays on the Assistants API: {LOOP_BY_HAND}"


def hook_finding(message: str) -> Finding:
    return Finding("handler-hook", _what_to_do(message))


def class_finding(message: str) -> Finding:
    return Finding("handler-class", _what_to_do(message))


@dataclass
class ClassPlan:
    cls: cst.ClassDef
    asynchronous: bool
    hooks: List[str] = field(default_factory=list)
    has_on_end: bool = False
    has_on_exception: bool = False
    # Edits inside the class (None: removed), the class itself included; shared by every stream
    # that drives it.
    edits: Dict[cst.CSTNode, Optional[Edit]] = field(default_factory=dict)
    # on_tool_call_delta reads code interpreter outputs: the request asks for them (include=).
    include_outputs: bool = False


def plan_class(ctx: Context, cls: cst.ClassDef, asynchronous: bool, tool_hooks: bool = True,
               skip: FrozenSet[cst.FunctionDef] = frozenset()) -> Union[ClassPlan, Finding]:
    """How ``cls`` is driven from a Responses event loop (once per module and shape of stream).
    ``skip``: methods that leave the class (a streamed tool round moves them to the call site);
    ``tool_hooks``: whether the loop drives the quickstart's tool-call hooks."""
    key = ("handler-class", cls, asynchronous, tool_hooks, skip)
    found = ctx.memo.get(key)
    if found is None:
        found = ctx.memo[key] = _Planner(ctx, cls, asynchronous, tool_hooks, skip).run()
    return found  # type: ignore[return-value]


class _Planner:
    def __init__(self, ctx: Context, cls: cst.ClassDef, asynchronous: bool, tool_hooks: bool, skip) -> None:
        self.ctx = ctx
        self.facts = ctx.facts
        self.cls = cls
        self.skip = skip
        self.tool_hooks = tool_hooks
        self.plan = ClassPlan(cls, asynchronous)

    def run(self) -> Union[ClassPlan, Finding]:
        cls, plan = self.cls, self.plan
        base = BASES[plan.asynchronous]
        if len(cls.bases) != 1 or _last_name(cls.bases[0].value) != base or cls.keywords or cls.decorators:
            other = BASES[not plan.asynchronous]
            if len(cls.bases) == 1 and _last_name(cls.bases[0].value) == other:
                return class_finding(f"event handler {cls.name.value} derives from {other} but the stream is "
                                     f"{'async' if plan.asynchronous else 'sync'}")
            return class_finding(f"event handler {cls.name.value} has other bases than {base}, or decorators")
        body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
        defined = {s.name.value for s in body if isinstance(s, cst.FunctionDef)}
        for stmt in body:
            if stmt in self.skip:
                continue
            if isinstance(stmt, cst.SimpleStatementLine) and all(isinstance(s, (cst.Expr, cst.Pass, cst.Assign, cst.AnnAssign)) for s in stmt.body):
                hook = next((n for n in _assigned_names(stmt) if n.startswith("on_") or n in HANDLER_MEMBERS), None)
                if hook is not None:
                    return class_finding(f"event handler {cls.name.value} sets {hook} as a class attribute: move the "
                                         "handler to a responses.stream loop by hand")
                continue  # docstring, pass, class attributes
            if not isinstance(stmt, cst.FunctionDef):
                return class_finding(f"event handler {cls.name.value} holds more than methods and class attributes")
            problem = self._method(stmt, base, defined)
            if problem is not None:
                return problem
        plan.edits[cls] = _adapt_class
        gone = [d for d in plan.edits if isinstance(d, cst.Decorator)] + list(self.skip)
        plan.edits.update(unused_imports(self.ctx, gone))
        return plan

    def _method(self, stmt: cst.FunctionDef, base: str, defined: Set[str]) -> Optional[Finding]:
        plan = self.plan
        name = stmt.name.value
        if any(_last_name(d.decorator) not in DROPPED_DECORATORS for d in stmt.decorators):
            return class_finding(f"method {name} of the event handler has decorators other than @override")
        problem: Optional[str] = None
        if name.startswith("on_") and _empty(stmt) and (stmt.asynchronous is not None) == plan.asynchronous:
            pass  # a hook that does nothing: no event to drive it from
        elif name == "__init__":
            problem = self._init(stmt)
        elif (stmt.asynchronous is not None) != plan.asynchronous and (name.startswith("on_") or name in HANDLER_MEMBERS):
            return class_finding(f"hook {name} is {'not ' if plan.asynchronous else ''}async in a {base}")
        elif name in TOOL_HOOKS and self.tool_hooks:
            planner = self._tool_call_created if name == "on_tool_call_created" else self._tool_call_delta
            why = planner(stmt)
            if why:
                return hook_finding(f"event handler hook {BY_HAND[name]} ({why})")
            plan.hooks.append(name)
        elif name in BY_HAND:
            return hook_finding(f"event handler hook {BY_HAND[name]}")
        elif name == "on_end" and _plain_params(stmt.params, 1):
            plan.has_on_end = True
        elif name == "on_exception" and _plain_params(stmt.params, 2):
            plan.has_on_exception = True  # the exception is the same object either way
        elif name in HOOKS:
            problem = self._hook(stmt)
            if problem is None:
                plan.hooks.append(name)
        elif name in ("on_end", "on_exception"):
            problem = f"hook {name} has an unexpected signature"
        elif name.startswith(("on_", "__")) or name in HANDLER_MEMBERS:
            problem = (f"event handler method {name} overrides AssistantEventHandler or is not a hook: move the "
                       "handler to a responses.stream loop by hand")
        if problem is not None:
            return hook_finding(problem)
        inherited = self._inherited_use(stmt, defined)
        if inherited is not None:
            return Finding("handler-state", f"{name} uses self.{inherited}, which {base} provided and the Responses "
                                            "loop does not: keep that state on the handler by hand")
        for decorator in stmt.decorators:
            plan.edits[decorator] = None
        return None

    def _init(self, func: cst.FunctionDef) -> Optional[str]:
        """`super().__init__()` set up the old stream state: it goes (with `__init__` if nothing else is left)."""
        body = func.body.body if isinstance(func.body, cst.IndentedBlock) else []
        supers = [s for s in body if isinstance(s, cst.SimpleStatementLine) and code(s).strip() == "super().__init__()"]
        if len(supers) != 1:
            return "the event handler's __init__ does not call super().__init__() exactly once: adapt it by hand"
        others = [s for s in body if s is not supers[0] and not (
            isinstance(s, cst.SimpleStatementLine) and all(isinstance(x, (cst.Expr, cst.Pass)) for x in s.body)
        )]
        self.plan.edits[supers[0] if others else func] = None
        return None

    def _inherited_use(self, func: cst.FunctionDef, defined: Set[str]) -> Optional[str]:
        """A `self.<member>` of the old base class that the handler does not define itself."""
        for read in self.facts.w.self_reads:
            if read.cls is self.cls and read.attr in HANDLER_MEMBERS and read.attr not in defined and self.facts.inside(read.node, func):
                return read.attr
        return None

    # -- text and message hooks -------------------------------------------------------------------

    def _hook(self, func: cst.FunctionDef) -> Optional[str]:
        name = func.name.value
        params = func.params
        if not _plain_params(params, 1 + len(HOOKS[name][2])):  # self and what the event hands over
            return f"hook {name} has an unexpected signature"
        for position, param in enumerate(params.params[1:]):
            pname = param.name.value
            if param.annotation is not None:
                problem = self._annotation(name, param, PARAM_TYPES[name][position])
                if problem:
                    return problem
            reads = param_reads(self.ctx, func, position + 1)
            if reads is None:
                return f"hook {name} reassigns `{pname}`"
            for read in reads:
                parent = attribute_of(self.ctx, read)
                if pname in STRING_PARAMS.get(name, ()) and parent is not None and parent.attr.value == "value":
                    if in_debug_fstring(self.ctx, parent):
                        return f"hook {name} prints `{pname}.value` with an f-string `=`, which would show the rewritten expression"
                    self.plan.edits[parent] = _value_of
                    continue
                if name in MESSAGE_HOOKS:
                    problem = self._message_read(name, pname, read)
                    if problem:
                        return problem
                    continue
                if name in STRING_PARAMS and not STRING_PARAMS[name]:
                    return (f"hook {name} reads `{pname}`: at response.content_part.added the part's text is still "
                            "empty; read the text in on_text_delta / on_text_done")
                return f"hook {name} reads `{pname}` other than as `{pname}.value`"
        return None

    def _message_read(self, hook: str, pname: str, node: cst.CSTNode) -> Optional[str]:
        """`message.id` / `.role` / `.status` stay; `message.content[0].text.value` is that part's text."""
        parent = attribute_of(self.ctx, node)
        if parent is not None and parent.attr.value in MESSAGE_FIELDS and not written(self.ctx, parent):
            return None
        end = chain_end(self.ctx, node, _MESSAGE_TEXT)
        if end is not None and not in_debug_fstring(self.ctx, end):
            ctx = self.ctx

            def text_of(updated: cst.CSTNode) -> cst.CSTNode:
                assert isinstance(updated, cst.Attribute)
                part = updated.value
                if isinstance(part, cst.Attribute) and part.attr.value == "text":
                    part = part.value  # else the reads rule took `.text` already (a parameter typed Message)
                return build.call(cst.Name(ctx.helper("_text")), [cst.Arg(part)])

            self.plan.edits[end] = text_of
            return None
        what = f"{pname}.{parent.attr.value}" if parent is not None else pname
        return (f"hook {hook} reads `{what}`: the message is now a ResponseOutputMessage (id, role, status, and "
                "content[i].text of its output_text parts); adapt that read by hand")

    def _annotation(self, hook: str, param: cst.Param, types: Tuple[str, str]) -> Optional[str]:
        """`delta: TextDelta` -> `delta: str`, `message: Message` -> `message: ResponseOutputMessage`; the
        user's own types stay."""
        assert param.annotation is not None
        annotation = param.annotation.annotation
        if isinstance(annotation, (cst.SimpleString, cst.ConcatenatedString)):
            return f"hook {hook} annotates `{param.name.value}` with a string: use {types[1]} by hand"
        if isinstance(annotation, cst.Attribute):
            return f"hook {hook} annotates `{param.name.value}` with {code(annotation)}: use {types[1]} by hand"
        if not isinstance(annotation, cst.Name):
            return None
        imported = _beta_name(self.ctx, annotation)
        if imported is None:
            return None
        old, new = types
        if imported != old:
            return f"hook {hook} annotates `{param.name.value}` as {imported}, not {old}"
        ctx = self.ctx
        if new != "str":
            found = ctx.facts.w.module_scope.bindings.get(new, [])
            if any(ctx.facts.imported_from(b) != NEW_TYPES for b in found):
                return f"hook {hook}: the name {new} is taken in this module; annotate `{param.name.value}` by hand"

        def annotate(updated: cst.CSTNode, new: str = new) -> cst.CSTNode:
            if new != "str":
                ctx.requests.need_import(f"from {NEW_TYPES} import {new}")
            return cst.Name(new)

        self.plan.edits[annotation] = annotate
        return None

    # -- the quickstart's tool-call hooks ----------------------------------------------------------

    def _tool_call_created(self, func: cst.FunctionDef) -> Optional[str]:
        """`tool_call.type` of the old tool call -> the same value read from the output item."""
        params = func.params
        if not _plain_params(params, 2) or not _any(params.params[1]):
            return "its signature or annotation differs from on_tool_call_created(self, tool_call)"
        reads = param_reads(self.ctx, func, 1)
        if reads is None:
            return "it reassigns its parameter"
        for node in reads:
            parent = attribute_of(self.ctx, node)
            if parent is None or parent.attr.value != "type":
                # `.id` too: a function call's old id is the item's call_id now, its id another thing.
                return "it reads the tool call other than its .type"
            if written(self.ctx, parent):
                return "it assigns to tool_call.type"
            if in_debug_fstring(self.ctx, parent):
                return "it prints tool_call.type with an f-string `=`, which would show the rewritten expression"
            if _fstring_depth(self.ctx, parent) > 1:
                return "it reads tool_call.type inside nested f-strings"
            # "code_interpreter_call" -> "code_interpreter", as the old tool call said.
            self.plan.edits[parent] = _without_call_suffix
        return None

    def _tool_call_delta(self, func: cst.FunctionDef) -> Optional[str]:
        """OpenAI's quickstart shape: `if delta.type == "code_interpreter":` around `if
        delta.code_interpreter.input:` and `if delta.code_interpreter.outputs:` branches. The hook then
        takes the code and the outputs: the loop calls it with the code as it streams, and with the
        outputs of the finished item."""
        ctx = self.ctx
        params = func.params
        if not _plain_params(params, 3) or not all(_any(p) for p in params.params[1:]):
            return "its signature or annotations differ from on_tool_call_delta(self, delta, snapshot)"
        body = [s for s in func.body.body if not _docstring(s)] if isinstance(func.body, cst.IndentedBlock) else []
        outer = body[0] if len(body) == 1 else None
        delta = params.params[1].name.value
        if not (isinstance(outer, cst.If) and outer.orelse is None and isinstance(outer.body, cst.IndentedBlock)
                and code(outer.test).strip().replace("'", '"') == f'{delta}.type == "code_interpreter"'):
            return f'its body is not one `if {delta}.type == "code_interpreter":` block'
        branches: Dict[str, cst.If] = {}
        for inner in outer.body.body:
            field_name = _code_field(inner.test, delta) if isinstance(inner, cst.If) and inner.orelse is None else None
            if field_name is None or field_name in branches or not isinstance(inner, cst.If):
                return (f"inside the code_interpreter block, something other than `if {delta}.code_interpreter.input:` "
                        "/ `.outputs:` branches")
            branches[field_name] = inner
        if "outputs" in branches and ".image" in code(branches["outputs"]):
            return "it reads image outputs, which are container files now"
        reads = param_reads(ctx, func, 1)
        if reads is None or param_reads(ctx, func, 2) != []:
            return "it reassigns its parameters or reads the snapshot"
        used = names_in(ctx, func) - {delta, params.params[2].name.value}
        code_name = next((n for n in ("code", "code_delta") if n not in used), None)
        outputs_name = next((n for n in ("outputs", "code_outputs") if n not in used), None)
        if code_name is None or outputs_name is None:
            return "its body uses the names the new parameters would take"
        renamed = {"input": code_name, "outputs": outputs_name}
        type_test = outer.test.left if isinstance(outer.test, cst.Comparison) else None
        for node in reads:
            attribute = ctx.facts.parent(node)
            chain = ctx.facts.parent(attribute) if attribute is not None else None
            field_name = _code_field(chain, delta)
            if field_name is None and attribute is type_test:
                continue  # the `delta.type` test, which goes with its block
            if chain is None or field_name not in branches or not ctx.facts.inside(chain, branches[field_name]):
                return f"it reads {delta} other than through its own branch's {delta}.code_interpreter.input / .outputs"
            if in_debug_fstring(ctx, chain):
                return "it prints a read with an f-string `=`, which would show the rewritten expression"
            if field_name == "outputs" and chain is not branches["outputs"].test:
                problem = self._outputs_use(chain)
                if problem:
                    return problem
            self.plan.edits[chain] = _named(renamed[field_name])  # type: ignore[index]
        self.plan.edits[outer] = _dissolve
        self.plan.edits[params.params[1].name] = _named(code_name)
        self.plan.edits[params.params[2].name] = _named(outputs_name)
        self.plan.include_outputs = "outputs" in branches
        return None

    def _outputs_use(self, chain: cst.CSTNode) -> Optional[str]:
        """The outputs are only looped over, each read through `.type` and `.logs`: the fields the old
        log outputs and the Responses ones share (an image is a container file now)."""
        ctx = self.ctx
        loop = ctx.facts.parent(chain)
        if not (isinstance(loop, cst.For) and loop.iter is chain and isinstance(loop.target, cst.Name)):
            return "it uses the code interpreter outputs other than in a `for` loop over them"
        name = loop.target.value
        binding = ctx.facts.w.bindings_at.get(loop.target)
        if binding is None or len(binding.scope.bindings.get(name, [])) != 1:
            return f"it binds `{name}` more than once"
        for node in ctx.facts.reads_of(binding):
            parent = attribute_of(ctx, node)
            if parent is None or parent.attr.value not in ("type", "logs"):
                return f"it reads `{name}` other than its .type and .logs, which the Responses outputs keep"
            if written(ctx, parent) or in_debug_fstring(ctx, parent):
                return f"it writes `{name}.{parent.attr.value}` or prints it with an f-string `=`"
        return None


# -- edits --------------------------------------------------------------------------------------------


def _value_of(updated: cst.CSTNode) -> cst.CSTNode:
    assert isinstance(updated, cst.Attribute)
    return updated.value


def _named(name: str) -> Edit:
    def edit(updated: cst.CSTNode) -> cst.CSTNode:
        return cst.Name(name)

    return edit


def _without_call_suffix(updated: cst.CSTNode) -> cst.CSTNode:
    assert isinstance(updated, cst.BaseExpression)
    return build.call(build.attr(updated, "removesuffix"), [cst.Arg(build.string("_call"))])


def _dissolve(updated: cst.CSTNode):
    """The block's statements in place of the `if` (its test held for every call the loop makes)."""
    assert isinstance(updated, cst.If) and isinstance(updated.body, cst.IndentedBlock)
    return cst.FlattenSentinel(list(updated.body.body))


def unused_imports(ctx: Context, gone: List[cst.CSTNode]) -> Dict[cst.CSTNode, Optional[Edit]]:
    """`from typing_extensions import override` goes when the decorators the rewrite drops (or the
    code it removes, ``gone``) were its only uses."""
    facts = ctx.facts
    edits: Dict[cst.CSTNode, Optional[Edit]] = {}
    for name in DROPPED_DECORATORS:
        for binding in facts.w.module_scope.bindings.get(name, []):
            statement = binding.statement
            if binding.how != "import" or not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
                continue
            reads = facts.reads_of(binding)
            if reads and all(any(facts.inside(r, g) for g in gone) for r in reads):
                edit = ctx.memo.setdefault(("unused-import", name), _without_import(name))
                edits[statement] = edit  # type: ignore[assignment]
    return edits


def _without_import(name: str) -> Edit:
    def edit(updated: cst.CSTNode):
        assert isinstance(updated, cst.SimpleStatementLine)
        small = updated.body[0]
        if not isinstance(small, (cst.Import, cst.ImportFrom)) or isinstance(small.names, cst.ImportStar):
            return updated
        kept = [a for a in small.names if (a.evaluated_alias or a.evaluated_name) != name]
        if not kept:
            return cst.RemovalSentinel.REMOVE
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated.with_changes(body=[small.with_changes(names=kept)])

    return edit


def _adapt_class(updated: cst.CSTNode) -> cst.CSTNode:
    """The handler no longer derives from AssistantEventHandler: the loop calls its hooks."""
    assert isinstance(updated, cst.ClassDef)
    updated = updated.with_changes(bases=[], lpar=cst.MaybeSentinel.DEFAULT, rpar=cst.MaybeSentinel.DEFAULT)
    body = updated.body
    if isinstance(body, cst.IndentedBlock) and body.body:
        # A dropped `__init__` must not leave the class opening on a blank line.
        first = body.body[0]
        lines = list(getattr(first, "leading_lines", ()))
        while lines and lines[0].comment is None:
            lines.pop(0)
        updated = updated.with_changes(body=body.with_changes(body=[first.with_changes(leading_lines=lines), *body.body[1:]]))
    return updated


# -- small questions ----------------------------------------------------------------------------------


def _assigned_names(stmt: cst.SimpleStatementLine) -> List[str]:
    names: List[str] = []
    for small in stmt.body:
        targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target] if isinstance(small, cst.AnnAssign) else []
        names += [t.value for t in targets if isinstance(t, cst.Name)]
    return names


def _plain_params(params: cst.Parameters, count: int) -> bool:
    return (
        isinstance(params.star_arg, cst.MaybeSentinel) and not params.kwonly_params and params.star_kwarg is None
        and not params.posonly_params and len(params.params) == count
        and all(p.default is None for p in params.params)
    )


def _last_name(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.Call):
        node = node.func
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return None


def _beta_name(ctx: Context, name: cst.Name) -> Optional[str]:
    """The name imported from openai.types.beta... that ``name`` stands for, if it does."""
    found = ctx.facts.bindings(name)
    if len(found) != 1 or not (ctx.facts.imported_from(found[0]) or "").startswith("openai.types.beta"):
        return None
    alias = found[0].node
    return dotted(alias.name) if isinstance(alias, cst.ImportAlias) else None


def _fstring_depth(ctx: Context, node: cst.CSTNode) -> int:
    depth = 0
    parent = ctx.facts.parent(node)
    while parent is not None and not isinstance(parent, cst.BaseStatement):
        if isinstance(parent, cst.FormattedString):
            depth += 1
        parent = ctx.facts.parent(parent)
    return depth


def _code_field(node: Optional[cst.CSTNode], delta: str) -> Optional[str]:
    """"input" / "outputs" for `<delta>.code_interpreter.input` / `.outputs`."""
    if not (isinstance(node, cst.Attribute) and node.attr.value in ("input", "outputs") and isinstance(node.value, cst.Attribute)):
        return None
    inner = node.value
    if inner.attr.value == "code_interpreter" and isinstance(inner.value, cst.Name) and inner.value.value == delta:
        return node.attr.value
    return None


def _empty(func: cst.FunctionDef) -> bool:
    """The body is only a docstring, `pass` or `...`."""
    body = func.body.body if isinstance(func.body, cst.IndentedBlock) else [func.body]
    return all(
        isinstance(s, (cst.SimpleStatementLine, cst.SimpleStatementSuite))
        and all(isinstance(x, cst.Pass) or (isinstance(x, cst.Expr) and isinstance(x.value, (cst.SimpleString, cst.ConcatenatedString, cst.Ellipsis)))
                for x in s.body)
        for s in body
    )


def _any(param: cst.Param) -> bool:
    """Not annotated, or annotated `Any` (which the new values fit as well)."""
    annotation = param.annotation.annotation if param.annotation is not None else None
    return annotation is None or _last_name(annotation) == "Any"


def _docstring(stmt: cst.CSTNode) -> bool:
    return (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr)
            and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString)))
