"""What a rule gets and gives back: the facts, the call's arguments, and a Rewrite or a Left.

A rule turns one Assistants API call into its counterpart. It answers with a `Rewrite` (how to
build the new expression from the call as the other rewrites left it, and what the value is
now) or a `Left` (the call stays, under a marker saying what to do). Rules never edit the tree
themselves: the planner applies what they return, so that each call is decided on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Mapping, Optional, Sequence, Set, Tuple

import libcst as cst

from transforms import build
from transforms.facts import Facts, Typed
from transforms.facts.walk import ApiSite

Builder = Callable[[cst.BaseExpression], cst.BaseExpression]


@dataclass(frozen=True)
class Finding:
    """A marker's content: a stable code (a section of the reference), and what to do."""

    code: str
    message: str
    # The call whose finding holds this one back (this one follows once that one migrates).
    blocker: Optional[ApiSite] = field(default=None, compare=False)


@dataclass
class Rewrite:
    # Builds the replacement of the call's value (the `await` around the call, when awaited).
    build: Builder
    # What the value is once rewritten: reads of it follow this variant's field table.
    variant: str = ""
    notes: List[Finding] = field(default_factory=list)
    # Rebuilds the statement holding the call, once the call is rebuilt (None: unchanged).
    statement: Optional[Callable[[cst.CSTNode], cst.CSTNode]] = None
    # Other nodes the rewrite changes (a handler class a streamed run drives, a loop that goes),
    # each rebuilt from the node as the edits inside it left it. Removed statements map to None.
    # Rewrites sharing an edit (two streams driving one handler class) hand over the same callable:
    # it is applied once.
    edits: Dict[cst.CSTNode, Optional[Callable[[cst.CSTNode], cst.CSTNode]]] = field(default_factory=dict)
    # Other calls this rewrite only works together with (a stream and the tool outputs its handler
    # submits, two streams sharing a handler class): when one of them stays, this one stays too,
    # under the finding given for it.
    needs: Dict[ApiSite, Finding] = field(default_factory=dict)
    # Rewritten only if a simplification takes it into a run (message attachments); else left so.
    needs_fold: Optional[Finding] = None


@dataclass
class Left:
    finding: Finding


@dataclass
class Requests:
    """Module-level additions the rewrites need: imports and helper functions, by name."""

    imports: List[str] = field(default_factory=list)
    helpers: List[str] = field(default_factory=list)

    def need_import(self, dotted: str) -> None:
        if dotted not in self.imports:
            self.imports.append(dotted)

    def need_helper(self, name: str) -> str:
        if name not in self.helpers:
            self.helpers.append(name)
        return name


class Context:
    def __init__(self, facts: Facts, options: Mapping[str, object], requests: Requests) -> None:
        self.facts = facts
        self.options = options
        self.requests = requests
        # Sites the planner has decided to leave; rules read it to tell where a value comes from.
        self.left: Set[ApiSite] = set()
        self.helper_names: Dict[str, str] = {}
        # Set by the simplifications, read by the builders when they run:
        # input items folded into a run from the messages.create calls just before it,
        self.folded: Dict[ApiSite, List[cst.BaseExpression]] = {}
        # runs whose thread was used once and dropped (no conversation: a plain input),
        self.one_shot: Set[ApiSite] = set()
        # tool rounds chained by previous_response_id instead of a conversation,
        self.previous: Set[ApiSite] = set()
        # runs made in the foreground, the loop that waited on them gone,
        self.foreground: Set[ApiSite] = set()
        # what responses must include for reads elsewhere (a code interpreter's outputs),
        self.includes: Dict[ApiSite, List[str]] = {}
        # the tool_resources a run's thread was made with (a conversation keeps none),
        self.thread_resources: Dict[ApiSite, cst.BaseExpression] = {}
        # the attachments of the messages folded into a run,
        self.attachments: Dict[ApiSite, List[cst.BaseExpression]] = {}
        # the sites a rule made to stand for another (a streamed run decided as a polled one),
        self.aliases: Dict[ApiSite, ApiSite] = {}
        # and whether the registry keeps some thread's tool_resources (runs then name their thread).
        self.remembered = False
        # Calls a rule decided must stay with it, whatever their own rule says (a run re-read by ID
        # out of the reach of the tool round that would have to update it).
        self.held: Dict[ApiSite, Finding] = {}
        # What a rule works out once for the module and several calls share (a handler class's
        # plan), keyed by the rule's own keys.
        self.memo: Dict[object, object] = {}

    @property
    def registry(self) -> str:
        return str(self.options.get("prompt-registry") or "prompt_registry")

    def registry_call(self, function: str, args: Sequence[cst.Arg]) -> cst.Call:
        module = self.registry
        self.requests.need_import(module)
        return build.call(build.attr(cst.parse_expression(module), function), args)

    def helper(self, name: str) -> str:
        """The name under which the module helper ``name`` is added: its own name, unless the
        module binds that name to something else (then the first free numbered one)."""
        self.requests.need_helper(name)
        given = self.helper_names.get(name)
        if given is None:
            from transforms import helpers

            given = name
            number = 2
            while not self._free_for(given, name, helpers):
                given = f"{name}_{number}"
                number += 1
            self.helper_names[name] = given
        return given

    def _free_for(self, candidate: str, name: str, helpers) -> bool:
        scope = self.facts.w.module_scope
        found = scope.bindings.get(candidate)
        if not found:
            return not any(candidate in s.bindings for s in self.facts.w.scope_of_node.values())
        ours = helpers.source(name, candidate, {**self.helper_names, name: candidate}).strip()
        return all(b.how == "def" and code(b.node).strip() == ours for b in found)

    def typed(self, node: Optional[cst.CSTNode]) -> Optional[Typed]:
        return self.facts.typed(node)


def arg(site: ApiSite, name: str, position: Optional[int] = None) -> Optional[cst.Arg]:
    return site.api.arg(name, position)


def updated_arg(call: cst.Call, name: str, position: Optional[int] = None) -> Optional[cst.Arg]:
    """The argument ``name`` of ``call`` as the other rewrites left it."""
    positional = 0
    for a in call.args:
        if a.keyword is not None and a.keyword.value == name:
            return a
        if a.keyword is None and not a.star:
            if position is not None and positional == position:
                return a
            positional += 1
    return None


def call_of(value: cst.BaseExpression) -> cst.Call:
    """The call inside an awaited value."""
    inner = value.expression if isinstance(value, cst.Await) else value
    assert isinstance(inner, cst.Call)
    return inner


def receiver(call: cst.Call) -> cst.BaseExpression:
    """What comes before `.beta` in the call's chain: `client`, `self.client`, `openai`."""
    func = call.func
    while isinstance(func, cst.Attribute):
        if func.attr.value == "beta":
            return func.value
        func = func.value
    raise ValueError("not an Assistants API call")


def keywords(call: cst.Call, skip: Sequence[str] = (), positional: Sequence[str] = ()) -> List[Tuple[str, cst.Arg]]:
    """The call's arguments by name (positional ones named by ``positional``), minus ``skip``."""
    out = []
    index = 0
    for a in call.args:
        if a.keyword is None:
            if a.star:
                continue
            key = positional[index] if index < len(positional) else ""
            index += 1
        else:
            key = a.keyword.value
        if key and key not in skip:
            out.append((key, a))
    return out


def pairs(original: cst.Call, updated: cst.Call, positional: Sequence[str] = ()) -> List[Tuple[str, cst.Arg, cst.Arg]]:
    """(name, original argument, updated argument): the rewrites inside a call's arguments change
    their values, never their number or order."""
    out = []
    index = 0
    for before, after in zip(original.args, updated.args):
        if before.keyword is None:
            if before.star:
                out.append((before.star, before, after))
                continue
            key = positional[index] if index < len(positional) else ""
            index += 1
        else:
            key = before.keyword.value
        out.append((key, before, after))
    return out


def kwarg(name: str, value: cst.BaseExpression) -> cst.Arg:
    return build.kwarg(name, value)


def star_kwargs(value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(value=value, star="**")


def new_call(value: cst.BaseExpression, func: cst.BaseExpression, args: Sequence[cst.Arg], awaited: Optional[bool] = None) -> cst.BaseExpression:
    """``func(args)``, awaited as the old call was (unless ``awaited`` says otherwise), keeping the
    old call's line layout when it spread its arguments over lines."""
    old = call_of(value)
    args = sorted(args, key=lambda a: a.keyword is not None or bool(a.star))  # positional ones first
    laid_out = _layout(old, list(args))
    before = old.whitespace_before_args if _multiline(old) and isinstance(old.whitespace_before_args, cst.ParenthesizedWhitespace) else cst.SimpleWhitespace("")
    made: cst.BaseExpression = cst.Call(func=func, args=laid_out, whitespace_before_args=before)
    if not _multiline(old) and len(code(made)) > LONG and len(args) > 1:
        made = _one_per_line(func, args)
    keep_await = isinstance(value, cst.Await) if awaited is None else awaited
    if keep_await:
        made = value.with_changes(expression=made) if isinstance(value, cst.Await) else cst.Await(expression=made)
    return made


# A call written on one line that the rewrite makes longer than this goes one argument per line.
LONG = 72


def _one_per_line(func: cst.BaseExpression, args: List[cst.Arg]) -> cst.Call:
    def newline(extra: str) -> cst.ParenthesizedWhitespace:
        return cst.ParenthesizedWhitespace(first_line=cst.TrailingWhitespace(), empty_lines=[], indent=True,
                                           last_line=cst.SimpleWhitespace(extra))

    laid_out = [a.with_changes(comma=cst.Comma(whitespace_after=newline("" if i == len(args) - 1 else "    ")),
                               whitespace_after_arg=cst.SimpleWhitespace(""))
                for i, a in enumerate(args)]
    return cst.Call(func=func, args=laid_out, whitespace_before_args=newline("    "))


def _multiline(call: cst.Call) -> bool:
    return isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace) or any(
        isinstance(a.comma, cst.Comma) and isinstance(a.comma.whitespace_after, cst.ParenthesizedWhitespace) for a in call.args
    )


def _layout(old: cst.Call, args: List[cst.Arg]) -> List[cst.Arg]:
    """Separate ``args`` as the old call separated its own (one per line, or ", "); an argument
    kept from the old call keeps its own comma, and with it any comment after it."""
    if not args:
        return []
    multiline = _multiline(old)
    last = old.args[-1] if old.args else None
    if multiline:
        # The whitespace after "(" separates the arguments of a call laid out one per line;
        # a call that starts on the line of its "(" separates them as its first comma does.
        inner = old.whitespace_before_args
        if not isinstance(inner, cst.ParenthesizedWhitespace):
            inner = next(
                (a.comma.whitespace_after for a in old.args[:-1] if isinstance(a.comma, cst.Comma)
                 and isinstance(a.comma.whitespace_after, cst.ParenthesizedWhitespace)),
                cst.SimpleWhitespace(" "),
            )
        separator = cst.Comma(whitespace_after=inner)
    else:
        separator = build._COMMA_SPACE
    kept = {id(a) for a in old.args[:-1]}
    # A comment after the old last argument (`file_ids=ids  # note` then `)`) belongs to that argument.
    trailing = last.whitespace_after_arg if last is not None and multiline and not isinstance(last.comma, cst.Comma) \
        and isinstance(last.whitespace_after_arg, cst.ParenthesizedWhitespace) \
        and last.whitespace_after_arg.first_line.comment is not None else None
    out = []
    for index, a in enumerate(args):
        if index < len(args) - 1:
            own = a.comma if id(a) in kept and isinstance(a.comma, cst.Comma) else separator
            if trailing is not None and a is last and isinstance(separator.whitespace_after, cst.ParenthesizedWhitespace):
                own = cst.Comma(whitespace_after=separator.whitespace_after.with_changes(first_line=trailing.first_line))
                a = a.with_changes(whitespace_after_arg=cst.SimpleWhitespace(""))
            out.append(a.with_changes(comma=own))
        elif last is not None and multiline:
            # the closing parenthesis stays where it was: after a trailing comma, or on its own line
            after = last.whitespace_after_arg
            if trailing is not None and a is not last:
                after = trailing.with_changes(first_line=cst.TrailingWhitespace())
            out.append(a.with_changes(comma=last.comma, whitespace_after_arg=after))
        else:
            out.append(a.with_changes(comma=cst.MaybeSentinel.DEFAULT))
    return out


def code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)
