"""Where an assistant's settings come from once `assistant_id=` is gone.

Three answers, most specific first: an assistant created in this module from static arguments
is inlined (its settings go straight into responses.create); otherwise, with the default
`prompt-target = "code"`, the settings are looked up in the code-managed prompt registry
(`prompt_registry.lookup(assistant_id)`), never in OpenAI's hosted prompts, which stop on
2026-11-30.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Sequence, Tuple, Union

import libcst as cst

from transforms import build
from transforms.collect import Collected
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
    """`prompt = <registry>.lookup(<assistant id>)`, then `model=prompt.model, ...`."""

    registry: str
    assistant: cst.BaseExpression


Settings = Union[Inline, Lookup, Blocked]


def static_assistant(collected: Collected, value: cst.BaseExpression) -> Optional[Inline]:
    """`assistant.id` where `assistant = client.beta.assistants.create(<static kwargs>)`."""
    if not (isinstance(value, cst.Attribute) and value.attr.value == "id" and isinstance(value.value, cst.Name)):
        return None
    name = value.value.value
    for site in collected.sites:
        if not (site.api.is_("assistants.create") and site.target == name and site.whole):
            continue
        if not isinstance(site.owner, cst.Module):
            continue
        args = []
        for arg in site.api.call.args:
            if arg.keyword is None or arg.star:
                return None
            key = arg.keyword.value
            if key == "tools":
                tools = tools_list(arg.value)
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
        order = {key: index for index, key in enumerate((*SETTINGS, "text", "reasoning"))}
        args.sort(key=lambda pair: order[pair[0]])
        return Inline(args=args, stmt=site.stmt, var=name)
    return None


def settings_for(collected: Collected, assistant: cst.BaseExpression, options: Mapping[str, object]) -> Settings:
    inline = static_assistant(collected, assistant)
    if inline is not None:
        return inline
    if options.get("prompt-target", "code") != "code":
        return Blocked("prompt-target = \"id\" is not supported yet: use the code target")
    return Lookup(registry=str(options.get("prompt-registry", "prompt_registry")), assistant=assistant)


def lookup_statement(lookup: Lookup, var: str) -> cst.SimpleStatementLine:
    func = build.attr(_dotted(lookup.registry), "lookup")
    return build.line(build.assign(var, build.call(func, [cst.Arg(value=lookup.assistant)])))


def lookup_args(var: str, overridden: Sequence[str]) -> List[cst.Arg]:
    return [build.kwarg(f, build.attr(var, f)) for f in REGISTRY_FIELDS if f not in overridden]


def _dotted(dotted: str) -> cst.BaseExpression:
    head, *rest = dotted.split(".")
    return build.attr(head, *rest)
