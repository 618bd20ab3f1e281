"""Streamed function calling: a handler answering requires_action inside the stream -> a responses.stream loop.

    class H(AssistantEventHandler): on_event: if event.event == "thread.run.requires_action": <outs>; runs.submit_tool_outputs_stream(..., event_handler=H())
    with client.beta.threads.runs.stream(thread_id=t.id, assistant_id=A, event_handler=H()) as stream: stream.until_done()
    ->  response = <streamed>.get_final_response(); while <response has function calls>: <outs>; response = <streamed with input=outs, previous_response_id=response.id>

OpenAI's own example answers `thread.run.requires_action` from `on_event`, builds the tool outputs
in a helper method and submits them with `submit_tool_outputs_stream(event_handler=H())`, whose
handler answers the next round the same way: recursion through nested streams. A response ends
before its function calls are answered, so the rewrite finishes each stream, runs the user's own
dispatch code on the `function_call` items of `stream.get_final_response()` and streams the next
response, in a loop, at the call site (which knows the model, tools and conversation). The tool
methods leave the handler; its text hooks stay and are driven as in `streaming`. Anything else in
the handler, or a use of the old objects the loop cannot mirror, blocks the rewrite.

The raw form (`for event in runs.create(..., stream=True)` with a requires_action branch that loops
over `submit_tool_outputs(..., stream=True)`) keeps its loops as written: `RawTools` turns the
branch into one on `response.completed` with function calls, answered by a streamed
`responses.create`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Set, Tuple, Union

import libcst as cst

from transforms import api, build, streaming, tool_loop
from transforms.collect import Collected, Site, variable_names
from transforms.convert import Blocked
from transforms.markers import add_marker
from transforms.threads_plan import code_of

Edit = Callable[[cst.CSTNode], cst.CSTNode]
SUBMIT_STREAM = "threads.runs.submit_tool_outputs_stream"
REQUIRES_ACTION = "thread.run.requires_action"
BASE = "AssistantEventHandler"  # an async handler's submit would be awaited: not this shape
TEXT_DELTA = "response.output_text.delta"
# The old nested handlers ran what follows the text loop only once the later rounds were done.
AFTER_TEXT = (
    "with several tool rounds in a row, the old nested handlers ran the statements after the text loop once the "
    "later rounds had finished; this loop runs them at the end of each round"
)
_FORBIDDEN = (cst.Return, cst.Yield, cst.Await, cst.Global, cst.Nonlocal, cst.FunctionDef, cst.ClassDef, cst.Lambda)


@dataclass
class ToolsPlan(streaming.StreamPlan):
    """A streamed run whose handler answers function calls: the stream plan plus the tool round."""

    methods: List[cst.FunctionDef] = field(default_factory=list)  # leave the class
    dispatch: List[cst.BaseStatement] = field(default_factory=list)  # moved into the loop, with `moved_edits`
    moved_edits: Dict[cst.CSTNode, Edit] = field(default_factory=dict)
    outputs: str = "tool_outputs"
    comments: List[cst.EmptyLine] = field(default_factory=list)
    alias: str = "stream"
    before: List[cst.BaseStatement] = field(default_factory=list)
    consumer: Optional[cst.For] = None  # `for text in stream.text_deltas:`; None for until_done()
    after: List[cst.BaseStatement] = field(default_factory=list)
    response: str = "response"
    submit_call: Optional[cst.Call] = None
    # The function calls are this loop's own business: tool-call hooks stay with a person.
    drives_tool_hooks: bool = False

    @property
    def keeps_class(self) -> bool:
        return bool(self.hooks)


def answers_tool_calls(collected: Collected, site: Site) -> bool:
    """Does the run's event handler answer `thread.run.requires_action` (this module's shape, or not)?"""
    cls = _handler_class(collected, site)
    if cls is None:
        return False
    return any(
        isinstance(s, cst.FunctionDef) and s.name.value == "on_event" and REQUIRES_ACTION in code_of(s)
        for s in cls.body.body
    )


def _handler_class(collected: Collected, site: Site) -> Optional[cst.ClassDef]:
    handler = site.api.arg("event_handler")
    if handler is None or not (isinstance(handler.value, cst.Call) and isinstance(handler.value.func, cst.Name)):
        return None
    name = handler.value.func.value
    return next((s for s in collected.module.body if isinstance(s, cst.ClassDef) and s.name.value == name), None)


def plan_tools(collected: Collected, site: Site, scope_of) -> Union[ToolsPlan, Blocked]:
    stmt = site.stmt
    if site.api.wrapper or site.awaited or not isinstance(stmt, cst.With) or stmt.asynchronous is not None:
        return Blocked("streamed run answering tool calls other than in a plain `with ... as stream:`: move it by hand")
    if not (len(stmt.items) == 1 and stmt.items[0].item is site.api.call):
        return Blocked("runs.stream outside `with ... as stream:`: move to responses.stream by hand")
    alias = stmt.items[0].asname
    body = stmt.body.body if isinstance(stmt.body, cst.IndentedBlock) else []
    if not (
        alias is not None and isinstance(alias.name, cst.Name) and len(body) == 1
        and isinstance(body[0], cst.SimpleStatementLine) and len(body[0].body) == 1
        and code_of(body[0].body[0]).strip() == f"{alias.name.value}.until_done()"
    ):
        return Blocked("the stream is used other than by until_done(): move to responses.stream by hand")
    cls = _handler_class(collected, site)
    handler = site.api.arg("event_handler")
    if cls is None or handler is None or not isinstance(handler.value, cst.Call) or handler.value.args:
        return Blocked("streamed run without an event_handler=Handler() of this module")
    plan = ToolsPlan(
        with_stmt=stmt, handler_class=cls, handler_call=handler.value, alias=alias.name.value,
        names=streaming._names(collected, site),
    )
    problem = _Planner(collected, scope_of, site, cls, plan).run()
    return Blocked(problem) if problem else plan


class _Planner:
    def __init__(self, collected: Collected, scope_of, site: Site, cls: cst.ClassDef, plan: ToolsPlan) -> None:
        self.collected = collected
        self.scope_of = scope_of
        self.site = site
        self.cls = cls
        self.plan = plan
        self.methods: Dict[str, cst.FunctionDef] = {}
        # Parameters of the dispatch and submit methods that hold the run's ID, and the one holding the run.
        self.run_ids: Set[str] = set()
        self.data: Optional[str] = None

    def run(self) -> Optional[str]:
        cls = self.cls
        if len(cls.bases) != 1 or streaming._last_name(cls.bases[0].value) != BASE or cls.keywords or cls.decorators:
            return f"event handler {cls.name.value} has other bases or decorators"
        for stmt in cls.body.body:
            if isinstance(stmt, cst.SimpleStatementLine) and all(isinstance(s, (cst.Expr, cst.Pass)) for s in stmt.body):
                continue
            if not isinstance(stmt, cst.FunctionDef) or stmt.asynchronous is not None:
                return f"event handler {cls.name.value} holds more than hook methods"
            if any(streaming._last_name(d.decorator) not in streaming.DECORATORS_DROPPED for d in stmt.decorators):
                return f"{cls.name.value}.{stmt.name.value} has decorators other than @override"
            self.methods[stmt.name.value] = stmt
        on_event = self.methods.get("on_event")
        if on_event is None:
            return f"event handler {cls.name.value} has no on_event answering requires_action"
        problem = self._on_event(on_event)
        if problem:
            return problem
        hooks = [m for name, m in self.methods.items() if m not in self.plan.methods]
        if any(m.name.value == "on_end" for m in hooks):
            return "on_end with tool rounds: the old handler ran it after the nested rounds; move it by hand"
        for hook in hooks:
            for gone in self.plan.methods:
                if re.search(rf"\bself\.{re.escape(gone.name.value)}\b", code_of(hook)):
                    return f"{hook.name.value} calls {gone.name.value}, which leaves the handler for the loop at the call site"
        problem = self._hooks(hooks)
        if problem:
            return problem
        problem = self._references()
        if problem:
            return problem
        return self._placement()

    # -- on_event -> the dispatch method -> the submit ------------------------------------------------

    def _on_event(self, func: cst.FunctionDef) -> Optional[str]:
        self.plan.methods.append(func)
        event = _plain_params(func, 1)
        if event is None:
            return "on_event has an unexpected signature"
        body = _statements(func)
        if not (len(body) == 1 and isinstance(body[0], cst.If) and body[0].orelse is None):
            return "on_event does more than answer thread.run.requires_action"
        test = body[0].test
        if not (
            isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(test.comparisons[0].operator, cst.Equal)
            and code_of(test.left).strip() == f"{event[0]}.event" and build.literal_string(test.comparisons[0].comparator) == REQUIRES_ACTION
        ):
            return "on_event tests its event other than `event.event == \"thread.run.requires_action\"`"
        data, run_id = f"{event[0]}.data", f"{event[0]}.data.id"
        roles: Dict[str, str] = {}
        lines = _statements(body[0])
        for line in lines[:-1]:
            small = line.body[0] if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 else None
            if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)):
                return "on_event does more than hand the run to a method before answering it"
            value = code_of(small.value).strip()
            if value not in (data, run_id):
                return f"on_event reads `{value}` from the event"
            roles[small.targets[0].target.value] = "data" if value == data else "run_id"
        call = _self_call(lines[-1] if lines else None)
        if call is None or call.func.attr.value not in self.methods or call.func.attr.value in ("on_event",):
            return "on_event answers requires_action other than by calling a method of the handler"
        dispatch = self.methods[call.func.attr.value]

        def role(value: cst.BaseExpression) -> Optional[str]:
            text = code_of(value).strip()
            if text.endswith(".id") and roles.get(text[:-3]) == "data":
                return "run_id"
            return roles.get(text) or ("data" if text == data else "run_id" if text == run_id else None)

        bound = _bind(dispatch, call, role)
        if isinstance(bound, str):
            return bound
        return self._dispatch(dispatch, bound)

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
        problem = _movable(dispatch, f"{func.name.value}'s tool dispatch")
        if problem:
            return problem
        self.plan.dispatch = dispatch
        self.plan.comments = _comments(last)
        call = _self_call(last)
        if call is not None:
            submit = self.methods.get(call.func.attr.value)
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
            problem = self._uses(func, self.data, last)
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
            return self._outputs(last, cst.Arg(value=outputs["value"], keyword=cst.Name("tool_outputs")))
        if not isinstance(last, cst.With):
            return f"{func.name.value} ends other than by submitting the tool outputs"
        problem = self._uses(func, self.data, last)
        if problem:
            return problem
        problem = self._submit(last, func, None)
        if problem:
            return problem
        arg = self.collected.site_by_call[last.items[0].item].api.arg("tool_outputs")  # type: ignore[index]
        return self._outputs(last, arg) if arg is not None else "submit_tool_outputs_stream without tool_outputs="

    def _uses(self, func: cst.FunctionDef, data: Optional[str], submit: cst.CSTNode) -> Optional[str]:
        """The run handed over is read only for its tool calls; its ID only by the submit."""
        scope = self.scope_of(func.body)
        if scope is None:
            return "no scope information"
        for assignment in scope.assignments[data] if data else []:
            for access in assignment.references:
                parent = self.collected.parent(access.node)
                if not (isinstance(parent, cst.Attribute) and parent.value is access.node):
                    return f"`{data}` is used as a whole"
                if parent.attr.value in ("id", "thread_id") and self.collected.inside(parent, submit):
                    continue  # where the outputs go: checked with the submit, gone with it
                if parent.attr.value != "required_action":
                    return f"`{data}.{parent.attr.value}` is read: a response has its tool calls, not the run's other fields"
                calls = tool_loop.tool_calls(self.collected, parent, self.scope_of, lambda: self.plan.response)
                if isinstance(calls, Blocked):
                    return calls.reason
                self.plan.moved_edits.update(calls)
        for name in self.run_ids:
            for assignment in scope.assignments[name]:
                if any(not self.collected.inside(a.node, submit) for a in assignment.references):
                    return f"the run ID `{name}` is read other than by the submit"
        return None

    def _submit(self, stmt: cst.With, func: cst.FunctionDef, outputs_param: Optional[str]) -> Optional[str]:
        """`with client.beta.threads.runs.submit_tool_outputs_stream(thread_id=..., run_id=..., tool_outputs=..., event_handler=H()) as stream:`."""
        if not (len(stmt.items) == 1 and stmt.asynchronous is None and isinstance(stmt.items[0].item, cst.Call)):
            return "the tool outputs are submitted other than in `with ...submit_tool_outputs_stream(...) as stream:`"
        site = self.collected.site_by_call.get(stmt.items[0].item)
        asname = stmt.items[0].asname
        if site is None or not site.api.is_(SUBMIT_STREAM) or site.api.wrapper or asname is None or not isinstance(asname.name, cst.Name):
            return "the tool outputs are submitted other than in `with ...submit_tool_outputs_stream(...) as stream:`"
        self.plan.submit_call = site.api.call
        args = {a.keyword.value: a.value for a in site.api.call.args if a.keyword is not None}
        if len(args) != len(site.api.call.args) or set(args) != {"thread_id", "run_id", "tool_outputs", "event_handler"}:
            return "submit_tool_outputs_stream with arguments other than thread_id, run_id, tool_outputs, event_handler"
        threads = {"self.current_run.thread_id", f"{self.data}.thread_id"}
        runs = {"self.current_run.id", f"{self.data}.id", *self.run_ids}
        if code_of(args["thread_id"]).strip() not in threads or code_of(args["run_id"]).strip() not in runs:
            return "the tool outputs go to a run other than the one that asked for them"
        handler = args["event_handler"]
        if not (isinstance(handler, cst.Call) and isinstance(handler.func, cst.Name) and handler.func.value == self.cls.name.value and not handler.args):
            return (
                f"the submitted stream's handler is not a new {self.cls.name.value}(): later tool rounds would be "
                "answered differently"
            )
        outputs = args["tool_outputs"]
        if outputs_param is not None:
            if not (isinstance(outputs, cst.Name) and outputs.value == outputs_param):
                return "the tool outputs handed to the submit are not what it submits"
            scope = self.scope_of(func.body)
            refs = [a for assignment in (scope.assignments[outputs_param] if scope else []) for a in assignment.references]
            if len(refs) != 1:
                return f"`{outputs_param}` is used besides being submitted"
        else:
            if not isinstance(outputs, cst.Name):
                return "the submitted tool outputs are not a list variable"
        self.plan.outputs = outputs.value if isinstance(outputs, cst.Name) else self.plan.outputs
        return self._consumer(stmt, asname.name.value, func)

    def _consumer(self, stmt: cst.With, alias: str, func: cst.FunctionDef) -> Optional[str]:
        """What the submitted stream's body does with it: `for text in stream.text_deltas:` or `until_done()`."""
        body = _statements(stmt)
        uses = [i for i, s in enumerate(body) if re.search(rf"\b{re.escape(alias)}\b", code_of(s))]
        if len(uses) != 1:
            return "the submitted stream is used other than by one text_deltas loop or until_done()"
        at = uses[0]
        consumer = body[at]
        if isinstance(consumer, cst.For):
            if not (
                consumer.asynchronous is None and consumer.orelse is None and isinstance(consumer.target, cst.Name)
                and code_of(consumer.iter).strip() == f"{alias}.text_deltas"
                and alias not in _names(consumer.body)
            ):
                return "the submitted stream is used other than by `for text in stream.text_deltas:`"
            if _breaks(consumer.body):
                return "the text_deltas loop breaks out: the old run then stopped answering tool calls"
            self.plan.consumer = consumer
            movable = [consumer.body]
        elif code_of(consumer).strip() == f"{alias}.until_done()":
            movable = []
        else:
            return "the submitted stream is used other than by one text_deltas loop or until_done()"
        self.plan.before, self.plan.after = body[:at], body[at + 1:]
        problem = _movable([*self.plan.before, *movable, *self.plan.after], "the submitted stream's body")
        if problem:
            return problem
        params = {p.name.value for p in func.params.params}
        read = set().union(*(_names(s) for s in [*self.plan.before, *movable, *self.plan.after]))
        if read & params:
            return f"the submitted stream's body reads {', '.join(sorted(read & params))}"
        self.plan.alias = alias
        return None

    def _outputs(self, stmt: cst.CSTNode, arg: cst.Arg) -> Optional[str]:
        """The dispatch's outputs list becomes function_call_output items (tool_loop's rules)."""
        fake = cst.Call(func=cst.Name("submit"), args=[arg])
        owner = self.collected.owner_of_stmt.get(stmt, self.collected.module)
        found = api.ApiCall(call=fake, receiver=cst.Name("client"), path=("threads", "runs", "submit_tool_outputs"))
        site = Site(api=found, stmt=stmt, block=self.collected.module, owner=owner, enclosing=(), awaited=False, target=None, whole=True)  # type: ignore[arg-type]
        outputs = tool_loop.tool_outputs(self.collected, site, self.scope_of)
        if isinstance(outputs, Blocked):
            return outputs.reason
        self.plan.moved_edits.update(outputs)
        if isinstance(arg.value, cst.Name):
            self.plan.outputs = arg.value.value
        return None

    def _hooks(self, hooks: List[cst.FunctionDef]) -> Optional[str]:
        """The text hooks left in the handler, planned as a streamed run's (streaming)."""
        kept = self.cls.with_changes(body=self.cls.body.with_changes(body=hooks))
        problem = streaming._plan_class(self.collected, kept, self.plan, lambda node: None if node is kept else self.scope_of(node))
        if problem is None and self.plan.has_on_exception:
            # The old handler saw exceptions of every nested round's stream too.
            return "on_exception with tool rounds answered inside the stream: wrap the Responses loop by hand"
        return problem

    # -- where the moved code lands -------------------------------------------------------------------

    def _references(self) -> Optional[str]:
        """The handler class is made only for this run and for the streams it submits."""
        scope = self.scope_of(self.cls)
        if scope is None:
            return None
        expected = {id(self.plan.handler_call.func)}
        if self.plan.submit_call is not None:
            handler = api.ApiCall(self.plan.submit_call, cst.Name("client"), ()).arg("event_handler")
            if handler is not None and isinstance(handler.value, cst.Call):
                expected.add(id(handler.value.func))
        references = {id(a.node) for assignment in scope.assignments[self.cls.name.value] for a in assignment.references}
        if references != expected:
            return f"event handler {self.cls.name.value} is used elsewhere too"
        return None

    def _placement(self) -> Optional[str]:
        """The moved code's own names must be free at the call site, and the names it reads mean the same there."""
        owner = self.site.owner
        site_scope = self.scope_of(self.site.stmt)
        handler_code = code_of(self.cls)
        owner_code = code_of(owner) if not isinstance(owner, cst.Module) else self.collected.module.code

        def used_outside(name: str) -> bool:
            pattern = rf"\b{re.escape(name)}\b"
            count = len(re.findall(pattern, owner_code))
            if isinstance(owner, cst.Module):
                count -= len(re.findall(pattern, handler_code))
            return count > 0

        bound: Set[str] = set()
        params: Set[str] = set()
        for func in [m for m in self.plan.methods if m.name.value != "on_event"]:
            scope = self.scope_of(func.body)
            own = {p.name.value for p in func.params.params}
            params |= own
            for assignment in scope.assignments if scope is not None else []:
                if assignment.name not in own:
                    bound.add(assignment.name)
        for name in sorted(bound):
            if name != self.plan.alias and used_outside(name):
                return f"the tool dispatch's `{name}` is also a name at the call site"
        if self.plan.alias != self.site.stmt.items[0].asname.name.value and used_outside(self.plan.alias):  # type: ignore[attr-defined]
            return f"the submitted stream's name `{self.plan.alias}` is also a name at the call site"
        moved = [*self.plan.dispatch, *self.plan.before, *self.plan.after] + ([self.plan.consumer.body] if self.plan.consumer else [])
        read = set().union(*(_names(s) for s in moved)) - bound - params if moved else set()
        if site_scope is not None and not isinstance(owner, cst.Module):
            shadowed = sorted(n for n in read if site_scope.assignments[n])
            if shadowed:
                return f"the tool dispatch reads `{shadowed[0]}`, which is a local name at the call site"
        self.plan.response = next(
            (n for n in ("response", "final_response", "streamed_response") if not used_outside(n) and n not in bound),
            "",
        )
        if not self.plan.response:
            return "no free name for the streamed response at the call site"
        return None


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
    return [
        s for s in body
        if not (isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 and isinstance(s.body[0], cst.Expr)
                and isinstance(s.body[0].value, (cst.SimpleString, cst.ConcatenatedString)))
    ]


def _self_call(stmt: Optional[cst.CSTNode]) -> Optional[cst.Call]:
    """`self.method(...)` as a whole statement."""
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr)):
        return None
    call = stmt.body[0].value
    if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Name) and call.func.value.value == "self":
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
            return f"{func.name.value} is handed `{code_of(arg.value).strip()}`, which the rewrite cannot follow"
        bound[name] = found
    if set(bound) != set(names):
        return f"{func.name.value} is called without all its parameters"
    return bound


def _comments(stmt: cst.CSTNode) -> List[cst.EmptyLine]:
    return [line for line in getattr(stmt, "leading_lines", ()) if line.comment is not None]


def _names(node: cst.CSTNode) -> Set[str]:
    return {name.value for name in variable_names(node)}


def _movable(stmts: List[cst.BaseStatement], what: str) -> Optional[str]:
    """Code that moves into a loop at the call site: no self, no return/yield/await, no nested definitions."""
    for stmt in stmts:
        if "self" in _names(stmt):
            return f"{what} uses self"
        bad = _first(stmt, _FORBIDDEN)
        if bad is not None:
            return f"{what} holds {type(bad).__name__.lower()}, which would change meaning at the call site"
    return None


def _first(node: cst.CSTNode, kinds: Tuple[type, ...]) -> Optional[cst.CSTNode]:
    found: List[cst.CSTNode] = []

    class Finder(cst.CSTVisitor):
        def on_visit(self, n: cst.CSTNode) -> bool:
            if isinstance(n, kinds):
                found.append(n)
            return not found

    node.visit(Finder())
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


# -- building ---------------------------------------------------------------------------------------


class _Apply(cst.CSTTransformer):
    """The planned edits, on code that moves away from where the module-wide pass would meet it."""

    def __init__(self, edits: Dict[cst.CSTNode, Edit]) -> None:
        super().__init__()
        self.edits = edits

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):
        edit = self.edits.get(original_node)
        return edit(updated_node) if edit is not None else updated_node


def _moved(stmts: List[cst.BaseStatement], edits: Dict[cst.CSTNode, Edit]) -> List[cst.BaseStatement]:
    return [s.visit(_Apply(edits)) for s in stmts]  # type: ignore[misc]


def loop(
    plan: ToolsPlan,
    first: cst.With,
    follow_up: Callable[[str, str], cst.Call],
    handler_name: str,
) -> List[cst.BaseStatement]:
    """The first stream finished into `response`, then a loop answering its function calls and streaming the next.

    ``follow_up(outputs, response)`` is the next `responses.stream(...)` call with those outputs as input.
    """
    outer = first.items[0].asname.name.value  # type: ignore[union-attr]
    assert plan.names is not None
    plan.names.handler = handler_name
    event = plan.names.event
    final = build.line(build.assign(plan.response, build.call(build.attr(outer, "get_final_response"), [])))
    events = streaming.event_loop(plan, outer) if plan.hooks else []
    head = first.with_changes(body=first.body.with_changes(body=[*events, final]))
    alias = plan.alias
    inner: List[cst.BaseStatement] = list(_moved(plan.before, {}))
    if plan.consumer is not None:
        text_body = plan.consumer.body.visit(_Apply({}))
        if plan.hooks:
            hooks = streaming.event_loop(plan, alias)
            branch = cst.If(
                test=build.equals(build.attr(event, "type"), TEXT_DELTA),
                body=text_body.with_changes(body=[
                    build.line(build.assign(plan.consumer.target.value, build.attr(event, "delta"))),  # type: ignore[union-attr]
                    *text_body.body,
                ]),
            )
            for_loop = hooks[-1]
            assert isinstance(for_loop, cst.For)
            inner += [*hooks[:-1], for_loop.with_changes(body=for_loop.body.with_changes(body=[*for_loop.body.body, branch]))]
        else:
            deltas = cst.GeneratorExp(
                # The generator's own variable: it shadows nothing outside.
                elt=build.attr("event", "delta"),
                for_in=cst.CompFor(
                    target=cst.Name("event"), iter=cst.Name(alias),
                    # text_deltas skipped empty deltas.
                    ifs=[cst.CompIf(test=cst.BooleanOperation(
                        left=build.equals(build.attr("event", "type"), TEXT_DELTA), operator=cst.And(), right=build.attr("event", "delta"),
                    ))],
                ),
            )
            inner.append(plan.consumer.with_changes(iter=deltas, body=text_body))
    elif plan.hooks:
        inner += streaming.event_loop(plan, alias)
    inner.append(build.line(build.assign(plan.response, build.call(build.attr(alias, "get_final_response"), []))))
    inner += _moved(plan.after, {})
    call = follow_up(plan.outputs, plan.response)
    stream = cst.With(
        items=[cst.WithItem(item=call, asname=cst.AsName(name=cst.Name(alias)))],
        body=cst.IndentedBlock(body=inner),
        leading_lines=plan.comments,
    )
    body = [*_moved(plan.dispatch, plan.moved_edits), stream]
    loop_stmt = cst.While(test=tool_loop.any_calls(plan.response), body=cst.IndentedBlock(body=body))
    if plan.after:
        loop_stmt = add_marker(loop_stmt, AFTER_TEXT)
    return [head, loop_stmt]


def removals(plan: ToolsPlan) -> List[cst.CSTNode]:
    """The tool methods leave the handler; a handler left without hooks goes altogether."""
    if plan.keeps_class:
        return list(plan.methods)
    return [plan.handler_class]


def flatten(statements: List[cst.BaseStatement], like: cst.BaseStatement) -> cst.FlattenSentinel:
    """Several statements in place of one, the first taking over its leading lines."""
    first = statements[0].with_changes(leading_lines=like.leading_lines)
    return cst.FlattenSentinel([first, *statements[1:]])


# -- the raw form: `for event in runs.create(..., stream=True)` answering requires_action -------------


def _completed_with_calls(event: str) -> cst.BaseExpression:
    """`event.type == "response.completed" and any(item.type == "function_call" for item in event.response.output)`."""
    completed = build.equals(build.attr(event, "type"), "response.completed")
    return cst.BooleanOperation(left=completed, operator=cst.And(), right=tool_loop.any_calls(build.attr(event, "response")))


def _calls_in(event: str) -> cst.BaseExpression:
    """`[item for item in event.response.output if item.type == "function_call"]`."""
    return tool_loop.calls_of(build.attr(event, "response"))


class RawTools:
    """Event reads of a raw stream's `thread.run.requires_action` branch, for `streaming.raw_stream_loops`.

    The branch answers the tool calls with `submit_tool_outputs(..., stream=True)` and loops over that
    stream: it becomes a branch on the `response.completed` event whose response holds function calls,
    answered by `responses.create(..., stream=True)` with the outputs as input (the loop stays as
    written, nesting and all: a response ends where a run stopped at requires_action).
    """

    def __init__(self, collected: Collected, scope_of, run: Site, thread_code: Optional[str]) -> None:
        self.collected = collected
        self.scope_of = scope_of
        self.run = run
        self.thread_code = thread_code
        self.branches: Dict[cst.If, Union[Dict[cst.CSTNode, Edit], Blocked]] = {}
        # The submits to rebuild as responses.create(..., stream=True), with the name of their event.
        self.submits: Dict[cst.Call, str] = {}
        self.completed_tests: List[cst.CSTNode] = []
        # Bodies of the loops over submitted streams: their events are read by the usual rules.
        self.nested: List[cst.CSTNode] = []

    def __call__(self, attr: cst.Attribute) -> Union[Dict[cst.CSTNode, Edit], Blocked, None]:
        if not isinstance(attr.value, cst.Name):
            return None
        name, field_name = attr.value.value, attr.attr.value
        parent = self.collected.parent(attr)
        if field_name == "event":
            if not (isinstance(parent, cst.Comparison) and parent.left is attr and len(parent.comparisons) == 1):
                return None
            event = build.literal_string(parent.comparisons[0].comparator)
            if event == "thread.run.completed":
                self.completed_tests.append(parent)
            if event != REQUIRES_ACTION:
                return None
            branch = self.collected.parent(parent)
            if not (isinstance(branch, cst.If) and branch.test is parent and isinstance(parent.comparisons[0].operator, cst.Equal)):
                return Blocked("thread.run.requires_action is tested other than as a whole `if event.event == ...:`")
            return self._plan(branch, name)
        if field_name != "data":
            return None
        branch = self._enclosing_branch(attr, name)
        if branch is None:
            return None
        planned = self._plan(branch, name)
        if isinstance(planned, Blocked):
            return planned
        if any(self.collected.inside(attr, body) for body in self.nested):
            return None  # an event of the submitted stream: read like any other
        if isinstance(parent, cst.Attribute) and parent.value is attr:
            if parent.attr.value == "required_action":
                return self._tool_calls(parent, name)
            if parent.attr.value in ("id", "thread_id") and any(self.collected.inside(attr, call) for call in self.submits):
                return {}  # where the outputs go: checked with the submit, gone with it
        return Blocked(f"`{name}.data` is read in the requires_action branch other than for its tool calls")

    def _plan(self, branch: cst.If, name: str) -> Union[Dict[cst.CSTNode, Edit], Blocked]:
        if branch not in self.branches:
            self.branches[branch] = {}  # planning it meets this branch again through the submitted stream's loop
            self.branches[branch] = self._branch(branch, branch.test, name)  # type: ignore[arg-type]
        return self.branches[branch]

    def _enclosing_branch(self, node: cst.CSTNode, name: str) -> Optional[cst.If]:
        """The innermost `if <name>.event == "thread.run.requires_action":` around ``node``."""
        holder = self.collected.parent(node)
        while holder is not None:
            test = holder.test if isinstance(holder, cst.If) else None
            if (
                isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and code_of(test.left).strip() == f"{name}.event"
                and build.literal_string(test.comparisons[0].comparator) == REQUIRES_ACTION and self.collected.inside(node, holder.body)  # type: ignore[union-attr]
            ):
                return holder  # type: ignore[return-value]
            holder = self.collected.parent(holder)
        return None

    def _tool_calls(self, required: cst.Attribute, event: str) -> Union[Dict[cst.CSTNode, Edit], Blocked]:
        calls = tool_loop.tool_calls(self.collected, required, self.scope_of, lambda: event)
        if isinstance(calls, Blocked):
            return calls
        chain = self.collected.parent(self.collected.parent(required))
        assert chain is not None  # tool_calls checked `.submit_tool_outputs.tool_calls`
        calls[chain] = lambda updated: _calls_in(event)
        return calls

    def _branch(self, branch: cst.If, test: cst.Comparison, event: str) -> Union[Dict[cst.CSTNode, Edit], Blocked]:
        submits = [
            s for s in self.collected.sites
            if s.api.is_("threads.runs.submit_tool_outputs") and self.collected.inside(s.api.call, branch.body)
        ]
        if len(submits) != 1:
            return Blocked("the requires_action branch does not submit its tool outputs exactly once")
        site = submits[0]
        call = site.api.call
        args = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        if site.api.wrapper or site.awaited or len(args) != len(call.args) or set(args) != {"thread_id", "run_id", "tool_outputs", "stream"}:
            return Blocked("submit_tool_outputs with arguments other than thread_id, run_id, tool_outputs, stream=True")
        if code_of(args["stream"]).strip() != "True":
            return Blocked("the tool outputs are submitted without stream=True inside a stream")
        threads = {f"{event}.data.thread_id", self.thread_code}
        if code_of(args["run_id"]).strip() != f"{event}.data.id" or code_of(args["thread_id"]).strip() not in threads:
            return Blocked("the tool outputs go to a run other than the one that asked for them")
        self.submits[call] = event
        edits: Dict[cst.CSTNode, Edit] = {test: lambda updated: _completed_with_calls(event)}
        holder = self.collected.parent(call)
        if isinstance(holder, cst.For) and holder.iter is call:
            if not (isinstance(holder.target, cst.Name) and holder.target.value == event):
                return Blocked("the submitted stream is looped over with another name than the first one's events")
            self.nested.append(holder.body)
        elif site.whole and site.target is not None:
            scope = self.scope_of(site.stmt)
            for assignment in scope.assignments[site.target] if scope is not None else []:
                for access in assignment.references:
                    loop = self.collected.parent(access.node)
                    if isinstance(loop, cst.For) and loop.iter is access.node:
                        self.nested.append(loop.body)
            loops = streaming.raw_stream_loops(self.collected, site.target, site.stmt, self.scope_of, self)  # type: ignore[call-arg]
            if isinstance(loops, Blocked):
                return loops
            edits.update(loops)
        else:
            return Blocked("the submitted stream is used other than by a for loop over its events")
        outputs = tool_loop.tool_outputs(self.collected, site, self.scope_of)
        if isinstance(outputs, Blocked):
            return outputs
        edits.update(outputs)
        return edits

    def check(self, edits: Dict[cst.CSTNode, Edit]) -> Optional[str]:
        """A `thread.run.completed` test where tool calls are answered: a response with function calls is completed too."""
        completed = [c for c in streaming.isinstance_checks(edits) if code_of(c.args[1].value).strip() == "ThreadRunCompleted"]
        if self.branches and (self.completed_tests or completed):
            return (
                "the stream is tested for thread.run.completed where tool calls are answered: a response asking for "
                "function calls is response.completed too; test for function calls first, by hand"
            )
        return None


class Renamed(cst.CSTTransformer):
    """Planned renames on a copy of code the module-wide pass renames elsewhere."""

    def __init__(self, renames: Dict[cst.Name, str]) -> None:
        super().__init__()
        self.renames = renames

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        new = self.renames.get(original_node)
        return updated_node.with_changes(value=new) if new is not None else updated_node
