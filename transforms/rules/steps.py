"""run steps -> the response's output items: each step is the item that did the work.

    for step in client.beta.threads.runs.steps.list(thread_id=t, run_id=run.id, order="asc"):
        if step.step_details.type == "tool_calls": for call in step.step_details.tool_calls: call.code_interpreter.input
    ->  for step in run.output:
        if step.type in ("code_interpreter_call", ...): for call in [step]: call.code

A run's steps were its tool calls (grouped by step) and the messages it wrote; a response lists
the same work as output items, one per call or message. The reads follow (rules/reads.py): a
step reads through to its item, `step_details.tool_calls` is the one call the item is, and the
code interpreter's outputs come with `include=["code_interpreter_call.outputs"]`, which the
response that made them is given.
"""

from __future__ import annotations

from typing import Union

import libcst as cst

from transforms import build
from transforms.facts import kinds
from transforms.facts.walk import ApiSite
from transforms.rules.context import Context, Finding, Left, Rewrite, call_of, keywords, new_call, pairs, receiver

NAME = "run-steps"
CODE_OUTPUTS = "code_interpreter_call.outputs"


def _response(site: ApiSite, ctx: Context, run_value: cst.BaseExpression, value: cst.BaseExpression) -> cst.BaseExpression:
    run_id = site.api.arg("run_id", 0 if site.api.method == "list" else None)
    holder = run_id.value.value if run_id is not None and isinstance(run_id.value, cst.Attribute) and run_id.value.attr.value == "id" else None
    typed = ctx.typed(holder) if holder is not None else None
    if typed is not None and typed.kind == kinds.RUN and isinstance(run_value, cst.Attribute):
        return run_value.value
    made = new_call(value, build.attr(receiver(call_of(value)), "responses", "retrieve"), [cst.Arg(run_value)])
    return made.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()]) if isinstance(made, cst.Await) else made


def _outputs_read(ctx: Context) -> bool:
    """Whether the module reads a code interpreter call's outputs off a step."""
    for node in ctx.facts.w.attributes:
        if node.attr.value == "outputs" and ctx.facts.kind(node.value) == kinds.CODE_INTERPRETER:
            return True
    return False


def _include_outputs(site: ApiSite, ctx: Context) -> None:
    """The response the steps come from is made with the code interpreter's outputs."""
    run_id = site.api.arg("run_id", 0 if site.api.method == "list" else None)
    holder = run_id.value.value if run_id is not None and isinstance(run_id.value, cst.Attribute) else None
    typed = ctx.typed(holder) if holder is not None else None
    for origin in typed.sites if typed is not None else ():
        ctx.includes.setdefault(origin, []).append(CODE_OUTPUTS)


def list_(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
    given = dict(keywords(site.call, positional=("run_id",)))
    if any(a.star for a in site.call.args) or "run_id" not in given or set(given) - {"run_id", "thread_id", "order"}:
        return Left(Finding("run-steps-params", "runs.steps.list with paging or include: read the response's output items by hand"))
    order = build.literal_string(given["order"].value) if "order" in given else "desc"
    if order not in ("asc", "desc"):
        return Left(Finding("run-steps-params", "runs.steps.list with an order chosen elsewhere: read the response's output items"))
    if _outputs_read(ctx):
        _include_outputs(site, ctx)

    def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
        call = call_of(value)
        parts = {key: after for key, _, after in pairs(site.call, call, ("run_id",))}
        output = build.attr(_response(site, ctx, parts["run_id"].value, value), "output")
        if order == "desc":  # newest first, as the steps were listed
            return build.call(cst.Name("list"), [cst.Arg(build.call(cst.Name("reversed"), [cst.Arg(output)]))])
        return output

    return Rewrite(rebuild, "output")


def retrieve(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
    given = dict(keywords(site.call, positional=("step_id",)))
    if any(a.star for a in site.call.args) or not {"step_id", "run_id"} <= set(given) or set(given) - {"step_id", "run_id", "thread_id"}:
        return Left(Finding("run-steps-params", "runs.steps.retrieve with include: read the response's output item by hand"))
    if _outputs_read(ctx):
        _include_outputs(site, ctx)

    def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
        call = call_of(value)
        parts = {key: after for key, _, after in pairs(site.call, call, ("step_id",))}
        output = build.attr(_response(site, ctx, parts["run_id"].value, value), "output")
        return build.call(cst.Name("next"), [cst.Arg(cst.GeneratorExp(
            elt=cst.Name("item"),
            for_in=cst.CompFor(target=cst.Name("item"), iter=output,
                               ifs=[cst.CompIf(test=cst.Comparison(left=build.attr("item", "id"), comparisons=[
                                   cst.ComparisonTarget(operator=cst.Equal(), comparator=parts["step_id"].value)]))]),
            lpar=[], rpar=[],
        ))])

    return Rewrite(rebuild, "output")


RULES = {
    ("threads", "runs", "steps", "list"): list_,
    ("threads", "runs", "steps", "retrieve"): retrieve,
}
