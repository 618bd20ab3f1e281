"""Planning one run: the call that replaces it, what folds into it, what disappears after it.

For `run = client.beta.threads.runs.create(thread_id=..., assistant_id=..., ...)` (or
`create_and_poll`, awaited or not) the plan is one `client.responses.create(...)` whose input
holds the messages added just before, plus the removal of every loop, poll and helper call
that only waited on it, and rewrites of the reads after it (status, usage, reply text).
Anything it cannot account for blocks the whole sequence, which then stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Mapping, Optional, Set, Tuple

import libcst as cst

from transforms import attachments, build, citations, convert, polling, run_steps, streamed_tools, streaming, tool_loop, tool_round_helpers
from transforms.collect import Collected, Site, variable_names
from transforms.convert import Blocked
from transforms.threads_plan import RUN_CREATORS, ThreadAnalysis, ThreadKey, code_of, thread_arg

THREAD_AND_RUN = ("threads.create_and_run", "threads.create_and_run_poll", "threads.create_and_run_stream")
# `with <one of these>(..., event_handler=H()) as stream:` (create_and_stream is the deprecated spelling of stream).
STREAMED_RUNS = ("threads.runs.stream", "threads.runs.create_and_stream")

# Run fields a Response has under the same name.
SAME_FIELDS = {"id", "status", "model", "instructions", "metadata", "created_at", "temperature",
               "top_p", "parallel_tool_calls", "usage", "object"}
# Run fields a Response has under the same name, but holding other values: rewritten and marked.
CHANGED_FIELDS = {
    "incomplete_details": "incomplete_details.reason is now \"max_output_tokens\" or \"content_filter\" "
    "(a run's was \"max_completion_tokens\" or \"max_prompt_tokens\")",
    "tools": "response.tools holds Responses tool objects: a function tool is flat (t.name, t.parameters), not t.function.name",
    "tool_choice": "a function choice on a response is flat (tool_choice.name, not tool_choice.function.name), and the "
    "response that answers a tool round does not repeat a forcing choice",
}
RENAMED_FIELDS = {"last_error": "error", "max_completion_tokens": "max_output_tokens"}
USAGE_FIELDS = {"prompt_tokens": "input_tokens", "completion_tokens": "output_tokens", "total_tokens": "total_tokens"}
NEVER_STATUSES = ("expired", "cancelling")


@dataclass
class RunPlan:
    site: Site
    thread: Optional[ThreadKey]
    persistent: bool
    messages: List[Site] = field(default_factory=list)
    initial_items: List[cst.BaseExpression] = field(default_factory=list)
    removals: Set[cst.CSTNode] = field(default_factory=set)
    renames: Dict[cst.Name, str] = field(default_factory=dict)
    expressions: Dict[cst.CSTNode, Callable[[cst.CSTNode], cst.CSTNode]] = field(default_factory=dict)
    markers: Dict[cst.CSTNode, str] = field(default_factory=dict)
    helpers_called: List[str] = field(default_factory=list)
    # Polling loops whose status checks are replayed once after the call, with those checks.
    replays: Dict[cst.CSTNode, Tuple[cst.If, ...]] = field(default_factory=dict)
    # Other names the polling gave the run (`run_status = runs.retrieve(run_id=run.id)`).
    aliases: List[str] = field(default_factory=list)
    var: Optional[str] = None
    new_var: Optional[str] = None
    blocked: Optional[str] = None
    # Where the assistant's settings come from (prompts.Inline / prompts.Lookup), once decided.
    settings: object = None
    # `run = ...submit_tool_outputs[_and_poll](run_id=run.id, tool_outputs=...)`: the next responses.create.
    submits: List[Site] = field(default_factory=list)
    # Expressions replaced whole (a tool loop's status tests): the run reads inside need nothing more.
    covered: Set[cst.CSTNode] = field(default_factory=set)
    # `with runs.stream(..., event_handler=H()) as stream: stream.until_done()` (streaming.StreamPlan).
    stream: object = None
    # `stream = runs.create(..., stream=True)`: the same request with stream=True, events renamed.
    raw_stream: bool = False
    # `run.status` reads: compared with "completed", compared with "requires_action", read as a value.
    completed_checks: List[cst.Attribute] = field(default_factory=list)
    tool_checks: List[cst.CSTNode] = field(default_factory=list)
    status_values: List[cst.Attribute] = field(default_factory=list)
    # Loops that run until no function call is pending (`while run.status == "requires_action"`).
    drains: List[cst.CSTNode] = field(default_factory=list)
    # `runs.steps.list(..., run_id=run.id)` loops over tool calls: loops over the response's output items.
    steps: List[run_steps.StepsPlan] = field(default_factory=list)
    # A raw stream's `submit_tool_outputs(..., stream=True)` calls, with the name of the event they answer.
    tool_streams: Dict[cst.Call, str] = field(default_factory=dict)
    # `run = handle(run, thread.id)`: module helpers answering one tool round (tool_round_helpers.RoundHelper).
    round_helpers: List[tool_round_helpers.RoundHelper] = field(default_factory=list)
    # The thread's tool_resources ("file_search" / "code_interpreter" -> the ids list): each response's
    # tools carry them, merged into the assistant's matching tool.
    resources: Dict[str, cst.BaseExpression] = field(default_factory=dict)
    # Files attached to the folded messages (tool kind -> file ids), and the name of the vector
    # store made for the file_search ones (attachments.py).
    attached: Dict[str, List[cst.BaseExpression]] = field(default_factory=dict)
    attached_store: Optional[str] = None
    # The thread's tool_resources gave it a vector store (attached files went into that one).
    thread_store: bool = False

    def block(self, reason: str) -> None:
        if self.blocked is None:
            self.blocked = reason

    def mark(self, stmt: Optional[cst.CSTNode], text: str) -> None:
        """One marker per statement, saying everything that changed there."""
        if stmt is None:
            return
        old = self.markers.get(stmt)
        if old is None:
            self.markers[stmt] = text
        elif text not in old:
            self.markers[stmt] = f"{old}; {text}"


class RunPlanner:
    def __init__(
        self,
        collected: Collected,
        scope_of,
        threads: ThreadAnalysis,
        sites: List[Site],
        helpers: Dict[str, str],
        options: Mapping[str, object],
    ) -> None:
        self.collected = collected
        self.scope_of = scope_of
        self.threads = threads
        self.sites = sites
        # The vector store name each run with file_search attachments got (attachments.py).
        self._stores: Dict[cst.CSTNode, Tuple[object, str]] = {}  # run call -> (owner, name)
        self.helpers = helpers
        self.options = options

    # -- the run and what folds into it -------------------------------------------------------

    def plan(self, site: Site) -> RunPlan:
        stored = _stored_elsewhere(site)
        key = self.threads.key(site)
        if stored is not None:
            plan = RunPlan(site=site, thread=key, persistent=True)
            plan.block(f"the run is stored in `{stored}`: its later uses cannot be followed")
            return plan
        nested = [s for s in self.sites if s is not site and self.collected.inside(s.api.call, site.api.call)]
        if nested:
            plan = RunPlan(site=site, thread=key, persistent=True)
            plan.block(f"the run's arguments call {'.'.join(nested[0].api.path)}")
            return plan
        if site.api.is_(*THREAD_AND_RUN):
            return self._plan_create_and_run(site)
        if site.api.is_(*STREAMED_RUNS):
            return self._plan_stream(site)
        stream_arg = site.api.arg("stream")
        if stream_arg is not None and site.api.is_("threads.runs.create"):
            return self._plan_raw_stream(site, stream_arg)
        plan = self._new_plan(site, site.target)
        key = plan.thread
        if not site.whole:
            stmt = site.stmt.body[0] if isinstance(site.stmt, cst.SimpleStatementLine) else None
            if isinstance(stmt, cst.Return):
                plan.block("the run is returned: its callers poll and read it; migrate them with this call by hand")
            else:
                plan.block("the run is created inside a larger expression")
            return plan
        if site.api.wrapper:
            plan.block(f"{site.api.wrapper} wrapper: rewrite to client.responses.{site.api.wrapper}.create by hand")
            return plan
        if key is None:
            plan.block("the run's thread is not given as thread_id")
            return plan
        if site.api.arg("assistant_id") is None:
            plan.block("run without assistant_id")
            return plan
        params = convert.run_params(site.api.call.args, ("thread_id", "assistant_id"))
        if isinstance(params, Blocked):
            plan.block(params.reason)
            return plan
        self._fold_input(plan)
        if plan.var is not None:
            self._follow_run(plan)
        return plan

    def _new_plan(self, site: Site, var: Optional[str]) -> RunPlan:
        """The run's thread, and whether it is kept (a conversation) or one-shot."""
        key = self.threads.key(site)
        persistent = True
        if key is not None and key.var is not None:
            persistent = self.threads.threads[key.var].persistent
        return RunPlan(site=site, thread=key, persistent=persistent, var=var)

    def _fold_input(self, plan: RunPlan) -> None:
        """The messages added before the run and, on a one-shot thread, those it was created with."""
        self._fold_messages(plan)
        key = plan.thread
        if key is None or key.var is None:
            return
        thread = self.threads.threads[key.var]
        create = thread.site
        if plan.persistent:
            if thread.runs_carry_resources:
                self._thread_resources(plan, create.api.arg("tool_resources"))
            return
        changed = self._changed_before_run(create, plan.site)
        if changed is not None:
            plan.block(f"`{changed}` changes between the thread's creation and the run, which now sends its messages and resources: keep the value the thread had by hand")
            return
        self._thread_resources(plan, create.api.arg("tool_resources"))
        messages = create.api.arg("messages")
        if messages is not None:
            self._thread_messages(plan, messages.value)

    def _thread_messages(self, plan: RunPlan, node: cst.BaseExpression) -> None:
        """The messages a thread was created with become the first input items; their files go to the tools."""
        items = convert.message_list(node, handled=("attachments",))
        if isinstance(items, Blocked):
            plan.block(items.reason)
            return
        for element in node.elements if isinstance(node, (cst.List, cst.Tuple)) else []:
            attached = (build.dict_literal_items(element.value) or {}).get("attachments") if isinstance(element, cst.Element) else None
            if attached is not None:
                self._attachments(plan, attached)
                if plan.blocked:
                    return
        plan.initial_items = items

    def _plan_stream(self, site: Site) -> RunPlan:
        """A streamed run driven by an event handler: the same request, streamed, and a loop over its events."""
        plan = self._new_plan(site, None)
        if plan.thread is None or site.api.arg("assistant_id") is None:
            plan.block("streamed run without thread_id= and assistant_id=")
            return plan
        if streamed_tools.answers_tool_calls(self.collected, site):
            stream: object = streamed_tools.plan_tools(self.collected, site, self.scope_of)
        else:
            stream = streaming.plan_stream(self.collected, site, self.scope_of)
        if isinstance(stream, Blocked):
            plan.block(stream.reason)
            return plan
        plan.stream = stream
        params = convert.run_params(site.api.call.args, ("thread_id", "assistant_id", "event_handler"))
        if isinstance(params, Blocked):
            plan.block(params.reason)
            return plan
        self._fold_input(plan)
        if plan.blocked is not None:
            return plan
        if not (plan.messages or plan.initial_items or params.additional_messages):
            plan.block("a streamed run with no new message: responses.stream needs input")
        return plan

    def _plan_raw_stream(self, site: Site, stream_arg: cst.Arg) -> RunPlan:
        """`stream = runs.create(..., stream=True)` and `for event in stream:` loops over its events."""
        plan = self._new_plan(site, site.target)
        if not (isinstance(stream_arg.value, cst.Name) and stream_arg.value.value == "True"):
            plan.block("stream= other than True: move to responses.create(stream=...) by hand")
            return plan
        if plan.thread is None or site.api.arg("assistant_id") is None or not site.whole or site.target is None or site.api.wrapper:
            plan.block("streamed run other than `stream = runs.create(thread_id=..., assistant_id=..., stream=True)`")
            return plan
        params = convert.run_params([a for a in site.api.call.args if a is not stream_arg], ("thread_id", "assistant_id"))
        if isinstance(params, Blocked):
            plan.block(params.reason)
            return plan
        thread = thread_arg(site)
        tools = streamed_tools.RawTools(self.collected, self.scope_of, site, code_of(thread.value).strip() if thread else None)
        loops = streaming.raw_stream_loops(self.collected, site.target, site.stmt, self.scope_of, tools)
        problem = loops.reason if isinstance(loops, Blocked) else tools.check(loops)
        if problem:
            plan.block(problem)
            return plan
        plan.tool_streams = dict(tools.submits)
        plan.expressions.update(loops)
        plan.raw_stream = True
        self._fold_input(plan)
        return plan

    def _plan_create_and_run(self, site: Site) -> RunPlan:
        """`threads.create_and_run(thread={"messages": [...]}, ...)`: a one-shot thread and its run in one call."""
        key = ThreadKey(var=None, code=f"{site.target}.thread_id") if site.target else None
        plan = RunPlan(site=site, thread=key, persistent=False, var=site.target)
        streamed = site.api.is_("threads.create_and_run_stream")
        if streamed:
            stream = streaming.plan_stream(self.collected, site, self.scope_of)
            if isinstance(stream, Blocked):
                plan.block(stream.reason)
                return plan
            plan.stream = stream
        elif not site.whole or site.api.wrapper:
            plan.block("create_and_run inside a larger expression or behind a wrapper")
            return plan
        if site.api.arg("assistant_id") is None:
            plan.block("create_and_run without assistant_id")
            return plan
        stream_arg = site.api.arg("stream") if site.api.is_("threads.create_and_run") else None
        if stream_arg is not None:
            # `stream = threads.create_and_run(..., stream=True)` looped over: the same events as a run's.
            if not (isinstance(stream_arg.value, cst.Name) and stream_arg.value.value == "True") or site.target is None:
                plan.block("create_and_run(stream=...) other than `stream = ...(stream=True)`: move to responses.create(stream=True) by hand")
                return plan
            loops = streaming.raw_stream_loops(self.collected, site.target, site.stmt, self.scope_of)
            if isinstance(loops, Blocked):
                plan.block(loops.reason)
                return plan
            plan.expressions.update(loops)
            plan.raw_stream = True
        args = [a for a in site.api.call.args if a is not stream_arg]
        params = convert.run_params(args, ("assistant_id", "thread", "event_handler", "tool_resources"))
        if isinstance(params, Blocked):
            plan.block(params.reason)
            return plan
        self._thread_resources(plan, site.api.arg("tool_resources"))
        thread = site.api.arg("thread")
        if thread is not None:
            items = build.dict_literal_items(thread.value)
            if items is None or set(items) - {"messages", "tool_resources"}:
                plan.block("create_and_run thread= other than a literal {'messages': [...], 'tool_resources': {...}}")
                return plan
            self._thread_resources(plan, items.get("tool_resources"))
            if "messages" in items:
                self._thread_messages(plan, items["messages"])
                if plan.blocked:
                    return plan
        if (streamed or plan.raw_stream) and not plan.initial_items:
            plan.block("a streamed run with no new message: responses.stream needs input")
        if plan.var is not None and not plan.raw_stream:
            self._follow_run(plan)
        return plan

    def _thread_resources(self, plan: RunPlan, node) -> None:
        """The thread's `tool_resources` (a literal dict), to merge into the tools of each response."""
        if node is None:
            return
        resources = convert.tool_resources(node.value if isinstance(node, cst.Arg) else node)
        if isinstance(resources, Blocked):
            hint = "" if ":" in resources.reason else ": put its vector_store_ids / file_ids into the response's tools by hand"
            plan.block(f"thread {resources.reason}{hint}")
        elif resources and plan.site.api.arg("tools") is not None:
            plan.block("thread tool_resources with tools= on the run: put vector_store_ids / file_ids into those tools")
        else:
            plan.resources = convert.merged_resources(plan.resources, resources)
            plan.thread_store = plan.thread_store or "file_search" in resources
            self._store_conflict(plan)

    def _fold_messages(self, plan: RunPlan) -> None:
        """Messages added to the same thread just before the run, in the same block, become its input."""
        site = plan.site
        previous_runs = [
            s for s in self.sites
            if ".".join(s.api.path) in RUN_CREATORS and s is not site and self.threads.key(s) == plan.thread
            and _before(self.collected, s.stmt, site.stmt)
        ]
        floor = previous_runs[-1].stmt if previous_runs else None
        for other in self.sites:
            if not other.api.is_("threads.messages.create") or self.threads.key(other) != plan.thread:
                continue
            if not _before(self.collected, other.stmt, site.stmt):
                continue
            if floor is not None and not _before(self.collected, floor, other.stmt):
                continue
            if other.block is not site.block:
                if plan.persistent:
                    continue  # added elsewhere: it goes to conversations.items.create
                plan.block("a message is added in another block than the run")
                return
            if not other.whole or (other.target is not None and self._has_references(other)) or _stored_elsewhere(other):
                plan.block("the created message object is used")
                return
            extra = {a.keyword.value for a in other.api.call.args if a.keyword is not None} - {"thread_id", "role", "content", "attachments"}
            if extra:
                plan.block("a message is added with " + ", ".join(sorted(extra)) + " (no slot on an input item)")
                return
            if other.api.arg("content") is None:
                plan.block("a message is added without content=")
                return
            content = convert.content(other.api.arg("content").value)
            if isinstance(content, Blocked):
                plan.block(content.reason)
                return
            attached = other.api.arg("attachments")
            if attached is not None:
                self._attachments(plan, attached.value)
                if plan.blocked:
                    return
            changed = self._changed_before_run(other, plan.site)
            if changed is not None:
                plan.block(f"`{changed}` changes between a message and the run, which now sends the message: keep the value the message had by hand")
                return
            plan.messages.append(other)

    def _changed_before_run(self, message: Site, run: Site) -> Optional[str]:
        """A name a message's (or the thread's creation's) arguments read, assigned again after it and
        before the run: the run sends them now, so it would carry the new value."""
        scope = self.scope_of(message.stmt)
        if scope is None:
            return None
        names = {
            node.value for arg in message.api.call.args if arg.value is not None
            for node in variable_names(arg.value)
        }
        for name in sorted(names):
            for assignment in scope.assignments[name]:
                node = getattr(assignment, "node", None)
                stmt = self.collected.statement_of(node) if isinstance(node, cst.CSTNode) else None
                if stmt is not None and _before(self.collected, message.stmt, stmt) and _before(self.collected, stmt, run.stmt):
                    return name
        return None

    def _store_name(self, site: Site) -> str:
        """A name of its own for each run's store: a tool loop's later rounds must not search another run's files."""
        call = site.api.call
        if call not in self._stores:
            taken = {name for owner, name in self._stores.values() if owner is site.owner}
            self._stores[call] = (site.owner, self.collected.free_name(site.owner, *attachments.STORE_NAMES, taken=taken))
        return self._stores[call][1]

    def _store_conflict(self, plan: RunPlan) -> None:
        """A thread with a vector store of its own got attached files in that store, not in a new one."""
        if plan.attached_store is not None and plan.thread_store:
            plan.block(
                "message attachments for file_search on a thread with a vector store of its own: the Assistants API "
                "added the files to that store; add them with client.vector_stores.file_batches.create_and_poll(...) by hand"
            )

    def _attachments(self, plan: RunPlan, node: cst.BaseExpression) -> None:
        """A folded message's files go to the response's tools, as the thread's resources do."""
        if plan.persistent:
            plan.block(
                "a message is added with attachments to a kept thread: a conversation keeps no files, so give each "
                "response's tools the files (file_search vector_store_ids / code_interpreter container file_ids) by hand"
            )
            return
        found = attachments.files(node)
        if isinstance(found, Blocked):
            plan.block(found.reason)
            return
        if plan.site.api.arg("tools") is not None:
            plan.block("message attachments with tools= on the run: put the files into those tools by hand")
            return
        new_store = "file_search" in found and plan.attached_store is None
        if new_store:
            plan.attached_store = self._store_name(plan.site)
        for kind, ids in found.items():
            plan.attached.setdefault(kind, []).extend(ids)
        if not new_store:
            found.pop("file_search", None)  # the store made for the first message's files takes these too
        plan.resources = convert.merged_resources(plan.resources, attachments.resources(found, plan.attached_store or ""))
        self._store_conflict(plan)

    # -- what happens to the run variable after the call --------------------------------------

    def _follow_run(self, plan: RunPlan) -> None:
        var = plan.var
        scope = self.scope_of(plan.site.stmt)
        if scope is None:
            plan.block("no scope information")
            return
        assignments = list(scope.assignments[var])
        for assignment in assignments:
            stmt = self.collected.statement_of(assignment.node)
            if stmt is plan.site.stmt or polling.retrieves(stmt, var) or self._helper_call(stmt, var):
                continue
            if any(s.stmt is stmt and ".".join(s.api.path) in RUN_CREATORS + THREAD_AND_RUN for s in self.sites):
                continue  # another run on the same variable: planned on its own, kept consistent by the caller
            submit = self._submit(plan, stmt, var)
            if submit is not None:
                plan.submits.append(submit)
                continue
            if self._inside_removed(plan, stmt):
                continue
            helper = self._tool_round_helper(stmt)
            if helper is not None:
                found = tool_round_helpers.plan_helper(self.collected, self.scope_of, stmt, var, thread_arg(plan.site), plan.site.owner)
                if isinstance(found, tool_round_helpers.RoundHelper) and not plan.persistent:
                    found = Blocked("the run's thread is not kept, so the helper has no conversation to answer in")
                elif isinstance(found, tool_round_helpers.RoundHelper) and plan.resources:
                    found = Blocked("the thread's tool_resources go with each response, and the helper cannot see them")
                if isinstance(found, tool_round_helpers.RoundHelper):
                    plan.round_helpers.append(found)
                    continue
                plan.block(tool_round_helpers.marker(var, helper, found.reason))
                return
            imported = self._imported_callee(stmt)
            if imported is not None:
                plan.block(
                    f"`{var}` goes through {imported}(), imported from another module: if that module was migrated, "
                    f"{imported}() may now expect a response in a conversation and use its own assistant's settings; "
                    "migrate this run with it by hand"
                )
                return
            plan.block(f"`{var}` is assigned again ({code_of(stmt).strip()[:50]})")
            return
        self._removals(plan, var)
        if plan.blocked:
            return
        for submit in plan.submits:
            outputs = tool_loop.tool_outputs(self.collected, submit, self.scope_of)
            if isinstance(outputs, Blocked):
                plan.block(outputs.reason)
                return
            plan.expressions.update(outputs)
        self._no_other_reads(plan, var)
        if plan.blocked:
            return
        # Runs under other names in the same function keep theirs: one shared `response` would let a
        # later run replace the reply an earlier one's reads still expect.
        others = [
            s for s in self.sites
            if s is not plan.site and s.owner is plan.site.owner and s.target != var
            and ".".join(s.api.path) in RUN_CREATORS + THREAD_AND_RUN
        ]
        plan.new_var = "response" if not others and self.collected.name_is_free(plan.site.owner, "response") else var
        for assignment in assignments:
            for access in assignment.references:
                if plan.blocked:
                    return
                self._access(plan, access.node)
        if plan.submits or plan.tool_checks:
            self._statuses_with_tool_rounds(plan)
            if plan.blocked:
                return
        if plan.new_var != var:
            helper_stmts = {h.stmt for h in plan.round_helpers}
            for assignment in assignments:
                stmt = self.collected.statement_of(assignment.node)
                if stmt is plan.site.stmt or stmt in helper_stmts:
                    plan.renames[assignment.node] = plan.new_var
        for alias in plan.aliases:
            self._follow_alias(plan, alias, scope)

    def _follow_alias(self, plan: RunPlan, alias: str, scope) -> None:
        """After `while ...: run_status = runs.retrieve(run_id=run.id)`, `run_status` is the response."""
        for assignment in scope.assignments[alias]:
            if not self._inside_removed(plan, self.collected.statement_of(assignment.node)):
                plan.block(f"`{alias}` is assigned outside the polling loop")
                return
            for access in assignment.references:
                if plan.blocked:
                    return
                if not self._inside_removed(plan, access.node):
                    plan.renames[access.node] = plan.new_var
                    self._access(plan, access.node, rename=False)

    def _removals(self, plan: RunPlan, var: str) -> None:
        """Polling loops, `runs.poll` and helper calls on ``var`` after the run, in its function."""
        owner = plan.site.owner
        for stmt, own in self.collected.owner_of_stmt.items():
            if own is not owner or not _before(self.collected, plan.site.stmt, stmt):
                continue
            if self._inside_removed(plan, stmt):
                continue
            verdict = polling.polling_loop(stmt, var)
            alias = polling.status_alias(stmt, var) if verdict is False else None
            if alias is not None:
                verdict = polling.polling_loop(stmt, alias)
            if isinstance(verdict, polling.NotPolling):
                tools = tool_loop.tool_polling_loop(stmt, var)
                if tools is None:
                    chain = tool_loop.polling_chain_loop(stmt, var)
                    if chain is None:
                        waiting = tool_round_helpers.helper_loop(stmt, var, plan.round_helpers)
                        if waiting is not None:
                            plan.removals.update(waiting)
                            continue
                        plan.block(verdict.reason)
                        return
                    self._chain_loop(plan, stmt, var, *chain)
                    continue
                branch, waiting = tools
                if not _breaks(stmt):
                    plan.drains.append(stmt)
                plan.removals.update(waiting)
                plan.covered.update([stmt.test, branch.test])
                plan.expressions[stmt] = lambda updated, plan=plan: tool_loop.rebuild_tool_polling_loop(
                    updated, plan.new_var or plan.var
                )
                continue
            if isinstance(verdict, polling.Polling):
                counted = self._counted_and_read_after(stmt)
                if counted:
                    plan.block(f"the polling loop counts into `{counted}`, which is read after it (the loop goes away)")
                    return
                if verdict.residue:
                    plan.replays[stmt] = verdict.residue
                else:
                    plan.removals.add(stmt)
                if alias is not None:
                    plan.aliases.append(alias)
            elif polling.retrieves(stmt, var):
                plan.removals.add(stmt)  # `run = runs.poll(...)` or a one-off re-read
            elif self._helper_call(stmt, var):
                plan.removals.add(stmt)
                plan.helpers_called.append(self._helper_call(stmt, var))
        self._drop_timers(plan)

    def _chain_loop(self, plan: RunPlan, loop: cst.While, var: str, chain: cst.If, waiting: List[cst.BaseStatement]) -> None:
        """`while True:` polling with a status chain: the re-reads go, the chain stays, a bare submit becomes the next response.

        The sleeps stay: a status no branch leaves on (`incomplete`, say) kept the old loop polling,
        and the loop must not now spin on a finished response instead.
        """
        plan.removals.update(s for s in waiting if polling.retrieves(s, var))
        for site in tool_loop.unassigned_submits(loop, self.sites, var):
            submit = self._submit(plan, site.stmt, var, unassigned=True)
            if submit is None:
                plan.block("the tool outputs are submitted in a way the rewrite cannot follow")
                return
            plan.submits.append(submit)

    def _imported_callee(self, stmt: cst.CSTNode) -> Optional[str]:
        """`run = handle(run, ...)` where `handle` is imported: a helper this file cannot see."""
        small = stmt.body[0] if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 else None
        value = small.value if isinstance(small, cst.Assign) else None
        if isinstance(value, cst.Await):
            value = value.expression
        if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Name)):
            return None
        scope = self.scope_of(stmt)
        bindings = list(scope[value.func.value]) if scope is not None else []
        if bindings and all(isinstance(b.node, (cst.Import, cst.ImportFrom)) for b in bindings):
            return value.func.value
        return None

    def _tool_round_helper(self, stmt: cst.CSTNode) -> Optional[str]:
        """`run = handle_requires_action(run, ...)` where the module's function submits tool outputs."""
        small = stmt.body[0] if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 else None
        value = small.value if isinstance(small, cst.Assign) else None
        if isinstance(value, cst.Await):
            value = value.expression
        if not (isinstance(value, cst.Call) and isinstance(value.func, (cst.Name, cst.Attribute))):
            return None
        name = value.func.value if isinstance(value.func, cst.Name) else value.func.attr.value
        for site in self.collected.sites:  # the helper's own sites are planned with its function
            owner = site.owner
            if site.api.is_(*tool_loop.SUBMITS) and isinstance(owner, cst.FunctionDef) and owner.name.value == name:
                return name
        return None

    def _counted_and_read_after(self, loop: cst.CSTNode) -> Optional[str]:
        """A name the loop bumps (`polls += 1`) that code after the loop reads: removing the loop changes it."""
        scope = self.scope_of(loop)
        if scope is None or not isinstance(loop, (cst.While, cst.For)):
            return None
        for stmt in loop.body.body:
            if not isinstance(stmt, cst.SimpleStatementLine):
                continue
            for small in stmt.body:
                if isinstance(small, cst.AugAssign) and isinstance(small.target, cst.Name):
                    name = small.target.value
                    for assignment in scope.assignments[name]:
                        for access in assignment.references:
                            if not self.collected.inside(access.node, loop) and _before(
                                self.collected, loop, self.collected.statement_of(access.node)
                            ):
                                return name
        return None

    def _submit(self, plan: RunPlan, stmt: cst.CSTNode, var: str, unassigned: bool = False) -> Optional[Site]:
        """`var = [await] ...submit_tool_outputs[_and_poll](thread_id=<the run's thread>, run_id=var.id, tool_outputs=...)`
        (or, in a polling loop that re-reads the run, the same call for effect)."""
        site = next((s for s in self.sites if s.stmt is stmt and s.api.is_(*tool_loop.SUBMITS)), None)
        target = None if unassigned else var
        if site is None or site.target != target or not site.whole or site.api.wrapper or site.owner is not plan.site.owner:
            return None
        run_id = site.api.arg("run_id", 0)
        if run_id is None or code_of(run_id.value).strip() != f"{var}.id":
            return None
        if self.threads.key(site) != plan.thread or not _before(self.collected, plan.site.stmt, stmt):
            return None
        extra = {a.keyword.value for a in site.api.call.args if a.keyword is not None} - {"thread_id", "run_id", "tool_outputs", "poll_interval_ms"}
        if extra or any(a.star for a in site.api.call.args):
            return None
        return site

    def _no_other_reads(self, plan: RunPlan, var: str) -> None:
        """A run call on this run that survives the rewrite would hand a response id to the old API."""
        needle = f"{var}.id"
        for site in self.sites:
            if site.api.path[:2] != ("threads", "runs") or site is plan.site or site.api.is_(*RUN_CREATORS):
                continue
            if site in plan.submits:
                continue
            if self._inside_removed(plan, site.stmt) or needle not in code_of(site.api.call):
                continue
            if site.api.is_("threads.runs.steps.list"):
                run_id = site.api.arg("run_id", 0)
                if (
                    run_id is None or code_of(run_id.value).strip() != needle or self.threads.key(site) != plan.thread
                    or not _before(self.collected, plan.site.stmt, site.stmt)
                ):
                    plan.block("the run's steps are listed where the rewrite cannot follow; " + run_steps.HOWTO)
                    return
                steps = run_steps.plan_steps(self.collected, site, self.scope_of)
                if isinstance(steps, Blocked):
                    plan.block(steps.reason)
                    return
                if plan.submits or plan.round_helpers:
                    plan.block("run steps of a run with tool rounds: its function calls are in the earlier responses' output")
                    return
                plan.steps.append(steps)
                continue
            plan.block(f"the run is used again by {'.'.join(site.api.path)} outside a plain polling loop")
            return

    def _drop_timers(self, plan: RunPlan) -> None:
        """`start = time.time()` kept only for a removed loop's timeout goes with the loop."""
        for stmt, own in self.collected.owner_of_stmt.items():
            if own is not plan.site.owner or not polling.is_timer(stmt):
                continue
            target = stmt.body[0].targets[0].target
            scope = self.scope_of(stmt)
            if scope is None:
                continue
            references = [a for assignment in scope.assignments[target.value] for a in assignment.references]
            if references and all(self._inside_removed(plan, r.node) for r in references):
                plan.removals.add(stmt)

    def _helper_call(self, stmt: cst.CSTNode, var: str) -> Optional[str]:
        if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
            return None
        small = stmt.body[0]
        value = None
        if isinstance(small, cst.Assign) and len(small.targets) == 1:
            target = small.targets[0].target
            if not (isinstance(target, cst.Name) and target.value == var):
                return None
            value = small.value
        elif isinstance(small, cst.Expr):
            value = small.value
        if isinstance(value, cst.Await):
            value = value.expression
        if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value in self.helpers):
            return None
        if var not in code_of(value):
            return None
        return value.func.value

    def _inside_removed(self, plan: RunPlan, node: cst.CSTNode) -> bool:
        inside = self.collected.inside
        if any(inside(node, removed) for removed in plan.removals):
            return True
        return any(
            inside(node, loop) and not any(inside(node, kept) for kept in residue) for loop, residue in plan.replays.items()
        )

    def _access(self, plan: RunPlan, name: cst.CSTNode, rename: bool = True) -> None:
        if self._inside_removed(plan, name) or any(self.collected.inside(name, c) for c in plan.covered):
            return
        if rename and isinstance(name, cst.Name) and plan.new_var != plan.var:
            plan.renames[name] = plan.new_var
        parent = self.collected.parent(name)
        if isinstance(parent, cst.Arg) and any(self.collected.parent(parent) is h.call for h in plan.round_helpers):
            return  # handed to its tool round helper, which reads the response
        if not (isinstance(parent, cst.Attribute) and parent.value is name):
            plan.block(f"the run object `{plan.var}` is used as a whole ({code_of(self.collected.statement_of(name)).strip()[:60]})")
            return
        attr = parent.attr.value
        if attr == "id" and self._leaves_function(parent):
            plan.mark(self.collected.statement_of(parent), (
                "the run ID leaves this function and is now a response ID (resp_...): code elsewhere that polls "
                "or reads it with runs.* must move to client.responses.* too"
            ))
        if attr == "status":
            self._status_read(plan, parent)
        elif attr == "usage":
            if plan.submits or plan.round_helpers:
                plan.mark(self.collected.statement_of(parent), (
                    "usage: a run's usage covered every tool round; a response's covers only itself: add up the rounds if you need the total"
                ))
            outer = self.collected.parent(parent)
            if isinstance(outer, cst.Attribute) and outer.value is parent and outer.attr.value in USAGE_FIELDS:
                new = USAGE_FIELDS[outer.attr.value]
                if new != outer.attr.value:
                    plan.expressions[outer.attr] = lambda updated, new=new: updated.with_changes(value=new)
        elif attr in RENAMED_FIELDS:
            new = RENAMED_FIELDS[attr]
            plan.expressions[parent.attr] = lambda updated, new=new: updated.with_changes(value=new)
        elif attr == "required_action":
            calls = tool_loop.tool_calls(self.collected, parent, self.scope_of, lambda: plan.new_var or plan.var)
            if isinstance(calls, Blocked):
                plan.block(calls.reason)
            else:
                plan.expressions.update(calls)
        elif attr == "thread_id":
            if not (plan.site.api.is_(*THREAD_AND_RUN) and self._reply_read_argument(parent)):
                plan.block("the run's thread_id is read")
        elif attr in CHANGED_FIELDS:
            plan.mark(self.collected.statement_of(parent), CHANGED_FIELDS[attr])
        elif attr not in SAME_FIELDS:
            plan.block(f"`{plan.var}.{attr}` has no Response equivalent")

    def _statuses_with_tool_rounds(self, plan: RunPlan) -> None:
        """A run waiting for tool outputs was "requires_action"; such a response is "completed".

        So where the response may still hold function calls, `status == "completed"` gains
        `and not <function calls>` (the run's meaning), and the status read as a value is marked.
        """
        for status in plan.completed_checks:
            if self._drained(plan, status):
                continue
            test = tool_loop.completed_test(self.collected, status, lambda: plan.new_var or plan.var)
            if isinstance(test, Blocked):
                plan.block(test.reason)
                return
            plan.expressions.update(test)
        for status in plan.status_values:
            if self._drained(plan, status) or self._after_tool_branch(plan, status) or self._in_status_branch(plan, status):
                continue
            plan.mark(self.collected.statement_of(status), (
                'a response that asks for function calls has status "completed" where the run had '
                '"requires_action": this read now sees "completed" there'
            ))

    def _drained(self, plan: RunPlan, node: cst.CSTNode) -> bool:
        """After (not inside) a `while <requires_action>` loop of an enclosing block: no call is pending."""
        stmt = self.collected.statement_of(node)
        for check in plan.drains:
            block = self.collected.parent(check)
            if (
                block is not None and self.collected.inside(stmt, block) and not self.collected.inside(stmt, check)
                and _before(self.collected, check, stmt)
            ):
                return True
        return False

    def _after_tool_branch(self, plan: RunPlan, node: cst.CSTNode) -> bool:
        """In the `else` of an if/elif chain that tests for requires_action (that case went elsewhere)."""
        holder = self.collected.parent(node)
        while holder is not None:
            parent = self.collected.parent(holder)
            if isinstance(parent, cst.Else):
                chain = self.collected.parent(parent)
                while isinstance(chain, cst.If):
                    if chain in plan.tool_checks and tool_loop.is_requires_action_test(chain.test, plan.var):
                        return True
                    above = self.collected.parent(chain)
                    chain = above if isinstance(above, cst.If) and above.orelse is chain else None
            if isinstance(holder, (cst.SimpleStatementLine, cst.BaseCompoundStatement)) and self._follows_exiting_chain(plan, holder):
                return True
            holder = parent
        return False

    def _in_status_branch(self, plan: RunPlan, node: cst.CSTNode) -> bool:
        """Under `if run.status in ("failed", "cancelled"):`: the status is one of those, never "completed"."""
        holder = self.collected.parent(node)
        while holder is not None:
            parent = self.collected.parent(holder)
            if isinstance(parent, cst.If) and parent.body is holder:
                test = parent.test
                if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and (
                    code_of(test.left).strip() == f"{plan.var}.status"
                ):
                    target = test.comparisons[0]
                    values = target.comparator.elements if isinstance(target.comparator, (cst.Tuple, cst.List, cst.Set)) else [target]
                    literals = [build.literal_string(v.value if isinstance(v, cst.BaseElement) else v.comparator) for v in values]
                    if (
                        isinstance(target.operator, (cst.Equal, cst.In)) and None not in literals and "completed" not in literals
                        and not self._assigned_inside(plan, holder)
                    ):
                        return True
            holder = parent
        return False

    def _assigned_inside(self, plan: RunPlan, block: cst.CSTNode) -> bool:
        """The run variable is assigned again in ``block`` (a retry): its status there is not the one tested."""
        scope = self.scope_of(plan.site.stmt)
        return scope is None or any(self.collected.inside(a.node, block) for a in scope.assignments[plan.var])

    def _follows_exiting_chain(self, plan: RunPlan, stmt: cst.CSTNode) -> bool:
        """After `if ...: return` / `elif <requires_action>: ...; return` in the same block: neither case is left."""
        block = self.collected.parent(stmt)
        body = getattr(block, "body", None)
        if not isinstance(body, (list, tuple)) or stmt not in body:
            return False
        for earlier in body[: body.index(stmt)]:
            chain: Optional[cst.CSTNode] = earlier
            tested, exits = False, True
            while isinstance(chain, cst.If):
                tested = tested or (chain in plan.tool_checks and tool_loop.is_requires_action_test(chain.test, plan.var))
                exits = exits and _ends_flow(chain.body)
                chain = chain.orelse
            if isinstance(earlier, cst.If) and tested and exits and chain is None:
                return True
        return False

    def _leaves_function(self, node: cst.CSTNode) -> bool:
        """`return run.id`, `jobs[key] = run.id`, `self.run_id = run.id`: the ID is kept beyond the call."""
        holder = self.collected.parent(node)
        while isinstance(holder, (cst.Tuple, cst.List, cst.Element, cst.DictElement, cst.Dict)):
            holder = self.collected.parent(holder)
        if isinstance(holder, cst.Return):
            return True
        if isinstance(holder, cst.Assign) and holder.value is not None:
            return any(not isinstance(t.target, cst.Name) for t in holder.targets)
        return False

    def _has_references(self, site: Site) -> bool:
        scope = self.scope_of(site.stmt)
        if scope is None:
            return True
        # Only this statement's binding counts: `message = messages.create(content=message)` reads the
        # parameter it shadows, not the created message.
        own = [a for a in scope.assignments[site.target] if self.collected.inside(getattr(a, "node", None), site.stmt)]
        return any(
            not self.collected.inside(access.node, site.stmt) for a in own for access in a.references
        )

    def _reply_read_argument(self, node: cst.Attribute) -> bool:
        """`run.thread_id` handed to a messages.list that the reply rewrite replaces."""
        holder = self.collected.parent(node)
        if not isinstance(holder, cst.Arg):
            return False
        site = self.collected.site_by_call.get(self.collected.parent(holder))
        return site is not None and site.api.is_("threads.messages.list") and thread_arg(site) is holder and (
            citations.reads_reply(self.collected, site, self.scope_of)
        )

    def _status_read(self, plan: RunPlan, status: cst.Attribute) -> None:
        stmt = self.collected.statement_of(status)
        compared = self.collected.parent(status)
        text = code_of(compared) if compared is not None else ""
        if not isinstance(compared, cst.Comparison):
            plan.status_values.append(status)
        if "completed" in text:
            plan.completed_checks.append(status)
        if "requires_action" in text:
            plan.tool_checks.append(stmt)
            if isinstance(stmt, cst.While) and stmt.test is compared and tool_loop.is_requires_action_test(stmt.test, plan.var) and not _breaks(stmt):
                # Left only when no call is pending (not `... and rounds < 2`, not by `break`).
                plan.drains.append(stmt)
            test = tool_loop.status_test(self.collected, status, lambda: plan.new_var or plan.var)
            if isinstance(test, Blocked):
                plan.block(test.reason)
            else:
                plan.expressions.update(test)
            return
        for never in NEVER_STATUSES:
            if f'"{never}"' in text or f"'{never}'" in text:
                plan.mark(stmt, (
                    f"a response's status is never {never!r}; this branch cannot run any more: remove or rethink it"
                ))


def _stored_elsewhere(site: Site) -> Optional[str]:
    """`self.run = runs.create(...)`: the target, when the run lands anywhere but a plain name."""
    stmt = site.stmt
    if site.whole and site.target is None and isinstance(stmt, cst.SimpleStatementLine):
        small = stmt.body[0]
        if isinstance(small, (cst.Assign, cst.AnnAssign, cst.AugAssign)):
            target = small.targets[0].target if isinstance(small, cst.Assign) else small.target
            return code_of(target).strip()
    return None


def _breaks(loop: cst.While) -> bool:
    """A `break` of this loop itself (not of a loop nested in it), or an `else` clause."""
    class Finder(cst.CSTVisitor):
        found = False

        def visit_Break(self, node: cst.Break) -> None:
            self.found = True

        def visit_For(self, node: cst.For) -> bool:
            return False

        def visit_While(self, node: cst.While) -> bool:
            return False

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return False

    finder = Finder()
    loop.body.visit(finder)
    return finder.found or loop.orelse is not None


def _ends_flow(suite: cst.BaseSuite) -> bool:
    """The block always leaves by return / raise / break / continue."""
    body = suite.body if isinstance(suite, cst.IndentedBlock) else [suite]
    last = body[-1] if body else None
    if isinstance(last, cst.SimpleStatementLine):
        return isinstance(last.body[-1], (cst.Return, cst.Raise, cst.Break, cst.Continue))
    return isinstance(last, cst.SimpleStatementSuite) and isinstance(last.body[-1], (cst.Return, cst.Raise, cst.Break, cst.Continue))


def _before(collected: Collected, first: cst.CSTNode, second: cst.CSTNode) -> bool:
    """``first`` starts before ``second`` in the source (both statements of one module)."""
    return collected.order.get(first, -1) < collected.order.get(second, -1)
