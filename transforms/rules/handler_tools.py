"""Streamed tool rounds answered by the handler: `on_event` on requires_action -> a loop at the call site.

    class H(AssistantEventHandler):
        def on_event(self, event):
            if event.event == "thread.run.requires_action": self.handle(event.data, event.data.id)
        def handle(self, data, run_id): <outs from data.required_action...>; with submit_tool_outputs_stream(..., event_handler=H()) as s: ...
    with client.beta.threads.runs.stream(thread_id=t, assistant_id=a, event_handler=H()) as stream: stream.until_done()
    ->  with client.responses.stream(conversation=t, input=[], **prompt_registry.settings(a)) as stream:
            response = stream.get_final_response()
        while any(item.type == "function_call" for item in response.output):
            <outs from response's function_call items>
            with client.responses.stream(conversation=t, input=_function_call_outputs(outs), **prompt_registry.follow_up(response)) as s:
                ...; response = s.get_final_response()

OpenAI's function-calling guide answers `thread.run.requires_action` from `on_event`, builds the
outputs in a method and submits them with `submit_tool_outputs_stream(event_handler=H())`, whose
new handler answers the next round the same way: recursion through nested streams. A response
ends before its function calls are answered, so each stream is finished, the user's own dispatch
code runs on the function call items of `stream.get_final_response()`, and the next response is
streamed, in a loop at the call site (which knows the conversation). The tool methods leave the
handler; its other hooks stay and are driven as rules/handlers drives them. The submit call moves
with the loop: its own rule only says it goes with the stream.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple, Union

import libcst as cst

from transforms import build
from transforms.facts.walk import ApiSite
from transforms.rules import handler_streams, handlers, runs
from transforms.rules.context import Context, Finding, Left, Rewrite, code, kwarg, star_kwargs
from transforms.rules.stream_request import (
    STREAM, Edit, attribute_of, in_debug_fstring, keyword, module_class, names_in, param_reads, request,
)
from transforms.rules.streamed_tools import REQUIRES_ACTION, any_calls, tool_calls, tools_finding, tools_reason

SUBMIT_STREAM = ("threads", "runs", "submit_tool_outputs_stream")
# The old nested handlers ran what follows the text loop only once the later rounds were done.
AFTER_TEXT = Finding("streamed-tools-after", (
    "with several tool rounds in a row, the old nested handlers ran the statements after the text loop once the "
    "later rounds had finished; this loop runs them at the end of each round"))
TEXT_DELTA = "response.output_text.delta"
_FORBIDDEN = (cst.Return, cst.Yield, cst.Await, cst.Global, cst.Nonlocal, cst.FunctionDef, cst.ClassDef, cst.Lambda)


@dataclass
class ToolsPlan:
    site: ApiSite
    cls: cst.ClassDef
    handler_call: cst.Call
    alias: str  # the first stream's name
    methods: List[cst.FunctionDef] = field(default_factory=list)  # leave the class
    dispatch: List[cst.BaseStatement] = field(default_factory=list)  # moved into the loop, with `moved_edits`
    # on_event's own statements before it hands the run over (printing the tool calls, say): they
    # move into the loop ahead of the dispatch
    announce: List[cst.BaseStatement] = field(default_factory=list)
    # the moved code's own names that the call site uses for something else -> the fresh names they get
    renames: Dict[str, str] = field(default_factory=dict)
    moved_edits: Dict[cst.CSTNode, Optional[Edit]] = field(default_factory=dict)
    outputs: str = "tool_outputs"
    comments: List[cst.EmptyLine] = field(default_factory=list)
    inner: str = "stream"  # the submitted stream's name
    before: List[cst.BaseStatement] = field(default_factory=list)
    consumer: Optional[cst.For] = None  # `for text in stream.text_deltas:`; None for until_done()
    after: List[cst.BaseStatement] = field(default_factory=list)
    response: str = "response"
    submit: Optional[ApiSite] = None
    hooks: Optional[handlers.ClassPlan] = None  # the hooks that stay in the class
    names: Optional[handler_streams.LoopNames] = None


def answers_tool_calls(site: ApiSite, ctx: Context) -> bool:
    """Does the run's event handler answer `thread.run.requires_action` (in a shape this module takes, or not)?"""
    cls = _handler_class(site, ctx)
    body = cls.body.body if cls is not None and isinstance(cls.body, cst.IndentedBlock) else ()
    return any(isinstance(s, cst.FunctionDef) and s.name.value == "on_event" and _tests_requires_action(s) for s in body)


def _tests_requires_action(func: cst.FunctionDef) -> bool:
    """on_event's own statements test an event for "thread.run.requires_action"."""
    for stmt in func.body.body if isinstance(func.body, cst.IndentedBlock) else ():
        test = stmt.test if isinstance(stmt, cst.If) else None
        if (isinstance(test, cst.Comparison) and len(test.comparisons) == 1
                and build.literal_string(test.comparisons[0].comparator) == REQUIRES_ACTION):
            return True
    return False


def _handler_class(site: ApiSite, ctx: Context) -> Optional[cst.ClassDef]:
    handler = next((a for a in site.call.args if a.keyword is not None and a.keyword.value == "event_handler"), None)
    if handler is None or not (isinstance(handler.value, cst.Call) and isinstance(handler.value.func, cst.Name)):
        return None
    return module_class(ctx, handler.value.func)


def plan(site: ApiSite, ctx: Context) -> Union[ToolsPlan, Finding]:
    key = ("handler-tools", site)
    if key not in ctx.memo:
        ctx.memo[key] = _plan(site, ctx)
    return ctx.memo[key]  # type: ignore[return-value]


def _plan(site: ApiSite, ctx: Context) -> Union[ToolsPlan, Finding]:
    statement = site.statement
    if site.awaited or not isinstance(statement, cst.With) or statement.asynchronous is not None:
        return tools_finding("a streamed run answering tool calls other than in a plain `with ... as stream:`: move it by hand")
    if not (len(statement.items) == 1 and statement.items[0].item is site.call):
        return tools_finding("runs.stream outside `with ... as stream:`: move to client.responses.stream by hand")
    alias = statement.items[0].asname
    body = statement.body.body if isinstance(statement.body, cst.IndentedBlock) else []
    if not (alias is not None and isinstance(alias.name, cst.Name) and len(body) == 1
            and code(body[0]).strip() == f"{alias.name.value}.until_done()"):
        return tools_finding("the stream is used other than by until_done(): move to client.responses.stream by hand")
    cls = _handler_class(site, ctx)
    handler = next((a for a in site.call.args if a.keyword is not None and a.keyword.value == "event_handler"), None)
    if cls is None or handler is None or not isinstance(handler.value, cst.Call) or handler.value.args:
        return tools_reason("streamed run without an event_handler=Handler() of this module")
    found = ToolsPlan(site=site, cls=cls, handler_call=handler.value, alias=alias.name.value)
    problem = _Planner(ctx, found).run()
    return problem if problem is not None else found


class _Planner:
    def __init__(self, ctx: Context, plan: ToolsPlan) -> None:
        self.ctx = ctx
        self.facts = ctx.facts
        self.plan = plan
        self.cls = plan.cls
        self.methods: Dict[str, cst.FunctionDef] = {}
        self.run_ids: Set[str] = set()  # parameters of the dispatch and submit methods holding the run's ID
        self.data: Optional[str] = None  # the one holding the run

    def run(self) -> Optional[Finding]:
        cls = self.cls
        if len(cls.bases) != 1 or handlers._last_name(cls.bases[0].value) != handlers.BASES[False] or cls.keywords or cls.decorators:
            return tools_reason(f"event handler {cls.name.value} has other bases or decorators")
        for stmt in cls.body.body:  # type: ignore[attr-defined]
            if isinstance(stmt, cst.SimpleStatementLine) and all(isinstance(s, (cst.Expr, cst.Pass)) for s in stmt.body):
                continue
            if not isinstance(stmt, cst.FunctionDef) or stmt.asynchronous is not None:
                return tools_reason(f"event handler {cls.name.value} holds more than hook methods")
            if any(handlers._last_name(d.decorator) not in handlers.DROPPED_DECORATORS for d in stmt.decorators):
                return tools_reason(f"{cls.name.value}.{stmt.name.value} has decorators other than @override")
            self.methods[stmt.name.value] = stmt
        on_event = self.methods.get("on_event")
        if on_event is None:
            return tools_reason(f"event handler {cls.name.value} has no on_event answering requires_action")
        problem = self._on_event(on_event)
        if problem:
            return tools_reason(problem)
        kept = [m for m in self.methods.values() if m not in self.plan.methods]
        if any(m.name.value == "on_end" for m in kept):
            return tools_finding("on_end with tool rounds: the old handler ran it after the nested rounds; move it by hand")
        gone = {m.name.value: m for m in self.plan.methods}
        for read in self.facts.w.self_reads:
            hook = next((h for h in kept if read.cls is cls and read.attr in gone and self.facts.inside(read.node, h)), None)
            if hook is not None:
                return tools_reason(f"{hook.name.value} calls {read.attr}, which would leave the handler for the loop at the call site")
        return self._hooks(kept) or self._references() or self._placement()

    # -- on_event -> the dispatch method -> the submit ----------------------------------------------------

    def _on_event(self, func: cst.FunctionDef) -> Optional[str]:
        self.plan.methods.append(func)
        event = _plain_params(func, 1)
        if event is None:
            return "on_event has an unexpected signature"
        body = _statements(func)
        if not (len(body) == 1 and isinstance(body[0], cst.If) and body[0].orelse is None):
            return "on_event does more than answer thread.run.requires_action"
        test = body[0].test
        if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(test.comparisons[0].operator, cst.Equal)
                and code(test.left).strip() == f"{event[0]}.event"
                and build.literal_string(test.comparisons[0].comparator) == REQUIRES_ACTION):
            return "on_event tests its event other than `event.event == \"thread.run.requires_action\"`"
        data, run_id = f"{event[0]}.data", f"{event[0]}.data.id"
        roles: Dict[str, str] = {}
        lines = _statements(body[0])
        if lines and isinstance(lines[-1], cst.With):
            return self._inline(func, body[0], lines)
        for line in lines[:-1]:
            small = line.body[0] if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 else None
            if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
                value = code(small.value).strip()
                if value in (data, run_id):
                    roles[small.targets[0].target.value] = "data" if value == data else "run_id"
                    continue
            self.plan.announce.append(line)
        problem = self._announce(func, set(roles))
        if problem:
            return problem
        call = _self_call(lines[-1] if lines else None)
        if call is None or call.func.attr.value not in self.methods or call.func.attr.value == "on_event":  # type: ignore[attr-defined]
            return "on_event answers requires_action other than by calling a method of the handler"
        dispatch = self.methods[call.func.attr.value]  # type: ignore[attr-defined]

        def role(value: cst.BaseExpression) -> Optional[str]:
            text = code(value).strip()
            if text.endswith(".id") and roles.get(text[:-3]) == "data":
                return "run_id"
            return roles.get(text) or ("data" if text == data else "run_id" if text == run_id else None)

        bound = _bind(dispatch, call, role)
        if isinstance(bound, str):
            return bound
        return self._dispatch(dispatch, bound)

    def _announce(self, func: cst.FunctionDef, roles: Set[str]) -> Optional[str]:
        """What on_event does before handing the run over moves into the loop, ahead of the dispatch:
        it may read the event only for the run's tool calls (the response's function calls now)."""
        announce = self.plan.announce
        if not announce:
            return None
        problem = self._movable(announce, "on_event")
        if problem:
            return problem
        held = roles & set().union(*(_names(line) for line in announce))
        if held:
            return f"on_event reads `{sorted(held)[0]}`, which stays behind, in what it does before answering the tool calls"
        reads = param_reads(self.ctx, func, 1)
        if reads is None:
            return "on_event binds its event again"
        for read in reads:
            if not any(self.facts.inside(read, line) for line in announce):
                continue
            parent = attribute_of(self.ctx, read)
            inner = attribute_of(self.ctx, parent) if parent is not None and parent.attr.value == "data" else None
            if inner is None or inner.attr.value != "required_action":
                return f"on_event reads `{code(parent or read).strip()}` other than for its tool calls"
            calls = tool_calls(self.ctx, inner, lambda: cst.Name(self.plan.response))
            if isinstance(calls, Finding):
                return calls.message
            self.plan.moved_edits.update(calls)
        return None

    def _inline(self, func: cst.FunctionDef, branch: cst.If, lines: List[cst.BaseStatement]) -> Optional[str]:
        """on_event answering the calls itself: the branch's statements are the dispatch, its last the submit."""
        event = func.params.params[1].name.value
        self.data = f"{event}.data"
        last, dispatch = lines[-1], lines[:-1]
        problem = self._movable(dispatch, "on_event's tool dispatch")
        if problem:
            return problem
        self.plan.dispatch = dispatch
        self.plan.comments = _comments(last)
        reads = param_reads(self.ctx, func, 1)
        if reads is None:
            return f"on_event binds `{event}` again"
        for read in reads:
            parent = attribute_of(self.ctx, read)
            if parent is not None and parent.attr.value == "event" and self.facts.inside(parent, branch.test):
                continue
            inner = attribute_of(self.ctx, parent) if parent is not None and parent.attr.value == "data" else None
            if inner is not None and inner.attr.value in ("id", "thread_id") and self.facts.inside(inner, last):
                continue  # where the outputs go: checked with the submit, gone with it
            if inner is None or inner.attr.value != "required_action":
                return f"on_event reads `{code(parent or read).strip()}` other than for its tool calls and where they go"
            calls = tool_calls(self.ctx, inner, lambda: cst.Name(self.plan.response))
            if isinstance(calls, Finding):
                return calls.message
            self.plan.moved_edits.update(calls)
        if not isinstance(last, cst.With):
            return "on_event ends other than by submitting the tool outputs"
        return self._submit(last, func, None)

    def _dispatch(self, func: cst.FunctionDef, roles: Dict[str, str]) -> Optional[str]:
        """`handle_requires_action(self, data, run_id)`: the tool outputs, then the submit (inline or a method)."""
        self.plan.methods.append(func)
        datas = [name for name, role in roles.items() if role == "data"]
        if len(datas) != 1:
            return f"{func.name.value} is not handed the run (event.data)"
        self.data = datas[0]
        self.run_ids.update(name for name, role in roles.items() if role == "run_id")
        body = _statements(func)
        if not body:
            return f"{func.name.value} submits nothing"
        last, dispatch = body[-1], body[:-1]
        problem = self._movable(dispatch, f"{func.name.value}'s tool dispatch")
        if problem:
            return problem
        self.plan.dispatch = [*self.plan.announce, *dispatch]
        self.plan.comments = _comments(last)
        call = _self_call(last)
        if call is not None:
            submit = self.methods.get(call.func.attr.value)  # type: ignore[attr-defined]
            if submit is None or submit in self.plan.methods:
                return f"{func.name.value} ends other than by submitting the tool outputs"
            outputs: Dict[str, cst.Name] = {}

            def role(value: cst.BaseExpression) -> Optional[str]:
                if isinstance(value, cst.Name) and value.value in self.run_ids:
                    return "run_id"
                if isinstance(value, cst.Name) and value.value not in roles:
                    outputs["value"] = value
                    return "outputs"
                return None

            bound = _bind(submit, call, role)
            if isinstance(bound, str):
                return bound
            problem = self._uses(func, last)
            if problem:
                return problem
            self.plan.methods.append(submit)
            inner = _statements(submit)
            if len(inner) != 1 or not isinstance(inner[0], cst.With):
                return f"{submit.name.value} does more than stream the submitted tool outputs"
            self.plan.comments += _comments(inner[0])
            passed = {name for name, r in bound.items() if r == "outputs"}
            self.run_ids.update(name for name, r in bound.items() if r == "run_id")
            if len(passed) != 1 or "value" not in outputs:
                return f"{submit.name.value} is not handed the tool outputs list"
            problem = self._submit(inner[0], submit, passed.pop())
            if problem:
                return problem
            self.plan.outputs = outputs["value"].value
            return None
        if not isinstance(last, cst.With):
            return f"{func.name.value} ends other than by submitting the tool outputs"
        problem = self._uses(func, last) or self._submit(last, func, None)
        if problem:
            return problem
        return None

    def _uses(self, func: cst.FunctionDef, submit: cst.CSTNode) -> Optional[str]:
        """The run handed over is read only for its tool calls; its ID only by the submit."""
        params = [p.name.value for p in func.params.params]
        for position, name in enumerate(params):
            if name != self.data and name not in self.run_ids:
                continue
            reads = param_reads(self.ctx, func, position)
            if reads is None:
                return f"{func.name.value} binds `{name}` again"
            for read in reads:
                if name in self.run_ids:
                    if not self.facts.inside(read, submit):
                        return f"the run ID `{name}` is read other than by the submit"
                    continue
                parent = attribute_of(self.ctx, read)
                if parent is None:
                    return f"`{name}` is used as a whole"
                if parent.attr.value in ("id", "thread_id") and self.facts.inside(parent, submit):
                    continue  # where the outputs go: checked with the submit, gone with it
                if parent.attr.value != "required_action":
                    return f"`{name}.{parent.attr.value}` is read: a response has its tool calls, not the run's other fields"
                calls = tool_calls(self.ctx, parent, lambda: cst.Name(self.plan.response))
                if isinstance(calls, Finding):
                    return calls.message
                self.plan.moved_edits.update(calls)
        return None

    def _submit(self, stmt: cst.With, func: cst.FunctionDef, outputs_param: Optional[str]) -> Optional[str]:
        """`with client.beta.threads.runs.submit_tool_outputs_stream(thread_id=..., run_id=..., tool_outputs=..., event_handler=H()) as stream:`."""
        item = stmt.items[0].item if len(stmt.items) == 1 else None
        site = self.facts.w.site_of_call.get(item) if isinstance(item, cst.Call) else None  # type: ignore[arg-type]
        asname = stmt.items[0].asname
        if (site is None or site.api.path != SUBMIT_STREAM or site.api.wrapper or stmt.asynchronous is not None
                or asname is None or not isinstance(asname.name, cst.Name)):
            return "the tool outputs are submitted other than in `with ...submit_tool_outputs_stream(...) as stream:`"
        self.plan.submit = site
        args = {a.keyword.value: a.value for a in site.call.args if a.keyword is not None}
        if len(args) != len(site.call.args) or set(args) != {"thread_id", "run_id", "tool_outputs", "event_handler"}:
            return "submit_tool_outputs_stream with arguments other than thread_id, run_id, tool_outputs, event_handler"
        threads = {"self.current_run.thread_id", f"{self.data}.thread_id"}
        run_ids = {"self.current_run.id", f"{self.data}.id", *self.run_ids}
        if code(args["thread_id"]).strip() not in threads or code(args["run_id"]).strip() not in run_ids:
            return "the tool outputs go to a run other than the one that asked for them"
        handler = args["event_handler"]
        if not (isinstance(handler, cst.Call) and isinstance(handler.func, cst.Name) and handler.func.value == self.cls.name.value
                and not handler.args):
            return (f"the submitted stream's handler is not a new {self.cls.name.value}(): later tool rounds would be "
                    "answered differently")
        outputs = args["tool_outputs"]
        if not isinstance(outputs, cst.Name):
            return "the submitted tool outputs are not a list variable"
        if outputs_param is not None:
            position = next((i for i, p in enumerate(func.params.params) if p.name.value == outputs_param), -1)
            reads = param_reads(self.ctx, func, position) if position >= 0 else None
            if outputs.value != outputs_param or reads is None or len(reads) != 1:
                return "the tool outputs handed to the submit are not what it submits, or are used besides"
        else:
            self.plan.outputs = outputs.value
        return self._consumer(stmt, asname.name.value, func)

    def _consumer(self, stmt: cst.With, alias: str, func: cst.FunctionDef) -> Optional[str]:
        """What the submitted stream's body does with it: `for text in stream.text_deltas:` or `until_done()`."""
        body = _statements(stmt)
        uses = [i for i, s in enumerate(body) if alias in _names(s)]
        if len(uses) != 1:
            return "the submitted stream is used other than by one text_deltas loop or until_done()"
        at = uses[0]
        consumer = body[at]
        movable: List[cst.CSTNode] = []
        if isinstance(consumer, cst.For):
            if not (consumer.asynchronous is None and consumer.orelse is None and isinstance(consumer.target, cst.Name)
                    and code(consumer.iter).strip() == f"{alias}.text_deltas" and alias not in _names(consumer.body)):
                return "the submitted stream is used other than by `for text in stream.text_deltas:`"
            if _breaks(consumer.body):
                return "the text_deltas loop breaks out: the old run then stopped answering tool calls"
            self.plan.consumer = consumer
            movable = [consumer.body]
        elif code(consumer).strip() != f"{alias}.until_done()":
            return "the submitted stream is used other than by one text_deltas loop or until_done()"
        self.plan.before, self.plan.after = body[:at], body[at + 1:]
        problem = self._movable([*self.plan.before, *movable, *self.plan.after], "the submitted stream's body")
        if problem:
            return problem
        params = {p.name.value for p in func.params.params}
        read = set().union(*(_names(s) for s in [*self.plan.before, *movable, *self.plan.after]))
        if read & params:
            return f"the submitted stream's body reads {', '.join(sorted(read & params))}"
        self.plan.inner = alias
        return None

    def _movable(self, stmts: Sequence[cst.CSTNode], what: str) -> Optional[str]:
        """Code that moves to the call site: no self, no return/yield/await, no nested definitions, and
        nothing the other rules rewrite where it stands (an API call, a value of the old API)."""
        for stmt in stmts:
            if "self" in _names(stmt):
                return f"{what} uses self"
            bad = _first(stmt, _FORBIDDEN)
            if bad is not None:
                return f"{what} holds {type(bad).__name__.lower()}, which would change meaning at the call site"
            if any(self.facts.inside(s.call, stmt) for s in self.facts.sites):
                return f"{what} calls the Assistants API itself"
        return None

    # -- what stays in the class, and where the moved code lands -------------------------------------------

    def _hooks(self, kept: List[cst.FunctionDef]) -> Optional[Finding]:
        if not kept:
            return None
        found = handlers.plan_class(self.ctx, self.cls, False, tool_hooks=False, skip=frozenset(self.plan.methods))
        if isinstance(found, Finding):
            return found
        if found.has_on_exception:  # the old handler saw the exceptions of every nested round's stream too
            return tools_finding("on_exception with tool rounds answered inside the stream: wrap the Responses loop by hand")
        self.plan.hooks = found if found.hooks else None
        return None

    def _references(self) -> Optional[Finding]:
        """The handler class is made only for this run and for the streams it submits."""
        submit = self.plan.submit
        handler = next((a.value for a in submit.call.args if a.keyword is not None and a.keyword.value == "event_handler"), None) if submit else None
        found = handler_streams.streams_of(self.ctx, self.cls, allowed=(handler,) if isinstance(handler, cst.Call) else ())
        if isinstance(found, Finding):
            return found
        if found != [self.plan.site]:
            return tools_reason(f"event handler {self.cls.name.value} is used by other streams too")
        return None

    def _announced_names(self) -> Set[Tuple[str, str]]:
        """The names on_event's announcement binds (they move with it), with how."""
        found: Set[Tuple[str, str]] = set()
        if not self.plan.announce:
            return found
        for node, binding in self.facts.w.bindings_at.items():
            if binding.scope.kind != "comprehension" and any(self.facts.inside(node, line) for line in self.plan.announce):
                found.add((binding.name, binding.how))
        return found

    def _renamable(self, name: str) -> Optional[str]:
        """Why the moved code's `name` cannot take another name: it shows or looks up its own name,
        or one of the moved methods reads the module's `name`, which must keep it."""
        moved = [*self.plan.dispatch, *self.plan.before, *self.plan.after] + ([self.plan.consumer] if self.plan.consumer else [])
        owners = list(self.plan.methods)
        for stmt in moved:
            for node in _all(stmt, cst.Name):
                if node.value in ("locals", "vars", "eval", "exec", "globals"):  # type: ignore[attr-defined]
                    return f"the moved code calls {node.value}()"  # type: ignore[attr-defined]
                if node.value != name:  # type: ignore[attr-defined]
                    continue
                if in_debug_fstring(self.ctx, node):
                    return f"prints `{name}=` in an f-string"
                found = self.facts.bindings(node)  # type: ignore[arg-type]
                if found and not all(any(self.facts.inside(b.node, m) for m in owners) for b in found):
                    return f"the moved code also reads the module's `{name}`"
        return None

    def _free_reads(self, stmts: Sequence[cst.CSTNode]) -> Set[str]:
        """The names ``stmts`` read, a comprehension's own variables left out."""
        found: Set[str] = set()
        for name, scope in self.facts.w.reads:
            if not any(self.facts.inside(name, s) for s in stmts):
                continue
            while scope is not None and scope.kind == "comprehension" and name.value not in scope.bindings:
                scope = scope.parent
            if scope is None or scope.kind != "comprehension":
                found.add(name.value)
        return found

    def _placement(self) -> Optional[Finding]:
        """The moved code's own names must be free at the call site, and the names it reads mean the same there."""
        site = self.plan.site
        owner = self.facts.function_of(site.statement)
        used = names_in(self.ctx, owner, None) if owner is not None else names_in(self.ctx, self.facts.module, self.cls)

        def used_outside(name: str) -> bool:
            return name in used

        where = f"`{owner.name.value}`" if isinstance(owner, cst.FunctionDef) else "the module"

        bound: Set[str] = set()
        hows: Set[Tuple[str, str]] = set()
        params: Set[str] = set()
        inline = len(self.plan.methods) == 1  # on_event answered them itself: its event's reads go with the rewrite
        for func in [m for m in self.plan.methods if inline or m.name.value != "on_event"]:
            own = {p.name.value for p in func.params.params}
            params |= own
            scope = self.facts.w.scope_of_node.get(func)
            for name, found in (scope.bindings if scope is not None else {}).items():
                if name not in own:
                    bound.add(name)
                    hows.update((name, b.how) for b in found)
        announced = self._announced_names()
        if self.plan.announce:
            # on_event and the dispatch had locals of their own; in the loop they share one scope.
            own = {name for name, _ in announced}
            dispatch = [s for s in self.plan.dispatch if s not in self.plan.announce]
            reads = set().union(*(_names(s) for s in dispatch)) - bound - params if dispatch else set()
            shared = sorted((self._free_reads(self.plan.announce) & bound) | (own & reads))
            if shared:
                return tools_reason(f"on_event of {self.cls.name.value} and its tool dispatch both use `{shared[0]}`, "
                                    "which would be one variable in the loop", "rename one of the two, then run the tool again")
        bound |= {name for name, _ in announced}
        hows |= announced
        taken = names_in(self.ctx, self.facts.module, None) | bound | params
        for name in sorted(bound):
            if name != self.plan.inner and used_outside(name):
                if any((name, how) in hows for how in ("import", "def", "class", "other")):
                    return tools_reason(f"the tool dispatch of {self.cls.name.value} would move into {where}, which has a "
                                        f"`{name}` of its own", "rename one of the two, then run the tool again")
                problem = self._renamable(name)
                if problem:
                    return tools_reason(f"the tool dispatch of {self.cls.name.value} would move into {where}, which has a "
                                        f"`{name}` of its own, and {problem}", "rename one of the two, then run the tool again")
                # The moved code's own variable takes a name nothing in the module uses.
                fresh = next(f"{name}_{n}" for n in range(2, 1000) if f"{name}_{n}" not in taken)
                taken.add(fresh)
                self.plan.renames[name] = fresh
        if self.plan.inner != self.plan.alias and used_outside(self.plan.inner):
            return tools_reason(f"the submitted stream of {self.cls.name.value} would move into {where}, which has a "
                                f"`{self.plan.inner}` of its own", "rename one of the two, then run the tool again")
        moved = [*self.plan.dispatch, *self.plan.before, *self.plan.after] + ([self.plan.consumer.body] if self.plan.consumer else [])
        read = set().union(*(_names(s) for s in moved)) - bound - params if moved else set()
        if owner is not None:
            local = self.facts.w.scope_of_node.get(owner)
            shadowed = sorted(n for n in read if local is not None and n in local.bindings)
            if shadowed:
                return tools_reason(f"the tool dispatch of {self.cls.name.value} reads `{shadowed[0]}`, which is another "
                                    f"value in {where}, where it would move", "rename that local, then run the tool again")
        self.plan.response = next(
            (n for n in ("response", "final_response", "streamed_response") if not used_outside(n) and n not in bound), "")
        if not self.plan.response:
            return tools_reason(f"{where} has names `response`, `final_response` and `streamed_response`, which the streamed "
                                "response would need one of", "rename one of them, then run the tool again")
        self.plan.names = handler_streams.loop_names(self.ctx, site.statement, None)
        return None


# -- the rules --------------------------------------------------------------------------------------------------


def handler_stream(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
    """The stream whose handler answers its tool calls: the first response, then the tool rounds."""
    found = plan(site, ctx)
    if isinstance(found, Finding):
        return Left(found)
    made = request(site, ctx, STREAM)
    if isinstance(made, Left):
        return made
    edits: Dict[cst.CSTNode, Optional[Edit]] = {}
    if found.hooks is not None:
        edits.update(found.hooks.edits)
        edits.update({m: None for m in found.methods})
    else:
        edits[found.cls] = None
        edits.update(handlers.unused_imports(ctx, [found.cls]))
    notes = [*made.notes, *([AFTER_TEXT] if found.after else [])]
    needs = {found.submit: Finding("kept-with", "the tool outputs its handler submits stay on the Assistants API: "
                                                "migrate that call first, and this one follows")} if found.submit else {}
    return Rewrite(made.build, "stream", notes, lambda updated: _rounds(found, ctx, updated), edits, needs)


def handler_submit(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
    """`submit_tool_outputs_stream(...)` in a handler whose stream answers its tool rounds at the call
    site: it moves there with the loop (as the next `responses.stream`)."""
    facts = ctx.facts
    holder = facts.parent(site.statement)
    while holder is not None and not isinstance(holder, cst.ClassDef):
        holder = facts.parent(holder)
    streams = handler_streams.streams_of(ctx, holder, allowed=_own_handler(site)) if isinstance(holder, cst.ClassDef) else []
    if isinstance(streams, list) and len(streams) == 1 and answers_tool_calls(streams[0], ctx):
        found = plan(streams[0], ctx)
        if isinstance(found, Finding):
            return Left(found)
        if found.submit is site:
            return Rewrite(lambda value: value, "stream", needs={streams[0]: Finding(
                "kept-with", "the stream whose tool rounds it answers stays on the Assistants API: migrate that call "
                             "first, and this one follows")})
    return Left(tools_finding("submit_tool_outputs_stream: finish the stream, then send function_call_output items as "
                              "the input of the next client.responses.stream(conversation=..., input=[...]) by hand"))


def _own_handler(site: ApiSite) -> tuple:
    handler = next((a.value for a in site.call.args if a.keyword is not None and a.keyword.value == "event_handler"), None)
    return (handler,) if isinstance(handler, cst.Call) else ()


# -- building ------------------------------------------------------------------------------------------------


def _rounds(found: ToolsPlan, ctx: Context, updated: cst.CSTNode) -> cst.CSTNode:
    """The first stream finished into `response`, then a loop answering its function calls and streaming the next."""
    assert isinstance(updated, cst.With) and found.names is not None
    call = updated.items[0].item
    assert isinstance(call, cst.Call)
    names = found.names
    final = build.line(build.assign(found.response, build.call(build.attr(found.alias, "get_final_response"), [])))
    events = handler_streams.event_loop(found.hooks, names, found.alias, found.handler_call.deep_clone()) if found.hooks else []
    head = updated.with_changes(body=updated.body.with_changes(body=[*events, final]))
    renames = found.renames
    inner: List[cst.BaseStatement] = list(_moved(found.before, {}, renames))
    if found.consumer is not None:
        text_body = found.consumer.body.visit(_Apply({}, renames))
        target = found.consumer.target.visit(_Apply({}, renames))
        assert isinstance(text_body, cst.IndentedBlock) and isinstance(target, cst.Name)
        if found.hooks:
            hooks = handler_streams.event_loop(found.hooks, names, found.inner, found.handler_call.deep_clone())
            branch = cst.If(
                test=build.equals(build.attr(names.event, "type"), TEXT_DELTA),
                body=text_body.with_changes(body=[
                    build.line(build.assign(target.value, build.attr(names.event, "delta"))), *text_body.body]),
            )
            for_loop = hooks[-1]
            assert isinstance(for_loop, cst.For)
            inner += [*hooks[:-1], for_loop.with_changes(body=for_loop.body.with_changes(body=[*for_loop.body.body, branch]))]
        else:
            deltas = cst.GeneratorExp(
                # The generator's own variable: it shadows nothing outside.
                elt=build.attr("event", "delta"),
                for_in=cst.CompFor(
                    target=cst.Name("event"), iter=cst.Name(found.inner),
                    ifs=[cst.CompIf(test=cst.BooleanOperation(  # text_deltas skipped empty deltas
                        left=build.equals(build.attr("event", "type"), TEXT_DELTA), operator=cst.And(),
                        right=build.attr("event", "delta")))],
                ),
            )
            inner.append(found.consumer.with_changes(target=target, iter=deltas, body=text_body))
    elif found.hooks:
        inner += handler_streams.event_loop(found.hooks, names, found.inner, found.handler_call.deep_clone())
    inner.append(build.line(build.assign(found.response, build.call(build.attr(found.inner, "get_final_response"), []))))
    inner += _moved(found.after, {}, renames)
    response = cst.Name(found.response)
    conversation = keyword(call, "conversation")
    if conversation is None or not _plain(conversation):
        conversation = build.call(cst.Name(ctx.helper("_conversation_id")), [cst.Arg(response)])
    args = [kwarg("conversation", conversation), kwarg("input", runs.tool_outputs(cst.Name(renames.get(found.outputs, found.outputs)), ctx)),
            star_kwargs(ctx.registry_call("follow_up", [cst.Arg(response)]))]
    follow_up = build.call_multiline(call.func, args, indent="    " * (_depth(ctx, found.site.statement) + 2))
    stream = cst.With(
        items=[cst.WithItem(item=follow_up, asname=cst.AsName(name=cst.Name(found.inner)))],
        body=cst.IndentedBlock(body=inner),
        leading_lines=found.comments,
    )
    loop = cst.While(test=any_calls(response), body=cst.IndentedBlock(body=[*_moved(found.dispatch, found.moved_edits, renames), stream]))
    return cst.FlattenSentinel([head, loop])  # type: ignore[return-value]


def _plain(node: cst.BaseExpression) -> bool:
    """A name or attribute chain: evaluating it again gives the same conversation."""
    while isinstance(node, cst.Attribute):
        node = node.value
    return isinstance(node, cst.Name)


def _depth(ctx: Context, node: cst.CSTNode) -> int:
    depth = 0
    parent = ctx.facts.parent(node)
    while parent is not None:
        depth += isinstance(parent, cst.IndentedBlock)
        parent = ctx.facts.parent(parent)
    return depth


class _Apply(cst.CSTTransformer):
    """The planned edits, on code that moves away from where the module-wide pass would meet it, and
    the new names of its variables (``renames``: variables only, not attributes or keywords)."""

    def __init__(self, edits: Dict[cst.CSTNode, Optional[Edit]], renames: Optional[Dict[str, str]] = None) -> None:
        super().__init__()
        self.edits = edits
        self.renames = renames or {}
        self.keep: Set[cst.Name] = set()
        self.quotes: List[str] = []  # of the f-strings the visit is in

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self.quotes.append(node.start[-1])

    def leave_FormattedString(self, original_node: cst.FormattedString, updated_node: cst.FormattedString) -> cst.BaseExpression:
        self.quotes.pop()
        return self.on_leave(original_node, updated_node)  # type: ignore[return-value]

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.keep.add(node.attr)

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self.keep.add(node.keyword)

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):  # type: ignore[override]
        edit = self.edits.get(original_node)
        if edit is not None:
            made = edit(updated_node)
            return made.visit(build.Requote(set(self.quotes))) if self.quotes and made is not None else made
        if isinstance(updated_node, cst.Name) and original_node not in self.keep and updated_node.value in self.renames:
            return updated_node.with_changes(value=self.renames[updated_node.value])
        return updated_node


def _moved(stmts: List[cst.BaseStatement], edits: Dict[cst.CSTNode, Optional[Edit]],
           renames: Optional[Dict[str, str]] = None) -> List[cst.BaseStatement]:
    return [s.visit(_Apply(edits, renames)) for s in stmts]  # type: ignore[misc]


# -- small questions -------------------------------------------------------------------------------------------


def _plain_params(func: cst.FunctionDef, count: int) -> Optional[List[str]]:
    """The parameter names after self, when the signature is plain positional ones."""
    params = func.params
    if not isinstance(params.star_arg, cst.MaybeSentinel) or params.kwonly_params or params.star_kwarg or params.posonly_params:
        return None
    if len(params.params) != count + 1 or any(p.default is not None or p.annotation is not None for p in params.params[1:]):
        return None
    return [p.name.value for p in params.params[1:]]


def _statements(node: cst.CSTNode) -> List[cst.BaseStatement]:
    """A compound statement's body, docstrings left out."""
    body = node.body.body if isinstance(node.body, cst.IndentedBlock) else []  # type: ignore[attr-defined]
    return [s for s in body if not handlers._docstring(s)]


def _self_call(stmt: Optional[cst.CSTNode]) -> Optional[cst.Call]:
    """`self.method(...)` as a whole statement."""
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr)):
        return None
    call = stmt.body[0].value
    if (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Name)
            and call.func.value.value == "self"):
        return call
    return None


def _bind(func: cst.FunctionDef, call: cst.Call, role: Callable[[cst.BaseExpression], Optional[str]]) -> Union[Dict[str, str], str]:
    """Each parameter of ``func`` and the role of what ``call`` passes to it."""
    params = func.params
    names = [p.name.value for p in params.params[1:]]
    if not isinstance(params.star_arg, cst.MaybeSentinel) or params.kwonly_params or params.star_kwarg or params.posonly_params:
        return f"{func.name.value} has an unexpected signature"
    if any(p.default is not None for p in params.params):
        return f"{func.name.value} has parameters with defaults"
    bound: Dict[str, str] = {}
    for index, arg in enumerate(call.args):
        if arg.star:
            return f"{func.name.value} is called with * arguments"
        name = arg.keyword.value if arg.keyword is not None else (names[index] if index < len(names) else None)
        found = role(arg.value)
        if name is None or name not in names or found is None:
            return f"{func.name.value} is handed `{code(arg.value).strip()}`, which the rewrite cannot follow"
        bound[name] = found
    if set(bound) != set(names):
        return f"{func.name.value} is called without all its parameters"
    return bound


def _comments(stmt: cst.CSTNode) -> List[cst.EmptyLine]:
    return [line for line in getattr(stmt, "leading_lines", ()) if line.comment is not None]


class _Names(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found: Set[str] = set()

    def visit_Name(self, node: cst.Name) -> None:
        self.found.add(node.value)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False


def _names(node: cst.CSTNode) -> Set[str]:
    """The variable names ``node`` holds (attribute names left out)."""
    visitor = _Names()
    node.visit(visitor)
    return visitor.found


def _all(node: cst.CSTNode, kinds: Union[type, tuple], first: bool = False) -> List[cst.CSTNode]:
    """The nodes of ``kinds`` in ``node`` (``first``: stop at the first one)."""
    found: List[cst.CSTNode] = []

    class Finder(cst.CSTVisitor):
        def on_visit(self, n: cst.CSTNode) -> bool:
            if isinstance(n, kinds):
                found.append(n)
            return not (first and found)

    node.visit(Finder())
    return found


def _first(node: cst.CSTNode, kinds: tuple) -> Optional[cst.CSTNode]:
    found = _all(node, kinds, first=True)
    return found[0] if found else None


def _breaks(block: cst.BaseSuite) -> bool:
    """A `break` of this loop (not of a loop nested in it)."""
    found: List[bool] = []

    class Finder(cst.CSTVisitor):
        def visit_Break(self, node: cst.Break) -> None:
            found.append(True)

        def visit_For(self, node: cst.For) -> bool:
            return False

        def visit_While(self, node: cst.While) -> bool:
            return False

    block.visit(Finder())
    return bool(found)
