"""A thread made for one run and dropped needs no conversation: its messages are the response's input.

    thread = client.beta.threads.create(messages=[{"role": "user", "content": q}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=a)
    ->  run = client.responses.create(input=[{"role": "user", "content": q}], **prompt_registry.settings(a))

Precondition: the thread's ID goes nowhere but to the calls of that one run (its messages, folded
into it; re-reads, cancels, tool outputs, which chain by previous_response_id; the reply read,
which reply-text turned into output_text; a closing threads.delete), the run is not repeated in
a loop the thread is not made in, and the thread's own messages are written literally.
"""

from __future__ import annotations

from typing import List, Optional, Set

import libcst as cst

from transforms.rules import content
from transforms.rules.context import Rewrite
from transforms.simplify.common import RUNS, SUBMITS, assigned_name, edits_inside, whole_statement

NAME = "one-shot-threads"
SUMMARY = "a thread made for one run and dropped becomes that response's input: no conversation"
_RUN_READS = {("threads", "messages", "list"), ("threads", "runs", "steps", "list"), ("threads", "runs", "steps", "retrieve")}
_FOLLOWING = {("threads", "runs", "retrieve"), ("threads", "runs", "cancel"), ("threads", "runs", "poll")} | SUBMITS


def simplify(planner) -> None:
    facts = planner.facts
    removed = _removed(planner)
    for thread in facts.sites:
        if thread.api.path != ("threads", "create") or not planner.converted(thread):
            continue
        given = {a.keyword.value for a in thread.call.args if a.keyword is not None}
        if any(a.keyword is None for a in thread.call.args) or given - {"messages", "tool_resources"}:
            continue
        name = assigned_name(facts, thread)
        if not isinstance(name, cst.Name):
            continue
        binding = facts.w.bindings_at.get(name)
        if binding is None or len(binding.scope.bindings.get(name.value, [])) != 1:
            continue
        plan = _uses(planner, binding, removed)
        if plan is None:
            continue
        run, following, deletes = plan
        if _repeated(facts, run, thread) or planner.segment_of(run.statement) != planner.segment_of(thread.statement):
            continue  # (the thread's messages would move into another part: a notebook's cell)
        items: List[cst.BaseExpression] = []
        messages = thread.api.arg("messages")
        if messages is not None:
            if edits_inside(planner, messages.value):
                continue
            converted = content.thread_messages(messages.value, messages.value, planner.ctx)
            if not isinstance(converted, list):
                continue
            items = converted
        attached = content.attachments_of(messages.value) if messages is not None else []
        if attached and run in planner.ctx.thread_resources:
            continue
        if attached:
            planner.ctx.attachments.setdefault(run, [])[:0] = attached
        planner.ctx.one_shot.add(run)
        planner.ctx.folded[run] = [*items, *planner.ctx.folded.get(run, [])]
        decision = planner.decisions[thread]
        assert isinstance(decision, Rewrite)
        decision.needs_fold = None
        decision.edits[thread.statement] = None
        planner.gone.add(thread.statement)
        for site in following:
            if site.api.path in SUBMITS:
                planner.ctx.previous.add(site)
            planner.decisions[site].notes = []  # type: ignore[union-attr]
        for site in deletes:
            decision.edits[site.statement] = None
        planner.decisions[run].notes = []  # type: ignore[union-attr]


def _removed(planner) -> Set[cst.CSTNode]:
    return set(planner.gone)


def _uses(planner, binding, removed: Set[cst.CSTNode]):
    """(the run, its following calls, closing deletes) when the thread goes nowhere else."""
    facts = planner.facts
    run = None
    following = []
    deletes = []
    for read in facts.reads_of(binding):
        if any(facts.inside(read, gone) for gone in removed):
            continue
        attribute = facts.parent(read)
        arg = facts.parent(attribute)
        call = facts.parent(arg)
        if not (isinstance(attribute, cst.Attribute) and attribute.attr.value == "id" and isinstance(arg, cst.Arg)
                and isinstance(call, cst.Call)):
            return None
        site = facts.w.site_of_call.get(call)
        if site is None or not planner.converted(site):
            return None
        if site.api.path in RUNS:
            if run is not None:
                return None
            run = site
        elif site.api.path in _FOLLOWING:
            following.append(site)
        elif site.api.path in _RUN_READS and site.api.arg("run_id", 0 if "steps" in site.api.path else None) is not None:
            continue  # a read of the run's own messages or steps: the response's output, no thread needed
        elif site.api.path == ("threads", "delete") and isinstance(whole_statement(facts, site), cst.Expr):
            deletes.append(site)
        else:
            return None
    if run is None:
        return None
    for site in following:
        if not _of_the_run(planner, site, run):
            return None
    family = _run_family(planner, run)
    for node in facts.w.attributes:
        if node.attr.value == "thread_id":
            typed = facts.typed(node.value)
            if typed is not None and family & set(typed.sites):
                return None  # the run's thread is read back: it needs its conversation
    return run, following, deletes


def _of_the_run(planner, site, run) -> bool:
    """A re-read, cancel or tool round of ``run``: its run ID comes from that run's response."""
    run_id = site.api.arg("run_id", 0)
    holder = run_id.value.value if run_id is not None and isinstance(run_id.value, cst.Attribute) else None
    typed = planner.facts.typed(holder) if holder is not None else None
    return typed is not None and set(typed.sites) <= _run_family(planner, run) and not typed.external


def _run_family(planner, run) -> Set:
    """The run and every call that gives a later response of it (re-reads, tool rounds)."""
    family = {run}
    for site in planner.facts.sites:
        if site.api.path in _FOLLOWING:
            family.add(site)
    return family


def _repeated(facts, run, thread) -> bool:
    """Whether the run sits in a loop that does not also make the thread."""
    node: Optional[cst.CSTNode] = facts.parent(run.statement)
    while node is not None:
        if facts.inside(thread.statement, node):
            return False
        if isinstance(node, (cst.For, cst.While)):
            return True
        node = facts.parent(node)
    return False
