"""The migration: facts, then each call and each read decided on its own by its rule, then the edits.

Every Assistants API call with a counterpart is rewritten whatever its neighbours do. A call is
left (under a marker) when it has no counterpart, when a value it needs comes from a call that is
left (a run on a thread that stays on the Assistants API could not work on a conversation), or
when its value is read in a way the new object cannot answer. Those three are decided together,
until nothing changes; the reads of every rewritten value then follow its new type.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple, Union

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from transforms import azure, build, helpers, markers
from transforms.apply import Edits, apply
from transforms import registry_project
from transforms.options import PROJECT_FACTS, REPORT_USES
from transforms.facts import Facts, Typed, facts_of
from transforms.facts.infer import dotted
from transforms.facts.kinds import Kind
from transforms.facts.walk import ApiSite, Binding
from transforms.rules import assistants, messages, reads, runs, steps, streams, threads, vector_stores
from transforms.rules.context import Context, Finding, Left, Requests, Rewrite, code

Decision = Union[Rewrite, Left]
Handler = Callable[[ApiSite, Context], Decision]

RULE_MODULES = (threads, messages, runs, steps, streams, assistants)
RULES: Dict[Tuple[str, ...], Tuple[str, Handler]] = {
    path: (module.NAME, handler) for module in RULE_MODULES if not hasattr(module, "claims")
    for path, handler in module.RULES.items()  # type: ignore[attr-defined]
}
# A rule module with `claims(site)` takes the calls it claims on its paths, also where another
# module has the path (`runs.create(stream=True)` is streaming's, `runs.create` is runs').
CLAIMS: Dict[Tuple[str, ...], Tuple[str, Callable[[ApiSite], bool], Handler]] = {
    path: (module.NAME, module.claims, handler) for module in RULE_MODULES if hasattr(module, "claims")  # type: ignore[attr-defined]
    for path, handler in module.RULES.items()  # type: ignore[attr-defined]
}
ALL_RULES = tuple(module.NAME for module in RULE_MODULES) + (vector_stores.NAME, "fold-messages", "wait-loops", "reply-text", "one-shot-threads")
# Kinds that exist only as a view of another object: used as a whole, they have no counterpart.
VIEWS = {"RequiredAction", "SubmitToolOutputs", "ToolFunction", "Text", "FileCitation", "FilePath", "StepDetails",
         "CodeInterpreter", "MessageCreation"}
# A value returned to callers the module does not show: what it was, and what it is now, by its old
# kind and the variant it became.
RETURNED: Dict[Tuple[str, str], Tuple[str, str]] = {
    ("Run", "response"): ("a Run", "a Response"),
    ("Message", "history"): ("a Message", "a conversation item"),
    ("Message", "output"): ("a Message", "a response's output message"),
    ("Page[Message]", "items"): ("a page of Messages", "a list of conversation items"),
    ("Page[Message]", "output"): ("a page of Messages, with .data", "a list of a response's output messages"),
    ("List[Message]", "history"): ("a list of Messages", "a list of conversation message items"),
    ("List[Message]", "items"): ("a list of Messages", "a list of conversation message items"),
    ("List[Message]", "output"): ("a list of Messages", "a list of a response's output messages"),
    ("RunStep", "output"): ("a RunStep", "a response output item"),
    ("Page[RunStep]", "output"): ("a page of RunSteps, with .data", "a list of response output items"),
    ("List[RunStep]", "output"): ("a list of RunSteps", "a list of response output items"),
    ("ToolCall", "response"): ("a run's tool call", "a function_call item (.call_id, .name, .arguments)"),
    ("List[ToolCall]", "response"): ("a list of a run's tool calls", "a list of function_call items (.call_id, .name, .arguments)"),
}
# What a value of each variant is now, for the markers.
NOUNS = {"response": "a Response", "history": "a conversation item", "items": "a conversation items page",
         "output": "a response's output", "conversation": "a Conversation", "registry": "a prompt registry entry"}
# What a read the new object cannot answer needs (the call that made the value stays meanwhile).
BY_HAND = reads.BY_HAND
PARTS = ("Content", "Text", "Annotation", "FileCitation", "FilePath")
# Builtins that iterate a value whole: over a conversation's items page they see tool items too.
ITERATING = ("list", "tuple", "sorted", "reversed")


@dataclass
class ReadPlan:
    edits: Dict[cst.CSTNode, Callable[[cst.CSTNode], cst.CSTNode]]
    blocks: Dict[ApiSite, Finding]
    notes: List[Tuple[cst.CSTNode, Finding]]
    # Reads that stay as they were with no call of the module to hold back (outside values)
    marks: List[Tuple[Optional[cst.CSTNode], Finding]] = dataclasses.field(default_factory=list)


class Planner:
    def __init__(self, facts: Facts, options: Mapping[str, object], enabled: Iterable[str] = ALL_RULES,
                 held: Optional[Mapping[ApiSite, Finding]] = None) -> None:
        self.facts = facts
        self.options = options
        self.enabled = set(enabled)
        # Calls an earlier plan rewrote in a way this file cannot have (a conversation on an Azure
        # client): left from the start, so that what depends on them is planned without them.
        self.held: Mapping[ApiSite, Finding] = held or {}
        self.requests = Requests()
        self.ctx = Context(facts, options, self.requests)
        self.decisions: Dict[ApiSite, Decision] = {}
        # The transform each call belongs to (for --only/--skip and the audit).
        self.owner: Dict[ApiSite, str] = {}
        self.outside = False
        self._helpers: Optional[List[cst.FunctionDef]] = None
        self._segment_of: Optional[Dict[cst.CSTNode, int]] = None
        self.read_edits: Dict[cst.CSTNode, Callable] = {}
        # Nodes the simplifications remove or replace whole: what is inside them is gone.
        self.gone: Set[cst.CSTNode] = set()

    # -- deciding calls ------------------------------------------------------------------------
    def decide(self, site: ApiSite) -> Optional[Decision]:
        if site.api.path[0] == "vector_stores":
            if vector_stores.NAME not in self.enabled:
                return Left(Finding("not-run", f"the {vector_stores.NAME} transform did not run (--only/--skip): this call stays"))
            return vector_stores.rewrite(site, self.ctx)
        if site in self.held:
            return Left(self.held[site])
        if site.api.wrapper is not None:
            return Left(Finding("raw-response", f"{site.api.wrapper}: call the new method through the same wrapper "
                                                "(client.responses.with_raw_response.create, ...) by hand"))
        claimed = CLAIMS.get(site.api.path)
        found = (claimed[0], claimed[2]) if claimed is not None and claimed[1](site) else RULES.get(site.api.path)
        if found is None:
            return Left(Finding("no-counterpart", f"{'.'.join(site.api.path)} has no Responses counterpart the tool knows"))
        name, handler = found
        self.owner[site] = name
        if name not in self.enabled:
            return Left(Finding("not-run", f"the {name} transform did not run (--only/--skip): this call stays"))
        return handler(site, self.ctx)

    def left(self, site: ApiSite) -> bool:
        return isinstance(self.decisions.get(site), Left)

    def converted(self, site: ApiSite) -> bool:
        return isinstance(self.decisions.get(site), Rewrite)

    def plan(self) -> Tuple[Dict[ApiSite, Decision], ReadPlan]:
        for site in self.facts.sites:
            decision = self.decide(site)
            if decision is not None:
                self.decisions[site] = decision
        for site, finding in self.ctx.held.items():
            self.decisions[site] = Left(finding)
        plan = ReadPlan({}, {}, [], [])
        for final in (False, True):
            # Values from outside the module (a parameter annotated with an old type) are read
            # as new objects only once every call of the module is rewritten: the annotations
            # move to the new types then (the types transform), and callers hand in new objects.
            self.outside = final and not any(self.left(s) for s in self.decisions)
            for _ in range(20):
                changed = self._propagate()
                changed = self._mixed_bindings() or changed
                plan = self._reads()
                for site, finding in plan.blocks.items():
                    if self.converted(site):
                        self.decisions[site] = Left(finding)
                        changed = True
                if not changed:
                    break
        self.ctx.left = {s for s in self.decisions if self.left(s)}
        self.read_edits = plan.edits
        from transforms.simplify import SIMPLIFICATIONS

        for simplification in SIMPLIFICATIONS:
            if simplification.NAME in self.enabled:
                simplification.simplify(self)
        for site, decision in list(self.decisions.items()):
            if isinstance(decision, Rewrite) and decision.needs_fold is not None:
                self.decisions[site] = Left(decision.needs_fold)  # no run took it in
            elif isinstance(decision, Rewrite) and site.api.path == ("threads", "messages", "create") \
                    and (site.api.arg("attachments") or site.api.arg("file_ids")) and site.statement not in self.gone:
                self.ctx.remembered = True  # its files are kept for the thread: runs name their thread
        return self.decisions, plan

    def _mixed_bindings(self) -> bool:
        """A name read where it may hold both a value that stays and one that is rewritten keeps both
        as they were. Reads, not names, decide: a notebook that rebinds `thread` cell after cell mixes
        nothing when each read sees one of them (facts.bindings gives the ones that reach it)."""
        groups: Dict[Tuple[int, ...], Tuple[str, List[Binding]]] = {}
        for read, _ in self.facts.w.reads:
            found = self.facts.bindings(read)
            if len(found) > 1:
                groups.setdefault(tuple(id(b) for b in found), (read.value, found))
        changed = False
        for name, found in groups.values():
            sites = set()
            for binding in found:
                typed = self.facts.binding_kind(binding)
                if typed is not None:
                    sites.update(typed.sites)
            ordered = sorted(sites, key=lambda s: s.index)
            lefts = [s for s in ordered if self.left(s)]
            if not lefts:
                continue
            for site in ordered:
                if self.converted(site):
                    self.decisions[site] = Left(Finding(
                        "mixed-value", f"`{name}` also holds the value of `{_excerpt(lefts[0].call)}`, which "
                                       "stays: migrate that call too", lefts[0]))
                    changed = True
        return changed

    def _propagate(self) -> bool:
        """A call whose thread, run, message or assistant comes from a call that stays, stays too.
        A call left only because its transform did not run (--only / --skip) keeps what it uses as
        it was too (its thread stays a thread), so that the file stays one consistent program."""
        changed = False
        for site, decision in list(self.decisions.items()):
            if not isinstance(decision, Left) or decision.finding.code != "not-run":
                continue
            for arg in site.call.args:
                typed = self.facts.typed(arg.value)
                for producer in typed.sites if typed is not None else ():
                    if self.converted(producer):
                        self.decisions[producer] = Left(Finding(
                            "not-run", f"a call that uses its value stays (its transform did not run): "
                                       f"`{_excerpt(site.call)}`", site))
                        changed = True
        for site, decision in list(self.decisions.items()):
            if not isinstance(decision, Rewrite):
                continue
            needed = next((s for s in decision.needs if self.left(s)), None)
            if needed is not None:
                self.decisions[site] = Left(self._held_with(site, needed) or dataclasses.replace(decision.needs[needed], blocker=needed))
                changed = True
                continue
            for arg in site.call.args:
                typed = self.facts.typed(arg.value)
                blocker = next((s for s in typed.sites if self.left(s)), None) if typed is not None else None
                if blocker is not None:
                    what = typed.kind.of.name.lower() if typed.kind.of is not None else typed.kind.name.lower()  # type: ignore[union-attr]
                    self.decisions[site] = Left(self._held_with(site, blocker) or Finding(
                        "kept-with", f"its {what} stays on the Assistants API with `{_excerpt(blocker.call)}`: "
                                     "migrate that call first, and this one follows", blocker))
                    changed = True
                    break
        return changed

    def _held_with(self, site: ApiSite, blocker: ApiSite) -> Optional[Finding]:
        """The reason a held call gives the calls on the same conversation: theirs too (another call
        on a thread held back from Azure is held back for the same reason, not "kept with" it)."""
        finding = self.held.get(blocker)
        if finding is not None and azure.on_thread(site) and self.facts.clients.is_azure(site):
            return finding
        return None

    # -- reads -------------------------------------------------------------------------------
    def _origin_variant(self, typed: Typed) -> Union[str, Finding, None]:
        """The variant the value now has; None when it stays as it was; a Finding when it mixes."""
        sites = typed.sites
        lefts = [s for s in sites if self.left(s)]
        done = [s for s in sites if self.converted(s)]
        if lefts and done:
            return Finding("mixed-value", f"a name holds both a rewritten value and one from `{_excerpt(lefts[0].call)}`, "
                                          "which stays: migrate that call too", lefts[0])
        if lefts or (sites and not done):
            return None
        if not done and not self.outside:
            return None
        variants = {reads.variant_of(typed.kind, self.decisions[s].variant) for s in done}  # type: ignore[union-attr]
        if len(variants) > 1:
            return Finding("mixed-value", "a name holds values of different new types (a conversation's items and a "
                                          "response's output): read each apart")
        if variants:
            return variants.pop()
        return reads.default_variant(typed.kind)

    def _reads(self) -> ReadPlan:
        plan = ReadPlan({}, {}, [], [])
        facts = self.facts

        def block(typed: Typed, finding: Finding, at: Optional[cst.CSTNode] = None) -> None:
            held = False
            for s in typed.sites:
                if self.converted(s):
                    held = True
                    if s not in plan.blocks:
                        plan.blocks[s] = finding
            if not held and at is not None and self.outside:
                # A value from outside the module (an annotated parameter) read as the new object:
                # no call of this module to hold back, so the read itself carries the marker.
                plan.marks.append((self.facts.statement_of(at), finding))

        ours = self._own_helpers()
        for node in facts.w.attributes:
            if ours and any(facts.inside(node, helper) for helper in ours):
                continue  # the helpers an earlier run added read new objects already
            typed = facts.typed(node.value)
            if typed is None:
                continue
            variant = self._origin_variant(typed)
            if isinstance(variant, Finding):
                block(typed, variant)
                continue
            if not variant:
                continue
            kind = typed.kind
            field = node.attr.value
            action = reads.action(kind, variant, field)
            if action is None:
                # A content part's field the table does not name is one the new part lacks
                # (`part.image_file` on an input_image: an AttributeError there). Other objects'
                # tables name every field the old object had: a read beyond them failed before too.
                if kind.name in VIEWS or (kind.name == "Content" and field not in reads.MODEL_METHODS):
                    block(typed, Finding("no-counterpart-read", f"`{_excerpt(node)}` has no counterpart on "
                                                               f"{_noun(typed.kind, variant)}: {BY_HAND}"), node)
                continue
            if isinstance(action, reads.NoCounterpart) and kind.name == "Annotation" and field == "text":
                dropped = self._placeholder_dropped(node)
                if dropped is not None:
                    plan.edits.update(dropped)
                    continue
            if isinstance(action, reads.NoCounterpart):
                tested = self._test(node, kind, field)
                if tested is not None:
                    plan.edits[tested[0]] = tested[1]
                    continue
                block(typed, action.finding, node)
                continue
            whole = self._whole_use(node, kind, field, action)
            if isinstance(whole, Finding):
                block(typed, whole, node)
                continue
            if whole is not None:
                plan.edits[whole[0]] = whole[1]
                continue
            annotated = facts.parent(node)
            if action.view and isinstance(annotated, cst.AnnAssign) and annotated.value is node \
                    and self._beta_class(annotated.annotation.annotation):
                # `action: RequiredAction = run.required_action` holds the response now: the old
                # annotation would only be a false one.
                plan.edits[annotated] = _unannotated
            if action.values is not None:
                compared = self._comparison(node, action.values)
                if compared is not None:
                    plan.edits[compared[0]] = compared[1]
                    continue
            if action.template is not None:
                plan.edits[node] = _bind(action.template, node, self.ctx)
        for call, _ in facts.w.calls:
            self._field_by_name(call, plan, block)
            self._class_test(call, plan, block)
        for node in facts.w.stores:
            typed = facts.typed(node.value)
            if typed is None:
                continue
            variant = self._origin_variant(typed)
            if isinstance(variant, Finding):
                block(typed, variant)
                continue
            if not variant:
                continue
            action = reads.action(typed.kind, variant, node.attr.value)
            if action is None or (isinstance(action, reads.Read) and action.template is None and not action.view):
                continue
            if isinstance(action, reads.Read) and action.store and action.template is not None:
                plan.edits[node] = _bind(action.template, node, self.ctx)
                continue
            block(typed, Finding("no-counterpart-store", f"`{_excerpt(node)} = ...` has no counterpart on "
                                                          f"{_noun(typed.kind, variant)}: {BY_HAND}"))
        for name, scope in facts.w.reads:
            typed = facts.typed(name)
            if typed is not None and typed.kind.name == "Annotation":
                picked = self._getattr_view(name, typed)
                if picked is not None:
                    plan.edits[picked[0]] = picked[1]
                    continue
            if typed is None or typed.kind.name not in VIEWS:
                continue
            parent = facts.parent(name)
            if isinstance(parent, cst.Attribute) and parent.value is name:
                continue
            if isinstance(parent, cst.Assign) or isinstance(self.facts.parent(parent), cst.AssignTarget):
                continue
            if _only_shown(facts, name):
                continue
            variant = self._origin_variant(typed)
            if variant and not isinstance(variant, Finding):
                block(typed, Finding("no-counterpart-read", f"`{name.value}` stands for an object with no counterpart "
                                                           "on the new API when used as a whole: read its fields"), name)
        for node in facts.w.iterations:
            typed = facts.typed(node)
            if typed is None or typed.kind.name != "Page":
                continue
            variant = self._origin_variant(typed)
            if variant == "items" and node not in plan.edits:
                loop = facts.parent(node)
                plan.edits[node] = _only_async_messages if getattr(loop, "asynchronous", None) else _only_messages
        for call, _ in facts.w.calls:
            # `list(page)` / `sorted(page, ...)`: the whole page iterated, as a `for` loop does.
            if not (isinstance(call.func, cst.Name) and call.func.value in ITERATING and call.args
                    and not call.args[0].star and call.args[0].keyword is None and call not in plan.edits):
                continue
            typed = facts.typed(call.args[0].value)
            if typed is not None and typed.kind.name == "Page" and self._origin_variant(typed) == "items":
                plan.edits[call] = _messages_iterated
        self._escapes(plan)
        self._handed_on(plan)
        return plan

    def _field_by_name(self, call: cst.Call, plan: ReadPlan, block) -> None:
        """`hasattr(run, "last_error")` / `getattr(run, "last_error", None)`: a field named by a string
        is a read too. A renamed field gets its new name; a field the new object answers another way
        (or not at all) would make the test false or the default come back for good: the call stays."""
        func = call.func
        if not (isinstance(func, cst.Name) and func.value in ("hasattr", "getattr", "setattr") and len(call.args) >= 2
                and not any(arg.star or arg.keyword for arg in call.args[:2])):
            return
        field = build.literal_string(call.args[1].value)
        typed = self.facts.typed(call.args[0].value)
        if field is None or typed is None:
            return
        if typed.kind.name == "Annotation" and func.value == "getattr" and field in ("file_citation", "file_path"):
            return  # _getattr_view
        variant = self._origin_variant(typed)
        if not variant or isinstance(variant, Finding):
            return
        action = reads.action(typed.kind, variant, field)
        if action is None or (isinstance(action, reads.Read) and action.template is None and not action.view):
            return
        if isinstance(action, reads.Read) and action.store and action.template is not None:
            probe = action.template(cst.Attribute(value=cst.Name("x"), attr=cst.Name(field)), None, self.ctx)  # type: ignore[arg-type]
            if isinstance(probe, cst.Attribute):
                new = probe.attr.value
                plan.edits[call.args[1].value] = lambda updated, new=new: _same_quotes(updated, new)
                return
        block(typed, Finding("no-counterpart-read", f"`{_excerpt(call)}` names a field the new object does not "
                                                    "have under that name: read it by hand"))

    def _class_test(self, call: cst.Call, plan: ReadPlan, block) -> None:
        """`isinstance(part, TextContentBlock)`: a conversation message's part is never an instance of
        an old content class (the branch would never be taken); the block type it stood for is
        tested instead. A test that also names another class stays, with the call that made the part."""
        func = call.func
        if not (isinstance(func, cst.Name) and func.value == "isinstance" and len(call.args) == 2
                and not any(arg.star or arg.keyword for arg in call.args)):
            return
        typed = self.facts.typed(call.args[0].value)
        if typed is None or typed.kind.name != "Content":
            return
        variant = self._origin_variant(typed)
        if not variant or isinstance(variant, Finding):
            return
        given = call.args[1].value
        classes = [e.value for e in given.elements] if isinstance(given, cst.Tuple) else [given]
        olds = [self._beta_class(c) for c in classes]
        if not any(olds):
            return
        if not all(old in reads.CONTENT_CLASSES for old in olds):
            block(typed, Finding("old-class-test", f"`{_excerpt(call)}` tests for a class of the Assistants SDK, which "
                                                   "no conversation item part is: test the part's `.type` instead"))
            return
        wanted = [reads.CONTENT_CLASSES[old] for old in olds if old is not None]
        parent = self.facts.parent(call)
        if isinstance(parent, cst.UnaryOperation) and isinstance(parent.operator, cst.Not):
            plan.edits[parent] = partial(_type_test, wanted=wanted, ctx=self.ctx, parens=self._needs_parens(parent), negate=True)
            return
        plan.edits[call] = partial(_type_test, wanted=wanted, ctx=self.ctx, parens=self._needs_parens(call))

    def _beta_class(self, node: cst.BaseExpression) -> Optional[str]:
        """The name of the old SDK class ``node`` names (imported from `openai.types.beta...`), if it does."""
        if isinstance(node, cst.Attribute):
            return node.attr.value if dotted(node).startswith("openai.types.beta.") else None
        if not isinstance(node, cst.Name):
            return None
        for binding in self.facts.bindings(node):
            source = self.facts.imported_from(binding)
            if source is not None and (source + ".").startswith("openai.types.beta."):
                alias = binding.node
                return _dotted_name(alias.name) if isinstance(alias, cst.ImportAlias) else node.value
        return None

    def _needs_parens(self, node: cst.CSTNode) -> bool:
        """A comparison put where a call was: parenthesised unless the place takes any expression."""
        parent = self.facts.parent(node)
        if isinstance(parent, (cst.If, cst.While, cst.Assert, cst.CompIf, cst.Return, cst.Arg, cst.Assign, cst.BooleanOperation)):
            return False
        return not (isinstance(parent, cst.UnaryOperation) and isinstance(parent.operator, cst.Not))

    def _placeholder_dropped(self, node: cst.Attribute):
        """`text.replace(annotation.text, "")` strips the inline citation placeholder, which Responses
        text never has: the call is its receiver, and `x = x.replace(...)` is no statement at all."""
        facts = self.facts
        arg = facts.parent(node)
        call = facts.parent(arg)
        if not (isinstance(arg, cst.Arg) and isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
                and call.func.attr.value == "replace" and len(call.args) == 2 and call.args[0] is arg
                and build.literal_string(call.args[1].value) == ""):
            return None
        receiver_node = call.func.value
        edits: Dict[cst.CSTNode, Callable] = {call: lambda updated: updated.func.value}  # type: ignore[attr-defined]
        assign = facts.parent(call)
        statement = facts.statement_of(call)
        if isinstance(assign, cst.Assign) and len(assign.targets) == 1 and code(assign.targets[0].target) == code(receiver_node) \
                and isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            edits[statement] = _remove
        return edits

    def _getattr_view(self, name: cst.Name, typed: Typed):
        """`getattr(annotation, "file_citation", None)`: the annotation itself when it is of that type."""
        facts = self.facts
        arg = facts.parent(name)
        call = facts.parent(arg)
        if not (isinstance(arg, cst.Arg) and isinstance(call, cst.Call) and isinstance(call.func, cst.Name)
                and call.func.value == "getattr" and len(call.args) == 3 and call.args[0] is arg):
            return None
        field = build.literal_string(call.args[1].value)
        variant = self._origin_variant(typed)
        if field not in ("file_citation", "file_path") or not variant or isinstance(variant, Finding):
            return None
        wanted = "file_citation" if field == "file_citation" else "container_file_citation"

        def rebuild(updated: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(updated, cst.Call)
            subject = updated.args[0].value
            return cst.IfExp(test=build.equals(build.attr(subject, "type"), wanted), body=subject,
                             orelse=updated.args[2].value, lpar=[cst.LeftParen()], rpar=[cst.RightParen()])

        return call, rebuild

    def segment_of(self, statement: cst.CSTNode) -> int:
        """Which part of the module (a notebook's cell: the `segments` option) holds ``statement``;
        0 for every statement of a plain file."""
        segments = self.options.get("segments")
        if not segments:
            return 0
        if self._segment_of is None:
            self._segment_of = {}
            line = 1 + len(self.facts.module.header)
            for top in self.facts.module.body:
                start = line + len(getattr(top, "leading_lines", ()))
                self._segment_of[top] = next((i for i, (first, last) in enumerate(segments) if first <= start <= last), -1)
                line += len(self.facts.module.code_for_node(top).splitlines())
        node: Optional[cst.CSTNode] = statement
        while node is not None and node not in self._segment_of:
            node = self.facts.parent(node)
        return self._segment_of.get(node, -1) if node is not None else -1

    def _own_helpers(self) -> List[cst.FunctionDef]:
        """The module functions an earlier run added (recognised by their text)."""
        if self._helpers is None:
            self._helpers = helpers.own_helpers(self.facts.module)
        return self._helpers

    def _whole_use(self, node: cst.Attribute, kind: Kind, field: str, action: reads.Read):
        """A view (`run.required_action`) used as a whole rather than read through: its test as
        a truth value has a counterpart; anything else does not."""
        if not action.view:
            return None
        parent = self.facts.parent(node)
        if isinstance(parent, cst.Attribute) and parent.value is node:
            return None
        if isinstance(parent, cst.AssignTarget) or (isinstance(parent, (cst.Assign, cst.AnnAssign)) and parent.value is node):
            return None
        call = self.facts.parent(parent) if isinstance(parent, cst.Arg) and parent.value is node and not parent.star else None
        if isinstance(call, cst.Call) and self.facts.function_called(call) is not None:
            return None  # handed to a function of this module, which the facts follow it into
        tested = self._test(node, kind, field)
        if tested is not None:
            return tested
        return Finding("no-counterpart-read", f"`{_excerpt(node)}` used as a whole has no counterpart on the new "
                                              "object: read the fields it is used for instead, then run the tool again")

    def _test(self, node: cst.Attribute, kind: Kind, field: str, variant: str = "response"):
        """`if run.required_action:` / `if run.completed_at is not None:`: a field tested as a truth
        value, where the new object answers the same question another way (reads.TESTS)."""
        template = reads.TESTS.get((kind.name, field))
        if template is None:
            return None
        parent = self.facts.parent(node)
        if isinstance(parent, (cst.If, cst.While, cst.IfExp, cst.Assert)) and getattr(parent, "test", None) is node or \
                isinstance(parent, cst.BooleanOperation) or (isinstance(parent, cst.UnaryOperation) and isinstance(parent.operator, cst.Not)):
            return node, _bind(template, node, self.ctx)
        if isinstance(parent, cst.Comparison) and len(parent.comparisons) == 1 and parent.left is node and \
                _is_none(parent.comparisons[0].comparator) and isinstance(parent.comparisons[0].operator, (cst.Is, cst.IsNot)):
            negate = isinstance(parent.comparisons[0].operator, cst.Is)

            def build_test(updated: cst.CSTNode, original=node) -> cst.CSTNode:
                assert isinstance(updated, cst.Comparison)
                test = template(updated.left, original, self.ctx)  # type: ignore[arg-type]
                return cst.UnaryOperation(operator=cst.Not(), expression=test) if negate else test

            return parent, build_test
        return None

    def _comparison(self, node: cst.Attribute, values: Dict[str, Tuple[str, ...]]):
        parent = self.facts.parent(node)
        literals = reads.compared_literals(node, self.ctx)
        if literals is None or not isinstance(parent, cst.Comparison):
            return None
        mapped: List[str] = []
        for literal in sorted(literals, key=lambda t: str(t)):
            for new in values.get(literal, (literal,)):
                if new not in mapped:
                    mapped.append(new)
        operator = parent.comparisons[0].operator
        positive = isinstance(operator, (cst.Equal, cst.In))
        node_left = parent.left is node

        def rebuild(updated: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(updated, cst.Comparison)
            subject = updated.left if node_left else updated.comparisons[0].comparator
            if len(mapped) == 1:
                new_op = cst.Equal() if positive else cst.NotEqual()
                other: cst.BaseExpression = build.string(mapped[0])
            else:
                new_op = cst.In() if positive else cst.NotIn()
                other = cst.Tuple(elements=[cst.Element(build.string(m), comma=build._COMMA_SPACE if i < len(mapped) - 1 else cst.MaybeSentinel.DEFAULT)
                                            for i, m in enumerate(mapped)])
            target = cst.ComparisonTarget(operator=new_op, comparator=other)
            if not isinstance(new_op, type(operator)) or len(mapped) != 1 or literals != set(mapped):
                return updated.with_changes(left=subject, comparisons=[target])
            return updated

        return parent, rebuild

    def _escapes(self, plan: ReadPlan) -> None:
        """A rewritten run, message or message list returned to callers the module does not show."""
        facts = self.facts
        for func, returns in facts.w.returns.items():
            if facts.callers(func):
                continue
            for ret in returns:
                value = getattr(ret, "value", None)
                found = self._new_type(value) if value is not None else None
                if found is None:
                    continue
                old, new = found
                plan.notes.append((facts.statement_of(ret), Finding(
                    "returned-value", f"returns {new} now ({old} before): callers elsewhere "
                                      "must read it as one (see the reference for its fields)")))


    def _handed_on(self, plan: ReadPlan) -> None:
        """A rewritten value handed to code the module does not show: a callback (a parameter, a
        `self.` attribute that is no method) or a method with no body of its own (it raises
        NotImplementedError: subclasses elsewhere override it). That code reads the old object."""
        facts = self.facts
        for call, _ in facts.w.calls:
            callee = self._elsewhere(call)
            if callee is None:
                continue
            for arg in call.args:
                found = self._new_type(arg.value) if not arg.star else None
                if found is None:
                    continue
                old, new = found
                plan.notes.append((facts.statement_of(call), Finding(
                    "handed-value", f"hands {new} (not {old} any more) to `{callee}`, whose code is elsewhere: "
                                    "make it read the new object (see the reference for its fields)")))
                break

    def _new_type(self, value: cst.BaseExpression) -> Optional[Tuple[str, str]]:
        """(old type, new type) of a value a rewritten call made, for code that reads it elsewhere."""
        typed = self.facts.typed(value)
        if typed is None or not any(self.converted(s) for s in typed.sites):
            return None
        variant = self._origin_variant(typed)
        return RETURNED.get((str(typed.kind), variant)) if isinstance(variant, str) else None

    def _elsewhere(self, call: cst.Call) -> Optional[str]:
        """The name of the code ``call`` runs when the module does not show it, else None."""
        facts = self.facts
        func = call.func
        target = facts.function_called(call)
        if target is not None:
            return code(func) if _no_body(target) else None
        if isinstance(func, cst.Name):
            found = facts.bindings(func)
            return func.value if found and all(b.how == "param" for b in found) else None
        owner = facts.self_attr(func) if isinstance(func, cst.Attribute) else None
        if owner is not None and facts.method(owner[0], owner[1]) is None and facts.self_sets(owner[0], owner[1]):
            return code(func)
        return None


def _no_body(function: cst.FunctionDef) -> bool:
    """A method that only says subclasses give it a body (`raise NotImplementedError`, `...`, `pass`,
    `@abstractmethod`)."""
    if any(code(d.decorator).endswith("abstractmethod") for d in function.decorators):
        return True
    body = function.body.body if isinstance(function.body, cst.IndentedBlock) else ()
    statements = [s for s in body if not (isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1
                                          and isinstance(s.body[0], cst.Expr) and isinstance(s.body[0].value, cst.SimpleString))]
    if len(statements) != 1 or not isinstance(statements[0], cst.SimpleStatementLine) or len(statements[0].body) != 1:
        return False
    only = statements[0].body[0]
    if isinstance(only, cst.Pass) or (isinstance(only, cst.Expr) and isinstance(only.value, cst.Ellipsis)):
        return True
    if isinstance(only, cst.Raise):
        raised = only.exc.func if isinstance(only.exc, cst.Call) else only.exc
        return isinstance(raised, cst.Name) and raised.value == "NotImplementedError"
    return False


def _noun(kind: Kind, variant: str) -> str:
    if kind.name in PARTS and variant in ("history", "output"):
        return "a message's content part now"
    return NOUNS.get(variant, "the new object")


def _fstring_quotes(node: cst.CSTNode, facts: Facts) -> Set[str]:
    """The quote characters of the f-strings around ``node``: before Python 3.12, code inside an
    f-string cannot use its quote."""
    found: Set[str] = set()
    current = facts.parent(node)
    while current is not None and not isinstance(current, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
        if isinstance(current, cst.FormattedString):
            found.add(current.start[-1])
        current = facts.parent(current)
    return found


def _unannotated(updated: cst.CSTNode) -> cst.CSTNode:
    assert isinstance(updated, cst.AnnAssign) and updated.value is not None
    return cst.Assign(targets=[cst.AssignTarget(target=updated.target)], value=updated.value, semicolon=updated.semicolon)


def _requoted(build_node, forbidden: Set[str]):
    def run(updated: cst.CSTNode) -> cst.CSTNode:
        return build_node(updated).visit(build.Requote(forbidden))

    return run


def _same_quotes(updated: cst.CSTNode, text: str) -> cst.BaseExpression:
    """``text`` (a field name) in the quotes the string had."""
    if isinstance(updated, cst.SimpleString) and updated.value[:1] in ("'", '"') and updated.value[:3] not in ("'''", '"""'):
        return updated.with_changes(value=f"{updated.value[0]}{text}{updated.value[0]}")
    return build.string(text)


def _type_test(updated: cst.CSTNode, wanted: Sequence[str], ctx: Context, parens: bool, negate: bool = False) -> cst.CSTNode:
    """`part.type in ("input_text", "output_text")` for old text (and refusal) blocks; an image block
    class also tells image_file from image_url, which only `_part_type` answers. ``negate``: the
    node is `not isinstance(...)`."""
    if negate:
        assert isinstance(updated, cst.UnaryOperation)
        updated = updated.expression
    assert isinstance(updated, cst.Call)
    subject = updated.args[0].value
    if all(old in ("text", "refusal") for old in wanted):
        tested: cst.BaseExpression = build.attr(subject, "type")
        values = [new for old in wanted for new in reads.CONTENT_TYPES.get(old, (old,))]
    else:
        tested = build.call(cst.Name(ctx.helper("_part_type")), [cst.Arg(subject)])
        values = list(wanted)
    values = list(dict.fromkeys(values))
    if len(values) == 1:
        test = build.equals(tested, values[0], negate=negate)
    else:
        test = cst.Comparison(left=tested, comparisons=[cst.ComparisonTarget(
            operator=cst.NotIn() if negate else cst.In(), comparator=cst.Tuple([cst.Element(build.string(v)) for v in values]))])
    return test.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()]) if parens else test


def _dotted_name(node: cst.BaseExpression) -> str:
    return node.value if isinstance(node, cst.Name) else node.attr.value if isinstance(node, cst.Attribute) else ""


def _remove(updated: cst.CSTNode) -> cst.RemovalSentinel:
    return cst.RemoveFromParent()


def _then(first, second):
    def both(node):
        return second(first(node))

    return both


_SHOWN = ("print", "debug", "info", "warning", "warn", "error", "exception", "log", "write")


def _only_shown(facts: Facts, node: cst.CSTNode) -> bool:
    """Whether ``node`` is only printed or logged (`print("details", step_details)`): shown, the object
    it stands for now is as good a picture of it as the old one was."""
    parent = facts.parent(node)
    if isinstance(parent, cst.FormattedStringExpression):
        return True
    call = facts.parent(parent) if isinstance(parent, cst.Arg) else None
    if not isinstance(call, cst.Call):
        return False
    func = call.func
    name = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else ""
    return name in _SHOWN


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _bind(template, original: cst.Attribute, ctx: Context) -> Callable[[cst.CSTNode], cst.CSTNode]:
    def run(updated: cst.CSTNode) -> cst.CSTNode:
        return template(updated, original, ctx)

    return run


def _only_messages(updated: cst.CSTNode, asynchronous: bool = False) -> cst.CSTNode:
    return cst.GeneratorExp(
        elt=cst.Name("item"),
        for_in=cst.CompFor(target=cst.Name("item"), iter=updated,  # type: ignore[arg-type]
                           ifs=[cst.CompIf(test=build.equals(build.attr("item", "type"), "message"))],
                           asynchronous=cst.Asynchronous() if asynchronous else None),
    )


def _messages_iterated(updated: cst.CSTNode) -> cst.CSTNode:
    """`list(page)` -> `list(item for item in page if item.type == "message")`."""
    assert isinstance(updated, cst.Call)
    first = updated.args[0]
    only = _only_messages(first.value)
    if len(updated.args) == 1:
        only = only.with_changes(lpar=[], rpar=[])  # a lone generator argument needs no parentheses
    return updated.with_changes(args=[first.with_changes(value=only), *updated.args[1:]])


def _only_async_messages(updated: cst.CSTNode) -> cst.CSTNode:
    return _only_messages(updated, asynchronous=True)


def _excerpt(node: cst.CSTNode, limit: int = 60) -> str:
    text = " ".join(code(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


STORED_NOTE = "note [stored-thread-id]"


class Migrate:
    """Assistants calls and the reads of their values, each rewritten by its rule (see transforms/rules).

        run = client.beta.threads.runs.create(thread_id=t, assistant_id=a); run.status
        ->  run = client.responses.create(conversation=t, input=[], background=True, **prompt_registry.settings(a)); _run_status(run)
    """

    NAME = "migrate"

    # ``context``: the engine's (``filename``, and ``scratch`` for what this stage tells it).
    def __init__(self, context: Any, options: Optional[Mapping[str, object]] = None) -> None:
        self.context = context
        self.options: Mapping[str, object] = options or {}

    def transform_module(self, tree: cst.Module) -> cst.Module:
        tree = markers.header_to_first_statement(tree)
        facts = facts_of(tree)
        enabled = self.options.get("selected") or ALL_RULES
        planner, decisions, read_plan = _plan(facts, self.options, enabled)  # type: ignore[arg-type]
        edits = Edits()
        noted: Set[Tuple[object, str]] = set()
        marked = markers.marked_statements(tree, lambda group: True)
        # Where an earlier run gave the stored-thread-id note (above a call it migrated then): the
        # note is not given again in that function when another call there migrates later.
        noted_before: Dict[object, Set[cst.CSTNode]] = {}
        for statement in marked:
            if any(text.startswith(STORED_NOTE) for text in markers.marker_texts(statement)):
                noted_before.setdefault(facts.function_of(statement), set()).add(statement)
        shared: Dict[cst.CSTNode, List[object]] = {}
        uses = _Uses(planner)
        for site, decision in decisions.items():
            statement = site.statement
            edits.refresh.add(statement)
            uses.site(site, decision)
            if isinstance(decision, Left):
                edits.mark(statement, markers.text(decision.finding.code, decision.finding.message))
            else:
                edits.expressions[site.value] = decision.build  # type: ignore[assignment]
                if decision.statement is not None:
                    earlier = edits.statements.get(statement)
                    edits.statements[statement] = _then(earlier, decision.statement) if earlier else decision.statement  # type: ignore[assignment]
                for node, rebuild in decision.edits.items():
                    if rebuild is None:
                        edits.removals.add(node)
                    elif rebuild in shared.get(node, ()):
                        continue  # the same edit, handed over by another rewrite too
                    elif isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
                        earlier = edits.statements.get(node)
                        edits.statements[node] = _then(earlier, rebuild) if earlier else rebuild  # type: ignore[assignment]
                    else:
                        earlier_expr = edits.expressions.get(node)
                        edits.expressions[node] = _then(earlier_expr, rebuild) if earlier_expr else rebuild  # type: ignore[assignment]
                    if rebuild is not None:
                        shared.setdefault(node, []).append(rebuild)
                for note in decision.notes:
                    if note.code == "stored-thread-id":
                        # once per function and thread ID: where the ID comes in, not at every call
                        function = facts.function_of(site.call)
                        key = (function, code(threads.thread_arg_of(site) or site.call))
                        if key in noted or noted_before.get(function, set()) - {statement}:
                            continue
                        noted.add(key)
                    edits.mark(statement, markers.text(note.code, note.message, note=True))
                    uses.note(statement, note, planner.owner.get(site, ""))
        _azure_markers(planner, edits, uses)
        for node, build_read in read_plan.edits.items():
            earlier_expr = edits.expressions.get(node)
            if earlier_expr is not None and build_read in (_only_messages, _only_async_messages):
                # `for m in messages.list(...)`: the items of what the call became, messages only.
                edits.expressions[node] = _then(earlier_expr, build_read)
            else:
                edits.expressions.setdefault(node, build_read)
        for node, build_node in list(edits.expressions.items()):
            quotes = _fstring_quotes(node, facts)
            if quotes:
                edits.expressions[node] = _requoted(build_node, quotes)
        for statement, note in read_plan.notes:
            if statement is not None:
                edits.mark(statement, markers.text(note.code, note.message, note=True))
                uses.note(statement, note, "")
        for statement, finding in read_plan.marks:
            if statement is not None:
                edits.refresh.add(statement)
                edits.mark(statement, markers.text(finding.code, finding.message))
                uses.found.append((statement, finding.code, "", "manual", finding, None))
        self._references(planner, edits, uses)
        if self.options.get(REPORT_USES):
            self.context.scratch[REPORT_USES] = uses.records(tree)
        for statement in marked:
            if statement not in edits.refresh and any(markers.swept(group) for group in markers.groups(statement.leading_lines)):
                edits.sweep.add(statement)
        requests = planner.requests
        context = planner.ctx

        def finish(module: cst.Module) -> cst.Module:
            return _add_helpers(module, requests, context)

        edits.module = finish
        result = apply(tree, facts.parents, edits)
        for imported in requests.imports:
            result = _add_import(result, imported)
        # (after the edits: the rewrites ask for the registry as they are built)
        told = registry_project.facts(facts, self.options, planner.ctx.registry in requests.imports)
        if told is not None:
            self.context.scratch[PROJECT_FACTS] = told
        return markers.layout(result)  # (the engine compares the texts, once)


    def _references(self, planner: Planner, edits: Edits, uses: "_Uses") -> None:
        """API methods named but not called: a rewrite of calls cannot reach what calls them later."""
        facts = planner.facts
        for ref in facts.references():
            statement = facts.statement_of(ref.node)
            if statement is None or statement in planner.gone or statement in edits.removals:
                continue
            if ref.path[0] == "vector_stores" and vector_stores.NAME in planner.enabled:
                edits.expressions[ref.node] = vector_stores.unbeta
                uses.reference(ref, vector_stores.NAME, None)
                continue
            finding = Finding("api-reference", _reference_message(ref))
            edits.refresh.add(statement)
            edits.mark(statement, markers.text(finding.code, finding.message))
            uses.reference(ref, _owner_of(ref.path), finding)



# The counterpart of a method named without a call, for its marker.
_COUNTERPARTS = {
    ("threads", "create"): "client.conversations.create",
    ("threads", "retrieve"): "client.conversations.retrieve",
    ("threads", "update"): "client.conversations.update",
    ("threads", "delete"): "client.conversations.delete",
    ("threads", "messages", "create"): "client.conversations.items.create",
    ("threads", "messages", "list"): "client.conversations.items.list",
    ("threads", "messages", "retrieve"): "client.conversations.items.retrieve",
    ("threads", "messages", "delete"): "client.conversations.items.delete",
    ("threads", "runs", "create"): "client.responses.create",
    ("threads", "runs", "create_and_poll"): "client.responses.create",
    ("threads", "runs", "retrieve"): "client.responses.retrieve",
    ("threads", "runs", "cancel"): "client.responses.cancel",
    ("threads", "create_and_run"): "client.responses.create",
    ("threads", "create_and_run_poll"): "client.responses.create",
    ("threads",): "client.conversations (threads, messages) and client.responses (runs)",
    ("threads", "messages"): "client.conversations.items",
    ("threads", "runs"): "client.responses",
}


def _reference_message(ref) -> str:
    dotted = ".".join(ref.path)
    if ref.path[0] == "assistants":
        counterpart = "the prompt registry (prompt_registry." + ref.path[-1] + ")" if len(ref.path) == 2 else "the prompt registry"
    else:
        counterpart = _COUNTERPARTS.get(ref.path, "its Responses / Conversations counterpart")
    what = "resource" if len(ref.path) == 1 else "method"
    return (f"the {what} `{dotted}` is named here, not called: the tool rewrites calls, so what calls it "
            f"later stays on the Assistants API; call {counterpart} there instead")


def _owner_of(path: Tuple[str, ...]) -> str:
    """The transform a call with no rule of its own belongs to, by its resource."""
    if path[0] == "assistants":
        return "assistants-to-registry"
    if path[0] == "vector_stores":
        return vector_stores.NAME
    if len(path) > 2 and path[1] == "runs" and path[2] == "steps":
        return "run-steps"
    if len(path) > 2 and path[1] == "runs":
        return "runs-to-responses"
    if len(path) > 2 and path[1] == "messages":
        return "messages-to-items"
    if any("stream" in part for part in path):
        return "streaming"
    if path[-1].startswith("create_and_run"):
        return "runs-to-responses"
    return "threads-to-conversations"


class _Uses:
    """The uses an audit reports: each call with its fate, the notes, the names of methods."""

    def __init__(self, planner: Planner) -> None:
        self.planner = planner
        # (node to place, kind, transform, level, finding, the node of the call holding it back)
        self.found: List[Tuple[cst.CSTNode, str, str, str, Optional[Finding], Optional[cst.CSTNode]]] = []

    def site(self, site: ApiSite, decision: Decision) -> None:
        owner = self.planner.owner.get(site) or _owner_of(site.api.path)
        kind = ".".join(site.api.path)
        if isinstance(decision, Left):
            blocker = decision.finding.blocker
            self.found.append((site.call, kind, owner, "manual", decision.finding, blocker.call if blocker else None))
        else:
            self.found.append((site.call, kind, owner, "auto", None, None))

    def note(self, statement: cst.CSTNode, note: Finding, owner: str) -> None:
        self.found.append((statement, note.code, owner, "note", note, None))

    def reference(self, ref, owner: str, finding: Optional[Finding]) -> None:
        self.found.append((ref.node, ".".join(ref.path), owner, "manual" if finding else "auto", finding, None))

    def records(self, tree: cst.Module) -> List[Dict[str, object]]:
        positions = MetadataWrapper(tree, unsafe_skip_copy=True).resolve(PositionProvider)
        out: List[Dict[str, object]] = []
        for node, kind, owner, level, finding, blocker in self.found:
            where = positions[node].start if node in positions else None
            if where is None:
                continue
            statement = self.planner.facts.statement_of(node)
            record: Dict[str, object] = {
                "line": where.line, "col": where.column + 1, "kind": kind, "transform": owner, "level": level,
                "code": finding.code if finding else "", "message": finding.message if finding else "",
                # whether the file as it is already carries a marker there (a known to-do)
                "marked": statement is not None and markers.has_marker(statement),
            }
            if blocker is not None and blocker in positions:
                start = positions[blocker].start
                record["blocked_by"] = (start.line, start.column + 1)
            out.append(record)
        return out

def _plan(facts: Facts, options: Mapping[str, object], enabled: Iterable[str]):
    """The planner's decisions; planned again, with those calls left from the start, while some call
    of an Azure client was rewritten into a conversation the configuration does not allow (each
    plan can only hold back more calls, so this ends). Only such files are planned twice. Whether a
    thread needs a conversation is known only after the simplifications (a one-shot thread needs
    none), and by then they may have folded messages into, or removed the wait loop of, a run that
    must stay: a plan with those calls left from the start is the one that never does."""
    planner = Planner(facts, options, enabled)
    decisions, read_plan = planner.plan()
    held: Dict[ApiSite, Finding] = {}
    while True:
        more = {site: finding for site, finding in azure.held_back(planner).items() if site not in held}
        if not more:
            return planner, decisions, read_plan
        held.update(more)
        planner = Planner(facts, options, enabled, held)
        decisions, read_plan = planner.plan()


def _azure_markers(planner: Planner, edits: Edits, uses: "_Uses") -> None:
    """The file's Foundry note (once, on its first rewritten Azure call), and an api_version marker on
    each Azure constructor given one too old for /responses (refreshed: it goes when the version does).
    An audit reports both, as it reports every marker apply would write."""
    target = azure.foundry_statement(planner, edits.removals)
    if target is not None:
        edits.mark(target, markers.text(azure.FOUNDRY.code, azure.FOUNDRY.message, note=True))
        uses.note(target, azure.FOUNDRY, "")
    for statement, finding in azure.old_versions(planner):
        edits.refresh.add(statement)
        if finding is not None:
            edits.mark(statement, markers.text(finding.code, finding.message))
            uses.found.append((statement, finding.code, "", "manual", finding, None))


def _add_helpers(module: cst.Module, requests: Requests, ctx: Context) -> cst.Module:
    wanted: List[str] = []
    for name in requests.helpers:
        for needed in (*helpers.REQUIRES.get(name, ()), name):
            if needed not in wanted:
                wanted.append(needed)
    if not wanted:
        return module
    defined = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}
    names: Dict[str, str] = {}
    new: List[cst.BaseStatement] = []
    for name in wanted:
        given = ctx.helper_names.get(name, name)
        names[name] = given
    shadowed = [b for b in ("str", "object") if b in ctx.facts.w.module_scope.bindings]
    for name in wanted:
        text = helpers.source(name, names[name], names)
        if shadowed:  # the module rebinds a builtin the annotations name
            text = helpers.with_builtins(text, shadowed)
            requests.need_import("builtins")
        if names[name] in defined:
            continue  # added by an earlier run
        # The docstring's line breaks are the file's own (a CRLF file stays CRLF inside strings too).
        new.append(_parsed_helper(text.replace("\n", module.default_newline), module.config_for_parsing))
        for imported in helpers.HELPERS[name][1]:
            requests.need_import(imported)
    if not new:
        return module
    body = list(module.body)
    at = 0
    while at < len(body) and _is_header(body[at]):
        at += 1
    spaced = [s.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()]) if (i or at) else s for i, s in enumerate(new)]
    if at < len(body):
        following = body[at]
        comments = [line for line in following.leading_lines if line.comment is not None]
        body[at] = following.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine(), *comments])
    body[at:at] = spaced
    return module.with_changes(body=body)


def _is_header(stmt: cst.CSTNode) -> bool:
    if not isinstance(stmt, cst.SimpleStatementLine):
        return False
    small = stmt.body[0]
    if isinstance(small, (cst.Import, cst.ImportFrom)):
        return True
    return isinstance(small, cst.Expr) and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString))


def _add_import(module: cst.Module, dotted: str) -> cst.Module:
    from transforms.imports import add_import

    return add_import(module, dotted)


@lru_cache(maxsize=64)
def _parsed_helper(text: str, config: cst.PartialParserConfig) -> cst.BaseStatement:
    """A helper function's tree: the same few texts in file after file, and libcst's trees are
    immutable, so one parse serves every module that gets the helper."""
    return cst.parse_statement(text, config=config)
