"""A run's steps read for their tool calls -> the response's output items.

    for step in client.beta.threads.runs.steps.list(thread_id=t, run_id=run.id, order="asc"):
        if step.step_details.type == "tool_calls": for tc in step.step_details.tool_calls: ...tc.code_interpreter.input
    ->  for tc in [item for item in response.output if item.type in ("code_interpreter_call", "file_search_call", "function_call")]: ...tc.code

Only loops that look at nothing but the tool calls of `tool_calls` steps, and at tool-call fields an
output item has too (type, code_interpreter.input/outputs, function.name/arguments), are rewritten;
a run with tool rounds (its function calls live in earlier responses), step fields, ids, images
and file search results stay, under a marker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, Optional, Union

import libcst as cst

from transforms import build
from transforms.collect import Collected, Site, binding_reads
from transforms.convert import Blocked
from transforms.markers import add_marker
from transforms.threads_plan import code_of

OUTPUTS_INCLUDE = "code_interpreter_call.outputs"
TOOL_ITEMS = ("code_interpreter_call", "file_search_call", "function_call")
TYPES = {"code_interpreter": "code_interpreter_call", "file_search": "file_search_call", "function": "function_call"}
# `tc.<outer>.<inner>` -> `tc.<new>`
FIELDS = {
    ("code_interpreter", "input"): "code",
    ("code_interpreter", "outputs"): "outputs",
    ("function", "name"): "name",
    ("function", "arguments"): "arguments",
}
NEWEST_FIRST = (
    "run steps were listed newest first; the response's output items are in call order, so they are read "
    "reversed: several tool calls within one step (listed in call order) now come newest first too"
)
HOWTO = (
    "loop over the response's output items instead: tool_calls steps -> code_interpreter_call "
    "(code, outputs with include=[\"code_interpreter_call.outputs\"]), file_search_call (results with "
    "include=[\"file_search_call.results\"]) and function_call (name, arguments) items; message_creation "
    "steps -> message items"
)
STEPS = "run steps: " + HOWTO

Rebuild = Callable[[cst.CSTNode], cst.CSTNode]


@dataclass
class StepsPlan:
    site: Site
    loop: cst.For
    # The tool-call loop inside, whose body is kept.
    inner: cst.For
    remove: Optional[cst.CSTNode] = None
    newest_first: bool = True
    include_outputs: bool = False
    expressions: Dict[cst.CSTNode, Rebuild] = field(default_factory=dict)


def plan_steps(collected: Collected, site: Site, scope_of) -> Union[StepsPlan, Blocked]:
    keywords = {a.keyword.value for a in site.api.call.args if a.keyword is not None}
    extra = keywords - {"thread_id", "run_id", "order", "extra_headers", "extra_query", "extra_body", "timeout"}
    if extra or site.awaited or site.api.wrapper or any(a.star for a in site.api.call.args):
        return Blocked(f"run steps listed with {', '.join(sorted(extra)) or 'await, a wrapper or **kwargs'}; " + HOWTO)
    order = site.api.arg("order")
    order_value = build.literal_string(order.value) if order is not None else "desc"
    if order_value not in ("asc", "desc"):
        return Blocked("run steps listed in an order not known here; " + HOWTO)
    remove = None
    loop = _loop_of(collected, site.api.call)
    if loop is None:
        if not (site.whole and site.target):
            return Blocked(STEPS)
        scope = scope_of(site.stmt)
        assignments = list(scope.assignments[site.target]) if scope is not None else []
        if len(assignments) != 1 or len(assignments[0].references) != 1:
            return Blocked(STEPS)
        loop = _loop_of(collected, next(iter(assignments[0].references)).node)
        if loop is None:
            return Blocked(STEPS)
        remove = site.stmt
    inner = _tool_call_loop(loop)
    if inner is None:
        return Blocked("run steps: the loop reads more than the tool calls of `tool_calls` steps; " + HOWTO)
    plan = StepsPlan(site=site, loop=loop, inner=inner, remove=remove, newest_first=order_value == "desc")
    problem = _step_uses(collected, loop, inner, scope_of) or _call_uses(collected, inner, plan, scope_of)
    if problem:
        return Blocked(problem)
    return plan


def _loop_of(collected: Collected, node: cst.CSTNode) -> Optional[cst.For]:
    """`for step in <node>:` or `for step in <node>.data:`."""
    parent = collected.parent(node)
    if isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value == "data":
        node, parent = parent, collected.parent(parent)
    if isinstance(parent, cst.For) and parent.iter is node and isinstance(parent.target, cst.Name) and parent.orelse is None:
        return parent
    return None


def _tool_call_loop(loop: cst.For) -> Optional[cst.For]:
    """The loop's body is exactly `if <step>.step_details.type == "tool_calls": for tc in <step>.step_details.tool_calls: ...`."""
    step = loop.target.value if isinstance(loop.target, cst.Name) else None
    body = loop.body.body if isinstance(loop.body, cst.IndentedBlock) else ()
    if step is None or len(body) != 1 or not isinstance(body[0], cst.If) or body[0].orelse is not None:
        return None
    test = body[0].test
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(test.comparisons[0].operator, cst.Equal)):
        return None
    if build.literal_string(test.comparisons[0].comparator) != "tool_calls":
        return None
    left = code_of(test.left)
    if left not in (f"{step}.step_details.type", f"{step}.type"):
        return None
    inner_body = body[0].body.body if isinstance(body[0].body, cst.IndentedBlock) else ()
    if len(inner_body) != 1 or not isinstance(inner_body[0], cst.For):
        return None
    inner = inner_body[0]
    if code_of(inner.iter) != f"{step}.step_details.tool_calls" or not isinstance(inner.target, cst.Name) or inner.orelse is not None:
        return None
    return inner


def _step_uses(collected: Collected, loop: cst.For, inner: cst.For, scope_of) -> Optional[str]:
    """The step variable is read only by the `tool_calls` test and the inner loop."""
    scope = scope_of(loop.target)
    if scope is None:
        return "no scope information"
    if_stmt = loop.body.body[0]
    for assignment in scope.assignments[loop.target.value]:
        if assignment.node is not loop.target:
            continue
        for access in assignment.references:
            if not (collected.inside(access.node, if_stmt.test) or collected.inside(access.node, inner.iter)):
                return f"run steps: `{loop.target.value}` is read other than for its tool calls; " + HOWTO
    return None


def _call_uses(collected: Collected, inner: cst.For, plan: StepsPlan, scope_of) -> Optional[str]:
    reads = binding_reads(scope_of, inner.target)
    if reads is None:
        return "no scope information"
    for node in reads:
        problem = _call_use(collected, node, plan, scope_of)
        if problem:
            return problem
    return None


def _call_use(collected: Collected, name: cst.CSTNode, plan: StepsPlan, scope_of) -> Optional[str]:
    parent = collected.parent(name)
    if not (isinstance(parent, cst.Attribute) and parent.value is name):
        return f"run steps: the tool call `{code_of(name)}` is used as a whole; " + HOWTO
    outer = parent.attr.value
    if outer == "type":
        compared = collected.parent(parent)
        if not (isinstance(compared, cst.Comparison) and compared.left is parent):
            return (
                "run steps: a tool call's type is read other than compared with a literal (the names changed: "
                "code_interpreter -> code_interpreter_call, file_search -> file_search_call, function -> "
                "function_call); " + HOWTO
            )
        for target in compared.comparisons:
            old = build.literal_string(target.comparator)
            if old not in TYPES or not isinstance(target.operator, (cst.Equal, cst.NotEqual)):
                return "run steps: a tool call's type is compared with something other than a literal tool type; " + HOWTO
            plan.expressions[target.comparator] = lambda updated, new=TYPES[old]: build.string(new)
        return None
    inner = collected.parent(parent)
    if not (isinstance(inner, cst.Attribute) and inner.value is parent):
        return f"run steps: `{code_of(parent)}` has no output-item equivalent; " + HOWTO
    new = FIELDS.get((outer, inner.attr.value))
    if new is None:
        return f"run steps: `{code_of(inner)}` has no output-item equivalent; " + HOWTO
    if new == "outputs":
        problem = _outputs_use(collected, inner, scope_of)
        if problem:
            return problem
        plan.include_outputs = True
        # The outputs are None unless requested, hence include= on the request and `or []` here
        # (only ever a loop's iterable, so no parentheses are needed).
        plan.expressions[inner] = lambda updated: cst.BooleanOperation(
            left=build.attr(updated.value.value, "outputs"), operator=cst.Or(), right=cst.List(elements=[]),
        )
    else:
        plan.expressions[inner] = lambda updated, new=new: build.attr(updated.value.value, new)
    return None


def _outputs_use(collected: Collected, outputs: cst.Attribute, scope_of) -> Optional[str]:
    """`for out in tc.code_interpreter.outputs:` reading `out.type` and `out.logs` only (images are URLs now)."""
    loop = collected.parent(outputs)
    if not (isinstance(loop, (cst.For, cst.CompFor)) and loop.iter is outputs and isinstance(loop.target, cst.Name)):
        return "run steps: code interpreter outputs read other than by a loop; " + HOWTO
    scope = scope_of(loop.target)
    if scope is None:
        return "no scope information"
    for assignment in scope.assignments[loop.target.value]:
        if assignment.node is not loop.target:
            continue
        for access in assignment.references:
            parent = collected.parent(access.node)
            if not (isinstance(parent, cst.Attribute) and parent.value is access.node and parent.attr.value in ("type", "logs")):
                return (
                    "run steps: code interpreter image outputs are URLs on code_interpreter_call outputs "
                    "(type \"image\", url) or container files (client.containers.files.content.retrieve); " + HOWTO
                )
    return None


def rebuild_loop(plan: StepsPlan, response: str, updated: cst.For) -> cst.For:
    """`for step in ...: if ...: for tc in ...: BODY` -> `for tc in <tool-call items>: BODY`."""
    inner = updated.body.body[0].body.body[0]
    items = cst.parse_expression(
        f"[item for item in {response}.output if item.type in {TOOL_ITEMS!r}]".replace("'", '"')
    )
    if plan.newest_first:
        items = cst.Call(func=cst.Name("reversed"), args=[cst.Arg(value=items)])
    # `async for step in <AsyncPaginator>` becomes a plain loop over a list.
    loop = updated.with_changes(target=inner.target, iter=items, body=inner.body, asynchronous=None)
    # The loop is replaced as a whole (an expression edit), so its marker is added here.
    return add_marker(loop, NEWEST_FIRST) if plan.newest_first else loop
