"""`openai.types.beta` names used in annotations become their Responses / Conversations types.

    from openai.types.beta.threads import Message, Run
    def show(m: Message) -> str: return m.role  /  def ask(q: str) -> Run: ...
    ->  from openai.types.conversations import Message ... from openai.types.responses import Response ...

Runs after the threads-and-runs transform, on its output: a type moves only when no Assistants
API call is left in the module (a left-over call still returns the old type), every use of the
name is an annotation, a `cast` or an `isinstance` check, and what is annotated reads as the new
type (no field of the old object only; a params dict written in the new form). Anything else keeps
the import, marked with what replaces it; an import nothing uses any more goes. The same holds
for `AssistantEventHandler`, whose handlers the streaming rewrite turned into plain classes.
"""

from __future__ import annotations

import re
from collections import ChainMap
from dataclasses import dataclass
from functools import partial
from pathlib import PurePath
from typing import Any, Callable, Dict, FrozenSet, Iterator, List, Mapping, Optional, Tuple

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from transforms import api, build, markers
from transforms.apply import Edits, StmtResult, apply
from transforms.facts import Facts, facts_of
from transforms.facts.walk import ApiSite, Binding, Scope, dotted
from transforms.name_uses import NameUses
from transforms.options import REPORT_USES

Parent = Callable[[cst.CSTNode], Optional[cst.CSTNode]]
# The code an audit gives this transform's import markers, which carry none of their own.
CODE = "types"

RESPONSES = "openai.types.responses"
CONVERSATIONS = "openai.types.conversations"

# (old module, old name) -> (new module, new name). Every new path exists in openai 1.109.1 and in
# the newest release the examples are run on (3.57.0).
MOVED: Dict[Tuple[str, str], Tuple[str, str]] = {
    ("openai.types.beta", "Thread"): (CONVERSATIONS, "Conversation"),
    ("openai.types.beta", "ThreadDeleted"): (CONVERSATIONS, "ConversationDeletedResource"),
    ("openai.types.beta.thread", "Thread"): (CONVERSATIONS, "Conversation"),
    ("openai.types.beta.threads", "Run"): (RESPONSES, "Response"),
    ("openai.types.beta.threads", "RunStatus"): (RESPONSES, "ResponseStatus"),
    ("openai.types.beta.threads.run", "Run"): (RESPONSES, "Response"),
    # History loops become conversation items filtered to `type == "message"`.
    ("openai.types.beta.threads", "Message"): (CONVERSATIONS, "Message"),
    ("openai.types.beta.threads.message", "Message"): (CONVERSATIONS, "Message"),
    # Tool loops iterate the response's `function_call` output items.
    ("openai.types.beta.threads", "RequiredActionFunctionToolCall"): (RESPONSES, "ResponseFunctionToolCall"),
    ("openai.types.beta.threads.required_action_function_tool_call", "RequiredActionFunctionToolCall"): (
        RESPONSES, "ResponseFunctionToolCall"),
    ("openai.types.beta.threads.runs", "FunctionToolCall"): (RESPONSES, "ResponseFunctionToolCall"),
    ("openai.types.beta.threads.runs.function_tool_call", "FunctionToolCall"): (RESPONSES, "ResponseFunctionToolCall"),
    ("openai.types.beta.threads.run_submit_tool_outputs_params", "ToolOutput"): (
        "openai.types.responses.response_input_item_param", "FunctionCallOutput"),
    ("openai.types.beta", "AssistantStreamEvent"): (RESPONSES, "ResponseStreamEvent"),
    ("openai.types.beta.assistant_stream_event", "AssistantStreamEvent"): (RESPONSES, "ResponseStreamEvent"),
    ("openai.types.beta.threads.run", "Usage"): (RESPONSES, "ResponseUsage"),
    ("openai.types.beta", "FunctionToolParam"): (RESPONSES, "FunctionToolParam"),
    ("openai.types.beta.function_tool_param", "FunctionToolParam"): (RESPONSES, "FunctionToolParam"),
    ("openai.types.beta", "FileSearchToolParam"): (RESPONSES, "FileSearchToolParam"),
    ("openai.types.beta.file_search_tool_param", "FileSearchToolParam"): (RESPONSES, "FileSearchToolParam"),
    ("openai.types.beta", "AssistantToolParam"): (RESPONSES, "ToolParam"),
    ("openai.types.beta.assistant_tool_param", "AssistantToolParam"): (RESPONSES, "ToolParam"),
}

_MODEL = frozenset({"model_dump", "model_dump_json", "model_copy", "to_dict", "to_json"})
# Fields of the new object (in both SDK releases): a value read for anything else is still the old one.
FIELDS: Dict[str, FrozenSet[str]] = {
    "Conversation": _MODEL | {"created_at", "id", "metadata", "object"},
    "ConversationDeletedResource": _MODEL | {"deleted", "id", "object"},
    "Response": _MODEL | {
        "background", "conversation", "created_at", "error", "id", "incomplete_details", "instructions",
        "max_output_tokens", "max_tool_calls", "metadata", "model", "object", "output", "output_text",
        "parallel_tool_calls", "previous_response_id", "prompt", "prompt_cache_key", "reasoning",
        "safety_identifier", "service_tier", "status", "temperature", "text", "tool_choice", "tools",
        "top_logprobs", "top_p", "truncation", "usage", "user",
    },
    "Message": _MODEL | {"content", "id", "role", "status", "type"},
    "ResponseFunctionToolCall": _MODEL | {"arguments", "call_id", "name", "status", "type"},
    "ResponseUsage": _MODEL | {"input_tokens", "input_tokens_details", "output_tokens", "output_tokens_details", "total_tokens"},
}
# Union types: only the old envelope is recognisable (`event.event`, `event.data`).
OLD_ONLY: Dict[str, FrozenSet[str]] = {"ResponseStreamEvent": frozenset({"event", "data"})}
# How an old field read is written on the new object, for the marker.
HINTS = {
    ("ResponseFunctionToolCall", "id"): "the call's ID is `.call_id` (`.id` is the fc_ item ID)",
    ("ResponseFunctionToolCall", "function"): "`.function.name` / `.function.arguments` are `.name` / `.arguments`",
    ("ResponseUsage", "prompt_tokens"): "`.prompt_tokens` is `.input_tokens`",
    ("ResponseUsage", "completion_tokens"): "`.completion_tokens` is `.output_tokens`",
    ("Message", "text.value"): "`.content[i].text.value` is `.content[i].text`",
}
# TypedDicts: the literal annotated with them must already be in the Responses form.
TYPED_DICTS = ("FunctionCallOutput", "FunctionToolParam", "FileSearchToolParam", "ToolParam")

# What replaces the names that have no one-to-one type, for the marker.
INSTEAD = {
    "Assistant": "no API object any more: the assistant's settings live in the code-managed prompt registry "
    "(prompt_registry.PromptSettings, from prompt_registry.lookup(assistant_id)); a hosted prompt is "
    "openai.types.responses.ResponsePrompt (response.prompt) / ResponsePromptParam (the prompt= argument)",
    "Message": "openai.types.conversations.Message (history) or openai.types.responses.ResponseOutputMessage (a reply)",
    "MessageContent": "a conversation message's content part is openai.types.conversations.message.Content "
    "(ResponseInputText for user text, ResponseOutputText for assistant text, ResponseOutputRefusal, ...)",
    "TextContentBlock": "a conversation message's text part is openai.types.responses.ResponseInputText (user) or "
    "ResponseOutputText (assistant), both in openai.types.conversations.message.Content; its text is a str",
    "Text": "the text is a plain str now (`.text.value` -> `.text`): annotate with str",
    "FileCitationAnnotation": "openai.types.responses.response_output_text.AnnotationFileCitation (file_id, filename, index)",
    "FilePathAnnotation": "openai.types.responses.response_output_text.AnnotationFilePath (file_id, index)",
    "Annotation": "openai.types.responses.response_output_text.Annotation",
    "AssistantStreamEvent": "openai.types.responses.ResponseStreamEvent",
    "TextDelta": "the str in ResponseTextDeltaEvent.delta",
    "MessageDeltaEvent": "openai.types.responses.ResponseTextDeltaEvent",
    "RequiredActionFunctionToolCall": "openai.types.responses.ResponseFunctionToolCall",
    "FunctionToolCall": "openai.types.responses.ResponseFunctionToolCall",
    "ToolCall": "openai.types.responses.ResponseOutputItem (a function call is ResponseFunctionToolCall)",
    "RunStep": "openai.types.responses.ResponseOutputItem",
    "Usage": "openai.types.responses.ResponseUsage (input_tokens, output_tokens, total_tokens)",
    "ToolOutput": "openai.types.responses.response_input_item_param.FunctionCallOutput "
    '({"type": "function_call_output", "call_id": ..., "output": ...})',
    "FunctionToolParam": "openai.types.responses.FunctionToolParam (flat: name, parameters, strict at the top)",
    "FileSearchToolParam": "openai.types.responses.FileSearchToolParam (vector_store_ids at the top)",
    "AssistantToolParam": "openai.types.responses.ToolParam",
    "CodeInterpreterToolParam": "openai.types.responses.tool_param.CodeInterpreter (container required)",
    "MessageCreateParams": "openai.types.responses.EasyInputMessageParam (an input item)",
    "MessageContentPartParam": "openai.types.responses.ResponseInputTextParam / ResponseInputImageParam / ResponseInputFileParam",
}
# Where the new type depends on where the value comes from: a history item or a reply's output message.
AMBIGUOUS = ("Message",)
# Annotations of collections whose elements are the annotated type (`List[Message]`).
CONTAINERS = ("List", "list", "Sequence", "Iterable", "Iterator", "Tuple", "tuple", "Set", "set", "Collection")
HANDLERS = ("AssistantEventHandler", "AsyncAssistantEventHandler")
HANDLER_MODULES = ("openai", "openai.lib.streaming")
HANDLER_CLASS = "handler-class"  # the code of the marker on a handler class left as it was
HANDLER_INSTEAD = (
    "no Responses counterpart: iterate the events of client.responses.stream(...) (branch on event.type) "
    "and call the handler's hooks from that loop"
)


@dataclass
class _Decision:
    alias: cst.ImportAlias
    kind: str  # "keep", "move", "drop", "problem"
    target: Optional[Tuple[str, str]] = None  # (module, "Name" or "Name as local")
    problem: str = ""


# The calls whose results a moved name describes: while one of them is left on the Assistants API,
# a value annotated with the name may still be the old object; calls of other kinds do not matter.
MADE_BY: Dict[str, Tuple[Tuple[str, ...], ...]] = {
    "Run": (("threads", "runs"), ("threads", "create_and_run"), ("threads", "create_and_run_poll")),
    "RunStatus": (("threads", "runs"), ("threads", "create_and_run"), ("threads", "create_and_run_poll")),
    "Usage": (("threads", "runs"), ("threads", "create_and_run"), ("threads", "create_and_run_poll")),
    "RequiredActionFunctionToolCall": (("threads", "runs"), ("threads", "create_and_run"), ("threads", "create_and_run_poll")),
    "FunctionToolCall": (("threads", "runs"),),
    "ToolOutput": (("threads", "runs"),),
    "Thread": (("threads", "create"), ("threads", "retrieve"), ("threads", "update"), ("threads", "modify")),
    "ThreadDeleted": (("threads", "delete"),),
    "Message": (("threads", "messages"),),
    "AssistantStreamEvent": (("threads", "runs", "stream"), ("threads", "runs", "create"), ("threads", "create_and_run")),
}


class _LeftCalls:
    def __init__(self, paths) -> None:
        self.paths = list(paths)
        self.any = bool(self.paths)

    def make(self, name: str) -> bool:
        """Whether a call left on the Assistants API may still give a value the name describes."""
        prefixes = MADE_BY.get(name)
        if prefixes is None:
            return self.any
        return any(path[: len(prefix)] == prefix for path in self.paths for prefix in prefixes)


class Types:
    """openai.types.beta imports whose every use is an annotation follow the migrated code.

    from openai.types.beta.threads import Run; def ask() -> Run: ...
    ->  from openai.types.responses import Response; def ask() -> Response: ...
    """

    NAME = "types"

    # ``context``: the engine's (``filename``, and ``scratch`` for what this stage tells it).
    def __init__(self, context: Any, options: Optional[Mapping[str, Any]] = None) -> None:
        self.context = context
        self.options: Mapping[str, Any] = options or {}

    def transform_module(self, tree: cst.Module) -> cst.Module:
        tree = markers.header_to_first_statement(tree)
        edits, marked = self.plan(tree)
        if self.options.get(REPORT_USES) and marked:
            self.context.scratch[REPORT_USES] = _marked_uses(tree, marked)
        if not edits:
            return markers.layout(tree)
        result = apply(tree, self._parents, edits)
        first = tree.body[0] if tree.body else None
        if result.body and first is not None and result.body[0] is not first:
            result = _without_leading_blank_lines(result)
        return markers.layout(result)

    def plan(self, module: cst.Module) -> Tuple[Edits, Dict[cst.CSTNode, str]]:
        edits = Edits()
        marked: Dict[cst.CSTNode, str] = {}  # what an audit reports: the statements marked, with their marker
        facts = facts_of(module)
        self.facts = facts
        self._module = module
        self._code: Optional[str] = None
        # The walk links a return annotation to nothing: the edits inside one need the path up.
        returns: Dict[cst.CSTNode, cst.CSTNode] = {
            f.returns: f for f in facts.w.returns if isinstance(f, cst.FunctionDef) and f.returns is not None
        }
        self._parents: Mapping[cst.CSTNode, cst.CSTNode] = ChainMap(returns, facts.parents)
        self._uses = NameUses(facts, self._parents)
        left = [
            site.api.path for site in (*facts.sites, *facts.look_alikes)
            if site.api.path[0] in ("threads", "assistants") and not _look_alike(facts, site)
        ]
        left_on_old_api = _LeftCalls(left)
        # A migrated `messages.list(run_id=run.id)` reads `response.output`: its messages are ResponseOutputMessage.
        self._reads_output = _reads_output(facts)
        for stmt in module.body:
            imported = _watched_import(stmt)
            if imported is None:
                continue
            old_module, aliases = imported
            decisions = [self._decide(edits, old_module, alias, left_on_old_api) for alias in aliases]
            problems = [d.problem for d in decisions if d.kind == "problem"]
            message = (("" if old_module in HANDLER_MODULES else "openai.types.beta ") + _joined(problems)) if problems else ""
            if all(d.kind in ("keep", "problem") for d in decisions):
                # only this transform marks these imports: a stale marker goes
                edits.refresh.add(stmt)
                if message:
                    edits.mark(stmt, message)
                    marked[stmt] = message
                continue
            # The marker goes on the import that keeps the old names, not on the new ones beside it
            # (and _rebuild replaces a stale one).
            edits.statements[stmt] = partial(_rebuild, decisions=decisions, message=message)
        for statement in facts.w.statements:
            base = _handler_base(statement)
            if base is not None:
                # A handler the streaming rewrite could not turn into a plain class (its streams are
                # marked): the class is to do by hand too, and says so where it is defined.
                text = markers.text(HANDLER_CLASS, f"{statement.name.value} subclasses {base}: {HANDLER_INSTEAD}")  # type: ignore[attr-defined]
                edits.statements[statement] = partial(_handler_marker, texts=(text,))
                marked[statement] = text
            elif HANDLER_CLASS in markers.codes(markers.marker_texts(statement)):
                edits.statements[statement] = partial(_handler_marker, texts=())  # a plain class now: its marker goes
        return edits, marked

    def _decide(self, edits: Edits, old_module: str, alias: cst.ImportAlias, left_on_old_api: _LeftCalls) -> _Decision:
        name = alias.evaluated_name
        local = alias.evaluated_alias or name
        references = self._uses.of(self.facts.w.module_scope, local)
        unused = not references
        # `from m import X as X` or a package's __init__: other modules may import the name from here.
        exported = unused and (local == name and alias.asname is not None or self._is_package_init())
        if old_module in HANDLER_MODULES:
            if name not in HANDLERS:
                return _Decision(alias, "keep")
            if not unused:
                return _Decision(alias, "problem", problem=f"{name}: {HANDLER_INSTEAD}")
            return _Decision(alias, "keep" if left_on_old_api.any or exported else "drop")
        if unused and not exported and not left_on_old_api.any:
            return _Decision(alias, "drop")  # nothing uses it once the calls here are migrated
        target = MOVED.get((old_module, name))
        instead = f"{target[0]}.{target[1]}" if target else INSTEAD.get(name, "no one-to-one Responses type (docs/reference.md#types)")
        if exported:
            return _Decision(alias, "problem", problem=f"{name} is re-exported from here: {INSTEAD.get(name) if name in AMBIGUOUS else instead}")
        if target is None:
            return _Decision(alias, "problem", problem=f"{name}: {instead}")
        where = instead
        if left_on_old_api.make(name):
            later = INSTEAD[name] if name in AMBIGUOUS else f"becomes {where} once the calls here are migrated"
            return _Decision(alias, "problem", problem=f"{name}: {later}")
        if name in AMBIGUOUS and self._reads_output:
            return _Decision(alias, "problem", problem=f"{name}: this module reads response.output, whose messages are "
                             "openai.types.responses.ResponseOutputMessage; history items are openai.types.conversations.Message")
        uses = self._typing_uses(references)
        if uses is None:
            return _Decision(alias, "problem", problem=f"{name} is used other than in annotations: {where} is its Responses type")
        old_shape = self._old_shape(uses, target[1])
        if old_shape:
            return _Decision(alias, "problem", problem=f"{name}: {old_shape}; {where} once that is migrated")
        same = target[1] == local
        new_local = target[1] if same or self._name_is_free(target[1]) else local
        if new_local != local:
            for node in uses:
                edits.expressions[node] = partial(_renamed, name=new_local)
        imported = target[1] if new_local == target[1] else f"{target[1]} as {local}"
        return _Decision(alias, "move", target=(target[0], imported))

    def _name_is_free(self, name: str) -> bool:
        """True when ``name`` appears nowhere in the module's code, so the new import cannot shadow anything."""
        if self._code is None:
            self._code = self._module.code
        return re.search(rf"\b{re.escape(name)}\b", self._code) is None

    def _is_package_init(self) -> bool:
        return PurePath(self.context.filename or "").name == "__init__.py"

    def _parent(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        return self._parents.get(node)

    def _typing_uses(self, references: List[cst.CSTNode]) -> Optional[List[cst.Name]]:
        nodes = []
        for node in references:
            if not isinstance(node, cst.Name) or not _typing_position(self._parent, node):
                return None
            nodes.append(node)
        return nodes

    # -- does what the annotation covers read as the new type?

    def _old_shape(self, uses: List[cst.Name], new_name: str) -> str:
        """Why a value annotated with the name is still the old object ("" when nothing says so)."""
        for use in uses:
            problem = self._old_shape_of(use, new_name)
            if problem:
                return problem
        return ""

    def _old_shape_of(self, use: cst.Name, new_name: str) -> str:
        owner, holder = self._annotated(use)
        made_elsewhere = self._made_elsewhere(owner)
        if made_elsewhere:
            # Nothing here says that module was migrated: its value may still be the old object.
            return f"the value is what {made_elsewhere}() returns, from another module"
        if new_name in AMBIGUOUS and _isinstance_class(self._parent, use):
            # A runtime check: a value of the other new class would now fail it, silently.
            return f"isinstance(..., {use.value}) checks at run time, and the migrated code hands over either class: {INSTEAD[new_name]}"
        if new_name in TYPED_DICTS:
            literals = self._literals(owner, holder)
            if literals is None:
                return "the annotated dict is not a literal here, so its form cannot be checked"
            for literal in literals:
                problem = _dict_form(new_name, literal)
                if problem:
                    return problem
            return ""
        if new_name not in FIELDS and new_name not in OLD_ONLY:
            return ""
        mode = self._wrapping(use)
        if mode == "other":
            return ""  # a dict value, a callable's argument...: not followed
        for var, scope in self._annotated_names(owner):
            for reader, read in self._reads(var, scope, elements_only=mode == "element"):
                field_name = read.attr.value
                allowed = FIELDS.get(new_name)
                if (allowed is not None and field_name not in allowed) or field_name in OLD_ONLY.get(new_name, ()):
                    hint = HINTS.get((new_name, field_name), f"{new_name} has no `{field_name}`")
                    return f"`{reader}.{field_name}` reads the old object ({hint})"
                if new_name == "Message" and field_name == "content" and _old_text_read(self._parent, read):
                    return f"`{reader}.content[i].text.value` reads the old content block ({HINTS[('Message', 'text.value')]})"
        return ""

    def _made_elsewhere(self, owner: Optional[cst.CSTNode]) -> Optional[str]:
        """`x: Run = other_module.make_run(...)`: the callee from another module, else None."""
        if not isinstance(owner, cst.AnnAssign):
            return None
        value = owner.value
        if isinstance(value, cst.Await):
            value = value.expression
        if not isinstance(value, cst.Call) or api.match(value) is not None:
            return None  # the client's own call: migrated here
        return _foreign_callee(self.facts, value.func, self.facts.scope_at(owner))

    def _annotated(self, use: cst.Name) -> Tuple[Optional[cst.CSTNode], Optional[cst.CSTNode]]:
        """The node holding the annotation (Param, AnnAssign, FunctionDef returns, cast call) and its parent."""
        node: Optional[cst.CSTNode] = use
        while node is not None and not isinstance(node, (cst.Annotation, cst.Arg)):
            node = self._parent(node)
        if node is None:
            return None, None
        return self._parent(node), node

    def _wrapping(self, use: cst.Name) -> str:
        """How the annotation holds the name: "direct" (`T`, `Optional[T]`), "element" (`List[T]`), else "other"."""
        mode = "direct"
        node: Optional[cst.CSTNode] = self._parent(use)
        while node is not None and not isinstance(node, (cst.Annotation, cst.Arg)):
            if isinstance(node, cst.Subscript):
                outer = node.value.attr.value if isinstance(node.value, cst.Attribute) else getattr(node.value, "value", "")
                if outer in ("Optional", "Union"):
                    pass
                elif outer in CONTAINERS and mode == "direct":
                    mode = "element"
                else:
                    return "other"
            node = self._parent(node)
        return mode

    def _annotated_names(self, owner) -> Iterator[Tuple[str, Optional[Scope]]]:
        """Names whose value the annotation describes (a parameter, an annotated variable, an
        isinstance'd name), each with the scope that binds it."""
        facts = self.facts
        if isinstance(owner, cst.Param):
            yield owner.name.value, _binding_scope(facts, owner.name)
        elif isinstance(owner, cst.AnnAssign) and isinstance(owner.target, cst.Name):
            yield owner.target.value, _binding_scope(facts, owner.target)
        elif isinstance(owner, cst.Call) and isinstance(owner.func, cst.Name) and owner.func.value == "isinstance":
            first = owner.args[0].value if owner.args else None
            if isinstance(first, cst.Name):
                yield first.value, facts.w.read_scope.get(first)

    def _reads(self, var: str, scope: Optional[Scope], elements_only: bool) -> Iterator[Tuple[str, cst.Attribute]]:
        """`var.x` reads, and those of the names that iterate `var` (`for m in var`, comprehensions).

        With ``elements_only`` (`List[T]`), `var`'s own attributes are the container's, not T's.
        """
        if scope is None:
            return
        seen = set()
        todo = [(scope, var, not elements_only)]
        while todo:
            scope, name, own = todo.pop()
            if (id(scope), name) in seen:
                continue
            seen.add((id(scope), name))
            if name not in scope.bindings:
                continue
            for ref in self._uses.of(scope, name):
                parent = self._parent(ref)
                if isinstance(parent, cst.Attribute) and parent.value is ref:
                    if own:
                        yield name, parent
                elif isinstance(parent, (cst.For, cst.CompFor)) and parent.iter is ref and isinstance(parent.target, cst.Name):
                    inner = _binding_scope(self.facts, parent.target)
                    if inner is not None:
                        todo.append((inner, parent.target.value, True))

    def _literals(self, owner, holder) -> Optional[List[cst.BaseExpression]]:
        """The literals an annotated TypedDict covers: an assigned literal (list items, `.append` calls), returns, cast."""
        if isinstance(owner, cst.Call):  # cast(T, {...})
            value = owner.args[1].value if len(owner.args) > 1 else None
            return _items(value)
        if isinstance(owner, cst.AnnAssign) and owner.value is not None and isinstance(owner.target, cst.Name):
            found = _items(owner.value)
            if found is None:
                return None
            scope = _binding_scope(self.facts, owner.target)
            for ref in self._uses.of(scope, owner.target.value) if scope is not None else ():
                parent = self._parent(ref)
                call = self._parent(parent) if isinstance(parent, cst.Attribute) else None
                if isinstance(parent, cst.Attribute) and parent.attr.value in ("append", "extend") and isinstance(call, cst.Call):
                    more = _items(call.args[0].value) if call.args else None
                    if more is None:
                        return None
                    found.extend(more)
            return found
        if isinstance(owner, cst.FunctionDef) and holder is owner.returns:
            found = []
            for ret in self.facts.w.returns.get(owner, ()):
                if not isinstance(ret, cst.Return):
                    continue
                more = _items(ret.value)
                if more is None:
                    return None
                found.extend(more)
            return found
        return None


def _binding_scope(facts: Facts, target: cst.CSTNode) -> Optional[Scope]:
    binding = facts.w.bindings_at.get(target)
    return binding.scope if binding is not None else None


def _renamed(updated: cst.CSTNode, name: str) -> cst.CSTNode:
    assert isinstance(updated, cst.Name)
    return updated.with_changes(value=name)


def _handler_marker(updated: cst.CSTNode, texts: Tuple[str, ...]) -> StmtResult:
    """The class with its handler-class marker refreshed (the other markers are not this transform's)."""
    assert isinstance(updated, cst.ClassDef)
    return markers.refresh(updated, texts, True, lambda group: group.code == HANDLER_CLASS)


def _look_alike(facts: Facts, site: ApiSite) -> bool:
    """True when the call's receiver is provably not an OpenAI client: a plain name whose every
    binding in its scope is a class, an instance of a module-level class or a stand-in, or a literal.

    (The facts' own look-alike rule follows the bindings that reach the call; this one, older,
    looks at every binding of the name, and the markers this transform writes were set by it.)
    """
    receiver = site.api.receiver
    if not isinstance(receiver, cst.Name):
        return False
    found = facts.lookup(facts.scope_at(site.statement), receiver.value)
    if not found:
        return False
    for binding in found:
        if binding.how == "class":
            continue
        value = _single_value(facts, binding)
        if value is None:
            return False
        if isinstance(value, (cst.Dict, cst.List, cst.Tuple, cst.Set, cst.SimpleString, cst.Integer)):
            continue
        if isinstance(value, cst.Call):
            base, names = api.attribute_chain(value.func)
            callee = names[-1] if names else (base.value if isinstance(base, cst.Name) else None)
            if callee in ("SimpleNamespace", "Mock", "MagicMock", "AsyncMock") or (
                callee is not None and any(b.how == "class" for b in facts.w.module_scope.bindings.get(callee, ()))
            ):
                continue
        return False
    return True


def _single_value(facts: Facts, binding: Binding) -> Optional[cst.BaseExpression]:
    """The value of `name = value` (one target, the whole of it) or `name: T = value`; else None."""
    if binding.how == "annassign":
        return binding.value
    if binding.how != "assign" or binding.path:
        return None
    target = facts.parent(binding.node)
    assign = facts.parent(target) if isinstance(target, cst.AssignTarget) else None
    return binding.value if isinstance(assign, cst.Assign) and len(assign.targets) == 1 else None


def _reads_output(facts: Facts) -> bool:
    """Whether any attribute anywhere in the module is named `output` (import paths included)."""
    w = facts.w
    if any(node.attr.value == "output" for node in (*w.attributes, *w.stores)) or any(attr == "output" for _, attr in w.self_sets):
        return True
    for binding in w.bindings_at.values():
        if binding.how == "import":
            alias = binding.node
            statement = facts.parent(alias)
            paths = [dotted(alias.name)] if isinstance(alias, cst.ImportAlias) else []
            if isinstance(statement, cst.ImportFrom) and statement.module is not None:
                paths.append(dotted(statement.module))
            if any("output" in path.split(".")[1:] for path in paths):
                return True
    return False


def _foreign_callee(facts: Facts, func: cst.BaseExpression, scope: Scope) -> Optional[str]:
    """`ask` / `helpers.ask` / `agent.chat` (agent = an imported class's instance): code from another module."""
    root = func
    while isinstance(root, cst.Attribute):
        root = root.value
    if not isinstance(root, cst.Name) or root.value in ("self", "cls"):
        return None
    bindings = facts.lookup(scope, root.value)
    if not bindings:
        return None
    for binding in bindings:
        if binding.how == "import":
            if _from_openai(facts, binding):
                return None  # the SDK itself (`openai.beta...`): the rewrite's own business
            continue
        target = facts.parent(binding.node) if binding.how == "assign" and not binding.path else None
        value = binding.value if isinstance(target, cst.AssignTarget) else None  # `agent = Agent()`
        made = value.func if isinstance(value, cst.Call) else None
        makers = facts.lookup(scope, made.value) if isinstance(made, cst.Name) else []
        if not makers or not all(b.how == "import" for b in makers):
            return None  # defined here, or made from something defined here
        if any(_from_openai(facts, b) for b in makers):
            return None  # a client of the SDK (`client = OpenAI()`)
    return facts.module.code_for_node(func).strip()


def _from_openai(facts: Facts, binding: Binding) -> bool:
    """`import openai` / `from openai import OpenAI` / `from openai.x import y`."""
    node = facts.parent(binding.node)
    if isinstance(node, cst.ImportFrom):
        module = dotted(node.module) if node.module is not None else ""
        return not node.relative and (module == "openai" or module.startswith("openai."))
    if isinstance(node, cst.Import):
        return any(dotted(a.name).split(".")[0] == "openai" for a in node.names)
    return False


def _items(value: Optional[cst.BaseExpression]) -> Optional[List[cst.BaseExpression]]:
    """The dict literals of ``value`` (itself, or the elements of a list literal); None for anything else."""
    if isinstance(value, cst.Dict):
        return [value]
    if isinstance(value, (cst.List, cst.Tuple)):
        found: List[cst.BaseExpression] = []
        for element in value.elements:
            if not isinstance(element, cst.Element) or not isinstance(element.value, cst.Dict):
                return None
            found.append(element.value)
        return found
    return None


def _keys(literal: cst.Dict) -> Optional[Dict[str, cst.BaseExpression]]:
    keys: Dict[str, cst.BaseExpression] = {}
    for element in literal.elements:
        key = build.literal_string(element.key) if isinstance(element, cst.DictElement) else None
        if key is None:
            return None
        keys[key] = element.value
    return keys


def _dict_form(new_name: str, literal: cst.BaseExpression) -> str:
    """Why a dict literal is not ``new_name`` in the Responses form ("" when it is)."""
    keys = _keys(literal) if isinstance(literal, cst.Dict) else None
    if keys is None:
        return "the annotated dict's keys are not all string literals"
    kind = build.literal_string(keys["type"]) if "type" in keys else None
    if new_name == "FunctionCallOutput":
        ok = kind == "function_call_output" and {"call_id", "output"} <= set(keys) and "tool_call_id" not in keys
        return "" if ok else 'the tool output dict is in the old form ({"tool_call_id": ..., "output": ...})'
    if new_name == "FunctionToolParam" or (new_name == "ToolParam" and kind == "function"):
        ok = kind == "function" and {"name", "parameters", "strict"} <= set(keys) and "function" not in keys
        return "" if ok else 'the function tool is in the nested form ({"type": "function", "function": {...}})'
    if new_name == "FileSearchToolParam" or (new_name == "ToolParam" and kind == "file_search"):
        ok = kind == "file_search" and "vector_store_ids" in keys and "file_search" not in keys
        return "" if ok else "the file_search tool has no vector_store_ids at the top"
    if new_name == "ToolParam" and kind == "code_interpreter":
        return "" if "container" in keys else "the code_interpreter tool has no container"
    return f"a {kind!r} tool dict: check it against openai.types.responses.ToolParam"


def _old_text_read(parent: Parent, content: cst.Attribute) -> bool:
    """`x.content[i].text.value`: the old content block's text object."""
    subscript = parent(content)
    text = parent(subscript) if isinstance(subscript, cst.Subscript) else None
    value = parent(text) if isinstance(text, cst.Attribute) and text.attr.value == "text" else None
    return isinstance(value, cst.Attribute) and value.attr.value == "value"


def _watched_import(stmt: cst.CSTNode) -> Optional[Tuple[str, List[cst.ImportAlias]]]:
    """A top-level `from openai.types.beta... import ...`, or an import of the event handler bases."""
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.ImportFrom)):
        return None
    node = stmt.body[0]
    if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
        return None
    module = cst.Module(body=[]).code_for_node(node.module)
    if module.startswith("openai.types.beta"):
        return module, list(node.names)
    if module in HANDLER_MODULES and any(a.evaluated_name in HANDLERS for a in node.names):
        return module, list(node.names)
    return None


def _typing_position(parent_of: Parent, node: cst.CSTNode) -> bool:
    parent = parent_of(node)
    while parent is not None and not isinstance(parent, cst.BaseStatement):
        if isinstance(parent, cst.Annotation):
            return True
        if isinstance(parent, cst.Arg):
            call = parent_of(parent)
            if isinstance(call, cst.Call) and isinstance(call.func, cst.Name):
                position = next((i for i, arg in enumerate(call.args) if arg is parent), -1)
                if (call.func.value == "cast" and position == 0) or (call.func.value == "isinstance" and position == 1):
                    return True
            return False
        parent = parent_of(parent)
    return False


def _handler_base(stmt: cst.CSTNode) -> Optional[str]:
    """The AssistantEventHandler base of a class statement, as written; else None."""
    if not isinstance(stmt, cst.ClassDef):
        return None
    for base in stmt.bases:
        written = cst.Module(body=[]).code_for_node(base.value)
        if written.endswith(HANDLERS):
            return written
    return None


def _rebuild(updated: cst.CSTNode, decisions: List[_Decision], message: str) -> StmtResult:
    """The old import with the names it still needs (marked), then one import per moved name."""
    assert isinstance(updated, cst.SimpleStatementLine)
    node = updated.body[0]
    assert isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar)
    staying = {d.alias.evaluated_alias or d.alias.evaluated_name for d in decisions if d.kind in ("keep", "problem")}
    names = [a for a in node.names if (a.evaluated_alias or a.evaluated_name) in staying]
    lines: List[cst.SimpleStatementLine] = []
    if names:
        names[-1] = names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        kept = updated.with_changes(body=[node.with_changes(names=names)])
        lines.append(markers.refresh(kept, [message] if message else [], True))
    by_module: Dict[str, List[str]] = {}
    for decision in decisions:
        if decision.kind == "move" and decision.target is not None:
            module, name = decision.target
            if name not in by_module.setdefault(module, []):
                by_module[module].append(name)
    for module, imported_names in by_module.items():
        imported = []
        for name in imported_names:
            alias, _, asname = name.partition(" as ")
            imported.append(cst.ImportAlias(name=cst.Name(alias), asname=cst.AsName(name=cst.Name(asname)) if asname else None))
        lines.append(cst.SimpleStatementLine(body=[cst.ImportFrom(module=_dotted(module), names=imported)]))
    if not lines:
        return cst.RemovalSentinel.REMOVE
    if not names:
        lines[0] = lines[0].with_changes(leading_lines=markers.strip(updated).leading_lines)
    return cst.FlattenSentinel(lines) if len(lines) > 1 else lines[0]


def _dotted(module: str) -> cst.Attribute | cst.Name:
    head, *rest = module.split(".")
    node: cst.Attribute | cst.Name = cst.Name(head)
    for part in rest:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


def _isinstance_class(parent_of: Parent, use: cst.Name) -> bool:
    """``use`` is the class (or one of the classes) `isinstance(value, ...)` checks against."""
    parent = parent_of(use)
    if isinstance(parent, cst.Element):
        parent = parent_of(parent_of(parent))  # type: ignore[arg-type]
    call = parent_of(parent) if isinstance(parent, cst.Arg) else None
    return (
        isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "isinstance"
        and len(call.args) == 2 and call.args[1] is parent
    )


def _joined(problems: List[str]) -> str:
    """The import's problems, names that share one reason said together (`A, B: no one-to-one ...`)."""
    reasons: Dict[str, List[str]] = {}
    for problem in problems:
        name, sep, reason = problem.partition(": ")
        reasons.setdefault(reason if sep else problem, []).append(name if sep else "")
    return "; ".join(f"{', '.join(names)}: {reason}" if all(names) else reason for reason, names in reasons.items())


def _marked_uses(tree: cst.Module, marked: Mapping[cst.CSTNode, str]) -> List[Dict[str, object]]:
    """What an audit reports of this transform: the statements it marks."""
    positions = MetadataWrapper(tree, unsafe_skip_copy=True).resolve(PositionProvider)
    out: List[Dict[str, object]] = []
    for stmt, message in marked.items():
        start = positions[stmt].start
        found = markers.codes([message])
        record: Dict[str, object] = {
            "line": start.line, "col": start.column + 1, "kind": Types.NAME, "level": "manual", "code": CODE,
            "message": message, "transform": Types.NAME, "marked": markers.has_marker(stmt),
        }
        if found:
            record["code"] = found[0]
        out.append(record)
    return out


def _without_leading_blank_lines(module: cst.Module) -> cst.Module:
    """Removing a file's first statement (often `import time`) must not leave it opening on a blank line."""
    head = module.body[0]
    lines = list(head.leading_lines)
    while lines and lines[0].comment is None and not module.header:
        lines.pop(0)
    return module.with_changes(body=[head.with_changes(leading_lines=lines), *module.body[1:]])
