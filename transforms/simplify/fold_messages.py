"""Messages added just before a run go in as that response's input, rather than as separate items.

    client.beta.threads.messages.create(thread_id=t, role="user", content=q)
    run = client.beta.threads.runs.create_and_poll(thread_id=t, assistant_id=a)
    ->  run = client.responses.create(conversation=t, input=[{"role": "user", "content": q}], ...)

Precondition: each message statement is only the call (its result unused), on the same thread as
the run, and nothing but progress output stands between it and the run, so that its content is
the same value when the run sends it. The response puts its input into the conversation, as the
message was.
"""

from __future__ import annotations

from typing import List

import libcst as cst

from transforms.rules import content
from transforms.rules.context import Rewrite
from transforms.simplify.common import RUNS, STREAMS, block_of, edits_inside, same_value, thread_of, whole_statement

NAME = "fold-messages"
SUMMARY = "messages added just before a run become that response's input instead of separate conversation items"
_QUIET = ("print", "info", "debug", "warning", "log", "write", "echo", "sleep")


def simplify(planner) -> None:
    facts = planner.facts
    for run in facts.sites:
        if run.api.path not in RUNS | STREAMS or not planner.converted(run) or run.api.arg("additional_messages"):
            continue
        thread = thread_of(run)
        body, index = block_of(facts, run.statement)
        folded: List = []
        removed: List[cst.CSTNode] = []
        j = index - 1
        while j >= 0:
            statement = body[j]
            message = _message_statement(planner, statement)
            if message is not None and same_value(facts, thread_of(message), thread) \
                    and planner.segment_of(statement) == planner.segment_of(run.statement):
                folded.insert(0, message)
                removed.insert(0, statement)
            elif not _quiet(statement, planner):
                break
            j -= 1
        if not folded:
            continue
        movable = True
        for message in folded:
            role = message.api.arg("role")
            body_arg = message.api.arg("content")
            if body_arg is None or edits_inside(planner, body_arg.value) or (role is not None and edits_inside(planner, role.value)):
                movable = False
        attached = [attachments_of(m) for m in folded if m.api.arg("attachments") is not None or m.api.arg("file_ids") is not None]
        if attached and run in planner.ctx.thread_resources:
            movable = False  # the run's tools get one set of resources: the thread's, or the attachments'
        if movable:
            if attached:
                planner.ctx.attachments.setdefault(run, []).extend(attached)
            planner.ctx.folded[run] = [
                content.item(m.api.arg("role").value if m.api.arg("role") is not None else None,  # type: ignore[union-attr]
                             m.api.arg("content").value, m.api.arg("content").value, planner.ctx)  # type: ignore[union-attr]
                for m in folded
            ]
            comments = []
            for message, statement in zip(folded, removed):
                decision = planner.decisions[message]
                assert isinstance(decision, Rewrite)
                decision.edits[statement] = None
                decision.needs_fold = None
                planner.gone.add(statement)
                decision.notes = []
                comments.extend(_user_comments(statement.leading_lines))
            if comments:
                _keep_comments(planner, run, comments)


def attachments_of(message) -> cst.BaseExpression:
    """A message's attachments; v1 `file_ids` as attachments for both tools, as v1 gave them."""
    given = message.api.arg("attachments")
    if given is not None:
        return given.value
    from transforms.rules.messages import _v1_attachments

    return _v1_attachments(message.api.arg("file_ids").value)


def _message_statement(planner, statement: cst.CSTNode):
    """The messages.create site that is the whole of ``statement``, if it is one the rules rewrite."""
    for site in planner.facts.sites:
        if site.statement is statement and site.api.path == ("threads", "messages", "create"):
            small = whole_statement(planner.facts, site)
            if (isinstance(small, cst.Expr) or _never_read(planner, small)) and planner.converted(site):
                return site
    return None


def _never_read(planner, small) -> bool:
    """`message = messages.create(...)` where nothing reads `message`: the message is only sent."""
    if not isinstance(small, cst.Assign) or not isinstance(small.targets[0].target, cst.Name):
        return False
    binding = planner.facts.w.bindings_at.get(small.targets[0].target)
    return binding is not None and not planner.facts.reads_of(binding)


def _quiet(statement: cst.CSTNode, planner) -> bool:
    """A statement that prints or logs progress (it changes no value the message could hold)."""
    if not isinstance(statement, cst.SimpleStatementLine) or any(s.statement is statement for s in planner.facts.sites):
        return False
    for small in statement.body:
        value = small.value if isinstance(small, cst.Expr) else None
        if isinstance(value, cst.Await):
            value = value.expression
        if not isinstance(value, cst.Call):
            return False
        func = value.func
        name = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else ""
        if name not in _QUIET:
            return False
    return True


def _user_comments(lines):
    """A person's comments move with the message; the tool's markers (all their lines) do not."""
    from transforms.markers import user_comments

    return user_comments(lines)


def _keep_comments(planner, run, comments) -> None:
    """The comments above the folded messages move above the run, which now sends them."""
    decision = planner.decisions[run]
    earlier = decision.statement

    def with_comments(statement: cst.CSTNode) -> cst.CSTNode:
        if earlier is not None:
            statement = earlier(statement)
        return statement.with_changes(leading_lines=[*statement.leading_lines, *comments])  # type: ignore[union-attr]

    decision.statement = with_comments
