"""The thread / message / run / poll / reply sequence, rewritten onto Responses and Conversations.

    thread = client.beta.threads.create(); client.beta.threads.messages.create(thread_id=thread.id, role="user", content=q)
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=A); ... .data[0].content[0].text.value
    ->  response = client.responses.create(model=..., input=[{"role": "user", "content": q}], truncation="auto"); response.output_text

One transform, because the pieces decide each other: whether a thread becomes a conversation
depends on its runs and reads, and a run's rewrite folds in the messages before it and drops
the polling after it. The modules it draws on each keep one concern (threads_plan, runs_plan,
polling, reply, prompts, convert).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Dict, List, Optional, Set

import libcst as cst
from libcst.metadata import ScopeProvider

from transforms import (
    api, attachments, build, citations, convert, polling, prompts, run_steps, streamed_tools, streaming, thread_resources, tool_round_helpers,
    tool_sources,
)
from transforms.base import MigrationTransform
from transforms.collect import Collected, Site, collect, foreign_callee
from transforms.convert import Blocked
from transforms.edits import Edits
from transforms.imports import drop_unused
from transforms.history import filter_condition, filter_statement, plan_history
from transforms.leftovers import leftover_message
from transforms.reply import reply_read
from transforms.runs_plan import THREAD_AND_RUN, RunPlan, RunPlanner
from transforms.threads_plan import RUN_CREATORS, ThreadAnalysis, ThreadVar, code_of, thread_arg

PART_OF_SEQUENCE = "part of a thread/run sequence that needs a hand: see the marker on its run"
KEPT_PREFIX = "another call on a kept thread in this file needs a hand"
KEPT_TOGETHER = f"{KEPT_PREFIX}; kept threads (conversations) migrate together: fix that one, then run the tool again"


def kept_together(blocker: Optional[str]) -> str:
    """The kept-together reason, naming the call that holds the others back when it is known."""
    if not blocker:
        return KEPT_TOGETHER
    return f"{KEPT_PREFIX} (`{blocker}`, marked with its reason); kept threads (conversations) migrate together: fix that one, then run the tool again"


FILE_SEARCH_TEXT = (
    "file_search: the reply text no longer carries inline citation markers (【n†source】); citations are "
    "annotations on the message's output_text parts"
)
LITERAL_THREAD = (
    "a literal thread ID: threads did not become conversations; create one with client.conversations.create "
    "and use its ID (conv_...)"
)


class ThreadsAndRuns(MigrationTransform):
    """thread + messages + run + polling + reply read  ->  one responses.create (+ a conversation when the thread is kept).

    thread = client.beta.threads.create(); ...messages.create(thread_id=thread.id, role="user", content=q); run = ...runs.create_and_poll(...)
    ->  response = client.responses.create(model=..., instructions=..., input=[{"role": "user", "content": q}], truncation="auto")
    """

    NAME = "threads-and-runs"
    METADATA_DEPENDENCIES = (ScopeProvider,)

    def transform_module(self, tree: cst.Module) -> cst.Module:
        # Tools lists held in constants are read when the run calls are built, after planning.
        with convert.tool_sources_held():
            return super().transform_module(tree)

    def plan(self, module: cst.Module) -> Edits:
        collected = collect(module)
        sources = tool_sources.find(collected, self._scope_of)
        convert.hold_tool_sources(sources.public, collected.parents)
        with convert.lists_named(collected.list_names):
            edits = self._plan_module(collected)
            # Planned with every tools list flattened in place; a list another caller needs nested
            # is converted at the Responses calls instead (or, if it cannot be, its runs are marked).
            for _ in range(len(sources.all()) * 2):
                if not tool_sources.settle(collected, sources, edits):
                    break
                edits = self._plan_module(collected)
            tool_sources.add_edits(collected, sources, edits)
            return edits

    def _plan_module(self, collected: Collected) -> Edits:
        self._blocker: Optional[str] = None
        edits, owners = self._plan(collected, keep_kept_threads=False)
        forced = self._dangling_threads(collected, owners, edits)
        if forced:
            # A one-shot thread went away but something the rewrite did not take still uses it:
            # those runs stay as they were (with their threads), instead of a NameError.
            edits, owners = self._plan(collected, keep_kept_threads=False, forced=forced)
        reasons: Optional[Dict[cst.CSTNode, str]] = None
        if self._kept_threads_left_behind(collected, owners, edits):
            # A conversation id handed to a call left on the Assistants API is a 404 at run time:
            # plan again with every kept thread of the file left as it was.
            reasons = edits.markers
            edits, owners = self._plan(collected, keep_kept_threads=True, reasons=reasons, forced=forced)
        for _ in range(3):
            stranded = {k: v for k, v in self._handlers_left_behind(owners).items() if k not in forced}
            if not stranded:
                break
            # A handler class adapted for the Responses loop no longer fits a stream left on the
            # Assistants API: the streams sharing it stay together.
            forced = {**forced, **stranded}
            edits, owners = self._plan(collected, keep_kept_threads=reasons is not None, reasons=reasons, forced=forced)
        for stmt, reason in (reasons or {}).items():
            if stmt in edits.markers and not reason.startswith(KEPT_PREFIX) and reason != PART_OF_SEQUENCE:
                edits.markers[stmt] = reason  # the statement's own problem says more than "kept together"
        return edits

    def _handlers_left_behind(self, owners) -> Dict[cst.CSTNode, str]:
        """Stream runs whose handler class also serves a stream that is not migrated."""
        by_class: Dict[cst.ClassDef, List[RunPlan]] = defaultdict(list)
        migrated: Set[int] = set()
        for owner in owners:
            for plan in owner.plans:
                stream = plan.stream
                if stream is None or stream.handler_class is None or stream.handler_call is None:
                    continue
                if isinstance(stream, streamed_tools.ToolsPlan):
                    continue  # checks its own class's uses (the streams it submits)
                by_class[stream.handler_class].append(plan)
                if plan in owner.ok:
                    migrated.add(id(stream.handler_call.func))
        found: Dict[cst.CSTNode, str] = {}
        for cls, plans in by_class.items():
            scope = self._scope_of(cls)
            references = [a.node for assignment in scope.assignments[cls.name.value] for a in assignment.references] if scope else []
            if all(id(node) in migrated for node in references):
                continue
            for plan in plans:
                if id(stream_call(plan).func) not in migrated:
                    continue  # staying anyway, for a reason of its own
                found.setdefault(
                    plan.site.api.call,
                    f"the event handler {cls.name.value} also serves a stream that stays on the Assistants API: they migrate together",
                )
        return found

    def _plan(
        self,
        collected: Collected,
        keep_kept_threads: bool,
        reasons: Optional[Dict[cst.CSTNode, str]] = None,
        forced: Optional[Dict[cst.CSTNode, str]] = None,
    ):
        self._parents = collected.parents
        edits = Edits()
        if not collected.sites:
            return edits, []
        helpers: Dict[str, str] = {}
        for name, func in collected.functions.items():
            var = polling.polling_helper(func)
            if var is not None:
                helpers[name] = var
        scope_of = self._scope_of
        by_owner: Dict[object, List[Site]] = defaultdict(list)
        for site in collected.sites:
            if not api.is_look_alike(site.api, scope_of(site.stmt), collected.classes, collected.values):
                by_owner[site.owner].append(site)
        handled: set = set()
        helper_calls: List[str] = []
        inlined: Dict[cst.CSTNode, List[cst.CSTNode]] = defaultdict(list)
        owners: List[_OwnerPlan] = []
        for sites in by_owner.values():
            owners.append(_OwnerPlan(self, collected, sites, helpers, edits, handled, helper_calls, inlined))
        for owner in owners:
            owner.compute(forced or {})
        self._round_helpers_agree(owners)
        kept_threads_blocked = keep_kept_threads or any(owner.blocks_kept_threads for owner in owners)
        if not keep_kept_threads:
            blocker = next((p.site.stmt for o in owners for p in o.plans if p.blocked is not None and p.persistent), None)
            self._blocker = _excerpt(blocker) if blocker is not None else None
        for owner in owners:
            owner.apply(kept_threads_blocked)
        self._drop_helpers(collected, helpers, helper_calls, edits, scope_of)
        self._drop_inlined_assistants(collected, inlined, edits, handled)
        if edits.maybe_unused:
            drop_unused(collected, scope_of, edits, edits.maybe_unused)
        plans = _by_owner(owners)
        for site in collected.sites:
            if site.api.call in handled or site.stmt in edits.removals or site.stmt in edits.statements:
                continue
            if any(collected.inside(site.stmt, removed) for removed in edits.removals):
                continue
            if api.is_look_alike(site.api, scope_of(site.stmt), collected.classes, collected.values):
                continue
            message = leftover_message(site)
            if site.api.is_("threads.messages.list") and message:
                note = citations.image_file_note(collected, site)
                message = f"{message}; {note}" if note else message
            if reasons is not None and site.api.path[0] == "threads":
                owner = plans.get(site.owner)
                if owner is not None and _on_kept_thread(owner.threads, site):
                    message = reasons.get(site.stmt, self.kept_together())
            if message:
                edits.mark(site.stmt, message)
        return edits, owners

    def _round_helpers_agree(self, owners) -> None:
        """A tool round helper migrates with all of its callers, or none of them does."""
        for _ in range(3):
            plans = [p for owner in owners for p in owner.ok if p.round_helpers]
            reasons = tool_round_helpers.disagreements(plans, self._scope_of)
            if not reasons:
                return
            for owner in owners:
                for plan in [p for p in owner.ok if id(p) in reasons]:
                    owner.reject(plan, reasons[id(plan)])

    def _dangling_threads(self, collected: Collected, owners, edits: Edits) -> Dict[cst.CSTNode, str]:
        """Runs whose one-shot thread is removed while a statement left as it was still uses it."""
        rewritten = [*edits.removals, *edits.dropped, *edits.expressions]
        found: Dict[cst.CSTNode, str] = {}
        for owner in owners:
            runs = {p.site.stmt for p in owner.ok} | {s.stmt for p in owner.ok for s in p.submits}
            for thread in owner.threads.threads.values():
                if thread.persistent or thread.site.stmt not in edits.removals:
                    continue
                scope = self._scope_of(thread.site.stmt)
                if scope is None:
                    continue
                for name in [thread.var, *thread.aliases]:
                    for assignment in scope.assignments[name]:
                        for access in assignment.references:
                            node = access.node
                            if any(collected.inside(node, r) for r in rewritten) or any(collected.inside(node, r) for r in runs):
                                continue
                            stmt = collected.statement_of(node)
                            why = f"`{name}` is still used after the run, where the rewrite cannot follow: {code_of(stmt).strip()[:60]}"
                            for plan in owner.plans:
                                if plan.thread is not None and plan.thread.var == thread.var:
                                    found.setdefault(plan.site.api.call, why)
        return found

    def _kept_threads_left_behind(self, collected: Collected, owners, edits: Edits) -> bool:
        """Are some calls on kept threads rewritten while another stays on the old API, marked?"""
        by_owner = _by_owner(owners)
        rewritten = left = False
        for site in collected.sites:
            if site.api.path[0] != "threads":
                continue
            owner = by_owner.get(site.owner)
            if owner is None or not _on_kept_thread(owner.threads, site):
                continue
            if site.stmt in edits.statements or site.stmt in edits.removals or _replaced(collected, edits, site.api.call):
                rewritten = True
            elif site.stmt in edits.markers:
                left = True
                self._blocker = self._blocker or _excerpt(site.stmt)
        return rewritten and left

    def kept_together(self) -> str:
        return kept_together(getattr(self, "_blocker", None))

    def _scope_of(self, node: cst.CSTNode):
        return self.get_metadata(ScopeProvider, node, None)

    def _drop_inlined_assistants(self, collected: Collected, inlined, edits: Edits, handled) -> None:
        """An assistant created from static settings goes once every use of it was inlined."""
        for stmt, runs in inlined.items():
            site = next(s for s in collected.sites if s.stmt is stmt)
            scope = self._scope_of(stmt)
            if scope is None or site.target is None:
                continue
            references = [a.node for assignment in scope.assignments[site.target] for a in assignment.references]
            if all(any(collected.inside(node, run) for run in runs) for node in references):
                edits.removals.add(stmt)
                handled.add(site.api.call)

    def _drop_helpers(self, collected: Collected, helpers, helper_calls, edits: Edits, scope_of) -> None:
        """A polling helper goes once no call to it is left in the module."""
        for name in set(helper_calls):
            func = collected.functions[name]
            scope = scope_of(func)
            if scope is None:
                continue
            left = [
                access.node for assignment in scope.assignments[name] for access in assignment.references
                if not any(collected.inside(access.node, removed) for removed in edits.removals)
            ]
            if not left:
                edits.removals.add(func)


class _OwnerPlan:
    """Everything about one function's (or the module's) threads and runs."""

    def __init__(self, transform: ThreadsAndRuns, collected: Collected, sites: List[Site], helpers, edits: Edits, handled, helper_calls, inlined) -> None:
        self.t = transform
        self.inlined = inlined
        self.collected = collected
        self.sites = sites
        self.helpers = helpers
        self.edits = edits
        self.handled = handled
        self.helper_calls = helper_calls
        scope_of = transform._scope_of
        self.scope_of = scope_of
        self.threads = ThreadAnalysis(
            collected, scope_of, sites, helpers, lambda s: citations.reads_reply(collected, s, scope_of)
        )
        self.planner = RunPlanner(collected, scope_of, self.threads, sites, helpers, transform.options)

    def compute(self, forced: Dict[cst.CSTNode, str]) -> None:
        """Plan every run of this function; blocked runs are marked at once."""
        self.plans = plans = [self.planner.plan(s) for s in self.sites if ".".join(s.api.path) in _run_creators()]
        self.ok = ok = []
        for plan in plans:
            if plan.blocked is None and plan.site.api.call in forced:
                plan.block(forced[plan.site.api.call])
            if plan.blocked is None and _literal_thread(plan.site):
                plan.block(LITERAL_THREAD)
            if plan.blocked is None:
                self._citations_need_a_hand(plan, plans)
            if plan.blocked is None:
                settings = self._settings(plan)
                if isinstance(settings, Blocked):
                    plan.block(settings.reason)
                elif isinstance(settings, prompts.Hosted) and _has_additional_instructions(plan.site):
                    plan.block("additional_instructions with a hosted prompt: the prompt's own text is not known here")
                else:
                    plan.settings = settings
            if plan.blocked is not None:
                self.edits.mark(plan.site.stmt, plan.blocked)
                self.handled.add(plan.site.api.call)
                continue
            ok.append(plan)

    def reject(self, plan: RunPlan, reason: str) -> None:
        """A run planned as migrated that must stay as it was after all."""
        self.ok.remove(plan)
        plan.block(reason)
        self.edits.mark(plan.site.stmt, reason)
        self.handled.add(plan.site.api.call)

    @property
    def blocks_kept_threads(self) -> bool:
        """A marked run on a kept thread: the file's kept threads then all stay as they are."""
        return any(p.blocked is not None and p.persistent for p in self.plans)

    def apply(self, kept_threads_blocked: bool) -> None:
        plans, ok = self.plans, self.ok
        self.kept_threads_blocked = kept_threads_blocked
        if kept_threads_blocked:
            # Threads kept across functions (ids in dicts, on self, passed around) are created,
            # written and run in different places: they migrate together or not at all.
            for plan in [p for p in ok if p.persistent]:
                ok.remove(plan)
                plan.block(self.t.kept_together())
                self.edits.mark(plan.site.stmt, self.t.kept_together())
                self.handled.add(plan.site.api.call)
        # Runs assigned to one variable are renamed together, so they are rewritten together.
        blocked_vars = {p.var for p in plans if p.blocked is not None and p.var}
        for plan in [p for p in ok if p.var in blocked_vars]:
            ok.remove(plan)
            plan.block("another run assigned to the same variable needs a hand")
            self.edits.mark(plan.site.stmt, plan.blocked)
            self.handled.add(plan.site.api.call)
        # Two runs held in different variables must not both become `response`.
        sources: Dict[str, set] = defaultdict(set)
        for plan in ok:
            if plan.new_var:
                sources[plan.new_var].add(plan.var)
        for plan in ok:
            if plan.new_var and len(sources[plan.new_var]) > 1 and plan.new_var != plan.var:
                plan.renames = {}
                plan.new_var = plan.var
        blocked_threads = {p.thread.var for p in plans if p.blocked is not None and p.thread and p.thread.var}
        for plan in ok:
            if plan.thread and plan.thread.var in blocked_threads:
                self.edits.mark(plan.site.stmt, PART_OF_SEQUENCE)
                self.handled.add(plan.site.api.call)
                continue
            self._reply_reads(plan, plans)
            self._apply_run(plan)
        good = [p for p in ok if not (p.thread and p.thread.var in blocked_threads)]
        # A thread whose run stays on the Assistants API keeps every other call on it there too.
        self.blocked_keys = [p.thread for p in plans if p.blocked is not None and p.thread is not None]
        self._threads(good, blocked_threads)
        if kept_threads_blocked:
            return
        self._unbound_threads()
        self._standalone_messages(good)
        self._thread_operations()
        self._history_reads()

    def _on_kept_threads(self, method: str):
        """Calls of ``method`` not yet handled, on threads kept as conversations whose runs migrate."""
        for site in self.sites:
            if not site.api.is_(method) or site.api.call in self.handled or self._key_blocked(site):
                continue
            key = self.threads.key(site)
            if key is None or (key.var is not None and not self.threads.threads[key.var].persistent):
                continue
            yield site

    def _key_blocked(self, site: Site) -> bool:
        key = self.threads.key(site)
        return (key is not None and key in self.blocked_keys) or _literal_thread(site)

    # -- runs ---------------------------------------------------------------------------------

    def _settings(self, plan: RunPlan):
        assistant = plan.site.api.arg("assistant_id")
        settings = prompts.settings_for(self.collected, assistant.value, self.t.options, plan.site.owner, plan.resources)
        if plan.resources and isinstance(settings, prompts.Hosted):
            return Blocked("thread tool_resources with a hosted prompt, whose tools are not known here: pass its tools with these vector_store_ids / file_ids by hand")
        minted = self._minted_by(assistant.value, plan.site.stmt)
        if minted is not None and not isinstance(settings, (prompts.Inline, Blocked)):
            # An ID created anew on every run is in no registry and no prompt table.
            return Blocked(f"the assistant comes from {minted}: its ID is minted at run time; pass its settings to responses.create by hand")
        return settings

    def _minted_by(self, value: cst.BaseExpression, stmt: cst.CSTNode) -> Optional[str]:
        """`assistant = make_assistant(...)` (any call but assistants.retrieve) behind `assistant.id`."""
        if not (isinstance(value, cst.Attribute) and value.attr.value == "id" and isinstance(value.value, cst.Name)):
            return None
        scope = self.scope_of(stmt)
        if scope is None:
            return None
        for assignment in scope.assignments[value.value.value]:
            bound = self.collected.values.get(assignment.node)
            if isinstance(bound, cst.Await):
                bound = bound.expression
            if isinstance(bound, cst.Call):
                found = api.match(bound)
                if found is not None and found.is_("assistants.retrieve"):
                    continue
                return f"`{code_of(bound.func).strip()}(...)`"
        return None

    def _reads_after(self, plan: RunPlan, plans: List[RunPlan]):
        """messages.list calls on the run's thread after it and before the next run on that thread."""
        order = self.collected.order
        for site in self.sites:
            if not site.api.is_("threads.messages.list") or self.threads.key(site) != plan.thread:
                continue
            if order.get(site.stmt, -1) <= order.get(plan.site.stmt, -1):
                continue
            if any(
                other.thread == plan.thread and order[plan.site.stmt] < order[other.site.stmt] < order[site.stmt]
                for other in plans if other is not plan
            ):
                continue  # a later run's reply
            yield site

    def _citations_need_a_hand(self, plan: RunPlan, plans: List[RunPlan]) -> None:
        """A reply read whose citations cannot be rewritten exactly keeps the run where it was."""
        if plan.stream is not None or plan.raw_stream:
            return
        for site in self._reads_after(plan, plans):
            read = citations.citation_read(self.collected, site, self.scope_of)
            if isinstance(read, Blocked):
                plan.block("the reply's citations need a hand: see the marker on the messages.list read")
                self.edits.mark(site.stmt, read.reason)
                self.handled.add(site.api.call)

    def _reply_reads(self, plan: RunPlan, plans: List[RunPlan]) -> None:
        if plan.stream is not None or plan.raw_stream:
            return  # a streamed reply is read from the events; a later list read stays (and is marked)
        for site in self._reads_after(plan, plans):
            read = reply_read(self.collected, site, self.scope_of)
            if read is None:
                self._citation_read(plan, plans, site)
                continue
            if any(self._run_between(plan, node, plans) for node in read.replace):
                continue  # read after a later run replaced the variable: not this run's reply
            if plan.new_var is None:
                plan.new_var = self._response_name(plan)
            var = plan.new_var
            for node in read.replace:
                self.edits.expressions[node] = lambda updated, var=var: build.attr(var, "output_text")
                if _uses_file_search(plan):
                    self.edits.mark(self.collected.statement_of(node), FILE_SEARCH_TEXT)
            if read.remove is not None:
                self.edits.removals.add(read.remove)
            self.edits.removals.update(read.also_remove)
            self.handled.add(site.api.call)

    def _citation_read(self, plan: RunPlan, plans: List[RunPlan], site: Site) -> None:
        """`text = ...data[0].content[0].text` and its annotations: the response's output_text part."""
        read = citations.citation_read(self.collected, site, self.scope_of)
        if not isinstance(read, citations.CitationRead):
            return
        if any(self._run_between(plan, node, plans) for node in read.parts):
            return
        if plan.new_var is None:
            plan.new_var = self._response_name(plan)
        var = plan.new_var
        for node in read.parts:
            self.edits.expressions[node] = lambda updated, var=var: citations.part_expression(var)
        self.edits.expressions.update(read.expressions)
        self.edits.removals.update(read.removals)
        if not read.stripped:
            for stmt in read.text_reads:
                self.edits.mark(stmt, citations.UNPLACED)
        self.handled.add(site.api.call)

    def _response_name(self, plan: RunPlan) -> str:
        """A name for a run that had none: `response`, unless the function already uses it (a response
        an earlier rewrite made, say), which a new assignment would replace."""
        scope = self.scope_of(plan.site.stmt)
        if scope is not None and not scope.assignments["response"] and not scope.accesses["response"]:
            return "response"  # a mention in a comment or a string does not count
        return self.collected.free_name(plan.site.owner, "response", "run_response")

    def _run_between(self, plan: RunPlan, node: cst.CSTNode, plans: List[RunPlan]) -> bool:
        """Another run assigns the name this run's reply is read from, between the run and ``node``."""
        order = self.collected.order
        at = order.get(self.collected.statement_of(node), -1)
        name = plan.new_var or self._response_name(plan)
        return any(
            other is not plan and (other.new_var or self._response_name(other)) == name
            and order[plan.site.stmt] < order.get(other.site.stmt, -1) < at
            for other in plans
        )

    def _apply_run(self, plan: RunPlan) -> None:
        edits = self.edits
        for message in plan.messages:
            edits.removals.add(message.stmt)
            self.handled.add(message.api.call)
        edits.removals.update(plan.removals)
        for loop, residue in plan.replays.items():
            edits.statements[loop] = lambda updated, loop=loop, residue=residue: _replay(loop, residue, updated)
            edits.dropped.update(stmt for stmt in loop.body.body if stmt not in residue)
        if plan.removals or plan.replays:
            edits.maybe_unused.update({"time", "asyncio", "sleep"})
        edits.renames.update(plan.renames)
        edits.expressions.update(plan.expressions)
        for stmt, message in plan.markers.items():
            edits.mark(stmt, message)
        self.helper_calls.extend(plan.helpers_called)
        for site in self.sites:
            if site.api.is_("threads.runs.retrieve", "threads.runs.poll") and any(
                self.collected.inside(site.stmt, r) for r in [*plan.removals, *plan.replays]
            ):
                self.handled.add(site.api.call)
        settings = plan.settings
        if isinstance(settings, prompts.Lookup):
            edits.added_imports.append(settings.module)
            if plan.resources:
                thread_resources.add_helper(self.collected, edits)
        elif isinstance(settings, prompts.Hosted):
            edits.added_imports.extend(settings.imports)
        else:
            self.inlined[settings.stmt].append(plan.site.stmt)
        self.handled.add(plan.site.api.call)
        edits.statements[plan.site.stmt] = lambda updated, plan=plan: self._build_run(plan, updated)
        stream = plan.stream
        if stream is not None:
            for node, edit in stream.edits.items():
                (edits.statements if isinstance(node, cst.BaseStatement) else edits.expressions)[node] = edit
            if stream.handler_class is not None:
                edits.statements[stream.handler_class] = lambda updated: streaming.adapt_class(updated)
                edits.maybe_unused.update({"AssistantEventHandler", "AsyncAssistantEventHandler", "override"})
                # The base, the @override decorators and the old annotations vanish with the rewrite
                # (imports may go with them).
                edits.dropped.update(stream.handler_class.bases)
                edits.dropped.update(n for n in stream.edits if isinstance(n, cst.Decorator))
                edits.dropped.update(stream.dropped)
                edits.maybe_unused.update(stream.old_names)
                edits.added_imports.extend(stream.new_imports)
            if isinstance(stream, streamed_tools.ToolsPlan):
                edits.removals.update(streamed_tools.removals(stream))
        if plan.raw_stream:
            for check in streaming.isinstance_checks(plan.expressions):
                edits.dropped.add(check)
                edits.maybe_unused.add(check.args[1].value.value)
        for steps in plan.steps:
            self.handled.add(steps.site.api.call)
            if steps.remove is not None:
                edits.removals.add(steps.remove)
            else:
                # Replaced with its loop; recorded so the call counts as rewritten, not left behind.
                edits.expressions[steps.site.api.call] = lambda updated: updated
            edits.expressions.update(steps.expressions)
            edits.expressions[steps.loop] = lambda updated, plan=plan, steps=steps: run_steps.rebuild_loop(
                steps, plan.new_var or plan.var, updated
            )
        for call, event in plan.tool_streams.items():
            self.handled.add(call)
            edits.expressions[call] = lambda updated, call=call, event=event: self._tool_stream(plan, call, updated, event)
        for submit in plan.submits:
            self.handled.add(submit.api.call)
            edits.statements[submit.stmt] = lambda updated, plan=plan, submit=submit: self._build_submit(plan, submit, updated)
        for helper in plan.round_helpers:
            self.handled.add(helper.submit.api.call)
            edits.expressions.update(helper.expressions)
            edits.statements[helper.submit.stmt] = lambda updated, plan=plan, helper=helper: self._build_round_submit(plan, helper, updated)

    def _settings_args(self, plan: RunPlan, given, lookup_var: Optional[str] = None) -> tuple:
        """The assistant's settings as arguments (minus those the run overrides), and its base instructions."""
        settings = plan.settings
        if isinstance(settings, prompts.Inline):
            head = [build.kwarg(k, v.deep_clone()) for k, v in settings.args if k not in given]
            return head, dict(settings.args).get("instructions")
        if isinstance(settings, prompts.Hosted):
            return [build.kwarg("prompt", settings.value.deep_clone())], None
        var = lookup_var or self._lookup_var(plan)
        args = prompts.lookup_args(var, sorted(given))
        if plan.resources:
            helper = thread_resources.helper_name(self.collected)
            args = [thread_resources.wrap(a, plan.resources, helper) if a.keyword and a.keyword.value == "tools" else a for a in args]
        return args, build.attr(var, "instructions")

    def _lookup_var(self, plan: RunPlan, owner=None) -> str:
        return self.collected.free_name(owner or plan.site.owner, "prompt", "prompt_settings", "assistant_prompt")

    def _build_round_submit(self, plan: RunPlan, helper, updated: cst.SimpleStatementLine):
        """In the tool round helper: `return <the next response>`, in the run's conversation, with its settings."""
        small = updated.body[0]
        awaited = isinstance(small.value, cst.Await)
        found = api.match(small.value.expression if awaited else small.value)
        params = convert.run_params(plan.site.api.call.args, ["thread_id", "assistant_id", "tool_resources"])
        if found is None or isinstance(params, Blocked):  # pragma: no cover - planned on these very calls
            return updated
        lookup_var = self._lookup_var(plan, helper.func)
        state = build.kwarg("conversation", found.arg("thread_id").value)
        args = self._request_args(plan, convert.follow_up(params), [state], found.arg("tool_outputs").value, clone=True, lookup_var=lookup_var)
        call = build.call_multiline(build.attr(found.receiver, "responses", "create"), args, indent="    " * self._depth(helper.submit.stmt))
        stmt = updated.with_changes(body=[small.with_changes(value=build.maybe_await(call, awaited))])
        before: List[cst.BaseStatement] = []
        if isinstance(plan.settings, prompts.Lookup):
            lookup = prompts.Lookup(plan.settings.module, plan.settings.function, plan.site.api.arg("assistant_id").value.deep_clone())
            before.append(prompts.lookup_statement(lookup, lookup_var))
        return _with_before(stmt, before)

    def _build_submit(self, plan: RunPlan, submit: Site, updated: cst.SimpleStatementLine):
        """The tool outputs go back as the input of the next response, with the same settings."""
        small = updated.body[0]
        awaited = isinstance(small.value, cst.Await)
        found = api.match(small.value.expression if awaited else small.value)
        if found is None:  # pragma: no cover - planned on this very statement
            return updated
        params = convert.run_params(plan.site.api.call.args, ["thread_id", "assistant_id", "thread", "tool_resources"])
        if isinstance(params, Blocked):  # pragma: no cover - checked in planning
            return updated
        params = convert.follow_up(params)
        var = plan.new_var or plan.var
        if plan.persistent:
            state = build.kwarg("conversation", found.arg("thread_id").value)
        else:
            state = build.kwarg("previous_response_id", build.attr(var, "id"))
        # The run's own arguments are reused in a second statement: copies, not the same nodes.
        args = self._request_args(plan, params, [state], found.arg("tool_outputs").value, clone=True)
        call = build.call_multiline(build.attr(found.receiver, "responses", "create"), args, indent="    " * self._depth(submit.stmt))
        return updated.with_changes(body=[build.assign(var, build.maybe_await(call, awaited))])

    def _build_run(self, plan: RunPlan, updated: cst.SimpleStatementLine):
        if plan.stream is not None:
            return self._build_stream(plan, updated)
        small = updated.body[0]
        value = small.value
        awaited = isinstance(value, cst.Await)
        call = value.expression if awaited else value
        found = api.match(call)
        if found is None:  # pragma: no cover - the plan was made on this very statement
            return updated
        built = self._response_call(plan, found, "create")
        if built is None:  # checked in planning; kept as a guard
            return updated
        new_call, before = built
        expr = build.maybe_await(new_call, awaited)
        if plan.new_var is not None or plan.var is not None:
            target = plan.new_var or plan.var
            stmt = updated.with_changes(body=[build.assign(target, expr)])
        else:
            stmt = updated.with_changes(body=[cst.Expr(expr)])
        return _with_before(stmt, before)

    def _request_args(self, plan: RunPlan, params, state: List[cst.Arg], input_value, clone: bool, lookup_var: Optional[str] = None) -> List[cst.Arg]:
        """Settings, conversation state, input, the run's parameters, instructions and truncation, in that order."""
        given = {a.keyword.value for a in params.args if a.keyword is not None}
        head, base_instructions = self._settings_args(plan, given, lookup_var)
        args = [*head, *state]
        if input_value is not None:
            args.append(build.kwarg("input", input_value))
        args.extend(a.deep_clone() if clone else a for a in params.args)
        if params.additional_instructions is not None:
            base = next((a.value for a in params.args if a.keyword and a.keyword.value == "instructions"), base_instructions)
            combined = _join_instructions(base, params.additional_instructions)
            args = [a for a in args if not (a.keyword and a.keyword.value == "instructions")]
            args.append(build.kwarg("instructions", combined.deep_clone() if clone else combined))
        if not params.has_truncation:
            args.append(build.kwarg("truncation", build.string("auto")))
        if any(steps.include_outputs for steps in plan.steps) or (isinstance(plan.stream, streaming.StreamPlan) and plan.stream.include_outputs):
            # Code interpreter outputs come back only when asked for (the run steps always had them).
            args.append(build.kwarg("include", build.list_of([build.string(run_steps.OUTPUTS_INCLUDE)])))
        return args

    def _response_call(self, plan: RunPlan, found: api.ApiCall, method: str):
        """`client.responses.<method>(...)` for the run, and the statements it needs before it."""
        settings = plan.settings
        skip = ["thread_id", "assistant_id", "thread", "event_handler", "tool_resources"]
        params = convert.run_params([a for a in found.call.args if not (plan.raw_stream and a.keyword and a.keyword.value == "stream")], skip)
        if isinstance(params, Blocked):
            return None
        before: List[cst.BaseStatement] = []
        if isinstance(settings, prompts.Lookup):
            lookup = prompts.Lookup(settings.module, settings.function, found.arg("assistant_id").value)
            before.append(prompts.lookup_statement(lookup, self._lookup_var(plan)))
        if plan.attached_store is not None and _uses_file_search(plan):
            # (An inline assistant without file_search would never search the store: none is made.)
            site = plan.site
            awaited = site.awaited or (isinstance(site.stmt, cst.With) and site.stmt.asynchronous is not None)
            before.extend(attachments.store_statements(found.receiver, plan.attached_store, plan.attached["file_search"], awaited))
        state = [build.kwarg("conversation", thread_arg_value(found))] if plan.persistent else []
        items = list(plan.initial_items) + [self._message_item(m) for m in plan.messages] + params.additional_messages
        args = self._request_args(plan, params, state, build.list_of(items) if items else None, clone=False)
        if plan.raw_stream:
            args.append(build.kwarg("stream", cst.Name("True")))
        func = build.attr(found.receiver, "responses", method)
        return build.call_multiline(func, args, indent="    " * (self._depth(plan.site.stmt) + (method == "stream"))), before

    def _build_stream(self, plan: RunPlan, updated: cst.With):
        """`with client.responses.stream(...) as stream:` and a loop driving the user's handler."""
        found = api.match(updated.items[0].item)
        if found is None:  # pragma: no cover - planned on this very statement
            return updated
        built = self._response_call(plan, found, "stream")
        if built is None:  # pragma: no cover - checked in planning
            return updated
        new_call, before = built
        item = updated.items[0].with_changes(item=new_call)
        if isinstance(plan.stream, streamed_tools.ToolsPlan):
            assert plan.stream.names is not None
            loop = streamed_tools.loop(plan.stream, updated.with_changes(items=[item]), self._follow_up_stream(plan, found), plan.stream.names.handler)
            return streamed_tools.flatten([*before, *loop], updated)
        if plan.stream.handler_class is None:  # `for text in stream.text_deltas:`, already rewritten in place
            return _with_before(updated.with_changes(items=[item]), before)
        # until_done() becomes the loop; what followed it in the block stays after the loop.
        body = [*streaming.event_loop(plan.stream, updated.items[0].asname.name.value), *updated.body.body[1:]]
        stmt = updated.with_changes(items=[item], body=updated.body.with_changes(body=body))
        return _with_before(stmt, before)

    def _tool_stream(self, plan: RunPlan, original: cst.Call, updated: cst.Call, event: str) -> cst.Call:
        """A raw stream's `submit_tool_outputs(..., stream=True)`: the next streamed response, the outputs as input."""
        found = api.match(updated)
        if found is None:  # pragma: no cover - planned on this very call
            return updated
        params = convert.run_params([a for a in plan.site.api.call.args if not (a.keyword and a.keyword.value == "stream")], ["thread_id", "assistant_id", "tool_resources"])
        assert not isinstance(params, Blocked)  # checked in planning
        thread = found.arg("thread_id")
        if not plan.persistent:
            state = build.kwarg("previous_response_id", build.attr(build.attr(event, "response"), "id"))
        elif thread is not None and code_of(thread.value).strip() != f"{event}.data.thread_id":
            state = build.kwarg("conversation", thread.value)
        else:  # the run's own thread, under the name the rewrite gave it
            renames = self.edits.renames
            value = thread_arg_value(api.match(plan.site.api.call)).visit(streamed_tools.Renamed(renames))  # type: ignore[arg-type]
            state = build.kwarg("conversation", value)
        args = self._request_args(plan, params, [state], found.arg("tool_outputs").value, clone=True)  # type: ignore[union-attr]
        args.append(build.kwarg("stream", cst.Name("True")))
        depth = self._depth(self.collected.statement_of(original))
        return build.call_multiline(build.attr(found.receiver, "responses", "create"), args, indent="    " * depth)

    def _follow_up_stream(self, plan: RunPlan, found: api.ApiCall):
        """The next `responses.stream(...)` of a streamed tool loop: the run's settings, the outputs as input."""

        def follow_up(outputs: str, response: str) -> cst.Call:
            params = convert.run_params(plan.site.api.call.args, ["thread_id", "assistant_id", "event_handler", "tool_resources"])
            assert not isinstance(params, Blocked)  # checked in planning
            if plan.persistent:
                state = build.kwarg("conversation", thread_arg_value(found).deep_clone())
            else:
                state = build.kwarg("previous_response_id", build.attr(response, "id"))
            args = self._request_args(plan, params, [state], cst.Name(outputs), clone=True)
            return build.call_multiline(build.attr(found.receiver, "responses", "stream"), args, indent="    " * (self._depth(plan.site.stmt) + 2))

        return follow_up

    def _depth(self, stmt: cst.CSTNode) -> int:
        depth = 0
        node = self.collected.parent(stmt)
        while node is not None:
            if isinstance(node, cst.IndentedBlock):
                depth += 1
            node = self.collected.parent(node)
        return depth

    def _message_item(self, site: Site) -> cst.BaseExpression:
        role = site.api.arg("role")
        content = site.api.arg("content")
        item = convert.message_item(role.value if role else build.string("user"), content.value)
        return item if not isinstance(item, Blocked) else content.value

    # -- threads ------------------------------------------------------------------------------

    def _threads(self, good: List[RunPlan], blocked_threads) -> None:
        for thread in self.threads.threads.values():
            runs = [p for p in good if p.thread and p.thread.var == thread.var]
            if thread.var in blocked_threads:
                self.edits.mark(thread.site.stmt, PART_OF_SEQUENCE)
                self.handled.add(thread.site.api.call)
                continue
            if not thread.persistent:
                if runs:
                    self.edits.removals.add(thread.site.stmt)
                    self.handled.add(thread.site.api.call)
                continue
            if self.kept_threads_blocked:
                self.edits.mark(thread.site.stmt, self.t.kept_together())
                self.handled.add(thread.site.api.call)
                continue
            self._conversation(thread)

    def _conversation_args(self, site: Site, resources_follow_runs: bool = False) -> Optional[List[cst.Arg]]:
        """threads.create arguments as conversations.create arguments; None (and a marker) if impossible.

        tool_resources go only when every run on the thread carries them in its tools.
        """
        args: List[cst.Arg] = []
        for arg in site.api.call.args:
            key = arg.keyword.value if arg.keyword is not None else None
            if key == "messages":
                items = convert.message_list(arg.value)
                if isinstance(items, Blocked):
                    self.edits.mark(site.stmt, items.reason)
                    return None
                if len(items) > 20:
                    self.edits.mark(site.stmt, "conversations.create takes at most 20 items: add the rest with items.create")
                    return None
                args.append(build.kwarg("items", build.list_of(items)))
            elif key in ("metadata", "extra_headers", "extra_query", "extra_body", "timeout"):
                args.append(build.kwarg(key, arg.value))
            elif key == "tool_resources" and resources_follow_runs and not isinstance(convert.tool_resources(arg.value), Blocked):
                continue
            elif key == "tool_resources":
                self.edits.mark(site.stmt, "thread tool_resources: move vector_store_ids / file_ids into each response's tools")
                return None
            else:
                self.edits.mark(site.stmt, f"threads.create argument {code_of(arg).strip()} has no conversations equivalent")
                return None
        return args

    def _replace_with_conversation(self, site: Site, args: List[cst.Arg]) -> None:
        def rebuild(updated: cst.Call, args=args) -> cst.Call:
            found = api.match(updated)
            return build.call(build.attr(found.receiver, "conversations", "create"), args)

        self.edits.expressions[site.api.call] = rebuild
        self.handled.add(site.api.call)

    def _conversation(self, thread: ThreadVar) -> None:
        site = thread.site
        args = self._conversation_args(site, thread.runs_carry_resources)
        if args is None:
            self.handled.add(site.api.call)
            return
        scope = self.scope_of(site.stmt)
        new_var = "conversation" if self.collected.name_is_free(site.owner, "conversation") else thread.var
        if new_var != thread.var and scope is not None:
            for assignment in scope.assignments[thread.var]:
                self.edits.renames[assignment.node] = new_var
                for access in assignment.references:
                    self.edits.renames[access.node] = new_var
        self._replace_with_conversation(site, args)
        if scope is not None:
            for assignment in scope.assignments[thread.var]:
                for access in assignment.references:
                    self._handed_to_another_module(access.node, scope)

    def _handed_to_another_module(self, node: cst.CSTNode, scope) -> None:
        """A note where the thread (or its id) goes to code imported from elsewhere: that code gets a
        conversation now, which only works if it migrates in the same change."""
        holder = self.collected.parent(node)
        if isinstance(holder, cst.Attribute) and holder.value is node and holder.attr.value == "id":
            holder = self.collected.parent(holder)
        call = self.collected.parent(holder) if isinstance(holder, cst.Arg) else None
        if not isinstance(call, cst.Call) or call in self.collected.site_by_call or api.match(call) is not None:
            return  # the client's own calls are this rewrite's business
        callee = foreign_callee(self.collected, call.func, scope)
        stmt = self.collected.statement_of(call)
        if callee is not None and stmt is not None:
            self.edits.mark(stmt, HANDED_ON.format(callee=callee))

    def _unbound_threads(self) -> None:
        """`self.thread = ...threads.create()` and the like: kept by definition, so a conversation."""
        local = {t.site.api.call for t in self.threads.threads.values()}
        for site in self.sites:
            if not site.api.is_("threads.create") or site.api.call in local or site.api.call in self.handled:
                continue
            if site.api.wrapper:
                continue
            args = self._conversation_args(site)
            if args is None:
                self.handled.add(site.api.call)
                continue
            self._replace_with_conversation(site, args)
            self._handed_on_by_name(site)

    def _handed_on_by_name(self, site: Site) -> None:
        """`tid = threads.create().id` (or a bound thread object): notes where the name goes to another module."""
        stmt = site.stmt
        small = stmt.body[0] if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 else None
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)):
            return
        scope = self.scope_of(stmt)
        name = small.targets[0].target.value
        if scope is None:
            return
        for assignment in scope.assignments[name]:
            if getattr(assignment, "node", None) is small.targets[0].target:
                for access in assignment.references:
                    self._handed_to_another_module(access.node, scope)

    def _standalone_messages(self, good: List[RunPlan]) -> None:
        """Messages on a kept thread with no run after them in this function: conversations.items.create."""
        folded = {m.api.call for p in good for m in p.messages}
        for site in self._on_kept_threads("threads.messages.create"):
            if site.api.call in folded:
                continue
            if not site.whole or site.target is not None or site.api.wrapper or not isinstance(site.stmt.body[0], cst.Expr):
                continue
            extra = {a.keyword.value for a in site.api.call.args if a.keyword is not None} - {"thread_id", "role", "content"}
            if extra:
                continue
            role = site.api.arg("role")
            content = site.api.arg("content")
            if content is None:
                continue
            item = convert.message_item(role.value if role else build.string("user"), content.value)
            if isinstance(item, Blocked):
                continue
            typed = build.dict_of([("type", build.string("message"))] + [(el.key, el.value) for el in item.elements])
            self.handled.add(site.api.call)

            def rebuild(updated, site=site, typed=typed):
                value = updated.body[0].value
                awaited = isinstance(value, cst.Await)
                found = api.match(value.expression if awaited else value)
                call = build.call_multiline(
                    build.attr(found.receiver, "conversations", "items", "create"),
                    [cst.Arg(value=thread_arg_value(found)), build.kwarg("items", build.list_of([typed]))],
                    indent="    " * self._depth(site.stmt),
                )
                return updated.with_changes(body=[cst.Expr(build.maybe_await(call, awaited))])

            self.edits.statements[site.stmt] = rebuild

    def _thread_operations(self) -> None:
        for site in self.sites:
            method = ".".join(site.api.path)
            if method not in ("threads.retrieve", "threads.update", "threads.delete") or site.api.wrapper:
                continue
            if self._key_blocked(site):
                continue
            kwargs = {a.keyword.value for a in site.api.call.args if a.keyword is not None}
            if method == "threads.update" and kwargs - {"thread_id", "metadata"}:
                continue
            if method == "threads.update" and "metadata" not in kwargs:
                continue
            if kwargs - {"thread_id", "metadata", "extra_headers", "extra_query", "extra_body", "timeout"}:
                continue
            self.handled.add(site.api.call)
            verb = site.api.method

            def rebuild(updated: cst.Call, verb=verb) -> cst.Call:
                found = api.match(updated)
                args = [a.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT) if a.keyword and a.keyword.value == "thread_id" else a for a in updated.args]
                return updated.with_changes(func=build.attr(found.receiver, "conversations", verb), args=args)

            self.edits.expressions[site.api.call] = rebuild
            key = self.threads.key(site)
            if method == "threads.retrieve" and (key is None or key.var is None):
                # An ID from storage or a caller: saved before the migration, it names a thread.
                self.edits.mark(site.stmt, STORED_IDS)


    def _history_reads(self) -> None:
        migrated_runs = {p.var for p in self.ok if p.var}
        for site in self._on_kept_threads("threads.messages.list"):
            plan = plan_history(self.collected, site, self.scope_of, migrated_runs)
            self.handled.add(site.api.call)
            if isinstance(plan, Blocked):
                note = citations.image_file_note(self.collected, site)
                self.edits.mark(site.stmt, "messages.list: " + plan.reason + (f"; {note}" if note else ""))
                continue
            if site.api.arg("limit") is not None and plan.run_output is None:
                self.edits.mark(site.stmt, "limit now counts every conversation item (tool calls, reasoning), not only messages")

            def relist(updated: cst.Call) -> cst.Call:
                found = api.match(updated)
                args = [
                    a.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT) if a.keyword and a.keyword.value == "thread_id" else a
                    for a in updated.args
                ]
                return updated.with_changes(func=build.attr(found.receiver, "conversations", "items", "list"), args=args)

            if plan.run_output is not None:
                run_name = plan.run_output
                # The run's messages are the response's output items; its name may be renamed.
                self.edits.expressions[site.api.call] = lambda updated, run_name=run_name: build.attr(
                    self.edits.renames.get(run_name, run_name.value), "output"
                )
                for node in plan.data_reads:
                    self.edits.expressions[node] = lambda updated: updated.value
            else:
                self.edits.expressions[site.api.call] = relist
            for node in plan.drop_value:
                self.edits.expressions[node] = lambda updated: updated.value
            for node in plan.drop_text:
                self.edits.expressions[node] = lambda updated: updated.with_changes(value=updated.value.value)
            for read in plan.citations:
                self.edits.expressions.update(read.expressions)
                self.edits.removals.update(read.removals)
            if plan.citations and not any(read.stripped for read in plan.citations):
                for stmt in plan.text_reads:
                    self.edits.mark(stmt, citations.UNPLACED)
            for loop in plan.loops:
                var = loop.target.value
                if isinstance(loop, cst.For):
                    self.edits.statements[loop] = lambda updated, var=var: updated.with_changes(
                        body=updated.body.with_changes(body=[filter_statement(var), *updated.body.body])
                    )
                else:
                    self.edits.expressions[loop] = lambda updated, var=var: updated.with_changes(
                        ifs=[filter_condition(var), *updated.ifs]
                    )


STORED_IDS = (
    "conversations.retrieve: an ID saved before the migration names a thread (thread_...), which the Conversations "
    "API cannot read; map stored IDs to conversations or start new ones for them"
)
HANDED_ON = (
    "the thread goes to {callee}(), from another module: it is a conversation now, so that module's "
    "Assistants calls on it must migrate in the same change (run the tool over both), or keep both on threads by hand"
)


def _with_before(stmt: cst.BaseStatement, before: List[cst.BaseStatement]):
    if not before:
        return stmt
    first = before[0].with_changes(leading_lines=stmt.leading_lines)
    return cst.FlattenSentinel([first, *before[1:], stmt.with_changes(leading_lines=[])])


def _replay(loop: cst.CSTNode, residue, updated: cst.CSTNode):
    """A polling loop reduced to its status checks, run once on the finished response."""
    kept = [
        polling.without_leaving(new)
        for old, new in zip(loop.body.body, updated.body.body)
        if old in residue
    ]
    if not kept:
        return cst.RemoveFromParent()
    return cst.FlattenSentinel(kept)


def _excerpt(stmt: cst.CSTNode) -> str:
    """A statement's first line, short enough to quote in a marker."""
    line = code_of(stmt).strip().splitlines()[0] if code_of(stmt).strip() else ""
    return line if len(line) <= 60 else line[:57] + "..."


def stream_call(plan: RunPlan) -> cst.Call:
    """The handler instantiation of a planned stream (checked by the caller)."""
    assert isinstance(plan.stream, streaming.StreamPlan) and plan.stream.handler_call is not None
    return plan.stream.handler_call


def _by_owner(owners: List["_OwnerPlan"]) -> Dict[object, "_OwnerPlan"]:
    """Each function's (or the module's) plan, by the node that owns its sites."""
    return {owner.sites[0].owner: owner for owner in owners if owner.sites}


def _on_kept_thread(threads: ThreadAnalysis, site: Site) -> bool:
    """A thread call that is not part of a one-shot sequence of its function."""
    local = threads.threads
    if any(t.site is site for t in local.values()):
        return any(t.site is site and t.persistent for t in local.values())
    key = threads.key(site)
    return not (key is not None and key.var in local and not local[key.var].persistent)


def _replaced(collected: Collected, edits: Edits, call: cst.CSTNode) -> bool:
    """The call, or an expression holding it (a reply read), is rewritten: a marker there is a note, not a leftover."""
    node: Optional[cst.CSTNode] = call
    while node is not None and not isinstance(node, cst.BaseStatement):
        if node in edits.expressions:
            return True
        node = collected.parents.get(node)
    return False


def _uses_file_search(plan: RunPlan) -> bool:
    """The run's tools, as far as the code shows them, include file_search."""
    if "file_search" in plan.resources and isinstance(plan.settings, prompts.Lookup):
        return True  # the thread's stores were given to be searched; the registry's tools are not seen here
    tools = [v for k, v in plan.settings.args if k == "tools"] if isinstance(plan.settings, prompts.Inline) else []
    run_tools = plan.site.api.arg("tools")
    if run_tools is not None:
        tools = [run_tools.value]
    tools = [_held_items(t) for t in tools]
    return any('"file_search"' in code_of(t) or "'file_search'" in code_of(t) for t in tools)


def _held_items(tools: cst.BaseExpression) -> cst.BaseExpression:
    """`TOOLS` / `get_tools()` / `_responses_tools(TOOLS)` -> the literal list they hold, when known."""
    if isinstance(tools, cst.Call) and isinstance(tools.func, cst.Name) and tools.func.value.startswith(tool_sources.HELPER) and len(tools.args) == 1:
        tools = tools.args[0].value
    source = convert.tool_source(tools)
    return source.items if source is not None and source.items is not None else tools


def _literal_thread(site: Site) -> bool:
    arg = thread_arg(site)
    return arg is not None and isinstance(arg.value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString))


def _has_additional_instructions(site: Site) -> bool:
    return site.api.arg("additional_instructions") is not None


def _run_creators():
    return RUN_CREATORS + THREAD_AND_RUN


def thread_arg_value(found: api.ApiCall) -> cst.BaseExpression:
    arg = found.arg("thread_id", 0)
    return arg.value


def _join_instructions(base: Optional[cst.BaseExpression], extra: cst.BaseExpression) -> cst.BaseExpression:
    """Assistants appended additional_instructions to the instructions; so does the rewrite."""
    if base is None:
        return extra
    left = cst.BooleanOperation(
        left=base, operator=cst.Or(), right=cst.SimpleString('""'), lpar=[cst.LeftParen()], rpar=[cst.RightParen()]
    )
    joined = cst.BinaryOperation(left=left, operator=cst.Add(), right=build.string("\n\n"))
    return cst.BinaryOperation(left=joined, operator=cst.Add(), right=extra)
