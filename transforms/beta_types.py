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

from dataclasses import dataclass
from functools import partial
from pathlib import PurePath
from typing import Dict, FrozenSet, Iterator, List, Optional, Tuple

import libcst as cst
from libcst.metadata import ScopeProvider

from transforms import api, build
from transforms.base import MigrationTransform
from transforms.collect import collect, foreign_callee
from transforms.edits import Edits, StmtResult
from transforms import markers

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


class Types(MigrationTransform):
    """openai.types.beta imports whose every use is an annotation follow the migrated code.

    from openai.types.beta.threads import Run; def ask() -> Run: ...
    ->  from openai.types.responses import Response; def ask() -> Response: ...
    """

    NAME = "types"
    METADATA_DEPENDENCIES = (ScopeProvider,)

    def plan(self, module: cst.Module) -> Edits:
        edits = Edits()
        collected = collect(module)
        self._collected = collected
        self._parents = collected.parents
        left = [
            site.api.path for site in collected.sites
            if site.api.path[0] in ("threads", "assistants")
            and not api.is_look_alike(site.api, self.get_metadata(ScopeProvider, site.stmt, None), collected.classes, collected.values)
        ]
        left_on_old_api = _LeftCalls(left)
        # A migrated `messages.list(run_id=run.id)` reads `response.output`: its messages are ResponseOutputMessage.
        self._reads_output = any(isinstance(n, cst.Attribute) and n.attr.value == "output" for n in collected.parents)
        for stmt in module.body:
            imported = _watched_import(stmt)
            if imported is None:
                continue
            old_module, aliases = imported
            scope = self.get_metadata(ScopeProvider, stmt, None)
            decisions = [self._decide(edits, scope, old_module, alias, left_on_old_api) for alias in aliases]
            problems = [d.problem for d in decisions if d.kind == "problem"]
            message = (("" if old_module in HANDLER_MODULES else "openai.types.beta ") + _joined(problems)) if problems else ""
            if all(d.kind in ("keep", "problem") for d in decisions):
                if old_module not in HANDLER_MODULES or any(alias.evaluated_name in HANDLERS for alias in aliases):
                    edits.refresh[stmt] = None  # only this transform marks these imports: a stale marker goes
                if message:
                    edits.mark(stmt, message)
                continue
            # The marker goes on the import that keeps the old names, not on the new ones beside it
            # (and _rebuild replaces a stale one).
            edits.statements[stmt] = partial(_rebuild, decisions=decisions, message=message)
        for stmt in collected.order:
            base = _handler_base(stmt)
            if base is not None:
                # A handler the streaming rewrite could not turn into a plain class (its streams are
                # marked): the class is to do by hand too, and says so where it is defined.
                text = f"{stmt.name.value} subclasses {base}: {HANDLER_INSTEAD}"  # type: ignore[attr-defined]
                edits.mark(stmt, markers.text(HANDLER_CLASS, text))
                edits.refresh[stmt] = (HANDLER_CLASS,)
            elif HANDLER_CLASS in markers.codes(markers.marker_texts(stmt)):
                edits.refresh[stmt] = (HANDLER_CLASS,)  # a plain class now: its marker goes
        return edits

    def _decide(self, edits: Edits, scope, old_module: str, alias: cst.ImportAlias, left_on_old_api: bool) -> _Decision:
        name = alias.evaluated_name
        local = alias.evaluated_alias or name
        references = _references(scope, local)
        unused = references is not None and not references
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
        collected = self._collected
        same = target[1] == local
        new_local = target[1] if same or collected.name_is_free(collected.module, target[1]) else local
        for node in uses:
            if new_local != local:
                edits.renames[node] = new_local
        imported = target[1] if new_local == target[1] else f"{target[1]} as {local}"
        return _Decision(alias, "move", target=(target[0], imported))

    def _is_package_init(self) -> bool:
        return PurePath(self.context.filename or "").name == "__init__.py"

    def _typing_uses(self, references: Optional[List[cst.CSTNode]]) -> Optional[List[cst.Name]]:
        if references is None:
            return None
        nodes = []
        for node in references:
            if not isinstance(node, cst.Name) or not _typing_position(self._collected, node):
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
        collected = self._collected
        owner, holder = self._annotated(use)
        made_elsewhere = self._made_elsewhere(owner)
        if made_elsewhere:
            # Nothing here says that module was migrated: its value may still be the old object.
            return f"the value is what {made_elsewhere}() returns, from another module"
        if new_name in AMBIGUOUS and _isinstance_class(collected, use):
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
        for var, node in self._annotated_names(owner, holder):
            for reader, read in self._reads(var, node, elements_only=mode == "element"):
                field_name = read.attr.value
                allowed = FIELDS.get(new_name)
                if (allowed is not None and field_name not in allowed) or field_name in OLD_ONLY.get(new_name, ()):
                    hint = HINTS.get((new_name, field_name), f"{new_name} has no `{field_name}`")
                    return f"`{reader}.{field_name}` reads the old object ({hint})"
                if new_name == "Message" and field_name == "content" and _old_text_read(collected, read):
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
        scope = self.get_metadata(ScopeProvider, owner, None)
        return foreign_callee(self._collected, value.func, scope) if scope is not None else None

    def _annotated(self, use: cst.Name) -> Tuple[Optional[cst.CSTNode], Optional[cst.CSTNode]]:
        """The node holding the annotation (Param, AnnAssign, FunctionDef returns, cast call) and its parent."""
        collected = self._collected
        node: Optional[cst.CSTNode] = use
        while node is not None and not isinstance(node, (cst.Annotation, cst.Arg)):
            node = collected.parent(node)
        if node is None:
            return None, None
        return collected.parent(node), node

    def _wrapping(self, use: cst.Name) -> str:
        """How the annotation holds the name: "direct" (`T`, `Optional[T]`), "element" (`List[T]`), else "other"."""
        collected = self._collected
        mode = "direct"
        node: Optional[cst.CSTNode] = collected.parent(use)
        while node is not None and not isinstance(node, (cst.Annotation, cst.Arg)):
            if isinstance(node, cst.Subscript):
                outer = node.value.attr.value if isinstance(node.value, cst.Attribute) else getattr(node.value, "value", "")
                if outer in ("Optional", "Union"):
                    pass
                elif outer in CONTAINERS and mode == "direct":
                    mode = "element"
                else:
                    return "other"
            node = collected.parent(node)
        return mode

    def _annotated_names(self, owner, holder) -> Iterator[Tuple[str, cst.CSTNode]]:
        """Names whose value the annotation describes: a parameter, an annotated variable, an isinstance'd name."""
        if isinstance(owner, cst.Param):
            yield owner.name.value, owner.name
        elif isinstance(owner, cst.AnnAssign) and isinstance(owner.target, cst.Name):
            yield owner.target.value, owner.target
        elif isinstance(owner, cst.Call) and isinstance(owner.func, cst.Name) and owner.func.value == "isinstance":
            first = owner.args[0].value if owner.args else None
            if isinstance(first, cst.Name):
                yield first.value, first

    def _reads(self, var: str, node: cst.CSTNode, elements_only: bool) -> Iterator[Tuple[str, cst.Attribute]]:
        """`var.x` reads, and those of the names that iterate `var` (`for m in var`, comprehensions).

        With ``elements_only`` (`List[T]`), `var`'s own attributes are the container's, not T's.
        """
        scope = self.get_metadata(ScopeProvider, node, None)
        if scope is None:
            return
        collected = self._collected
        seen = set()
        todo = [(scope, var, not elements_only)]
        while todo:
            scope, name, own = todo.pop()
            if (id(scope), name) in seen:
                continue
            seen.add((id(scope), name))
            for assignment in scope.assignments[name]:
                for access in assignment.references:
                    ref = access.node
                    parent = collected.parent(ref)
                    if isinstance(parent, cst.Attribute) and parent.value is ref:
                        if own:
                            yield name, parent
                    elif isinstance(parent, (cst.For, cst.CompFor)) and parent.iter is ref and isinstance(parent.target, cst.Name):
                        inner = self.get_metadata(ScopeProvider, parent.target, None)
                        if inner is not None:
                            todo.append((inner, parent.target.value, True))

    def _literals(self, owner, holder) -> Optional[List[cst.BaseExpression]]:
        """The literals an annotated TypedDict covers: an assigned literal (list items, `.append` calls), returns, cast."""
        collected = self._collected
        if isinstance(owner, cst.Call):  # cast(T, {...})
            value = owner.args[1].value if len(owner.args) > 1 else None
            return _items(value)
        if isinstance(owner, cst.AnnAssign) and owner.value is not None and isinstance(owner.target, cst.Name):
            found = _items(owner.value)
            if found is None:
                return None
            for access in (a for s in self._assignments(owner.target) for a in s.references):
                parent = collected.parent(access.node)
                call = collected.parent(parent) if isinstance(parent, cst.Attribute) else None
                if isinstance(parent, cst.Attribute) and parent.attr.value in ("append", "extend") and isinstance(call, cst.Call):
                    more = _items(call.args[0].value) if call.args else None
                    if more is None:
                        return None
                    found.extend(more)
            return found
        if isinstance(owner, cst.FunctionDef) and holder is owner.returns:
            found = []
            for ret in _returns(owner.body):
                more = _items(ret.value)
                if more is None:
                    return None
                found.extend(more)
            return found
        return None

    def _assignments(self, target: cst.Name):
        scope = self.get_metadata(ScopeProvider, target, None)
        return list(scope.assignments[target.value]) if scope is not None else []


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


def _returns(node: cst.CSTNode) -> Iterator[cst.Return]:
    for child in node.children:
        if isinstance(child, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        if isinstance(child, cst.Return):
            yield child
        else:
            yield from _returns(child)


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


def _old_text_read(collected, content: cst.Attribute) -> bool:
    """`x.content[i].text.value`: the old content block's text object."""
    subscript = collected.parent(content)
    text = collected.parent(subscript) if isinstance(subscript, cst.Subscript) else None
    value = collected.parent(text) if isinstance(text, cst.Attribute) and text.attr.value == "text" else None
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


def _references(scope, name: str) -> Optional[List[cst.CSTNode]]:
    if scope is None:
        return None
    return [access.node for assignment in scope.assignments[name] for access in assignment.references]


def _typing_position(collected, node: cst.CSTNode) -> bool:
    parent = collected.parent(node)
    while parent is not None and not isinstance(parent, cst.BaseStatement):
        if isinstance(parent, cst.Annotation):
            return True
        if isinstance(parent, cst.Arg):
            call = collected.parent(parent)
            if isinstance(call, cst.Call) and isinstance(call.func, cst.Name):
                position = next((i for i, arg in enumerate(call.args) if arg is parent), -1)
                if (call.func.value == "cast" and position == 0) or (call.func.value == "isinstance" and position == 1):
                    return True
            return False
        parent = collected.parent(parent)
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


def _isinstance_class(collected, use: cst.Name) -> bool:
    """``use`` is the class (or one of the classes) `isinstance(value, ...)` checks against."""
    node: cst.CSTNode = use
    parent = collected.parent(node)
    if isinstance(parent, cst.Element):
        node, parent = collected.parent(parent), collected.parent(collected.parent(parent))
    call = collected.parent(parent) if isinstance(parent, cst.Arg) else None
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
