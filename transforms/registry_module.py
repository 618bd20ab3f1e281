"""The code-managed prompt registry module: written, merged into an existing one, checked.

Settings that lived server-side in assistants move into the team's own code: OpenAI's hosted
prompt objects, the other possible home, stopped on 2026-11-30. An entry answers to the IDs the
code names an assistant by (a literal, a constant, an environment variable), so configuration
keeps working. Different IDs are different assistants, whatever variable holds them; an
environment variable with a literal default joins the entry of that ID.

Writing again never loses a person's work: ENTRIES is kept as written (entries for IDs no entry
answers to are added at its end) and so is what they wrote below the header's USER_LINE; the
header and the runtime are the tool's and are brought up to date.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from transforms.registry_runtime import HEADER, RUNTIME, USER_LINE

KINDS = ("literal", "env", "dynamic", "created")


@dataclass(frozen=True)
class AssistantRef:
    kind: str  # one of KINDS
    key: str  # the ID; the variable's name; the expression (dynamic); the assistant's name (created)
    line: int
    # env: the ID used when the variable is unset (a non-empty literal default).
    default: Optional[str] = None

    def as_tuple(self) -> Tuple[str, str, int, Optional[str]]:
        return (self.kind, self.key, self.line, self.default)


Located = Tuple[str, AssistantRef]  # ("path", ref)


class RegistryError(Exception):
    """An existing registry the tool cannot merge into (say why, and what to do)."""


@dataclass
class Entry:
    id: str
    assistant_ids: List[str] = field(default_factory=list)
    env: List[str] = field(default_factory=list)
    referenced_at: List[str] = field(default_factory=list)

    def keys(self) -> List[str]:
        return [self.id, *self.assistant_ids, *(f"env:{name}" for name in self.env)]


@dataclass(frozen=True)
class Unfilled:
    line: int
    id: str
    referenced_at: str


def entries(found: Sequence[Located]) -> List[Entry]:
    """One entry per assistant the code names by an ID it keeps; dynamic and created ones have none."""
    # Keys naming the same assistant: an ID, and `env:NAME` joined to its default ID.
    parent: Dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    order: List[str] = []
    where: Dict[str, List[str]] = {}
    for path, ref in found:
        if ref.kind == "literal":
            key = ref.key
        elif ref.kind == "env":
            key = f"env:{ref.key}"
            if ref.default:
                a, b = root(key), root(ref.default)
                if a != b:
                    parent[a] = b
                order.append(ref.default)
        else:
            continue
        order.append(key)
        where.setdefault(key, []).append(f"{path}:{ref.line}")
    groups: Dict[str, List[str]] = {}
    for key in dict.fromkeys(order):
        groups.setdefault(root(key), []).append(key)
    out = []
    for keys in groups.values():
        ids = [k for k in keys if not k.startswith("env:")]
        env = [k[4:] for k in keys if k.startswith("env:")]
        places = [p for k in keys for p in where.get(k, ())]
        out.append(Entry(id=ids[0] if ids else env[0], assistant_ids=ids[1:], env=env,
                         referenced_at=list(dict.fromkeys(places))))
    return sorted(out, key=lambda e: e.id)


def render_entry(entry: Entry) -> str:
    lines = ["    Assistant(", f"        id={entry.id!r},"]
    if entry.assistant_ids:
        lines.append(f"        assistant_ids=({', '.join(repr(i) for i in entry.assistant_ids)},),")
    if entry.env:
        lines.append(f"        env=({', '.join(repr(e) for e in entry.env)},),")
    shown = ", ".join(entry.referenced_at[:3]) + (", ..." if len(entry.referenced_at) > 3 else "")
    lines.append(f"        referenced_at={shown!r},")
    lines.append("        # Not filled in yet: copy the assistant's settings here (model is required), e.g.")
    lines.append('        # model="gpt-4o", instructions="...", tools=[{"type": "file_search", "vector_store_ids": ["vs_..."]}],')
    lines.append("    ),")
    return "\n".join(lines) + "\n"


def render(found: Sequence[Located]) -> str:
    """A new registry module for the assistants ``found`` names."""
    body = "".join(render_entry(e) for e in entries(found))
    return HEADER + "ENTRIES: List[Assistant] = [\n" + body + "]\n" + RUNTIME


def write_text(existing: Optional[str], found: Sequence[Located]) -> str:
    """The registry to write: a new one, or ``existing`` with what is missing added."""
    if existing is None:
        return render(found)
    return merge(existing, found)


def merge(existing: str, found: Sequence[Located]) -> str:
    """``existing`` brought up to date: its entries and user lines kept, missing entries added."""
    tree, statement, listed = _entries_of(existing)
    covered = {key for e in _existing_entries(listed) for key in e}
    new = [part for e in entries(found) for part in _uncovered(e, covered)]
    lines = existing.splitlines(keepends=True)
    start, end = statement.lineno, statement.end_lineno or statement.lineno
    head = "".join(lines[: start - 1])
    user = head.split(USER_LINE, 1)[1].lstrip("\n") if USER_LINE in head else ""
    block = "".join(lines[start - 1: end])
    if new:
        block = _appended(block, listed, statement, "".join(render_entry(e) for e in new))
    del tree
    return HEADER + user + block.rstrip("\n") + "\n" + RUNTIME


def _uncovered(entry: Entry, covered: set) -> List[Entry]:
    """What of ``entry`` no existing entry answers to: an entry of its own (the person who filled
    the registry decides whether it is the same assistant as one there)."""
    ids = [i for i in [entry.id, *entry.assistant_ids] if i not in covered and i not in entry.env]
    env = [e for e in entry.env if f"env:{e}" not in covered]
    if not ids and not env:
        return []
    return [Entry(id=ids[0] if ids else env[0], assistant_ids=ids[1:], env=env, referenced_at=entry.referenced_at)]


def _entries_of(text: str) -> Tuple[ast.Module, ast.stmt, ast.List]:
    try:
        tree = ast.parse(text)
    except SyntaxError as exc:
        raise RegistryError(f"it does not parse (line {exc.lineno}: {exc.msg}): fix it, or pass --force to write a new one") from None
    for statement in tree.body:
        target = statement.targets[0] if isinstance(statement, ast.Assign) and len(statement.targets) == 1 else \
            statement.target if isinstance(statement, ast.AnnAssign) else None
        if isinstance(target, ast.Name) and target.id == "ENTRIES":
            value = statement.value
            if isinstance(value, ast.List):
                return tree, statement, value
            raise RegistryError("its ENTRIES is not a list display: the tool cannot add entries to it "
                                "(pass --force to write a new one)")
    raise RegistryError("it has no ENTRIES list: pass --force to write a new one")


def _existing_entries(listed: ast.List) -> List[List[str]]:
    """The keys each entry already answers to (IDs, `env:NAME`)."""
    out = []
    for element in listed.elts:
        if not isinstance(element, ast.Call):
            continue
        keys: List[str] = []
        for keyword in element.keywords:
            value = _literal(keyword.value)
            if keyword.arg == "id" and isinstance(value, str):
                keys.append(value)
            elif keyword.arg == "assistant_ids" and isinstance(value, (tuple, list)):
                keys.extend(v for v in value if isinstance(v, str))
            elif keyword.arg == "env" and isinstance(value, (tuple, list)):
                keys.extend(f"env:{v}" for v in value if isinstance(v, str))
        out.append(keys)
    return out


def _literal(node: ast.expr) -> object:
    try:
        return ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


def _appended(block: str, listed: ast.List, statement: ast.stmt, added: str) -> str:
    """The ENTRIES statement's text with ``added`` (whole lines) before its closing bracket."""
    lines = block.splitlines(keepends=True)
    offset = statement.lineno
    close_line = (listed.end_lineno or offset) - offset  # index in ``lines``
    close_col = (listed.end_col_offset or 1) - 1  # the "]"
    closing = lines[close_line]
    if listed.elts:
        last = listed.elts[-1]
        index = (last.end_lineno or offset) - offset
        col = last.end_col_offset or 0
        line = lines[index]
        rest = line[col:]
        if not rest.lstrip().startswith(","):
            lines[index] = line[:col] + "," + rest
            if index == close_line:
                close_col += 1
                closing = lines[close_line]
    before, after = closing[:close_col], closing[close_col:]
    if before.strip():
        lines[close_line] = before.rstrip() + "\n" + added + after
    else:
        lines[close_line] = added + after
    return "".join(lines)


def unfilled(text: str) -> List[Unfilled]:
    """The entries of a registry's text whose `model` is not given (or empty)."""
    _, _, listed = _entries_of(text)
    out = []
    for element in listed.elts:
        if not isinstance(element, ast.Call):
            continue
        given = {k.arg: _literal(k.value) for k in element.keywords if k.arg is not None}
        names_model = any(k.arg == "model" for k in element.keywords)
        if names_model and given.get("model") != "":
            continue  # a model given (a literal, or an expression the module computes)
        out.append(Unfilled(element.lineno, str(given.get("id", "?")), str(given.get("referenced_at") or "")))
    return out
