"""Print a rewritten module by copying the text of the top-level statements it kept.

A rewrite replaces a few top-level statements and hands the others back as the same objects;
printing the whole module with libcst cost about a tenth of a hit file's time. Here libcst
prints only the statements that are new, and the others are copied from the text of the module
they came from, so the result is the text ``module.code`` would give.

A libcst top-level statement's text is its leading lines (blank or comment lines, one physical
line each) and then the statement, up to the next one's text; the module's header comes before
the first, its footer after the last. CPython's parser, run before libcst's anyway, gives the
line each statement proper starts on (a decorated one: its first decorator). Whatever does not
line up with that picture gives None, and the caller prints the whole module.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import List, Optional, Sequence

import libcst as cst

# CPython's line ends (str.splitlines would also split at form feeds, \x1c, \u2028, ...).
_NEWLINE = re.compile(r"\r\n|\r|\n")
_BLANK = " \t\x0c"
# libcst's parser drops the space before the colon of `except X :` (but not of `except X as e :`),
# so its print of such a module is not the module's text: a module where that may happen is not
# copied from. Which colon ends an except clause takes a parser to tell (`except t[0:1] :`), so a
# module with an `except` and any colon after a space or a line continuation is printed whole.
_EXCEPT = re.compile(r"\bexcept\b")
_SPACED_COLON = re.compile(r"[ \t\x0c]:|\\(?:\r\n|\r|\n)[ \t\x0c]*:")


@dataclass
class Printed:
    """A module's text and where each of its top-level statements begins in it."""

    module: cst.Module
    text: str
    # Per statement of module.body, then once more for the footer: offset in text, and 1-based line.
    offsets: List[int]
    lines: List[int]


def first_lines(tree: ast.Module) -> List[int]:
    """The line each top-level statement of CPython's tree starts on (what ``laid_out`` needs)."""
    return [node.decorator_list[0].lineno if getattr(node, "decorator_list", None) else node.lineno for node in tree.body]


def laid_out(module: cst.Module, text: str, starts: Sequence[int]) -> Optional[Printed]:
    """Where ``module``'s statements begin in ``text`` (the text it was parsed from), given
    ``first_lines`` of the same text; None when the two parsers' statements do not line up."""
    if not module.body or not module.has_trailing_newline or (_EXCEPT.search(text) and _SPACED_COLON.search(text)):
        return None
    line_starts = [0]
    line_starts.extend(match.end() for match in _NEWLINE.finditer(text))
    if line_starts[-1] != len(text):
        return None  # the last line has no newline (libcst then drops the module's last one)
    count = len(line_starts) - 1  # physical lines

    def line(number: int) -> str:  # 1-based, without its newline
        return _NEWLINE.sub("", text[line_starts[number - 1]:line_starts[number]])

    def clean_boundary(number: int) -> bool:
        # A backslash at the end of the line before joins it to this one: libcst then puts both
        # lines in one of its "empty lines", and the count below is off.
        return number == 1 or not line(number - 1).endswith("\\")

    lines: List[int] = []
    used = 0
    previous = 0  # the line the previous statement proper started on
    for stmt in module.body:
        if used >= len(starts):
            return None
        first = starts[used]
        used += len(stmt.body) if isinstance(stmt, cst.SimpleStatementLine) else 1
        leading = len(stmt.leading_lines)
        decorators = getattr(stmt, "decorators", ())
        if decorators:
            decorator = decorators[0]
            if decorator.decorator.lpar or "\\" in decorator.whitespace_after_at.value:
                return None  # CPython's line is then that of what is inside, not of the "@"
            leading += len(decorator.leading_lines)
        start = first - leading
        if start <= previous or first > count or not clean_boundary(start):
            return None
        if any(line(n).strip(_BLANK)[:1] not in ("", "#") for n in range(start, first)):
            return None
        if line(first).strip(_BLANK)[:1] in ("", "#"):
            return None
        lines.append(start)
        previous = first
    if used != len(starts) or lines[0] != len(module.header) + 1:
        return None
    footer = count + 1 - len(module.footer)
    if footer <= previous or not clean_boundary(footer):
        return None
    lines.append(footer)
    return Printed(module, text, [line_starts[n - 1] for n in lines], lines)


def spliced(module: cst.Module, old: Printed) -> Optional[Printed]:
    """``module`` printed, copying what it shares with ``old.module``; None when it cannot be."""
    before = old.module
    if (
        not module.body or not module.has_trailing_newline or module.default_newline != before.default_newline
        or module.default_indent != before.default_indent
    ):
        return None
    index = {id(stmt): i for i, stmt in enumerate(before.body)}
    text, offsets, lines = old.text, old.offsets, old.lines
    parts: List[str] = []
    out_offsets: List[int] = []
    out_lines: List[int] = []
    size, line = 0, 1

    def add(piece: str, newlines: int) -> None:
        nonlocal size, line
        parts.append(piece)
        size += len(piece)
        line += newlines

    if _same(module.header, before.header):
        add(text[: offsets[0]], lines[0] - 1)
    else:
        add(*_printed(module, module.header))
    for stmt in module.body:
        out_offsets.append(size)
        out_lines.append(line)
        i = index.get(id(stmt))
        if i is not None:
            add(text[offsets[i]: offsets[i + 1]], lines[i + 1] - lines[i])
        else:
            add(*_printed(module, (stmt,)))
    out_offsets.append(size)
    out_lines.append(line)
    if _same(module.footer, before.footer):
        add(text[offsets[-1]:], 0)
    else:
        add(*_printed(module, module.footer))
    return Printed(module, "".join(parts), out_offsets, out_lines)


def _printed(module: cst.Module, nodes: Sequence[cst.CSTNode]) -> tuple:
    piece = "".join(module.code_for_node(node) for node in nodes)
    return piece, len(_NEWLINE.findall(piece))


def _same(these: Sequence[cst.CSTNode], those: Sequence[cst.CSTNode]) -> bool:
    return len(these) == len(those) and all(a is b for a, b in zip(these, those))
