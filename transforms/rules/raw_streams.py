"""Raw streamed runs: `runs.create(..., stream=True)` looped over -> `responses.create(..., stream=True)`.

    stream = client.beta.threads.runs.create(thread_id=t, assistant_id=a, stream=True)
    for event in stream:
        if event.event == "thread.message.delta": print(event.data.delta.content[0].text.value)
    ->  stream = client.responses.create(conversation=t, input=[], stream=True, **prompt_registry.settings(a))
        for event in stream:
            if event.type == "response.output_text.delta": print(event.delta)

The loops stay as written; what they read of each event changes: the old events said what they
were in `event.event` (or by their class, `isinstance(event, ThreadMessageDelta)`) and carried a
payload in `event.data`; the new ones say it in `event.type` and carry flat fields. Events with a
one-to-one counterpart are renamed, the text of a delta and of a finished message read where the
new events hold it; a `thread.run.requires_action` branch answering the tool calls is
rules/streamed_tools'. Anything else read from an event leaves the call as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Union

import libcst as cst

from transforms import build
from transforms.facts import kinds
from transforms.facts.walk import ApiSite
from transforms.rules import runs, streamed_tools
from transforms.rules.context import (
    Context, Finding, Left, Rewrite, call_of, code, keywords, kwarg, new_call, pairs, receiver, star_kwargs,
)
from transforms.rules.threads import conversation_id_note
from transforms.rules.stream_request import CREATE, Edit, attribute_of, chain_end, own_reads, request, seen_binding

# `event.event == <old>` -> `event.type == <new>`, for the events with a one-to-one Responses event.
EVENTS = {
    "thread.run.created": "response.created",
    "thread.run.completed": "response.completed",
    "thread.run.failed": "response.failed",
    "thread.run.incomplete": "response.incomplete",
    "thread.message.delta": "response.output_text.delta",
    "thread.message.completed": "response.output_text.done",
}
COMPLETED = "thread.run.completed"
# `isinstance(event, ThreadMessageDelta)`: the class of each old event, by its `event` name.
EVENT_CLASSES = {
    "ThreadRunCreated": "thread.run.created",
    "ThreadRunCompleted": "thread.run.completed",
    "ThreadRunFailed": "thread.run.failed",
    "ThreadRunIncomplete": "thread.run.incomplete",
    "ThreadMessageDelta": "thread.message.delta",
    "ThreadMessageCompleted": "thread.message.completed",
}
# Payload reads with a flat Responses field: the text of a delta, the text of a finished message.
_DELTA_TEXT = (("attr", "data"), ("attr", "delta"), ("attr", "content"), ("index", "0"), ("attr", "text"), ("attr", "value"))
_DONE_TEXT = (("attr", "data"), ("attr", "content"), ("index", "0"), ("attr", "text"), ("attr", "value"))


@dataclass
class Loops:
    """What the loops over one stream's events read, rewritten; and the tool outputs they submit."""

    edits: Dict[cst.CSTNode, Optional[Edit]] = field(default_factory=dict)
    submits: List[ApiSite] = field(default_factory=list)


def raw(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
    """`runs.create(..., stream=True)` / `threads.create_and_run(..., stream=True)`."""
    flag = next(a for a in site.call.args if a.keyword is not None and a.keyword.value == "stream")
    if not (isinstance(flag.value, cst.Name) and flag.value.value == "True"):
        return Left(Finding("stream-flag", "stream= other than True: choose between client.responses.create(..., "
                                           "stream=True) and a plain response by hand"))
    loops = stream_loops(site, ctx)
    if isinstance(loops, Finding):
        return Left(loops)
    made = request(site, ctx, CREATE)
    if isinstance(made, Left):
        return made
    needs = {s: Finding("kept-with", "the tool outputs this stream's loop submits stay on the Assistants API: migrate "
                                     "that call first, and this one follows") for s in loops.submits}
    return Rewrite(made.build, "stream", made.notes, edits=loops.edits, needs=needs)


def stream_loops(site: ApiSite, ctx: Context) -> Union[Loops, Finding]:
    """The loops over the stream a call returns (`stream = <call>` then `for event in stream:`, or
    `for event in <call>:`), and what they read of its events."""
    facts = ctx.facts
    value = site.value
    parent = facts.parent(value)
    loops: List[cst.For] = []
    name: Optional[cst.BaseAssignTargetExpression] = None
    if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
        name = parent.targets[0].target
    elif isinstance(parent, cst.WithItem) and parent.asname is not None:  # `with <call> as stream:` (a Stream closes)
        name = parent.asname.name
    if isinstance(parent, cst.For) and parent.iter is value:
        loops.append(parent)
    elif isinstance(name, cst.Name):
        reads = own_reads(ctx, name)
        if reads is None:
            return Finding("raw-stream-use", "the stream's name cannot be followed")
        for read in reads:
            loop = facts.parent(read)
            if isinstance(loop, cst.For) and loop.iter is read:
                loops.append(loop)
            elif not _closed(ctx, read):
                return Finding("raw-stream-use", "the stream is used other than by a for loop over its events: iterate "
                                                 "client.responses.create(..., stream=True) (response.* events) by hand")
    else:
        return Finding("raw-stream-use", "the stream is used other than by a for loop over its events: iterate "
                                         "client.responses.create(..., stream=True) (response.* events) by hand")
    if not loops:
        return Finding("raw-stream-use", "the stream is never iterated")
    found = Loops()
    for loop in loops:
        planned = loop_of(ctx, loop)
        if isinstance(planned, Finding):
            return planned
        found.edits.update(planned.edits)
        found.submits += [s for s in planned.submits if s not in found.submits]
    return found


def _closed(ctx: Context, read: cst.Name) -> bool:
    """`stream.close()`: the new stream has it too."""
    attr = attribute_of(ctx, read)
    call = ctx.facts.parent(attr) if attr is not None else None
    return attr is not None and attr.attr.value == "close" and isinstance(call, cst.Call) and call.func is attr and not call.args


def loop_of(ctx: Context, loop: cst.For) -> Union[Loops, Finding]:
    """One loop's reads of its events, planned once (a loop after `if ...: stream = <a> else:
    stream = <b>` serves both calls, with the same edits)."""
    key = ("raw-stream-loop", loop)
    if key not in ctx.memo:
        if not isinstance(loop.target, cst.Name):
            ctx.memo[key] = Finding("raw-stream-use", "the stream's events are unpacked by the loop")
        else:
            found = Loops()
            ctx.memo[key] = _events(ctx, loop.target, found) or found
    return ctx.memo[key]  # type: ignore[return-value]


def _events(ctx: Context, target: cst.Name, found: Loops) -> Optional[Finding]:
    name = target.value
    reads = own_reads(ctx, target)
    if reads is None:
        return Finding("raw-stream-use", f"the stream event `{name}` cannot be followed")
    for read in reads:
        check = _isinstance_check(ctx, read)
        if check is not None:
            call, old = check
            if old not in EVENTS:
                return Finding("stream-event", f"stream event {old!r} has no one-to-one Responses event: branch on "
                                               "event.type by hand")
            found.edits[call] = _completed(name, False, _bare(ctx, call)) if old == COMPLETED else _is_event(name, EVENTS[old])
            continue
        parent = attribute_of(ctx, read)
        if parent is None:
            return Finding("stream-event", f"the stream event `{name}` is used as a whole: its type and fields are "
                                           "response.* ones now; adapt by hand")
        if parent.attr.value == "event":
            problem = _event_test(ctx, parent, name, found)
            if problem is not None:
                return problem
            continue
        if parent.attr.value == "data":
            branch = streamed_tools.branch_of(ctx, read)
            if branch is not None:
                answered = streamed_tools.raw_data_read(ctx, branch, parent, name)
                if isinstance(answered, Finding):
                    return answered
                found.edits.update(answered)
                continue
        end = chain_end(ctx, read, _DELTA_TEXT)
        if end is not None:
            found.edits[end] = _field(name, "delta")
            continue
        end = chain_end(ctx, read, _DONE_TEXT)
        if end is not None:
            found.edits[end] = _field(name, "text")
            continue
        return Finding("stream-event", f"`{name}.{parent.attr.value}` is read other than as a delta's or a finished "
                                       "message's text: adapt it to the response.* events by hand")
    return None


def _event_test(ctx: Context, attr: cst.Attribute, name: str, found: Loops) -> Optional[Finding]:
    comparison = ctx.facts.parent(attr)
    if not (isinstance(comparison, cst.Comparison) and comparison.left is attr and len(comparison.comparisons) == 1
            and isinstance(comparison.comparisons[0].operator, (cst.Equal, cst.NotEqual))):
        return Finding("stream-event", "the event name is read other than in == / != comparisons: branch on event.type by hand")
    old = build.literal_string(comparison.comparisons[0].comparator)
    if old == streamed_tools.REQUIRES_ACTION:
        answered = streamed_tools.raw_branch(ctx, comparison, name)
        if isinstance(answered, Finding):
            return answered
        edits, submit = answered
        found.edits.update(edits)
        found.submits.append(submit)
        return None
    if old not in EVENTS:
        return Finding("stream-event", f"stream event {old!r} has no one-to-one Responses event: branch on event.type by hand")
    if old == COMPLETED:
        negate = isinstance(comparison.comparisons[0].operator, cst.NotEqual)
        found.edits[comparison] = _completed(name, negate, _bare(ctx, comparison))
        return None
    found.edits[attr.attr] = _renamed("type")
    found.edits[comparison.comparisons[0].comparator] = _string(EVENTS[old])
    return None


def _isinstance_check(ctx: Context, node: cst.CSTNode) -> Optional[tuple]:
    """(the call, the old event name) for `isinstance(event, <an openai.types.beta stream event class>)`."""
    arg = ctx.facts.parent(node)
    call = ctx.facts.parent(arg) if isinstance(arg, cst.Arg) else None
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "isinstance"
            and len(call.args) == 2 and call.args[0] is arg and isinstance(call.args[1].value, cst.Name)):
        return None
    cls = call.args[1].value
    found = ctx.facts.bindings(cls)
    if len(found) != 1 or not (ctx.facts.imported_from(found[0]) or "").startswith("openai.types.beta"):
        return None
    alias = found[0].node
    imported = code(alias.name) if isinstance(alias, cst.ImportAlias) else cls.value
    return call, EVENT_CLASSES.get(imported, imported)


# -- edits ----------------------------------------------------------------------------------------------


def _field(name: str, attr: str) -> Edit:
    return lambda updated: build.attr(name, attr)


def _renamed(attr: str) -> Edit:
    return lambda updated: updated.with_changes(value=attr)  # type: ignore[attr-defined]


def _string(text: str) -> Edit:
    return lambda updated: build.string(text)


def _is_event(name: str, new: str) -> Edit:
    def edit(updated: cst.CSTNode) -> cst.CSTNode:
        return build.equals(build.attr(name, "type"), new).with_changes(
            lpar=getattr(updated, "lpar", ()), rpar=getattr(updated, "rpar", ()))

    return edit


def _bare(ctx: Context, node: cst.CSTNode) -> bool:
    """``node`` is a whole `if` / `while` test, or a whole operand of `and`: no parentheses needed around a test made of `and`."""
    parent = ctx.facts.parent(node)
    if isinstance(parent, (cst.If, cst.While)) and parent.test is node:
        return True
    return isinstance(parent, cst.BooleanOperation) and isinstance(parent.operator, cst.And)


def _completed(name: str, negate: bool, bare: bool) -> Edit:
    def edit(updated: cst.CSTNode) -> cst.CSTNode:
        made = completed_event(name, negate)
        if getattr(updated, "lpar", ()) or not (bare or negate):
            return made.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        return made

    return edit


def completed_event(name: str, negate: bool = False) -> cst.BaseExpression:
    """`thread.run.completed` came only for a run with no tool call pending; `response.completed`
    comes for a response that asks for function calls too, so those are ruled out."""
    test = cst.BooleanOperation(
        left=build.equals(build.attr(name, "type"), EVENTS[COMPLETED]),
        operator=cst.And(),
        right=cst.UnaryOperation(operator=cst.Not(), expression=streamed_tools.any_calls(build.attr(name, "response"))),
    )
    if negate:
        return cst.UnaryOperation(operator=cst.Not(), expression=test.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()]))
    return test


# -- the streamed submit of a tool round ------------------------------------------------------------------


def raw_submit(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
    """`submit_tool_outputs(thread_id=t, run_id=event.data.id, tool_outputs=outs, stream=True)` in a raw
    stream's requires_action branch: the next response of the conversation, streamed, with the
    outputs as input and the settings of the response that asked for them."""
    given = dict(keywords(site.call, positional=("run_id",)))
    if any(a.star for a in site.call.args) or not {"run_id", "thread_id", "tool_outputs"} <= set(given):
        return Left(streamed_tools.tools_finding("submit_tool_outputs(stream=True) with arguments built elsewhere: send "
                                                 "function_call_output items to client.responses.create(..., stream=True) by hand"))
    if set(given) - {"run_id", "thread_id", "tool_outputs", "stream", *runs.PASS}:
        return Left(streamed_tools.tools_finding("submit_tool_outputs(stream=True) with other arguments: rewrite by hand"))
    flag = given["stream"].value
    if not (isinstance(flag, cst.Name) and flag.value == "True"):
        return Left(Finding("stream-flag", "stream= other than True: choose between a streamed and a plain response by hand"))
    run_id = given["run_id"].value
    event = run_id.value.value if (isinstance(run_id, cst.Attribute) and run_id.attr.value == "id"
                                   and isinstance(run_id.value, cst.Attribute) and run_id.value.attr.value == "data") else None
    if not isinstance(event, cst.Name) or streamed_tools.branch_of(ctx, event) is None:
        return Left(streamed_tools.tools_finding(
            "streamed tool outputs for a run other than the event of a `thread.run.requires_action` branch: send "
            "function_call_output items to client.responses.create(..., stream=True) by hand"))
    seen = seen_binding(ctx, event)
    iterated = ctx.typed(seen.value) if seen is not None and seen.how == "for" else None
    if iterated is None or iterated.kind != kinds.RUN_STREAM or iterated.external:
        return Left(streamed_tools.tools_finding(f"`{event.value}` is not an event of a stream this module makes: send "
                                                 "function_call_output items to client.responses.create(..., stream=True) by hand"))
    loops = stream_loops(site, ctx)
    if isinstance(loops, Finding):
        return Left(loops)
    thread = given["thread_id"].value
    from_event = code(thread).strip() == f"{event.value}.data.thread_id"
    notes = [] if from_event else conversation_id_note(site, thread, ctx)
    name = event.value
    needs = {s: Finding("kept-with", f"the stream whose tool calls it answers stays on the Assistants API with "
                                     f"`{_excerpt(s.call)}`: migrate that call first, and this one follows")
             for s in iterated.sites}
    needs.update({s: Finding("kept-with", "the tool outputs its loop submits stay on the Assistants API: migrate that "
                                          "call first, and this one follows") for s in loops.submits})

    def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
        call = call_of(value)
        parts = {key: after for key, _, after in pairs(site.call, call, ("run_id",))}
        response = build.attr(name, "response")
        if from_event:
            conversation: cst.BaseExpression = build.call(cst.Name(ctx.helper("_conversation_id")), [cst.Arg(response)])
        else:
            conversation = parts["thread_id"].value
        args = [kwarg("conversation", conversation), kwarg("input", runs.tool_outputs(parts["tool_outputs"].value, ctx))]
        args += [parts[k] for k in runs.PASS if k in parts]
        args += [kwarg("stream", cst.Name("True")), star_kwargs(ctx.registry_call("follow_up", [cst.Arg(build.attr(name, "response"))]))]
        return new_call(value, build.attr(receiver(call), "responses", "create"), args)

    return Rewrite(rebuild, "stream", notes, edits=loops.edits, needs=needs)


def _excerpt(node: cst.CSTNode, limit: int = 60) -> str:
    text = " ".join(code(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
