"""Deciding, per function, what each thread is: used once and dropped, or kept (a conversation).

A thread is one-shot when its id never leaves the function: every use of the variable is
`thread.id` handed to the thread's own messages, one run, its polling and its reply read. Any
other use (stored in a dict or database, on `self`, returned, passed on), a second run, a run in
a loop, or a thread operation makes it persistent. Scope analysis finds the uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import libcst as cst
from libcst.metadata import Scope

from transforms.collect import Collected, Site

# Sites that take a thread id, and where: (keyword, position among positional arguments).
THREAD_ARG: Dict[str, Tuple[str, Optional[int]]] = {
    "threads.messages.create": ("thread_id", 0),
    "threads.messages.list": ("thread_id", 0),
    "threads.runs.create": ("thread_id", 0),
    "threads.runs.create_and_poll": ("thread_id", None),
    "threads.runs.retrieve": ("thread_id", None),
    "threads.runs.poll": ("thread_id", None),
    "threads.retrieve": ("thread_id", 0),
    "threads.update": ("thread_id", 0),
    "threads.delete": ("thread_id", 0),
    "threads.runs.stream": ("thread_id", None),
    "threads.runs.create_and_stream": ("thread_id", None),
    "threads.runs.submit_tool_outputs": ("thread_id", None),
    "threads.runs.submit_tool_outputs_and_poll": ("thread_id", None),
    "threads.runs.steps.list": ("thread_id", None),
    "threads.runs.steps.retrieve": ("thread_id", None),
}
RUN_CREATORS = ("threads.runs.create", "threads.runs.create_and_poll", "threads.runs.stream", "threads.runs.create_and_stream")


def thread_arg(site: Site) -> Optional[cst.Arg]:
    spec = THREAD_ARG.get(".".join(site.api.path))
    if spec is None:
        return None
    return site.api.arg(*spec)


@dataclass
class ThreadKey:
    """Which thread a call talks about: a thread variable of this function, or an expression."""

    var: Optional[str]
    code: str

    def __hash__(self) -> int:
        return hash((self.var, self.code if self.var is None else ""))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ThreadKey) and self.var == other.var and (self.var is not None or self.code == other.code)


@dataclass
class ThreadVar:
    site: Site
    var: str
    persistent: bool = False
    why_persistent: List[str] = field(default_factory=list)
    # `tid = thread.id` aliases: their names count as the thread too.
    aliases: List[str] = field(default_factory=list)
    uses: List[Site] = field(default_factory=list)

    @property
    def runs_carry_resources(self) -> bool:
        """Kept only for reasons inside its function (more runs, a loop, a history read): every run on it
        is here, so each response can carry the thread's tool_resources, which a conversation cannot."""
        if isinstance(self.site.owner, cst.Module) or any(use.owner is not self.site.owner for use in self.uses):
            return False  # a run in a nested function is planned there, without the thread's resources
        return all(
            why.endswith(" runs on the thread") or why.startswith("the thread is created with")
            or why in ("the run is repeated in a loop", "the thread's history is read")
            for why in self.why_persistent
        )


def code_of(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


class ThreadAnalysis:
    def __init__(self, collected: Collected, scope_of, sites: List[Site], helpers: Dict[str, str], is_reply_read) -> None:
        self.collected = collected
        self.helpers = helpers
        self.is_reply_read = is_reply_read
        self.scope_of = scope_of  # node -> Scope
        self.sites = sites
        self.threads: Dict[str, ThreadVar] = {}
        for site in sites:
            if site.api.is_("threads.create") and site.target and site.whole and not site.api.wrapper:
                self.threads.setdefault(site.target, ThreadVar(site=site, var=site.target))
        for thread in self.threads.values():
            self._classify(thread)

    def key(self, site: Site) -> Optional[ThreadKey]:
        arg = thread_arg(site)
        if arg is None:
            return None
        value = arg.value
        if isinstance(value, cst.Attribute) and value.attr.value == "id" and isinstance(value.value, cst.Name):
            if value.value.value in self.threads:
                return ThreadKey(var=value.value.value, code=code_of(value))
        if isinstance(value, cst.Name):
            for thread in self.threads.values():
                if value.value in thread.aliases:
                    return ThreadKey(var=thread.var, code=code_of(value))
        return ThreadKey(var=None, code=code_of(value))

    def _classify(self, thread: ThreadVar) -> None:
        scope: Optional[Scope] = self.scope_of(thread.site.stmt)
        create = thread.site
        if scope is None:
            thread.persistent = True
            thread.why_persistent.append("no scope information")
            return
        assignments = [a for a in scope.assignments[thread.var]]
        if len(assignments) != 1:
            thread.persistent = True
            thread.why_persistent.append("the thread variable is assigned more than once")
        kwargs = {a.keyword.value for a in create.api.call.args if a.keyword is not None}
        # tool_resources go into the run's tools (or, in a shape that cannot, mark the run).
        kwargs.discard("tool_resources")
        if kwargs - {"messages"}:
            thread.persistent = True
            thread.why_persistent.append("the thread is created with " + ", ".join(sorted(kwargs - {"messages"})))
        if isinstance(create.owner, cst.Module):
            thread.persistent = True
            thread.why_persistent.append("module-level thread")
        names = [thread.var]
        for assignment in assignments:
            for access in assignment.references:
                self._use(thread, access.node, names)
        for alias in list(thread.aliases):
            for assignment in scope.assignments[alias]:
                for access in assignment.references:
                    self._alias_use(thread, access.node)
        runs = [s for s in thread.uses if ".".join(s.api.path) in RUN_CREATORS]
        if len(runs) != 1:
            thread.persistent = True
            thread.why_persistent.append(f"{len(runs)} runs on the thread")
        for run in runs:
            if any(loop not in create.enclosing for loop in run.loops):
                thread.persistent = True
                thread.why_persistent.append("the run is repeated in a loop")
        if any(s.api.is_("threads.messages.list") and not self.is_reply_read(s) for s in thread.uses):
            thread.persistent = True
            thread.why_persistent.append("the thread's history is read")
        if any(s.api.path[:1] == ("threads",) and len(s.api.path) == 2 and s is not create for s in thread.uses):
            thread.persistent = True
            thread.why_persistent.append("thread operations (retrieve/update/delete)")

    def _use(self, thread: ThreadVar, node: cst.CSTNode, names: List[str]) -> None:
        parent = self.collected.parent(node)
        if isinstance(parent, cst.Attribute) and parent.value is node and parent.attr.value == "id":
            holder = self.collected.parent(parent)
            if isinstance(holder, cst.Arg):
                call = self.collected.parent(holder)
                site = self.collected.site_by_call.get(call)
                if site is not None and thread_arg(site) is holder:
                    if site.owner is not thread.site.owner:
                        # Run from a nested function, planned with that function: a conversation
                        # both sides can name.
                        thread.persistent = True
                        thread.why_persistent.append("the thread is used in a nested function")
                    thread.uses.append(site)
                    return
            if isinstance(holder, cst.Assign) and holder.value is parent and len(holder.targets) == 1:
                target = holder.targets[0].target
                if isinstance(target, cst.Name):
                    thread.aliases.append(target.value)
                    return
        if self._helper_argument(node):
            return
        thread.persistent = True
        thread.why_persistent.append("the thread id leaves the function")

    def _helper_argument(self, node: cst.CSTNode) -> bool:
        """Handed to a polling helper such as `wait_on_run(run, thread)`, which goes away."""
        holder = self.collected.parent(node)
        if isinstance(holder, cst.Attribute) and holder.value is node:
            holder = self.collected.parent(holder)
        if not isinstance(holder, cst.Arg):
            return False
        call = self.collected.parent(holder)
        return isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value in self.helpers

    def _alias_use(self, thread: ThreadVar, node: cst.CSTNode) -> None:
        holder = self.collected.parent(node)
        if isinstance(holder, cst.Arg):
            site = self.collected.site_by_call.get(self.collected.parent(holder))
            if site is not None and thread_arg(site) is holder:
                thread.uses.append(site)
                return
        if self._helper_argument(node):
            return
        thread.persistent = True
        thread.why_persistent.append("the thread id leaves the function")
