"""streamed runs -> streamed responses: `runs.stream(...)` and its kin become `responses.stream(...)`.

    with client.beta.threads.runs.stream(thread_id=t, assistant_id=a, event_handler=H()) as stream:
        stream.until_done()
    ->  with client.responses.stream(conversation=t, input=[], **prompt_registry.settings(a)) as stream:
            handler = H()
            for event in stream:
                if event.type == "response.output_text.delta": handler.on_text_delta(event.delta, event.snapshot)

The request is the one the run would have made (rules/stream_request); the `with` block drives the
user's handler class from the events (rules/handlers), or reads `stream.text_deltas` from the text
delta events. `runs.create_and_stream` is the old spelling of `runs.stream`; `threads.
create_and_run_stream` starts its conversation as `create_and_run` does. The raw `stream=True`
calls are rules/raw_streams', tool rounds answered in the stream rules/streamed_tools'.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Union

import libcst as cst

from transforms import build
from transforms.facts.walk import ApiSite
from transforms.rules import handler_streams, handler_tools, handlers, raw_streams
from transforms.rules.context import Context, Finding, Left, Rewrite, call_of, code
from transforms.rules.stream_request import (
    STREAM, Edit, attribute_of, call_statement, free_name, own_reads, request,
)

NAME = "streaming"
STREAMS = (("threads", "runs", "stream"), ("threads", "runs", "create_and_stream"), ("threads", "create_and_run_stream"))
# Calls of other rules' paths that are streamed when they say `stream=`.
STREAMED_BY_ARGUMENT = (("threads", "runs", "create"), ("threads", "create_and_run"), ("threads", "runs", "submit_tool_outputs"))
STREAM_READS = {
    "get_final_run": "stream.get_final_run(): after the loop, stream.get_final_response() is the Response "
    "(status, usage, output_text); adapt its reads by hand",
    "get_final_messages": "stream.get_final_messages(): after the loop, stream.get_final_response().output "
    "holds the output messages (ResponseOutputMessage, text at content[i].text); adapt its reads by hand",
    "get_final_run_steps": "stream.get_final_run_steps(): run steps became the output items of "
    "stream.get_final_response().output; adapt by hand",
}


def claims(site: ApiSite) -> bool:
    """Streaming's calls: the stream methods, and the calls streamed with `stream=`."""
    if site.api.path in STREAMS or site.api.path == ("threads", "runs", "submit_tool_outputs_stream"):
        return True
    return site.api.path in STREAMED_BY_ARGUMENT and any(a.keyword is not None and a.keyword.value == "stream" for a in site.call.args)


def shape(message: str) -> Left:
    return Left(Finding("stream-shape", message))


def stream(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
    """`with <runs.stream / create_and_stream / create_and_run_stream>(...) as stream:` driving an event
    handler (`stream.until_done()`) or read through `for text in stream.text_deltas:`."""
    method = ".".join(site.api.path)
    if site.awaited:
        return shape(f"an awaited {method}: it returns a stream manager for `async with`; move to client.responses.stream by hand")
    statement = site.statement
    if not (isinstance(statement, cst.With) and len(statement.items) == 1 and statement.items[0].item is site.call):
        return shape(f"{method} outside `with ... as stream:`: move to client.responses.stream by hand")
    alias = statement.items[0].asname
    if alias is None or not isinstance(alias.name, cst.Name):
        return shape(f"{method} without `as stream`: move to client.responses.stream by hand")
    reads = own_reads(ctx, alias.name)
    if reads is None:
        return shape("the stream's name cannot be followed")
    handler = next((a for a in site.call.args if a.keyword is not None and a.keyword.value == "event_handler"), None)
    if handler is None:
        return _no_handler(site, ctx, statement, alias.name, reads)
    if handler_tools.answers_tool_calls(site, ctx):
        return handler_tools.handler_stream(site, ctx)
    return _handled(site, ctx, statement, alias.name, reads, handler.value)


# -- a handler ----------------------------------------------------------------------------------------


def _handled(site: ApiSite, ctx: Context, statement: cst.With, alias: cst.Name, reads: List[cst.Name],
             value: cst.BaseExpression) -> Union[Rewrite, Left]:
    asynchronous = statement.asynchronous is not None
    body = _block(statement)
    wait = f"{'await ' if asynchronous else ''}{alias.value}.until_done()"
    at = next((i for i, s in enumerate(body) if _waits(s, alias.value, asynchronous)), None)
    if at is None:
        return Left(_other_use(ctx, reads, f"the stream is used other than by {wait}: move to responses.stream by hand"))
    found = handler_streams.handler_of(site, ctx, value)
    if isinstance(found, Finding):
        return Left(found)
    cls, made, var = found
    before = body[:at]
    if any(ctx.facts.inside(r, s) for r in reads for s in before) or _rebinds(ctx, before, made):
        return Left(Finding("stream-use", f"the block does more than wait for the stream before {wait}: move to "
                                          "responses.stream by hand"))
    names = handler_streams.loop_names(ctx, statement, var)
    edits: Dict[cst.CSTNode, Optional[Edit]] = {}
    for read in reads:
        if ctx.facts.inside(read, body[at]):
            continue
        problem = _state_read(ctx, read, names.handler, edits)
        if problem is not None:
            return Left(problem)
    sites = handler_streams.streams_of(ctx, cls)
    if isinstance(sites, Finding):
        return Left(sites)
    plan = handlers.plan_class(ctx, cls, asynchronous)
    if isinstance(plan, Finding):
        return Left(plan)
    request = request_for(site, ctx, plan)
    if isinstance(request, Left):
        return request
    edits.update(plan.edits)
    handed: Dict[str, cst.BaseExpression] = {}
    inner = request.build

    def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
        given = next((a for a in call_of(value).args if a.keyword is not None and a.keyword.value == "event_handler"), None)
        if given is not None and var is None:
            handed["handler"] = given.value
        return inner(value)

    def drive(updated: cst.CSTNode) -> cst.CSTNode:
        """The handler made and driven where `stream.until_done()` was."""
        assert isinstance(updated, cst.With)
        block = updated.body
        if isinstance(block, cst.SimpleStatementSuite):  # `with ... as stream: stream.until_done()` on one line
            block = cst.IndentedBlock(body=[cst.SimpleStatementLine(body=[small]) for small in block.body])
        assert isinstance(block, cst.IndentedBlock)
        statements = list(block.body)
        loop = handler_streams.event_loop(plan, names, alias.value, handed.get("handler") if var is None else None)
        loop[0] = loop[0].with_changes(leading_lines=getattr(statements[at], "leading_lines", ()))
        return updated.with_changes(body=block.with_changes(body=[*statements[:at], *loop, *statements[at + 1:]]))

    return Rewrite(rebuild, "stream", request.notes, drive, edits, handler_streams.shared_with(site, ctx, cls, sites))


def _block(statement: cst.With) -> List[cst.CSTNode]:
    """The `with` block's statements (a one-line block's small statements)."""
    return list(statement.body.body)


def _waits(line: cst.CSTNode, alias: str, asynchronous: bool) -> bool:
    """`stream.until_done()` (awaited in an `async with`)."""
    if isinstance(line, cst.Expr):
        line = cst.SimpleStatementLine(body=[line])
    called = call_statement(line)
    if called is None or code(called).strip() != f"{alias}.until_done()":
        return False
    return isinstance(line.body[0].value, cst.Await) == asynchronous  # type: ignore[attr-defined]


def _rebinds(ctx: Context, statements: List[cst.CSTNode], made: cst.Call) -> bool:
    """Whether the statements bind a name the handler's `H(...)` reads (it is made after them now)."""
    names = {n.value for n in _names_in(made)}
    return any(b.statement in statements and b.name in names
               for scope in (ctx.facts.scope_at(made),) for found in scope.bindings.values() for b in found)


def _names_in(node: cst.CSTNode) -> List[cst.Name]:
    found: List[cst.Name] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name):
            found.append(current)
        elif isinstance(current, cst.Attribute):
            stack.append(current.value)
        else:
            stack.extend(current.children)
    return found


def request_for(site: ApiSite, ctx: Context, plan: Optional[handlers.ClassPlan]) -> Union[Rewrite, Left]:
    include = ("code_interpreter_call.outputs",) if plan is not None and plan.include_outputs else ()
    return request(site, ctx, STREAM, include)


def _state_read(ctx: Context, read: cst.Name, handler: str, edits: Dict[cst.CSTNode, Optional[Edit]]) -> Optional[Finding]:
    """`stream.<attr>` besides until_done: the stream was the handler, so `handler.<attr>` (the user's own state)."""
    parent = attribute_of(ctx, read)
    if parent is None:
        return Finding("stream-use", "the stream is used as a whole: it was the event handler; use the handler instead by hand")
    attr = parent.attr.value
    if attr in STREAM_READS:
        return Finding("stream-final", STREAM_READS[attr])
    if attr in handlers.HANDLER_MEMBERS:
        return Finding("stream-use", f"stream.{attr} has no one-to-one on a Responses stream: move to responses.stream by hand")
    edits[read] = lambda updated: cst.Name(handler)
    return None


def _other_use(ctx: Context, reads: List[cst.Name], default: str) -> Finding:
    """The reason for a stream read the rewrite does not take, precise for the final-object getters."""
    for read in reads:
        parent = attribute_of(ctx, read)
        if parent is not None and parent.attr.value in STREAM_READS:
            return Finding("stream-final", STREAM_READS[parent.attr.value])
    return Finding("stream-use", default)


# -- no handler: text deltas, or the events themselves ----------------------------------------------------

# What a Responses stream has as the old stream had it: wait for the end, close it.
KEPT = ("until_done", "close")


def _no_handler(site: ApiSite, ctx: Context, statement: cst.With, alias: cst.Name, reads: List[cst.Name]) -> Union[Rewrite, Left]:
    """The stream read without a handler: `stream.text_deltas` (the text of the text delta events),
    `for event in stream:` (the events, read as raw_streams reads them), until_done() and close()."""
    asynchronous = statement.asynchronous is not None
    event = free_name(ctx, statement, "event", "stream_event", "response_event")
    edits: Dict[cst.CSTNode, Optional[Edit]] = {}
    submits: List[ApiSite] = []
    for read in reads:
        loop = ctx.facts.parent(read)
        if isinstance(loop, cst.For) and loop.iter is read:
            if (loop.asynchronous is not None) != asynchronous:
                return Left(Finding("stream-use", "the stream's events are iterated with `for` in `async with` (or the reverse)"))
            planned = raw_streams.loop_of(ctx, loop)
            if isinstance(planned, Finding):
                return Left(planned)
            edits.update(planned.edits)
            submits += planned.submits
            continue
        parent = attribute_of(ctx, read)
        attr = parent.attr.value if parent is not None else None
        holder = ctx.facts.parent(parent) if parent is not None else None
        if attr == "text_deltas":
            if not ctx.facts.inside(read, statement.body):
                return Left(Finding("stream-use", "stream.text_deltas read after the `with` block, once the stream is closed"))
            if (isinstance(holder, cst.For) and holder.iter is parent and isinstance(holder.target, cst.Name)
                    and (holder.asynchronous is not None) == asynchronous):
                edits[holder] = _deltas_loop(holder.target.value, event)
            else:
                call = ctx.facts.parent(holder) if isinstance(holder, cst.Arg) else None
                sole = isinstance(call, cst.Call) and len(call.args) == 1 and holder.keyword is None and not holder.star  # type: ignore[union-attr]
                assert parent is not None
                edits[parent] = _deltas(asynchronous, sole)
            continue
        if attr in KEPT and isinstance(holder, cst.Call) and holder.func is parent and not holder.args:
            continue  # the Responses stream has it too
        if attr in STREAM_READS:
            return Left(Finding("stream-final", STREAM_READS[attr]))
        if attr is not None:
            return Left(Finding("stream-use", f"stream.{attr} has no one-to-one on a Responses stream: move to responses.stream by hand"))
        return Left(Finding("stream-use", "the stream is used other than by its text_deltas, its events, until_done() or close()"))
    request = request_for(site, ctx, None)
    if isinstance(request, Left):
        return request
    needs = {s: Finding("kept-with", "the tool outputs this stream's loop submits stay on the Assistants API: migrate "
                                     "that call first, and this one follows") for s in submits}
    return Rewrite(request.build, "stream", request.notes, edits=edits, needs=needs)


def _deltas_loop(target: str, event: str) -> Edit:
    return lambda updated: deltas_loop(updated, target, event)


def _deltas(asynchronous: bool, sole: bool) -> Edit:
    """`stream.text_deltas` -> the text of its text delta events (empty ones left out, as text_deltas
    did); a call's sole argument needs no parentheses of its own."""
    def edit(updated: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(updated, cst.Attribute)
        return cst.GeneratorExp(
            lpar=[] if sole else [cst.LeftParen()], rpar=[] if sole else [cst.RightParen()],
            elt=build.attr("event", "delta"),  # the generator's own variable: it shadows nothing outside
            for_in=cst.CompFor(
                target=cst.Name("event"), iter=updated.value,
                asynchronous=cst.Asynchronous() if asynchronous else None,
                ifs=[cst.CompIf(test=cst.BooleanOperation(
                    left=build.equals(build.attr("event", "type"), "response.output_text.delta"), operator=cst.And(),
                    right=build.attr("event", "delta")))],
            ),
        )

    return edit


def deltas_loop(updated: cst.CSTNode, target: str, event: str) -> cst.CSTNode:
    """`for text in stream.text_deltas: BODY` -> `for event in stream: if <a text delta>: text = event.delta; BODY`."""
    assert isinstance(updated, cst.For) and isinstance(updated.iter, cst.Attribute)
    body = updated.body
    statements = list(body.body) if isinstance(body, cst.IndentedBlock) else [cst.SimpleStatementLine(body=body.body)]  # type: ignore[arg-type]
    # text_deltas skipped empty deltas; so does the test.
    test = cst.BooleanOperation(
        left=build.equals(build.attr(event, "type"), "response.output_text.delta"),
        operator=cst.And(),
        right=build.attr(event, "delta"),
    )
    bind = build.line(build.assign(target, build.attr(event, "delta")))
    branch = cst.If(test=test, body=cst.IndentedBlock(body=[bind, *statements]))
    return updated.with_changes(target=cst.Name(event), iter=updated.iter.value, body=cst.IndentedBlock(body=[branch]))


RULES: Dict[tuple, object] = {
    ("threads", "runs", "stream"): stream,
    ("threads", "runs", "create_and_stream"): stream,
    ("threads", "create_and_run_stream"): stream,
    ("threads", "runs", "create"): raw_streams.raw,
    ("threads", "create_and_run"): raw_streams.raw,
    ("threads", "runs", "submit_tool_outputs"): raw_streams.raw_submit,
    ("threads", "runs", "submit_tool_outputs_stream"): handler_tools.handler_submit,
}
