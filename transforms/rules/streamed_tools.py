"""Streamed tool rounds: function calls answered while the run streams.

    for event in stream:
        if event.event == "thread.run.requires_action":
            outs = [{"tool_call_id": c.id, "output": f(c.function.arguments)}
                    for c in event.data.required_action.submit_tool_outputs.tool_calls]
            for chunk in client.beta.threads.runs.submit_tool_outputs(thread_id=t, run_id=event.data.id, tool_outputs=outs, stream=True): ...
    ->  for event in stream:
            if event.type == "response.completed" and any(item.type == "function_call" for item in event.response.output):
                outs = [{"tool_call_id": c.call_id, "output": f(c.arguments)}
                        for c in [item for item in event.response.output if item.type == "function_call"]]
                for chunk in client.responses.create(conversation=t, input=_function_call_outputs(outs), stream=True,
                                                     **prompt_registry.follow_up(event.response)): ...

A run stopped at `thread.run.requires_action` and went on, in the same run, once the outputs came;
a response that asks for function calls is complete, and the outputs go to the next response in
the same conversation, made with the settings of the one that asked (`prompt_registry.follow_up`).
Here: the branch on that event and the tool calls it reads (the loop that streams the next
response is that call's own, rules/raw_streams); rules/handler_tools does the same for a handler
answering the calls from `on_event`.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Optional, Tuple, Union

import libcst as cst

from transforms import build
from transforms.facts.walk import ApiSite
from transforms.rules.context import Context, Finding
from transforms.rules.stream_request import Edit, attribute_of, own_reads, seen_bindings, written

REQUIRES_ACTION = "thread.run.requires_action"
SUBMIT = ("threads", "runs", "submit_tool_outputs")
TOOL_CALL_FIELDS = {"id": "call_id"}
FUNCTION_FIELDS = ("name", "arguments")


def tools_finding(message: str) -> Finding:
    return Finding("streamed-tools", message)


# What a streamed tool round left as it was needs: the shape the rewrite gives the ones it can move.
BY_HAND = ("answer the tool calls by hand: finish each client.responses.stream, run your dispatch on "
           "stream.get_final_response()'s function_call items, and stream the next response with their "
           "function_call_output items")


def tools_reason(reason: str, how: str = BY_HAND) -> Finding:
    """Why the tool rounds stay as they were, and what to do."""
    return tools_finding(f"{reason}, so the tool rounds stay on the Assistants API: {how}")


def calls_of(holder: cst.BaseExpression) -> cst.BaseExpression:
    """`[item for item in <holder>.output if item.type == "function_call"]`."""
    return cst.ListComp(
        elt=cst.Name("item"),
        for_in=cst.CompFor(target=cst.Name("item"), iter=build.attr(holder, "output"),
                           ifs=[cst.CompIf(test=build.equals(build.attr("item", "type"), "function_call"))]),
    )


def any_calls(holder: cst.BaseExpression) -> cst.BaseExpression:
    """`any(item.type == "function_call" for item in <holder>.output)`."""
    generator = cst.GeneratorExp(  # the call's own parentheses are the generator's
        elt=build.equals(build.attr("item", "type"), "function_call"),
        for_in=cst.CompFor(target=cst.Name("item"), iter=build.attr(holder, "output")),
        lpar=[], rpar=[],
    )
    return cst.Call(func=cst.Name("any"), args=[cst.Arg(value=generator)])


# -- the raw form -----------------------------------------------------------------------------------------


def is_requires_action(test: cst.BaseExpression, name: str) -> bool:
    """`<name>.event == "thread.run.requires_action"`."""
    return (isinstance(test, cst.Comparison) and len(test.comparisons) == 1
            and isinstance(test.comparisons[0].operator, cst.Equal)
            and isinstance(test.left, cst.Attribute) and test.left.attr.value == "event"
            and isinstance(test.left.value, cst.Name) and test.left.value.value == name
            and build.literal_string(test.comparisons[0].comparator) == REQUIRES_ACTION)


def branch_of(ctx: Context, read: cst.Name) -> Optional[cst.If]:
    """The innermost `if <event>.event == "thread.run.requires_action":` whose block holds ``read``
    of that same event (not of a later event the block binds to the name)."""
    seen = seen_bindings(ctx, read)
    holder = ctx.facts.parent(read)
    while holder is not None:
        if isinstance(holder, cst.If) and is_requires_action(holder.test, read.value) and ctx.facts.inside(read, holder.body):
            tested = holder.test.left.value  # type: ignore[attr-defined]
            return holder if seen_bindings(ctx, tested) == seen else None
        holder = ctx.facts.parent(holder)
    return None


def raw_branch(ctx: Context, test: cst.Comparison, name: str) -> Union[Tuple[Dict[cst.CSTNode, Optional[Edit]], ApiSite], Finding]:
    """The branch on `thread.run.requires_action`: a branch on the completed response asking for
    function calls, answered by the one streamed submit in it."""
    key = ("raw-branch", test)
    if key not in ctx.memo:
        ctx.memo[key] = _raw_branch(ctx, test, name)
    return ctx.memo[key]  # type: ignore[return-value]


def _raw_branch(ctx: Context, test: cst.Comparison, name: str):
    branch = ctx.facts.parent(test)
    if not (isinstance(branch, cst.If) and branch.test is test and is_requires_action(test, name)):
        return tools_finding("thread.run.requires_action is tested other than as a whole `if event.event == ...:`: "
                             "answer the function calls of the completed response by hand")
    submits = [s for s in ctx.facts.sites if s.api.path == SUBMIT and ctx.facts.inside(s.call, branch.body)]
    if len(submits) != 1:
        return tools_finding("the requires_action branch does not submit its tool outputs exactly once: send "
                             "function_call_output items to the next client.responses.create by hand")
    submit = submits[0]
    flag = next((a for a in submit.call.args if a.keyword is not None and a.keyword.value == "stream"), None)
    if flag is None or not (isinstance(flag.value, cst.Name) and flag.value.value == "True"):
        return tools_finding("the tool outputs are submitted without stream=True inside a stream: send them to "
                             "client.responses.create(..., stream=True) by hand")

    def completed_with_calls(updated: cst.CSTNode) -> cst.CSTNode:
        return cst.BooleanOperation(
            left=build.equals(build.attr(name, "type"), "response.completed"), operator=cst.And(),
            right=any_calls(build.attr(name, "response")),
        )

    return {test: completed_with_calls}, submit


def raw_data_read(ctx: Context, branch: cst.If, data: cst.Attribute, name: str) -> Union[Dict[cst.CSTNode, Optional[Edit]], Finding]:
    """`<event>.data` read in the requires_action branch: its tool calls, or where its outputs go."""
    answered = raw_branch(ctx, branch.test, name)  # type: ignore[arg-type]
    if isinstance(answered, Finding):
        return answered
    _, submit = answered
    parent = attribute_of(ctx, data)
    if parent is not None and parent.attr.value in ("id", "thread_id") and ctx.facts.inside(parent, submit.call):
        return {}  # where the outputs go: the submit's own business
    if parent is not None and parent.attr.value == "required_action":
        return tool_calls(ctx, parent, lambda: build.attr(name, "response"))
    return tools_finding(f"`{name}.data` is read in the requires_action branch other than for its tool calls: a "
                         "completed response has its function calls in event.response.output; adapt by hand")


# -- the tool calls of a run, read as function call items ----------------------------------------------------


def tool_calls(ctx: Context, required: cst.Attribute, holder: Callable[[], cst.BaseExpression]) -> Union[Dict[cst.CSTNode, Optional[Edit]], Finding]:
    """`<run>.required_action.submit_tool_outputs.tool_calls` iterated by a loop (directly or through
    a name): the function call items of the response ``holder()`` gives, and each call's reads."""
    facts = ctx.facts
    middle = facts.parent(required)
    chain = facts.parent(middle) if middle is not None else None
    if not (isinstance(middle, cst.Attribute) and middle.value is required and middle.attr.value == "submit_tool_outputs"
            and isinstance(chain, cst.Attribute) and chain.value is middle and chain.attr.value == "tool_calls"):
        return tools_reason("the run's required_action is read other than as .submit_tool_outputs.tool_calls")
    edits: Dict[cst.CSTNode, Optional[Edit]] = {chain: lambda updated: calls_of(holder())}
    loops = _loops_over(ctx, chain)
    if isinstance(loops, Finding):
        return loops
    for loop, target in loops:
        problem = _call_reads(ctx, loop, target, edits)
        if problem is not None:
            return problem
    return edits


def _loop_over(ctx: Context, node: cst.CSTNode) -> Optional[Tuple[cst.CSTNode, cst.BaseExpression]]:
    """The loop iterating ``node`` and the target bound to its items: `for tc in node`, or the
    matching name of `for tc, result in zip(node, results)`."""
    facts = ctx.facts
    parent = facts.parent(node)
    if isinstance(parent, (cst.For, cst.CompFor)) and parent.iter is node:
        return parent, parent.target
    call = facts.parent(parent) if isinstance(parent, cst.Arg) else None
    loop = facts.parent(call) if call is not None else None
    if (isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "zip"
            and isinstance(loop, (cst.For, cst.CompFor)) and loop.iter is call and isinstance(loop.target, cst.Tuple)
            and all(a.keyword is None and not a.star for a in call.args) and len(loop.target.elements) == len(call.args)):
        index = next(i for i, a in enumerate(call.args) if a is parent)
        return loop, loop.target.elements[index].value
    return None


def _loops_over(ctx: Context, chain: cst.CSTNode) -> Union[List[Tuple[cst.CSTNode, cst.BaseExpression]], Finding]:
    direct = _loop_over(ctx, chain)
    if direct is not None:
        return [direct]
    parent = ctx.facts.parent(chain)
    if isinstance(parent, cst.Assign) and parent.value is chain and len(parent.targets) == 1 and isinstance(parent.targets[0].target, cst.Name):
        reads = own_reads(ctx, parent.targets[0].target)
        loops = []
        for read in reads or ():
            found = _loop_over(ctx, read)
            if found is not None:
                loops.append(found)
            elif not _is_len_call(ctx, read):
                return tools_reason("the tool calls list is used other than by a loop over it")
        if reads is not None:
            return loops
    return tools_reason("the run's tool calls are used other than by a loop over them")


def _is_len_call(ctx: Context, node: cst.CSTNode) -> bool:
    arg = ctx.facts.parent(node)
    call = ctx.facts.parent(arg) if isinstance(arg, cst.Arg) else None
    return isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "len" and len(call.args) == 1


def _call_reads(ctx: Context, loop: cst.CSTNode, target: cst.BaseExpression, edits: Dict[cst.CSTNode, Optional[Edit]]) -> Optional[Finding]:
    """Every use of the loop variable: `tc.id` -> `tc.call_id`, `tc.function.name` -> `tc.name`, ..."""
    if not isinstance(target, cst.Name):
        return tools_reason("the tool call loop unpacks its items")
    reads = own_reads(ctx, target)
    if reads is None:
        return tools_reason(f"the tool call `{target.value}` cannot be followed")
    region: Optional[cst.CSTNode] = loop
    while isinstance(region, cst.CompFor):
        region = ctx.facts.parent(region)
    for read in reads:
        if region is None or not ctx.facts.inside(read, region):
            return tools_reason(f"the tool call `{target.value}` is read after its loop")
        parent = attribute_of(ctx, read)
        if parent is None:
            return tools_finding(f"the tool call `{target.value}` is used as a whole: a function call item has "
                                 "call_id, name and arguments; adapt by hand")
        if written(ctx, parent):
            return tools_reason(f"`{target.value}.{parent.attr.value}` is written")
        field_name = parent.attr.value
        if field_name == "type":
            comparison = ctx.facts.parent(parent)
            if not (isinstance(comparison, cst.Comparison) and comparison.left is parent and len(comparison.comparisons) == 1
                    and isinstance(comparison.comparisons[0].operator, (cst.Equal, cst.NotEqual))
                    and build.literal_string(comparison.comparisons[0].comparator) == "function"):
                return tools_reason("the tool call's type is read other than as == \"function\"")
            edits[comparison.comparisons[0].comparator] = lambda updated: build.string("function_call")
        elif field_name in TOOL_CALL_FIELDS:
            edits[parent.attr] = lambda updated, new=TOOL_CALL_FIELDS[field_name]: updated.with_changes(value=new)  # type: ignore[misc]
        elif field_name == "function":
            inner = attribute_of(ctx, parent)
            if inner is None or inner.attr.value not in FUNCTION_FIELDS:
                return tools_reason(f"`{target.value}.function` is read other than as .name / .arguments")
            edits[inner] = _without_function
        else:
            return tools_reason(f"`{target.value}.{field_name}` has no function_call item counterpart")
    return None


def _without_function(updated: cst.CSTNode) -> cst.CSTNode:
    assert isinstance(updated, cst.Attribute) and isinstance(updated.value, cst.Attribute)
    return updated.with_changes(value=updated.value.value)
