"""Reading the assistant's reply: `messages.list(...).data[0].content[0].text.value` -> `output_text`.

Only the newest-message read is rewritten: `data[0]` of a list in the default (newest first)
order, first content block, its text. `response.output_text` joins every text part of the
response's messages, which is the same text when the run wrote one message with one text block.
Other reads of a thread's messages are history reads, a different migration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

import libcst as cst

from transforms import build
from transforms.collect import Collected, Site
from transforms.threads_plan import code_of

_CHAIN = (("attr", "data"), ("index", "0"), ("attr", "content"), ("index", "0"), ("attr", "text"), ("attr", "value"))


@dataclass
class ReplyRead:
    site: Site
    # Expressions that become `<response>.output_text`.
    replace: List[cst.CSTNode] = field(default_factory=list)
    # The `messages = ...list(...)` statement, when the list was kept in a variable.
    remove: Optional[cst.CSTNode] = None
    # `last = messages.data[0]` statements that go with it.
    also_remove: List[cst.CSTNode] = field(default_factory=list)


def chain_end(collected: Collected, node: cst.CSTNode, chain=_CHAIN) -> Optional[cst.CSTNode]:
    for kind, value in chain:
        parent = collected.parent(node)
        if kind == "attr":
            if not (isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value == value):
                return None
        else:
            if not (isinstance(parent, cst.Subscript) and parent.value is node and len(parent.slice) == 1):
                return None
            index = parent.slice[0].slice
            if not (isinstance(index, cst.Index) and isinstance(index.value, cst.Integer) and index.value.value == value):
                return None
        node = parent
    return node


def newest_first(site: Site) -> bool:
    order = site.api.arg("order")
    return order is None or build.literal_string(order.value) == "desc"


def reply_read(collected: Collected, site: Site, scope_of) -> Optional[ReplyRead]:
    if not site.api.is_("threads.messages.list") or site.api.wrapper or not newest_first(site):
        return None
    if any(arg.keyword is not None and arg.keyword.value in ("after", "before") for arg in site.api.call.args):
        return None
    start = collected.parent(site.api.call) if site.awaited else site.api.call
    end = chain_end(collected, start)
    if end is not None:
        return ReplyRead(site=site, replace=[end])
    read = ReplyRead(site=site)
    if _newest_message(collected, start, read, scope_of):
        return read  # `last = ...messages.list(...).data[0]`
    if not (site.whole and site.target):
        return None
    scope = scope_of(site.stmt)
    if scope is None:
        return None
    assignments = list(scope.assignments[site.target])
    if len(assignments) != 1 and not all(_same_list_call(collected, site, a.node) for a in assignments):
        return None
    read = ReplyRead(site=site, remove=site.stmt)
    mine = next(a for a in assignments if collected.statement_of(a.node) is site.stmt)
    for access in mine.references:
        end = chain_end(collected, access.node)
        if end is None and not _newest_message(collected, access.node, read, scope_of):
            return None
        if end is not None:
            read.replace.append(end)
    return read if read.replace else None


def _same_list_call(collected: Collected, site: Site, target: cst.CSTNode) -> bool:
    """`messages = ...messages.list(thread_id=<same>)` again: scope analysis merges the reads of every
    binding of the name, and each of these reads is the newest message at its point."""
    assign = collected.parent(collected.parent(target))
    if not (isinstance(assign, cst.Assign) and isinstance(assign.value, cst.Call)):
        return False
    other = collected.site_by_call.get(assign.value)
    return other is not None and other.api.is_("threads.messages.list") and (
        code_of(other.api.call) == code_of(site.api.call)
    )


def _newest_message(collected: Collected, node: cst.CSTNode, read: ReplyRead, scope_of) -> bool:
    """`last = messages.data[0]` whose every use is `last.content[0].text.value`."""
    end = chain_end(collected, node, _CHAIN[:2])
    holder = collected.parent(end) if end is not None else None
    if not (isinstance(holder, cst.Assign) and holder.value is end and len(holder.targets) == 1):
        return False
    target = holder.targets[0].target
    stmt = collected.statement_of(holder)
    scope = scope_of(stmt)
    if not isinstance(target, cst.Name) or scope is None or len(stmt.body) != 1:
        return False
    assignments = list(scope.assignments[target.value])
    if len(assignments) != 1 or not assignments[0].references:
        return False
    ends = [chain_end(collected, access.node, _CHAIN[2:]) for access in assignments[0].references]
    if any(e is None for e in ends):
        return False
    read.replace.extend(ends)
    read.also_remove.append(stmt)
    return True
