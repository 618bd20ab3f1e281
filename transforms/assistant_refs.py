"""Which assistants a module creates or references, for the `prompts` listing and registry.

An assistant is known by how the code names it: a static `assistants.create(...)` (its settings
are right there), a literal `asst_...` ID (directly or through a constant), an environment
variable holding the ID, or something only known at run time (a database, a parameter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import AbstractSet, List, Mapping, Optional, Tuple

import libcst as cst
from libcst.metadata import Assignment, GlobalScope, ImportAssignment, MetadataWrapper, PositionProvider, Scope, ScopeProvider

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
    # Definitions only: the settings that are not statically known, with their lines
    # ([("instructions", 8)]); the registry then leaves the entry's settings to fill in.
    uncopied: List[Tuple[str, int]] = field(default_factory=list)


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


Scopes = Mapping[cst.CSTNode, Optional[Scope]]


@dataclass
class _Copied:
    settings: List[Tuple[str, str]]
    # (setting, the node holding it) for each setting whose value is not statically known.
    uncopied: List[Tuple[str, cst.CSTNode]]


def _definition(collected: Collected, name: str, scopes: Optional[Scopes] = None) -> Optional[_Copied]:
    """The registry settings of the assistant `name = ...assistants.create(...)` creates.

    A setting is copied only when its value is known without running the code: a literal, or a
    module constant assigned once to one (its value is copied, not its name, which the registry
    module could not see). Anything else is listed in ``uncopied``.
    """
    code = cst.Module(body=[]).code_for_node
    for site in collected.sites:
        if site.api.is_("assistants.create") and site.target == name:
            if scopes is None:
                scopes = MetadataWrapper(collected.module, unsafe_skip_copy=True).resolve(ScopeProvider)
            copied = _Copied([], [])
            # tool_resources go into the tools (file_search's vector_store_ids, ...): copied only with them.
            resources_arg = site.api.arg("tool_resources")
            resources = static_value(resources_arg.value, collected, scopes) if resources_arg is not None else None
            if resources_arg is not None and resources is None:
                copied.uncopied.append(("tool_resources", resources_arg.value))
            for arg in site.api.call.args:
                if arg.keyword is None:
                    if arg.star:
                        copied.uncopied.append((arg.star + code(arg.value), arg))
                    continue
                key = arg.keyword.value
                if key not in SETTING_KEYS and key != "response_format":
                    continue
                value = static_value(arg.value, collected, scopes)
                if value is None:
                    copied.uncopied.append((key, arg.value))
                elif key == "tools":
                    tools = tools_list(value, resources)
                    if isinstance(tools, Blocked) and resources is not None:
                        copied.uncopied.append(("tool_resources", resources_arg.value if resources_arg else arg.value))
                    copied.settings.append((key, code(value if isinstance(tools, Blocked) else tools)))
                elif key == "response_format":
                    text = response_format(value)
                    if isinstance(text, Blocked):
                        copied.uncopied.append((key, arg.value))
                    elif text is not None:
                        copied.settings.append(("text", code(text)))
                else:
                    copied.settings.append((key, code(value)))
            if not copied.uncopied and not any(key == "model" for key, _ in copied.settings):
                copied.uncopied.append(("model (not given)", site.api.call))
            return copied
    return None


def static_value(node: cst.BaseExpression, collected: Collected, scopes: Scopes, seen: AbstractSet[str] = frozenset()) -> Optional[cst.BaseExpression]:
    """``node`` as a literal, module constants replaced by their values; None when only running the code would tell.

    Literals are strings (implicit concatenation included, f-strings without fields), numbers,
    True / False / None, and lists, tuples and dicts of literals.
    """
    if isinstance(node, (cst.Integer, cst.Float, cst.Imaginary)):
        return node
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        return node if isinstance(node.expression, (cst.Integer, cst.Float, cst.Imaginary)) else None
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
        return node if _text_literal(node) else None
    if isinstance(node, cst.Name):
        if node.value in ("True", "False", "None"):
            return node
        if node.value in seen:
            return None
        bound = _constant_value(node, collected, scopes)
        if bound is None:
            return None
        resolved = static_value(bound, collected, scopes, seen | {node.value})
        if resolved is None or (isinstance(resolved, (cst.List, cst.Dict)) and _mutated(node.value, collected, scopes)):
            return None
        return resolved
    if isinstance(node, (cst.List, cst.Tuple)):
        elements = []
        for element in node.elements:
            if not isinstance(element, cst.Element):
                return None
            value = static_value(element.value, collected, scopes, seen)
            if value is None:
                return None
            elements.append(element.with_changes(value=value))
        if isinstance(node, cst.Tuple) and not node.lpar:
            # `X = 1, 2` copied as a keyword argument needs its parentheses.
            return node.with_changes(elements=elements, lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        return node.with_changes(elements=elements)
    if isinstance(node, cst.Dict):
        items = []
        for item in node.elements:
            if not isinstance(item, cst.DictElement):
                return None
            key = static_value(item.key, collected, scopes, seen)
            value = static_value(item.value, collected, scopes, seen)
            if key is None or value is None:
                return None
            items.append(item.with_changes(key=key, value=value))
        return node.with_changes(elements=items)
    return None


def _text_literal(node: cst.BaseExpression) -> bool:
    """A str literal: no bytes, no f-string fields (implicit concatenation of such parts included)."""
    if isinstance(node, cst.SimpleString):
        return isinstance(node.evaluated_value, str)
    if isinstance(node, cst.FormattedString):
        return "b" not in node.prefix.lower() and all(isinstance(part, cst.FormattedStringText) for part in node.parts)
    if isinstance(node, cst.ConcatenatedString):
        return _text_literal(node.left) and _text_literal(node.right)
    return False


def _module_assignment(name: cst.Name, collected: Collected, scopes: Scopes) -> Optional[Assignment]:
    """The one binding ``name`` can mean where it is read: a top-level `NAME = value`, assigned nowhere else."""
    scope = scopes.get(name)
    if scope is None:
        return None
    bindings = list(scope[name.value])
    if len(bindings) != 1:
        return None
    binding = bindings[0]
    if not isinstance(binding, Assignment) or isinstance(binding, ImportAssignment) or not isinstance(binding.scope, GlobalScope):
        return None
    target = collected.parent(binding.node)
    if isinstance(target, cst.AssignTarget):
        target = collected.parent(target)
        if not isinstance(target, cst.Assign) or len(target.targets) != 1:
            return None
    elif not isinstance(target, cst.AnnAssign):
        return None
    line = collected.parent(target)
    if not isinstance(line, cst.SimpleStatementLine) or line not in collected.module.body:
        return None
    return binding


def _constant_value(name: cst.Name, collected: Collected, scopes: Scopes) -> Optional[cst.BaseExpression]:
    binding = _module_assignment(name, collected, scopes)
    return collected.values.get(binding.node) if binding is not None else None


def _mutated(name: str, collected: Collected, scopes: Scopes) -> bool:
    """True when a list or dict constant is used as more than a value (`TOOLS.append(...)`, `TOOLS[0] = ...`)."""
    scope = scopes.get(collected.module)
    if scope is None:
        return True
    for binding in scope[name]:
        for access in binding.references:
            parent = collected.parent(access.node)
            if isinstance(parent, (cst.Attribute, cst.Subscript)) and parent.value is access.node:
                return True
    return False


def classify(collected: Collected, value: cst.BaseExpression, scopes: Optional[Scopes] = None) -> Tuple[str, str, List[Tuple[str, str]]]:
    literal = build.literal_string(value)
    if literal is not None:
        return "literal", literal, []
    env = _env_name(value)
    if env is not None:
        return "env", env, []
    if isinstance(value, cst.Name):
        bound = _module_constant(collected, value.value)
        if bound is not None and not (isinstance(bound, cst.Call) and "assistants.create" in cst.Module(body=[]).code_for_node(bound.func)):
            kind, key, settings = classify(collected, bound, scopes)
            if kind != "dynamic":
                return kind, key, settings
    if isinstance(value, cst.Attribute) and value.attr.value == "id" and isinstance(value.value, cst.Name):
        copied = _definition(collected, value.value.value, scopes)
        if copied is not None:
            return "definition", value.value.value, [] if copied.uncopied else copied.settings
    return "dynamic", cst.Module(body=[]).code_for_node(value), []


def find_references(module: cst.Module) -> List[Reference]:
    collected = collect(module)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    scopes = wrapper.resolve(ScopeProvider)

    def definition(kind: str, key: str, line: int, name: str) -> Reference:
        copied = _definition(collected, name, scopes) or _Copied([], [])
        uncopied = [(setting, positions[node].start.line) for setting, node in copied.uncopied]
        return Reference(kind, key, line, [] if uncopied else copied.settings, uncopied=uncopied)

    found: List[Reference] = []
    seen_definitions = set()
    for site in collected.sites:
        if site.api.is_("assistants.create") and site.target:
            name_arg = site.api.arg("name")
            label = build.literal_string(name_arg.value) if name_arg else None
            found.append(definition("definition", label or site.target, positions[site.api.call].start.line, site.target))
            seen_definitions.add(site.target)
            continue
        arg = site.api.arg("assistant_id", 0 if site.api.resource == ("assistants",) else None)
        if arg is None:
            continue
        kind, key, settings = classify(collected, arg.value, scopes)
        if kind == "definition" and key in seen_definitions:
            continue
        line = positions[site.api.call].start.line
        if kind == "definition":
            found.append(definition(kind, key, line, key))
            continue
        value = arg.value
        if isinstance(value, cst.Name):
            value = _module_constant(collected, value.value) or value
        found.append(Reference(kind, key, line, settings, _env_default(value) if kind == "env" else None))
    return found


def entry_name(reference: Reference) -> str:
    key = reference.key
    if reference.kind == "env":
        key = re.sub(r"_?ASSISTANT_?ID$", "", key, flags=re.IGNORECASE) or key
    name = re.sub(r"\W+", "_", key).strip("_").lower()
    return name if name and not name[0].isdigit() else f"assistant_{name}"
