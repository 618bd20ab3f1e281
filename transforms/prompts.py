"""Where an assistant's settings come from once `assistant_id=` is gone.

Three answers, most specific first: an assistant created in this module from static arguments
is inlined (its settings go straight into responses.create); otherwise, with the default
`prompt-target = "code"`, the settings are looked up in the code-managed prompt registry
(`prompt_registry.lookup(assistant_id)`), never in OpenAI's hosted prompts, which stop on
2026-11-30.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Mapping, Optional, Sequence, Tuple, Union

import libcst as cst

from transforms import build
from transforms.collect import Collected, Site
from transforms.convert import Blocked, response_format, tools_list

# Assistant settings that responses.create takes, and the name it takes them under.
SETTINGS = ("model", "instructions", "tools", "temperature", "top_p")
# Registry fields passed at every call site, in this order.
REGISTRY_FIELDS = ("model", "instructions", "tools", "temperature", "top_p", "text")
IGNORED = ("name", "description", "metadata")


@dataclass
class Inline:
    """Settings of an assistant the module creates itself from static arguments."""

    args: List[Tuple[str, cst.BaseExpression]]
    stmt: cst.CSTNode
    var: str = ""


@dataclass
class Lookup:
    """`prompt = <module>.<function>(<assistant id>)`, then `model=prompt.model, ...`.

    The registry's `lookup` by default; the team's own `prompt-function` for multi-tenant apps.
    """

    module: str
    function: str
    assistant: cst.BaseExpression


@dataclass
class Hosted:
    """`prompt={"id": ...}`: a hosted prompt object (prompt-target = "id"), for teams still on them."""

    value: cst.BaseExpression
    imports: List[str] = field(default_factory=list)


Settings = Union[Inline, Lookup, Hosted, Blocked]


def created_here(collected: Collected, value: cst.BaseExpression, owner=None) -> Optional[Site]:
    """The `assistant = client.beta.assistants.create(...)` that `assistant.id` refers to, if any."""
    if not (isinstance(value, cst.Attribute) and value.attr.value == "id" and isinstance(value.value, cst.Name)):
        return None
    name = value.value.value
    for site in collected.sites:
        if site.api.is_("assistants.create") and site.target == name and site.whole:
            if isinstance(site.owner, cst.Module) or site.owner is owner:
                return site
    return None


def static_assistant(collected: Collected, value: cst.BaseExpression, owner=None, thread_resources: Optional[dict] = None) -> Optional[Inline]:
    """`assistant.id` where `assistant = client.beta.assistants.create(...)` at module level or in
    the run's own function: its settings go inline, evaluated where they were before (with the
    run's thread's tool_resources, if any, merged into its tools)."""
    site = created_here(collected, value, owner)
    name = site.target if site is not None else None
    for site in [site] if site is not None else []:
        args = []
        resources = site.api.arg("tool_resources")
        for arg in site.api.call.args:
            if arg.keyword is None or arg.star:
                return None
            key = arg.keyword.value
            if key == "tool_resources":
                continue  # merged into the tools below
            if key == "tools":
                # Stores reach an assistant made in code only through its tool_resources, or an
                # assistants.update (left to a person): with none in sight, an empty file_search goes.
                seen = not any(s.api.is_("assistants.update") for s in collected.sites)
                tools = tools_list(arg.value, resources.value if resources is not None else None, thread_resources, all_resources_seen=seen)
                if isinstance(tools, Blocked):
                    return None
                args.append((key, tools))
            elif key in SETTINGS:
                args.append((key, arg.value))
            elif key == "response_format":
                text = response_format(arg.value)
                if isinstance(text, Blocked):
                    return None
                if text is not None:
                    args.append(("text", text))
            elif key == "reasoning_effort":
                args.append(("reasoning", build.dict_of([("effort", arg.value)])))
            elif key not in IGNORED:
                return None  # tool_resources and the like: the tools transform's business
        if resources is not None and not any(key == "tools" for key, _ in args):
            return None  # resources for tools the assistant does not have
        order = {key: index for index, key in enumerate((*SETTINGS, "text", "reasoning"))}
        args.sort(key=lambda pair: order[pair[0]])
        return Inline(args=args, stmt=site.stmt, var=name)
    return None


def settings_for(
    collected: Collected, assistant: cst.BaseExpression, options: Mapping[str, object], owner=None, thread_resources: Optional[dict] = None
) -> Settings:
    inline = static_assistant(collected, assistant, owner, thread_resources)
    if inline is not None:
        return inline
    if created_here(collected, assistant, owner) is not None:
        # An ID minted at run time is in no registry and no prompt table: a lookup would fail.
        return Blocked("the assistant is created in code with settings that cannot go inline (tools built elsewhere, tool_resources, **kwargs, ...): pass its settings to responses.create by hand")
    function = options.get("prompt-function")
    if options.get("prompt-target", "code") == "code":
        if function:
            module, _, name = str(function).partition(":")
            return Lookup(module=module, function=name, assistant=assistant)
        return Lookup(module=str(options.get("prompt-registry", "prompt_registry")), function="lookup", assistant=assistant)
    return _hosted(collected, assistant, options)


def _hosted(collected: Collected, assistant: cst.BaseExpression, options: Mapping[str, object]) -> Settings:
    from transforms.assistant_refs import classify

    strategy = options.get("prompt-strategy", "env")
    if strategy == "function":
        function = options.get("prompt-function")
        if not function:
            return Blocked('prompt-strategy = "function" needs prompt-function = "package.module:name"')
        module, _, name = str(function).partition(":")
        call = build.call(build.attr(_dotted(module), name), [cst.Arg(value=assistant.deep_clone())])
        return Hosted(value=call, imports=[module])
    kind, key, _ = classify(collected, assistant)
    if strategy == "env":
        if kind != "env":
            return Blocked(f"assistant ID {cst.Module(body=[]).code_for_node(assistant)} is not read from an environment variable (prompt-strategy = \"env\")")
        name = prompt_env_name(key)
        value = cst.Subscript(
            value=build.attr("os", "environ"), slice=[cst.SubscriptElement(slice=cst.Index(value=build.string(name)))]
        )
        return Hosted(value=build.dict_of([("id", value)]), imports=["os"])
    table = options.get("prompts") or {}
    if kind != "literal" or key not in table:
        return Blocked(
            f"no prompt ID mapped for assistant {key!r} in [tool.assistants-to-responses.prompts]; no ID is invented"
        )
    entry = table[key]
    items = [("id", build.string(entry["id"]))]
    if "version" in entry:
        items.append(("version", build.string(entry["version"])))
    return Hosted(value=build.dict_of(items))


def prompt_env_name(assistant_env: str) -> str:
    """SUPPORT_ASSISTANT_ID -> SUPPORT_PROMPT_ID: the same configuration shape under a prompt name."""
    import re

    renamed = re.sub("ASSISTANT", "PROMPT", assistant_env)
    renamed = re.sub("assistant", "prompt", renamed)
    return renamed if renamed != assistant_env else f"{assistant_env}_PROMPT_ID"


def lookup_statement(lookup: Lookup, var: str) -> cst.SimpleStatementLine:
    func = build.attr(_dotted(lookup.module), lookup.function)
    return build.line(build.assign(var, build.call(func, [cst.Arg(value=lookup.assistant)])))


def lookup_args(var: str, overridden: Sequence[str]) -> List[cst.Arg]:
    return [build.kwarg(f, build.attr(var, f)) for f in REGISTRY_FIELDS if f not in overridden]


def _dotted(dotted: str) -> cst.BaseExpression:
    head, *rest = dotted.split(".")
    return build.attr(head, *rest)
