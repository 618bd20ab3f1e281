"""The comments that say what to do by hand, placed above a statement, refreshed on every run.

    # assistants-to-responses: [runs-list] responses cannot be listed: keep the IDs of the
    #     responses you create (response.id) and retrieve them with client.responses.retrieve
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from storage ...

A marker names its reason by a stable code (a section of docs/reference.md). `[code]` markers
stand above a call left on the Assistants API; `note [code]` markers above a rewritten call that
needs a look. Markers are the tool's: on a statement that still holds Assistants code, each run
replaces them with what it finds now (so a stale reason goes, and a marker on code that now
migrates disappears); notes stay until a person removes them, and are never added twice.

A marker longer than WIDTH columns is wrapped over comment lines (codemods.markers gives the
layout): the rules plan one line per marker, and `layout` lays every marker of the module out at
the end of a transform, at the indentation of the statement it marks. A marker's lines are one
marker everywhere here: read as one message, kept, replaced or removed together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple, TypeVar, Union

import libcst as cst

from codemods.markers import CONTINUATION, WIDTH, continues, wrap

PREFIX = "# assistants-to-responses:"
_NOTE = re.compile(r"^note \[[a-z0-9-]+\]")
_CODE = re.compile(r"^\[([a-z0-9-]+)\]")
# Codes of the markers the types transform places on imports and classes (never on a call): the
# migrate transform, which sweeps its stale markers away, leaves these to it.
TYPES_CODES = frozenset({"handler-class"})

__all__ = ["PREFIX", "WIDTH", "CONTINUATION", "text", "is_marker", "is_note", "has_marker", "marker_texts", "marker_text",
           "refresh", "add_marker", "strip", "codes", "groups", "user_comments", "layout", "swept", "marked_statements",
           "header_to_first_statement", "TYPES_CODES"]

StatementT = TypeVar("StatementT", bound=Union[cst.SimpleStatementLine, cst.BaseCompoundStatement])


def text(code: str, message: str, note: bool = False) -> str:
    """The marker's text after the prefix."""
    return " ".join(f"{'note ' if note else ''}[{code}] {message}".split())


def is_marker(line: cst.EmptyLine) -> bool:
    """Whether ``line`` is the first line of a marker."""
    return line.comment is not None and line.comment.value.startswith(PREFIX)


@dataclass(frozen=True)
class Group:
    """One marker among a statement's leading lines: lines[first:end] are its lines."""

    first: int
    end: int
    text: str

    @property
    def is_note(self) -> bool:
        return bool(_NOTE.match(self.text))

    @property
    def code(self) -> Optional[str]:
        """The reason's code of a `[code] ...` marker (None for a note or a marker without one)."""
        found = _CODE.match(self.text)
        return found.group(1) if found else None


def _continues(line: cst.EmptyLine, head: cst.EmptyLine) -> bool:
    """A continuation of the marker whose first line is ``head``: right below it, same indentation."""
    return (
        line.comment is not None and line.indent == head.indent and line.whitespace.value == head.whitespace.value
        and continues(line.comment.value, "")
    )


def groups(lines: Sequence[cst.EmptyLine]) -> List[Group]:
    """The markers among ``lines``, each with its continuation lines."""
    found = []
    index = 0
    while index < len(lines):
        head = lines[index]
        if not is_marker(head):
            index += 1
            continue
        assert head.comment is not None
        parts = [head.comment.value[len(PREFIX):]]
        end = index + 1
        while end < len(lines) and _continues(lines[end], head):
            parts.append(lines[end].comment.value[len(CONTINUATION):])  # type: ignore[union-attr]
            end += 1
        found.append(Group(index, end, " ".join(" ".join(parts).split())))
        index = end
    return found


def is_note(line: cst.EmptyLine) -> bool:
    return is_marker(line) and bool(_NOTE.match(line.comment.value[len(PREFIX):].strip()))  # type: ignore[union-attr]


def has_marker(stmt: cst.CSTNode) -> bool:
    return any(is_marker(line) for line in getattr(stmt, "leading_lines", ()))


def marker_texts(stmt: cst.CSTNode) -> List[str]:
    return [group.text for group in groups(getattr(stmt, "leading_lines", ()))]


def marker_text(stmt: cst.CSTNode) -> Optional[str]:
    found = marker_texts(stmt)
    return found[0] if found else None


def user_comments(lines: Sequence[cst.EmptyLine]) -> List[cst.EmptyLine]:
    """The comment lines of ``lines`` that belong to no marker (a person's own)."""
    taken = {index for group in groups(lines) for index in range(group.first, group.end)}
    return [line for index, line in enumerate(lines) if line.comment is not None and index not in taken]


def _line(message: str) -> cst.EmptyLine:
    # One line for now: `layout` wraps it once the statement's indentation is known.
    return cst.EmptyLine(comment=cst.Comment(f"{PREFIX} {message}"))


def refresh(stmt: StatementT, texts: Sequence[str], replace: bool, only: Optional[Callable[[Group], bool]] = None) -> StatementT:
    """``stmt`` with a marker for each of ``texts`` it does not have yet. With ``replace`` (the
    statement still holds Assistants code), the tool's other markers go, each with all its lines,
    notes aside (with ``only``, just those it accepts); a marker that says what it should keeps
    its place among the comments."""
    lines = list(stmt.leading_lines)
    wanted = [" ".join(t.split()) for t in dict.fromkeys(texts)]
    kept: List[cst.EmptyLine] = []
    present = set()
    position = 0
    for group in groups(lines):
        kept.extend(lines[position:group.first])
        position = group.end
        owned = only is None or only(group)
        if replace and owned and not group.is_note and (group.text not in wanted or group.text in present):
            continue  # stale, or the same marker twice
        kept.extend(lines[group.first:group.end])
        present.add(group.text)
    kept.extend(lines[position:])
    # A note is given once per statement: one a person reworded (say, to record the check) stays.
    noted = {_note_head(t) for t in present} - {None}
    new = [t for t in wanted if t not in present and (_note_head(t) is None or _note_head(t) not in noted)]
    # Notes before markers, whatever order the rules gave them in.
    added = [_line(t) for t in sorted(new, key=lambda t: not _NOTE.match(t))]
    if not added and len(kept) == len(lines):
        return stmt
    return stmt.with_changes(leading_lines=[*kept, *added])


def _note_head(text: str) -> Optional[str]:
    """`note [code]` of a note's text; None for a marker that is not a note."""
    found = _NOTE.match(text)
    return found.group(0) if found else None


def add_marker(stmt: StatementT, message: str) -> StatementT:
    """``stmt`` with ``# assistants-to-responses: message`` above it, unless a marker is there."""
    if has_marker(stmt):
        return stmt
    return stmt.with_changes(leading_lines=[*stmt.leading_lines, _line(" ".join(message.split()))])


def strip(stmt: StatementT) -> StatementT:
    """``stmt`` without the tool's markers other than notes."""
    return refresh(stmt, (), True)


def codes(texts: Iterable[str]) -> List[str]:
    out = []
    for t in texts:
        m = re.search(r"\[([a-z0-9-]+)\]", t)
        if m:
            out.append(m.group(1))
    return out


def swept(group: Group) -> bool:
    """A marker the migrate transform owns: a `[code]` marker (not a note) that only it places, on
    a statement holding an Assistants call. On a statement that holds none any more (the user
    migrated it by hand), it is stale and goes."""
    return not group.is_note and group.code is not None and group.code not in TYPES_CODES


def marked_statements(module: cst.Module, wanted: Callable[[Group], bool]) -> List[cst.CSTNode]:
    """The statements of ``module`` with a marker ``wanted`` accepts."""
    return [
        stmt for stmt, _, _ in _statements(module)
        if _has_prefix(stmt.leading_lines) and any(wanted(group) for group in groups(stmt.leading_lines))
    ]


def _has_prefix(lines: Sequence[cst.EmptyLine]) -> bool:
    return any(line.comment is not None and line.comment.value.startswith(PREFIX) for line in lines)


# Where compound statements keep the statements they hold: blocks, or clauses holding a block.
_CLAUSE_FIELDS = ("body", "orelse", "handlers", "finalbody", "cases")
Path = Tuple[cst.CSTNode, ...]


def _statements(module: cst.Module) -> Iterator[Tuple[StatementNode, str, Path]]:
    """Every statement of ``module`` with its indentation and the nodes from the module down to
    it, read from the nodes' fields (libcst's visitors would rebuild every node they pass)."""
    pending: List[Tuple[Sequence[cst.CSTNode], str, Path]] = [(module.body, "", ())]
    while pending:
        body, indent, path = pending.pop()
        for stmt in body:
            if not isinstance(stmt, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
                continue
            yield stmt, indent, path
            if isinstance(stmt, cst.BaseCompoundStatement):
                _clauses(stmt, indent, (*path, stmt), module.default_indent, pending)


def _clauses(node: cst.CSTNode, indent: str, path: Path, default: str, pending: list) -> None:
    for name in _CLAUSE_FIELDS:
        value = getattr(node, name, None)
        if name == "cases" and isinstance(node, cst.Match):  # `case` lines are a block of their own
            step = node.indent if node.indent is not None else default
            for case in value:
                _clauses(case, indent + step, (*path, case), default, pending)
            continue
        for part in value if isinstance(value, (list, tuple)) else (value,):
            if isinstance(part, cst.IndentedBlock):
                step = part.indent if part.indent is not None else default
                pending.append((part.body, indent + step, (*path, part)))
            elif isinstance(part, cst.If):  # `elif`: a clause at the `if`'s own indentation
                pending.append(((part,), indent, path))
            elif isinstance(part, _CLAUSES):
                _clauses(part, indent, (*path, part), default, pending)


# ------------------------------------------------------------------------------------------------
# Layout: every marker wrapped at its statement's indentation.


def _laid_out(lines: Sequence[cst.EmptyLine], indent: str) -> Optional[List[cst.EmptyLine]]:
    """``lines`` with each marker wrapped for a block indented by ``indent``; None if all already are."""
    found = groups(lines)
    if not found:
        return None
    out: List[cst.EmptyLine] = []
    position = 0
    changed = False
    for group in found:
        out.extend(lines[position:group.first])
        position = group.end
        head = lines[group.first]
        at = (indent if head.indent else "") + head.whitespace.value
        comments = [line[len(at):] for line in wrap(PREFIX, group.text, at, WIDTH)]
        current = [line.comment.value.rstrip() for line in lines[group.first:group.end]]  # type: ignore[union-attr]
        if current == comments:
            out.extend(lines[group.first:group.end])
            continue
        changed = True
        out.extend(head.with_changes(comment=cst.Comment(comment)) for comment in comments)
    out.extend(lines[position:])
    return out if changed else None


_CLAUSES = (cst.Else, cst.ExceptHandler, cst.Finally, cst.MatchCase, getattr(cst, "ExceptStarHandler", cst.ExceptHandler))
StatementNode = Union[cst.SimpleStatementLine, cst.BaseCompoundStatement]


class _Replace(cst.CSTTransformer):
    """New leading lines for some statements, entering only the nodes on the way to them."""

    def __init__(self, lines: Dict[cst.CSTNode, List[cst.EmptyLine]], hot: Set[cst.CSTNode]) -> None:
        super().__init__()
        self.lines, self.hot = lines, hot

    def on_visit(self, node: cst.CSTNode) -> bool:
        return node in self.hot

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):  # type: ignore[override]
        lines = self.lines.get(original_node)
        return updated_node if lines is None else updated_node.with_changes(leading_lines=lines)


def layout(module: cst.Module) -> cst.Module:
    """``module`` with every marker wrapped within WIDTH columns at its statement's indentation
    (the same module when all already are)."""
    replaced: Dict[cst.CSTNode, List[cst.EmptyLine]] = {}
    hot: Set[cst.CSTNode] = {module}
    for stmt, indent, path in _statements(module):
        if not _has_prefix(stmt.leading_lines):
            continue
        lines = _laid_out(stmt.leading_lines, indent)
        if lines is not None:
            replaced[stmt] = lines
            hot.update(path)
    header = _laid_out(module.header, "") if _has_prefix(module.header) else None
    if not replaced and header is None:
        return module
    result = module.visit(_Replace(replaced, hot)) if replaced else module
    assert isinstance(result, cst.Module)
    return result if header is None else result.with_changes(header=header)


def header_to_first_statement(module: cst.Module) -> cst.Module:
    """A marker above the first statement parses into the module header: hand it back to the
    statement (the code is the same), so that the marker is seen there and never added twice."""
    if not module.body:
        return module
    header = list(module.header)
    marked = [i for i, line in enumerate(header) if is_marker(line)]
    if not marked:
        return module
    start = marked[0]
    first = module.body[0]
    return module.with_changes(
        header=header[:start],
        body=[first.with_changes(leading_lines=[*header[start:], *first.leading_lines]), *module.body[1:]],
    )
