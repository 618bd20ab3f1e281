"""Assistants shapes to Responses shapes: message content, input items, run parameters.

Each converter returns the new node, or a `Blocked` saying why the shape has no safe rewrite;
the caller then leaves the code as it is and marks it.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Collection, Dict, FrozenSet, Iterable, Iterator, List, Optional, Sequence, Set, Union

import libcst as cst

from transforms import build


@dataclass(frozen=True)
class Blocked:
    reason: str


# Names the module binds to lists (assigned a list, appended to, ...), set while a module is
# planned: message content held in one of them is a list of Assistants parts, not a string.
_LIST_NAMES: ContextVar[FrozenSet[str]] = ContextVar("list_names", default=frozenset())


@contextmanager
def lists_named(names: Iterable[str]) -> Iterator[None]:
    token = _LIST_NAMES.set(frozenset(names))
    try:
        yield
    finally:
        _LIST_NAMES.reset(token)


@dataclass
class ToolSource:
    """A module constant (`TOOLS = [...]`) or helper (`def get_tools(): return [...]`) holding a literal tools list.

    ``uses`` are the names that refer to it (scope analysis); ``wrap`` is decided once the module is
    planned: False flattens the list where it is written, True keeps it (another caller needs the
    nested form) and converts at each Responses call site with the module's helper.
    """

    name: str
    kind: str  # "constant" | "helper"
    uses: Set[cst.CSTNode] = field(default_factory=set)
    wrap: bool = False
    helper: str = "_responses_tools"
    blocked: Optional[str] = None
    items: Optional[cst.List] = None  # the literal list, for readers of what it holds


# Tools sources of the module being rewritten, and every node of its untouched tree; held from
# planning until the edits are built, since the run calls are built again from the edited tree.
_TOOL_SOURCES: ContextVar[Optional[dict]] = ContextVar("tool_sources", default=None)


@contextmanager
def tool_sources_held() -> Iterator[None]:
    token = _TOOL_SOURCES.set({})
    try:
        yield
    finally:
        _TOOL_SOURCES.reset(token)


def hold_tool_sources(sources: Dict[str, ToolSource], planned: Collection[cst.CSTNode]) -> None:
    held = _TOOL_SOURCES.get()
    if held is not None:
        held.update(sources=sources, planned=planned)


def tool_source(node: cst.BaseExpression) -> Optional[ToolSource]:
    """The source ``node`` (`TOOLS` or `get_tools()`) names, if the module holds one.

    A node of the untouched tree must be one of the uses scope analysis found (a local `TOOLS`
    is another variable); a node rebuilt by the edits was checked when it was planned.
    """
    held = _TOOL_SOURCES.get() or {}
    sources, planned = held.get("sources") or {}, held.get("planned") or ()
    name = node
    if isinstance(node, cst.Call) and not node.args:
        name = node.func
    if not isinstance(name, cst.Name):
        return None
    source = sources.get(name.value)
    if source is None or (source.kind == "helper") != isinstance(node, cst.Call):
        return None
    if name in planned and name not in source.uses:
        return None
    return source


def _listish(node: cst.BaseExpression) -> bool:
    if isinstance(node, (cst.List, cst.ListComp)):
        return True
    if isinstance(node, cst.Name):
        return node.value in _LIST_NAMES.get()
    if isinstance(node, cst.BinaryOperation):
        return _listish(node.left) or _listish(node.right)
    return False


def content(node: cst.BaseExpression) -> Union[cst.BaseExpression, Blocked]:
    """Message content: strings pass; a literal list of Assistants parts becomes input parts."""
    if not isinstance(node, (cst.List, cst.ListComp)) and _listish(node):
        return Blocked(
            f"message content {cst.Module(body=[]).code_for_node(node).strip()[:40]!r} is a list of parts built "
            "elsewhere: write its parts in the Responses form (input_text / input_image)"
        )
    if isinstance(node, cst.ListComp):
        part = _part(node.elt)  # `[{"type": "text", "text": c} for c in comments]`
        return part if isinstance(part, Blocked) else node.with_changes(elt=part)
    if isinstance(node, (cst.GeneratorExp, cst.SetComp, cst.Tuple)):
        return Blocked("message content parts built other than as a list literal or list comprehension")
    if not isinstance(node, cst.List):
        return node  # a string, or a value we trust to be one: lists of parts are written inline
    parts = []
    for element in node.elements:
        if not isinstance(element, cst.Element):
            return Blocked("message content built with * unpacking")
        part = _part(element.value)
        if isinstance(part, Blocked):
            return part
        parts.append(part)
    return build.list_of(parts)


def _part(node: cst.BaseExpression) -> Union[cst.BaseExpression, Blocked]:
    items = build.dict_literal_items(node)
    kind = build.literal_string(items.get("type")) if items else None
    if items is None or kind is None:
        return Blocked("message content part that is not a literal dict with a literal type")
    if kind == "text" and set(items) == {"type", "text"}:
        return build.dict_of([("type", build.string("input_text")), ("text", items["text"])])
    if kind in ("image_file", "image_url") and set(items) == {"type", kind}:
        inner = build.dict_literal_items(items[kind])
        if inner is None:
            return Blocked(f"{kind} content part whose settings are not a literal dict")
        source_key = "file_id" if kind == "image_file" else "url"
        target_key = "file_id" if kind == "image_file" else "image_url"
        if source_key not in inner or not set(inner) <= {source_key, "detail"}:
            return Blocked(f"{kind} content part with unexpected keys")
        detail = inner.get("detail", build.string("auto"))
        return build.dict_of([("type", build.string("input_image")), (target_key, inner[source_key]), ("detail", detail)])
    return Blocked(f"message content part of type {kind!r}")


def message_item(role: cst.BaseExpression, body: cst.BaseExpression) -> Union[cst.Dict, Blocked]:
    converted = content(body)
    if isinstance(converted, Blocked):
        return converted
    if isinstance(body, (cst.List, cst.ListComp)) and build.literal_string(role) != "user":
        # input_* parts are for user messages; an assistant turn takes output_text, which the
        # easy input form does not: a lone text part becomes plain text, anything else a marker.
        only = converted.elements[0].value if isinstance(converted, cst.List) and len(converted.elements) == 1 else None
        text = build.dict_literal_items(only) if only is not None else None
        if build.literal_string(role) in ("assistant", "system", "developer") and text and build.literal_string(text.get("type")) == "input_text":
            converted = text["text"]
        else:
            return Blocked("content parts on a message whose role is not 'user': pass its text as a string")
    return build.dict_of([("role", role), ("content", converted)])


def message_dict(node: cst.BaseExpression, handled: Sequence[str] = ()) -> Union[cst.Dict, Blocked]:
    """A literal `{"role": ..., "content": ...}` thread message as an input item (``handled`` keys are the caller's)."""
    items = build.dict_literal_items(node)
    if items is None:
        return Blocked("thread message that is not a literal dict")
    extra = set(items) - {"role", "content", *handled}
    if extra:
        return Blocked(f"thread message with {', '.join(sorted(extra))} (no slot on an input item)")
    if "content" not in items:
        return Blocked("thread message without content")
    return message_item(items.get("role", build.string("user")), items["content"])


def message_list(node: cst.BaseExpression, handled: Sequence[str] = ()) -> Union[List[cst.BaseExpression], Blocked]:
    if not isinstance(node, (cst.List, cst.Tuple)):
        return Blocked("thread messages that are not a literal list")
    out: List[cst.BaseExpression] = []
    for element in node.elements:
        if not isinstance(element, cst.Element):
            return Blocked("thread messages built with * unpacking")
        item = message_dict(element.value, handled)
        if isinstance(item, Blocked):
            return item
        out.append(item)
    return out


# Run parameters that keep their name and meaning on responses.create.
SAME = ("model", "instructions", "temperature", "top_p", "metadata", "parallel_tool_calls", "tools",
        "extra_headers", "extra_query", "extra_body", "timeout", "user")
# Dropped because a finished response replaces what they steered.
DROPPED = ("poll_interval_ms",)
NO_EQUIVALENT = {
    "max_prompt_tokens": "max_prompt_tokens has no Responses equivalent (use truncation or trim the input)",
    "include": "run include paths differ on Responses (file_search_call.results)",
}


@dataclass
class Params:
    args: List[cst.Arg] = field(default_factory=list)
    additional_instructions: Optional[cst.BaseExpression] = None
    additional_messages: List[cst.BaseExpression] = field(default_factory=list)
    has_truncation: bool = False


def run_params(args: Sequence[cst.Arg], skip: Sequence[str]) -> Union[Params, Blocked]:
    """Keyword arguments of runs.create/create_and_poll as responses.create arguments."""
    out = Params()
    for arg in args:
        if arg.star:
            return Blocked("run created with **kwargs: its parameters cannot be mapped safely")
        if arg.keyword is None:
            continue  # positional thread id: the caller handles it
        key = arg.keyword.value
        if key in skip:
            continue
        if key == "tools":
            tools = tools_list(arg.value)
            if isinstance(tools, Blocked):
                return tools
            out.args.append(build.kwarg(key, tools))
        elif key in SAME:
            out.args.append(build.kwarg(key, arg.value))
        elif key in DROPPED:
            continue
        elif key == "max_completion_tokens":
            out.args.append(build.kwarg("max_output_tokens", arg.value))
        elif key == "additional_instructions":
            out.additional_instructions = arg.value
        elif key == "additional_messages":
            items = message_list(arg.value)
            if isinstance(items, Blocked):
                return Blocked(f"additional_messages: {items.reason}")
            out.additional_messages = items
        elif key == "tool_choice":
            choice = tool_choice(arg.value)
            if isinstance(choice, Blocked):
                return choice
            out.args.append(build.kwarg("tool_choice", choice))
        elif key == "truncation_strategy":
            truncation = truncation_strategy(arg.value)
            if isinstance(truncation, Blocked):
                return truncation
            out.has_truncation = True
            out.args.append(build.kwarg("truncation", truncation))
        elif key == "response_format":
            text = response_format(arg.value)
            if isinstance(text, Blocked):
                return text
            if text is not None:
                out.args.append(build.kwarg("text", text))
        elif key == "reasoning_effort":
            out.args.append(build.kwarg("reasoning", build.dict_of([("effort", arg.value)])))
        elif key in NO_EQUIVALENT:
            return Blocked(NO_EQUIVALENT[key])
        elif key == "stream":
            return Blocked("streamed run in a shape the streaming rewrite does not take: move to responses.stream by hand")
        elif key == "event_handler":
            return Blocked("event handler: move to a responses.stream event loop by hand")
        elif key == "tool_resources":
            return Blocked("tool_resources: put vector_store_ids / file_ids into the tools entries")
        else:
            return Blocked(f"run parameter {key}= has no known Responses equivalent")
    return out


def follow_up(params: Params) -> Params:
    """The run's parameters for the call that answers its tool calls.

    A run applied a forcing tool_choice (a function, "required", a built-in tool) to its first
    step only; repeated on the follow-up response, it would make the model call a tool again
    instead of answering. "auto" / "none" stay.
    """
    kept = [
        a for a in params.args
        if not (a.keyword is not None and a.keyword.value == "tool_choice" and build.literal_string(a.value) not in ("auto", "none"))
    ]
    return Params(kept, params.additional_instructions, params.additional_messages, params.has_truncation)


def tool_choice(node: cst.BaseExpression) -> Union[cst.BaseExpression, Blocked]:
    items = build.dict_literal_items(node)
    if items is None:
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)) or (isinstance(node, cst.Name) and node.value == "None"):
            return node
        if not isinstance(node, cst.Dict):
            # It may hold the nested function choice, which responses.create refuses.
            return Blocked(
                f"tool_choice {_short(node)} is chosen elsewhere: a function choice becomes "
                '{"type": "function", "name": ...} on Responses; pass it in that form'
            )
        return Blocked("tool_choice dict that is not literal")
    if build.literal_string(items.get("type")) == "function" and "function" in items:
        inner = build.dict_literal_items(items["function"])
        if inner is None or set(inner) != {"name"}:
            return Blocked("tool_choice function that is not a literal {'name': ...}")
        return build.dict_of([("type", items["type"]), ("name", inner["name"])])
    return node


def truncation_strategy(node: cst.BaseExpression) -> Union[cst.BaseExpression, Blocked]:
    items = build.dict_literal_items(node)
    if items is not None and build.literal_string(items.get("type")) == "auto" and set(items) == {"type"}:
        return build.string("auto")
    return Blocked("truncation_strategy other than auto has no Responses equivalent (last_messages cannot be expressed)")


def response_format(node: cst.BaseExpression) -> Union[cst.BaseExpression, Blocked, None]:
    if build.literal_string(node) == "auto":
        return None
    items = build.dict_literal_items(node)
    kind = build.literal_string(items.get("type")) if items else None
    if items is None or kind is None:
        return Blocked("response_format that is not a literal dict")
    if kind in ("text", "json_object") and set(items) == {"type"}:
        return build.dict_of([("format", node)])
    if kind == "json_schema" and set(items) == {"type", "json_schema"}:
        schema = items["json_schema"]
        if not isinstance(schema, cst.Dict):
            return Blocked("json_schema response_format whose schema is not a literal dict")
        flat = [("type", items["type"])] + [(el.key, el.value) for el in schema.elements if isinstance(el, cst.DictElement)]
        if len(flat) != len(schema.elements) + 1:
            return Blocked("json_schema response_format built with ** unpacking")
        return build.dict_of([("format", build.dict_of(flat))])
    return Blocked(f"response_format of type {kind!r}")


def tool_resources(node: Optional[cst.BaseExpression]) -> Union[dict, Blocked]:
    """`{"file_search": {"vector_store_ids": X}, "code_interpreter": {"file_ids": Y}}` -> {"file_search": X, ...}."""
    if node is None:
        return {}
    items = build.dict_literal_items(node)
    if items is None:
        return Blocked("tool_resources that are not a literal dict")
    wanted = {"file_search": "vector_store_ids", "code_interpreter": "file_ids"}
    out = {}
    for kind, value in items.items():
        inner = build.dict_literal_items(value)
        if kind == "file_search" and inner is not None and "vector_stores" in inner:
            return Blocked(
                "tool_resources creating vector stores on the fly (vector_stores=[...]): create the store with "
                "client.vector_stores.create(file_ids=[...]) and pass vector_store_ids=[its id]"
            )
        if kind not in wanted or inner is None or set(inner) != {wanted[kind]}:
            return Blocked(f"tool_resources for {kind!r} other than a literal {{{wanted.get(kind, '...')!r}: ...}}")
        out[kind] = inner[wanted[kind]]
    return out


def _searches_nothing(node: cst.BaseExpression, resources: dict) -> bool:
    items = build.dict_literal_items(node)
    return (
        items is not None and build.literal_string(items.get("type")) == "file_search"
        and "vector_store_ids" not in items and "file_search" not in resources
    )


def tool(node: cst.BaseExpression, resources: Optional[dict] = None) -> Union[cst.BaseExpression, Blocked]:
    """One tool in the Responses shape. Function tools are flattened, and `strict` is written out:
    the flat form treats a missing `strict` as true, the old form as false. An assistant's
    tool_resources move into the tool they served."""
    resources = resources or {}
    items = build.dict_literal_items(node)
    if items is None:
        # A name or a call may hold the nested Chat-style form, which responses.create refuses.
        return Blocked(f"tool {_short(node)} is built elsewhere: write it in the flat Responses form")
    kind = build.literal_string(items.get("type"))
    if kind == "code_interpreter" and "container" in items and "code_interpreter" in resources:
        # The files would have to join a container chosen elsewhere: not something to guess.
        return Blocked("code_interpreter with a container of its own and thread or assistant files: add the files to that container by hand")
    if kind == "code_interpreter" and "container" not in items:
        container = [("type", build.string("auto"))]
        if "code_interpreter" in resources:
            container.append(("file_ids", resources["code_interpreter"]))
        return build.dict_of([*items.items(), ("container", build.dict_of(container))])
    if kind == "file_search":
        # Assistants nested the options under "file_search"; Responses takes them one level up.
        pairs = [(k, v) for k, v in items.items() if k != "file_search"]
        if "file_search" in items:
            options = build.dict_literal_items(items["file_search"])
            if options is None or not set(options) <= {"max_num_results", "ranking_options"}:
                return Blocked("file_search options other than a literal {max_num_results, ranking_options}")
            pairs += list(options.items())
        if "vector_store_ids" not in items:
            if "file_search" not in resources:
                return Blocked("file_search tool without vector_store_ids: they came from tool_resources")
            pairs.append(("vector_store_ids", resources["file_search"]))
        return build.dict_of(pairs) if pairs != list(items.items()) else node
    if kind != "function":
        return node
    if set(items) == {"type", "function"}:
        inner = build.dict_literal_items(items["function"])
        if inner is None:
            return Blocked("function tool whose definition is not a literal dict")
        flat = [("type", items["type"])]
        flat += [(key, value) for key, value in inner.items() if key != "strict"]
        if "parameters" not in inner:
            flat.append(("parameters", cst.Name("None")))
        strict = inner.get("strict")
        if strict is None or (isinstance(strict, cst.Name) and strict.value == "None"):
            strict = cst.Name("False")  # the old form's None (or nothing) meant not strict
        flat.append(("strict", strict))
        return build.dict_of(flat)
    return node


def _short(node: cst.CSTNode) -> str:
    code = cst.Module(body=[]).code_for_node(node).strip()
    return f"`{code[:40]}`"


def merged_resources(first: dict, second: dict) -> dict:
    """Two `tool_resources` (kind -> ids list) as one: a run used the assistant's and the thread's."""
    out = dict(first)
    for kind, ids in second.items():
        if kind not in out:
            out[kind] = ids
            continue
        elements: List[cst.BaseElement] = []
        for value in (out[kind], ids):
            if isinstance(value, cst.List):
                elements += [e.with_changes(comma=cst.MaybeSentinel.DEFAULT) for e in value.elements]
            else:
                elements.append(cst.StarredElement(value=value))
        out[kind] = cst.List(elements=[e.with_changes(comma=cst.MaybeSentinel.DEFAULT) for e in elements])
    return out


def tools_list(
    node: cst.BaseExpression,
    resources_node: Optional[cst.BaseExpression] = None,
    thread_resources: Optional[dict] = None,
    all_resources_seen: bool = False,
) -> Union[cst.BaseExpression, Blocked]:
    """A literal tools list in the Responses shape; anything else may hide nested function tools.

    ``thread_resources`` (the run's thread's, as `tool_resources` returns them) join the
    assistant's in the tools they served; a tool the list lacks gets none, as on a run. With
    ``all_resources_seen`` (an assistant created in code, so no store can have been attached to
    it elsewhere), a file_search tool left with no stores is dropped, as _with_thread_resources
    drops it: it had nothing to search, and Responses refuses it without stores.
    """
    resources = tool_resources(resources_node)
    if isinstance(resources, Blocked):
        return resources
    own = set(resources)
    resources = merged_resources(resources, thread_resources or {})
    source = tool_source(node)
    if source is not None and source.kind != "schema":
        if source.blocked:
            return Blocked(source.blocked)
        if resources:
            return Blocked(f"tool_resources with tools held in {_short(node)}: put vector_store_ids / file_ids into those tools")
        return build.call(cst.Name(source.helper), [cst.Arg(value=node)]) if source.wrap else node
    if isinstance(node, cst.List):
        kinds = {build.literal_string((build.dict_literal_items(e.value) or {}).get("type")) for e in node.elements if isinstance(e, cst.Element)}
        if own - kinds:
            return Blocked("tool_resources for a tool the list does not hold")
    if not isinstance(node, cst.List):
        return Blocked(f"tools {_short(node)} are built elsewhere: make sure they are in the flat Responses form, then pass them")
    out: List[Optional[cst.BaseExpression]] = []
    wrap: Optional[str] = None
    for element in node.elements:
        if not isinstance(element, cst.Element):
            return Blocked("tools list with * unpacking: make sure every tool is in the flat Responses form")
        schema = tool_source(element.value)
        if schema is not None and schema.kind == "schema":
            # A module constant holding one tool: flattened where it is assigned, or (needed
            # nested elsewhere) the whole list goes through the module's helper.
            if schema.blocked:
                return Blocked(schema.blocked)
            wrap = schema.helper if schema.wrap else wrap
            out.append(element.value)
            continue
        if all_resources_seen and _searches_nothing(element.value, resources):
            out.append(None)
            continue
        converted = tool(element.value, resources)
        if isinstance(converted, Blocked):
            return converted
        out.append(converted)
    kept = [e.with_changes(value=v) for e, v in zip(node.elements, out) if v is not None]
    if len(kept) < len(node.elements) and kept:
        kept[-1] = kept[-1].with_changes(comma=node.elements[-1].comma)
    converted_list = node.with_changes(elements=kept)
    return build.call(cst.Name(wrap), [cst.Arg(value=converted_list)]) if wrap else converted_list
