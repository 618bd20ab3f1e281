"""Reading a kept thread's history: `messages.list` loops -> `conversations.items.list` loops.

    for msg in client.beta.threads.messages.list(thread_id=tid, order="asc"):
        print(msg.role, msg.content[0].text.value)
    ->  for msg in client.conversations.items.list(tid, order="asc"):
            if msg.type != "message":
                continue
            print(msg.role, msg.content[0].text)

A conversation also holds tool calls and their outputs, which a thread's message list never
showed, hence the filter. Message fields that items lack (created_at, run_id, assistant_id,
attachments, metadata) block the rewrite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Set

import libcst as cst

from transforms import build
from transforms.citations import CitationRead, annotations_in_loop
from transforms.collect import Collected, Site, binding_reads
from transforms.convert import Blocked

ITEM_FIELDS = {"id", "role", "content", "status", "type", "object"}
LIST_KEYWORDS = {"thread_id", "order", "limit", "after", "extra_headers", "extra_query", "extra_body", "timeout"}


@dataclass
class HistoryPlan:
    site: Site
    loops: List[cst.CSTNode] = field(default_factory=list)  # For nodes and CompFor nodes to filter
    drop_value: List[cst.Attribute] = field(default_factory=list)  # `.text.value` -> `.text`
    drop_text: List[cst.Attribute] = field(default_factory=list)  # `.text.annotations` -> `.annotations`
    remove_statement: bool = False
    # `run_id=run.id`: the run's own messages, which are the migrated response's output items.
    run_output: Optional[cst.BaseExpression] = None
    data_reads: List[cst.Attribute] = field(default_factory=list)  # `page.data`: a response's output is a plain list
    # `msg.content[i].text.annotations` in a run's own messages (transforms.citations), and the text reads
    # to mark when the inline citation placeholders were never stripped.
    citations: List[CitationRead] = field(default_factory=list)
    text_reads: List[cst.CSTNode] = field(default_factory=list)


def _iterated(collected: Collected, node: cst.CSTNode, data_reads: Optional[List[cst.Attribute]] = None) -> Optional[cst.CSTNode]:
    """The For / CompFor iterating ``node`` (a page, its `.data`, or `reversed(...)` of it)."""
    parent = collected.parent(node)
    if isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value == "data":
        if data_reads is not None:
            data_reads.append(parent)
        node, parent = parent, collected.parent(parent)
    if isinstance(parent, cst.Arg):
        call = collected.parent(parent)
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value in ("reversed", "list"):
            node, parent = call, collected.parent(call)
    if isinstance(parent, (cst.For, cst.CompFor)) and parent.iter is node:
        return parent
    return None


def plan_history(collected: Collected, site: Site, scope_of, migrated_runs: Set[str] = frozenset()) -> HistoryPlan | Blocked:
    """``migrated_runs``: names of run variables whose runs became responses in this function."""
    keywords = {a.keyword.value for a in site.api.call.args if a.keyword is not None}
    run_output = None
    if "run_id" in keywords:
        run_id = site.api.arg("run_id").value
        if (
            isinstance(run_id, cst.Attribute) and run_id.attr.value == "id" and isinstance(run_id.value, cst.Name)
            and run_id.value.value in migrated_runs and not keywords & {"order", "limit", "after", "before"}
        ):
            run_output = run_id.value
            keywords.discard("run_id")
    if keywords - LIST_KEYWORDS:
        return Blocked("messages.list with " + ", ".join(sorted(keywords - LIST_KEYWORDS)) + " (conversation items have no such filter)")
    if site.awaited or site.api.wrapper:
        return Blocked("awaited or wrapped messages.list: rewrite to conversations.items.list by hand")
    plan = HistoryPlan(site=site, run_output=run_output)
    loop = _iterated(collected, site.api.call, plan.data_reads)
    if loop is not None:
        plan.loops.append(loop)
    elif site.whole and site.target:
        scope = scope_of(site.stmt)
        assignments = list(scope.assignments[site.target]) if scope is not None else []
        if not assignments or not all(_is_page_of_same_list(collected, a.node, site) for a in assignments):
            return Blocked("the message list variable is also assigned something other than a messages.list")
        seen: Set[int] = set()
        for access in (access for a in assignments for access in a.references):
            if id(access.node) in seen:
                continue
            seen.add(id(access.node))
            if _cursor_read(collected, access.node) and run_output is None:
                continue
            found = _iterated(collected, access.node, plan.data_reads)
            if found is None:
                return Blocked("the message list is used other than by iterating over it")
            plan.loops.append(found)
    else:
        return Blocked("messages.list result used other than by a loop")
    for loop in plan.loops:
        problem = _follow_loop_var(collected, loop, plan, scope_of)
        if problem:
            return Blocked(problem)
    return plan


def _is_page_of_same_list(collected: Collected, target: cst.CSTNode, site: Site) -> bool:
    """``page = ...messages.list(<the same thread>, ...)``: pages of one listing, as in a pagination loop."""
    holder = collected.parent(collected.parent(target))
    if not (isinstance(holder, cst.Assign) and len(holder.targets) == 1):
        return False
    other = collected.site_by_call.get(holder.value)
    if other is None or not other.api.is_("threads.messages.list"):
        return False
    mine, theirs = site.api.arg("thread_id", 0), other.api.arg("thread_id", 0)
    return mine is not None and theirs is not None and mine.value.deep_equals(theirs.value)


def _cursor_read(collected: Collected, node: cst.CSTNode) -> bool:
    """`page.has_more` or `page.data[-1].id`: the same on a conversation items page."""
    parent = collected.parent(node)
    if not (isinstance(parent, cst.Attribute) and parent.value is node):
        return False
    if parent.attr.value == "has_more":
        return True
    subscript = collected.parent(parent)
    if parent.attr.value != "data" or not isinstance(subscript, cst.Subscript) or len(subscript.slice) != 1:
        return False
    index = subscript.slice[0].slice
    if not isinstance(index, cst.Index):
        return False
    value = index.value
    if isinstance(value, cst.UnaryOperation) and isinstance(value.operator, cst.Minus):
        value = value.expression
    ident = collected.parent(subscript)
    return isinstance(value, cst.Integer) and isinstance(ident, cst.Attribute) and ident.attr.value == "id"


def _follow_loop_var(collected: Collected, loop: cst.CSTNode, plan: HistoryPlan, scope_of) -> Optional[str]:
    target = loop.target
    if not isinstance(target, cst.Name):
        return "the history loop unpacks its items"
    reads = binding_reads(scope_of, target)
    if reads is None:
        return "no scope information"
    for node in reads:
        parent = collected.parent(node)
        if not (isinstance(parent, cst.Attribute) and parent.value is node):
            return f"the message `{target.value}` is used as a whole"
        if parent.attr.value not in ITEM_FIELDS:
            return f"`{target.value}.{parent.attr.value}` does not exist on conversation items"
        if parent.attr.value == "content":
            problem = _content_read(collected, parent, plan, scope_of)
            if problem:
                return problem
    return None


def _content_read(collected: Collected, content: cst.Attribute, plan: HistoryPlan, scope_of) -> Optional[str]:
    subscript = collected.parent(content)
    if not isinstance(subscript, cst.Subscript):
        return "message content read other than content[i].text.value"
    text = collected.parent(subscript)
    value = collected.parent(text) if isinstance(text, cst.Attribute) else None
    if (
        isinstance(text, cst.Attribute) and text.attr.value == "text" and isinstance(value, cst.Attribute)
        and value.attr.value == "annotations" and plan.run_output is not None
    ):
        # A run's own messages are output items, whose output_text parts carry the annotations
        # (conversation history also holds user input_text parts, which have none).
        read = annotations_in_loop(collected, value, scope_of)
        if isinstance(read, Blocked):
            return read.reason
        plan.citations.append(read)
        plan.drop_text.append(value)
        return None
    if isinstance(text, cst.Attribute) and text.attr.value == "text" and isinstance(value, cst.Attribute) and value.attr.value == "annotations":
        return (
            "annotations in conversation history: assistant messages' output_text parts carry them (file citations: "
            "file_id, filename, index; no inline placeholder in the text), user messages' input_text parts have "
            "none: test part.type == \"output_text\" first"
        )
    if not (isinstance(text, cst.Attribute) and text.attr.value == "text" and isinstance(value, cst.Attribute) and value.attr.value == "value"):
        return "message content read other than content[i].text.value"
    plan.drop_value.append(value)
    plan.text_reads.append(collected.statement_of(value))
    return None


def filter_statement(var: str) -> cst.If:
    """`if <var>.type != "message": continue`."""
    test = build.equals(build.attr(var, "type"), "message", negate=True)
    return cst.If(test=test, body=cst.IndentedBlock(body=[cst.SimpleStatementLine(body=[cst.Continue()])]))


def filter_condition(var: str) -> cst.CompIf:
    return cst.CompIf(test=build.equals(build.attr(var, "type"), "message"))
