"""Which assistants a module creates or references, for the `prompts` listing and registry.

An assistant is known by how the code names it: a static `assistants.create(...)` (its settings
are right there), a literal `asst_...` ID (directly or through a constant), an environment
variable holding the ID, or something only known at run time (a database, a parameter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from transforms import build
from transforms.collect import Collected, collect
from transforms.convert import Blocked, response_format, tools_list

SETTING_KEYS = ("model", "instructions", "tools", "temperature", "top_p")


@dataclass
class Reference:
    kind: str  # "definition" | "literal" | "env" | "dynamic"
    key: str  # the ID, the variable name, the definition's name, or the expression
    line: int
    # Registry settings as Python source (definitions only): [("model", '"gpt-4o"'), ...].
    settings: List[Tuple[str, str]] = field(default_factory=list)
    # `os.environ.get("X", "asst_...")`: the literal ID used when the variable is unset.
    default: Optional[str] = None


def _env_default(node: cst.BaseExpression) -> Optional[str]:
    if isinstance(node, cst.Call) and len(node.args) > 1:
        return build.literal_string(node.args[1].value)
    return None


def _env_name(node: cst.BaseExpression) -> Optional[str]:
    """`os.environ["X"]`, `os.environ.get("X", ...)`, `os.getenv("X", ...)` -> "X"."""
    if isinstance(node, cst.Subscript) and cst.Module(body=[]).code_for_node(node.value).endswith("environ"):
        index = node.slice[0].slice if len(node.slice) == 1 else None
        if isinstance(index, cst.Index):
            return build.literal_string(index.value)
    if isinstance(node, cst.Call) and node.args:
        func = cst.Module(body=[]).code_for_node(node.func)
        if func.endswith(("environ.get", "getenv")):
            return build.literal_string(node.args[0].value)
    return None


def _module_constant(collected: Collected, name: str) -> Optional[cst.BaseExpression]:
    for stmt in collected.module.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, (cst.Assign, cst.AnnAssign)):
                    targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
                    if any(isinstance(t, cst.Name) and t.value == name for t in targets) and small.value is not None:
                        return small.value
    return None


def _definition(collected: Collected, name: str) -> Optional[List[Tuple[str, str]]]:
    code = cst.Module(body=[]).code_for_node
    for site in collected.sites:
        if site.api.is_("assistants.create") and site.target == name:
            settings = []
            for arg in site.api.call.args:
                if arg.keyword is None:
                    continue
                key = arg.keyword.value
                if key == "tools":
                    tools = tools_list(arg.value)
                    settings.append((key, code(arg.value if isinstance(tools, Blocked) else tools)))
                elif key in SETTING_KEYS:
                    settings.append((key, code(arg.value)))
                elif key == "response_format":
                    text = response_format(arg.value)
                    if text is not None and not isinstance(text, Blocked):
                        settings.append(("text", code(text)))
            return settings
    return None


def classify(collected: Collected, value: cst.BaseExpression) -> Tuple[str, str, List[Tuple[str, str]]]:
    literal = build.literal_string(value)
    if literal is not None:
        return "literal", literal, []
    env = _env_name(value)
    if env is not None:
        return "env", env, []
    if isinstance(value, cst.Name):
        bound = _module_constant(collected, value.value)
        if bound is not None and not (isinstance(bound, cst.Call) and "assistants.create" in cst.Module(body=[]).code_for_node(bound.func)):
            kind, key, settings = classify(collected, bound)
            if kind != "dynamic":
                return kind, key, settings
    if isinstance(value, cst.Attribute) and value.attr.value == "id" and isinstance(value.value, cst.Name):
        settings = _definition(collected, value.value.value)
        if settings is not None:
            return "definition", value.value.value, settings
    return "dynamic", cst.Module(body=[]).code_for_node(value), []


def find_references(module: cst.Module) -> List[Reference]:
    collected = collect(module)
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    found: List[Reference] = []
    seen_definitions = set()
    for site in collected.sites:
        if site.api.is_("assistants.create") and site.target:
            settings = _definition(collected, site.target) or []
            name_arg = site.api.arg("name")
            label = build.literal_string(name_arg.value) if name_arg else None
            found.append(Reference("definition", label or site.target, positions[site.api.call].start.line, settings))
            seen_definitions.add(site.target)
            continue
        arg = site.api.arg("assistant_id", 0 if site.api.resource == ("assistants",) else None)
        if arg is None:
            continue
        kind, key, settings = classify(collected, arg.value)
        if kind == "definition" and key in seen_definitions:
            continue
        value = arg.value
        if isinstance(value, cst.Name):
            value = _module_constant(collected, value.value) or value
        found.append(Reference(kind, key, positions[site.api.call].start.line, settings, _env_default(value) if kind == "env" else None))
    return found


def entry_name(reference: Reference) -> str:
    key = reference.key
    if reference.kind == "env":
        key = re.sub(r"_?ASSISTANT_?ID$", "", key, flags=re.IGNORECASE) or key
    name = re.sub(r"\W+", "_", key).strip("_").lower()
    return name if name and not name[0].isdigit() else f"assistant_{name}"
