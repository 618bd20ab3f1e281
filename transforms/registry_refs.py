"""Which assistants a module names, for the prompt registry.

An assistant is named by a literal ID (directly or through a module constant), by an environment
variable holding its ID (with a literal default, maybe), by something only running the code tells
(a database, a parameter), or it is created in code. The same expressions name it before the
migration (`assistant_id=` of a run, `assistants.retrieve(X)`) and after it
(`prompt_registry.settings(X)`, `prompt_registry.retrieve(X)`, ...), so the registry can be written
before `apply`, after it, or by it.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, List, Optional, Tuple

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from transforms import api
from transforms.build import literal_string
from transforms.facts import Facts
from transforms.facts.walk import Binding
from transforms.registry_module import AssistantRef

_NEWLINE = re.compile(r"\r\n|\r|\n")

# Old calls: the argument naming the assistant (keyword, position when given positionally).
_OLD_ARGUMENT: Dict[Tuple[str, ...], Tuple[str, Optional[int]]] = {
    ("assistants", "retrieve"): ("assistant_id", 0),
    ("assistants", "update"): ("assistant_id", 0),
    ("assistants", "delete"): ("assistant_id", 0),
    ("assistants", "files", "create"): ("assistant_id", None),
    ("assistants", "files", "list"): ("assistant_id", 0),
    ("assistants", "files", "delete"): ("assistant_id", None),
    ("assistants", "files", "retrieve"): ("assistant_id", None),
}
# Registry functions: the position of the argument naming the assistant, or its keyword.
_REGISTRY_ARGUMENT: Dict[str, Tuple[Optional[str], Optional[int]]] = {
    "settings": ("assistant", 0),
    "retrieve": ("assistant_id", 0),
    "update": ("assistant_id", 0),
    "delete": ("assistant_id", 0),
    "files": ("assistant_id", 0),
    "thread_settings": ("assistant", 1),
    "attach_file": ("assistant_id", 1),
    "attach_file_async": ("assistant_id", 1),
    "detach_file": ("assistant_id", 1),
    "detach_file_async": ("assistant_id", 1),
    "run_arguments": ("assistant_id", None),
}
_CREATES = ("create", "create_async")


def find(facts: Facts, registry: str = "prompt_registry", source: Optional[str] = None,
         statement_lines: Optional[List[int]] = None) -> List[AssistantRef]:
    """Every assistant ``facts``' module names, in source order (``source``: the module's text, for
    the lines; ``statement_lines``: where each top-level statement begins in it, when known)."""
    named: List[Tuple[cst.CSTNode, str, str, Optional[str]]] = []  # (node for the line, kind, key, default)
    for site in facts.sites:
        path = site.api.path
        if path == ("assistants", "create"):
            named.append((site.call, "created", _created_name(site.call), None))
            continue
        keyword, position = _OLD_ARGUMENT.get(path, ("assistant_id", None))
        arg = _argument(site.call, keyword, position)
        if arg is not None:
            named.append((site.call, *_classify(facts, arg.value)))
    short = registry.rpartition(".")[2]
    for call, _scope in facts.w.calls:
        func = call.func
        if not (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == short):
            continue
        name = func.attr.value
        if name in _CREATES:
            named.append((call, "created", _created_name(call), None))
            continue
        wanted = _REGISTRY_ARGUMENT.get(name)
        if wanted is None:
            continue
        arg = _argument(call, *wanted)
        if arg is not None:
            named.append((call, *_classify(facts, arg.value)))
    if not named:
        return []
    lines = None
    if source is not None and statement_lines is not None:
        lines = _statement_call_lines(facts, source, statement_lines, [node for node, *_ in named])
    if lines is None and source is not None:
        lines = call_lines(facts, source)
    if lines is None:
        positions = MetadataWrapper(facts.module, unsafe_skip_copy=True).resolve(PositionProvider)
        lines = {node: positions[node].start.line for node, *_ in named}
    found = [AssistantRef(kind, key, lines[node], default) for node, kind, key, default in named
             if not (kind == "literal" and not key)]
    return sorted(found, key=lambda ref: ref.line)


def call_lines(facts: Facts, source: str) -> Optional[Dict[cst.CSTNode, int]]:
    """The line of every call of the module, from CPython's parser (libcst's position metadata costs
    more than the rest of the migration): calls are paired by their callee's text, in source order
    within each callee. None when the two parsers do not see the same calls."""
    return _paired(source, [call for call, _scope in facts.w.calls], 0)


def _statement_call_lines(facts: Facts, source: str, starts: List[int], wanted: List[cst.CSTNode]) -> Optional[Dict[cst.CSTNode, int]]:
    """call_lines over only the top-level statements holding ``wanted`` calls, each parsed from its
    own slice of ``source`` (most of a file holds none of them). None when it does not line up."""
    body = facts.module.body
    if len(starts) != len(body) + 1:
        return None
    index = {id(stmt): i for i, stmt in enumerate(body)}
    holders: Dict[int, List[cst.CSTNode]] = {}
    for node in wanted:
        top = node
        while top is not None and id(top) not in index:
            top = facts.parent(top)
        if top is None:
            return None
        holders.setdefault(index[id(top)], []).append(node)
    # Where each line begins, counted as CPython counts lines (not str.splitlines: form feeds...).
    offsets = [0, *(match.end() for match in _NEWLINE.finditer(source))]
    if starts[-1] > len(offsets):
        return None
    lines: Dict[cst.CSTNode, int] = {}
    for i in holders:
        first, after = starts[i], starts[i + 1]
        ours = [call for call, _scope in facts.w.calls if facts.inside(call, body[i])]
        found = _paired(source[offsets[first - 1]:offsets[after - 1]], ours, first - 1)
        if found is None:
            return None
        lines.update(found)
    return lines


def _paired(text: str, ours: List[cst.Call], offset: int) -> Optional[Dict[cst.CSTNode, int]]:
    """Each of ``ours`` (libcst's calls of ``text``, in source order) with its line in ``text``, plus
    ``offset``; None when CPython's parser does not see the same calls."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    theirs: Dict[str, List[ast.Call]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            theirs.setdefault(_ast_key(node.func), []).append(node)
    keyed: Dict[str, List[cst.Call]] = {}
    for call in ours:
        keyed.setdefault(_cst_key(call.func), []).append(call)
    if {k: len(v) for k, v in theirs.items()} != {k: len(v) for k, v in keyed.items()}:
        return None
    lines: Dict[cst.CSTNode, int] = {}
    for key, calls in keyed.items():
        placed = sorted(theirs[key], key=lambda c: (c.lineno, c.col_offset, -(c.end_lineno or 0), -(c.end_col_offset or 0)))
        lines.update((call, offset + node.lineno) for call, node in zip(calls, placed))
    return lines


def _squeezed(text: str) -> str:
    return "".join(text.split()).replace("'", '"')


# A callee's key for pairing the two parsers' calls: a dotted name is spelt out directly (most
# callees; printing each one cost more than the rest of the registry's search), anything else is
# its squeezed source text.
def _ast_key(func: ast.expr) -> str:
    dotted = _ast_dotted(func)
    return dotted if dotted is not None else _squeezed(ast.unparse(func))


def _ast_dotted(node: ast.expr) -> Optional[str]:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _ast_dotted(node.value)
        return f"{inner}.{node.attr}" if inner is not None else None
    return None


def _cst_key(func: cst.BaseExpression) -> str:
    base, names = api.attribute_chain(func)
    if isinstance(base, cst.Name):  # (parentheses, which CPython's tree does not keep, are left out too)
        return ".".join((base.value, *names))
    return _squeezed(cst.Module(body=[]).code_for_node(func))


def _argument(call: cst.Call, keyword: Optional[str], position: Optional[int]) -> Optional[cst.Arg]:
    positional = 0
    for arg in call.args:
        if arg.star:
            continue
        if arg.keyword is not None:
            if keyword is not None and arg.keyword.value == keyword:
                return arg
            continue
        if position is not None and positional == position:
            return arg
        positional += 1
    return None


def _created_name(call: cst.Call) -> str:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "name":
            return literal_string(arg.value) or _code(arg.value)
    return ""


def _classify(facts: Facts, value: cst.BaseExpression, depth: int = 0) -> Tuple[str, str, Optional[str]]:
    literal = literal_string(value)
    if literal is not None:
        return "literal", literal, None
    env = _env_name(value)
    if env is not None:
        default = literal_string(value.args[1].value) if isinstance(value, cst.Call) and len(value.args) > 1 else None
        return "env", env, default or None
    if isinstance(value, cst.Name) and depth < 5:
        bound = _module_constant(facts, value) or _parameter(facts, value)
        if bound is not None and bound.value is not None:
            # A parameter's default is one value it takes: its callers may give others (listed apart).
            kind, key, default = _classify(facts, bound.value, depth + 1)
            if kind != "dynamic":
                return kind, key, default
    if isinstance(value, cst.Attribute) and value.attr.value == "id" and isinstance(value.value, cst.Name):
        bound = _module_constant(facts, value.value) or _only_binding(facts, value.value)
        if bound is not None and isinstance(bound.value, cst.Call) and _is_create(bound.value):
            return "created", _created_name(bound.value), None
    return "dynamic", _code(value), None


def _is_create(call: cst.Call) -> bool:
    func = call.func
    return isinstance(func, cst.Attribute) and func.attr.value in _CREATES and (
        _code(func).endswith("assistants.create") or isinstance(func.value, cst.Name))


def _env_name(node: cst.BaseExpression) -> Optional[str]:
    """`os.environ["X"]`, `os.environ.get("X", ...)`, `os.getenv("X", ...)` -> "X"."""
    if isinstance(node, cst.Subscript) and _code(node.value).endswith("environ") and len(node.slice) == 1:
        index = node.slice[0].slice
        if isinstance(index, cst.Index):
            return literal_string(index.value)
    if isinstance(node, cst.Call) and node.args and _code(node.func).endswith(("environ.get", "getenv")):
        return literal_string(node.args[0].value)
    return None


def _module_constant(facts: Facts, name: cst.Name) -> Optional[Binding]:
    """The one binding of a name read where a module-level `NAME = value` is all it can mean."""
    found = facts.bindings(name)
    if len(found) != 1 or found[0].scope is not facts.w.module_scope:
        return None
    return found[0] if found[0].how in ("assign", "annassign") else None


def _parameter(facts: Facts, name: cst.Name) -> Optional[Binding]:
    found = facts.bindings(name)
    return found[0] if len(found) == 1 and found[0].how == "param" else None


def _only_binding(facts: Facts, name: cst.Name) -> Optional[Binding]:
    found = facts.bindings(name)
    return found[0] if len(found) == 1 and found[0].how in ("assign", "annassign") else None


def _code(node: cst.CSTNode) -> str:
    return " ".join(cst.Module(body=[]).code_for_node(node).split())
