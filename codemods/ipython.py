"""IPython syntax in a notebook cell: set aside for the Python tools, put back exactly afterwards.

A cell may hold lines that only IPython understands: line magics (`%matplotlib inline`, also
inside an indented block), shell escapes (`!pip install openai`), help (`?obj`, `obj?`, `obj??`),
assignments from them (`files = !ls`, `home = %env HOME`), each possibly continued with a trailing
backslash. Such a line is recognised only where IPython recognises it, at the start of a logical
line (never inside brackets, strings or after a backslash continuation), and is replaced by a
placeholder statement of the same indentation and the same number of lines, so the cell stays
valid Python, its line numbers stay those of the notebook, and the placeholder is found again
after a rewrite. The placeholder is an ``import`` (``import __ipython_3__``): a statement wherever
a statement may stand, even alone in a block, that rewrites leave alone, and after which added
imports land (a new import goes after a first cell's `!pip install`, not before it).

A cell whose first line is a cell magic (`%%bash`, `%%writefile x.py`, `%%html`) is not Python
and stays out of the analysis whole, except for the magics whose body IPython runs as Python in
the notebook's namespace (`%%time`, `%%timeit`, `%%capture`, as ruff treats them): their first
line is set aside like a line magic and the body is analysed.

Like nbQA and ruff, this does not recognise automagics (`pip install x` without `%`): such a cell
does not parse, and the notebook is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Set, Tuple

# Python's own line ends (str.splitlines also splits on \f, \v, \x1c, ... which Python does not).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
# `files = !ls`, `a, b = %sx ls`: IPython's assignment from a shell escape or a magic.
_ASSIGNED = re.compile(r"^\s*[A-Za-z_][\w.]*(\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*[!%]")
TRANSPARENT_CELL_MAGICS = frozenset({"time", "timeit", "capture"})
PLACEHOLDER_STEM = "__ipython"


def lines_of(text: str) -> List[str]:
    """The physical lines of ``text`` with their ends, split where Python splits them."""
    return _LINE.findall(text)


def cell_magic(text: str) -> Optional[str]:
    """The name of the cell magic that opens ``text`` (`%%bash` -> "bash"), else None."""
    if not text.startswith("%%"):
        return None
    match = re.match(r"%%([\w.-]*)", text)
    return match.group(1) if match else ""


def is_opaque(text: str) -> bool:
    """Whether the cell is not Python at all: a cell magic other than the transparent ones."""
    name = cell_magic(text)
    return name is not None and name not in TRANSPARENT_CELL_MAGICS


class _Scanner:
    """Just enough of Python's tokenizer to know where logical lines start: brackets, strings,
    comments and backslash continuations. Linear in the text; never raises on bad input."""

    def __init__(self) -> None:
        self.depth = 0
        self.quote: Optional[str] = None  # the open string's quote: ' " ''' or """
        self.continued = False

    @property
    def at_statement_start(self) -> bool:
        return self.depth == 0 and self.quote is None and not self.continued

    def feed(self, line: str) -> None:
        body = line.rstrip("\r\n")
        i, n = 0, len(body)
        self.continued = False
        string_continues = False
        while i < n:
            char = body[i]
            if self.quote is not None:
                if char == "\\":
                    string_continues = i == n - 1
                    i += 2
                    continue
                if body.startswith(self.quote, i):
                    i += len(self.quote)
                    self.quote = None
                    continue
                i += 1
                continue
            if char == "#":
                return  # a comment runs to the end of the line (a backslash in it continues nothing)
            if char in "\"'":
                self.quote = body[i:i + 3] if body.startswith(char * 3, i) else char
                i += len(self.quote)
                continue
            if char in "([{":
                self.depth += 1
            elif char in ")]}":
                self.depth = max(0, self.depth - 1)
            elif char == "\\" and i == n - 1:
                self.continued = True
            i += 1
        if self.quote is not None and len(self.quote) == 1 and not string_continues:
            self.quote = None  # a one-quote string ends with its line unless a backslash continues it


def _ends_in_help(line: str) -> bool:
    """`obj?`, `obj.attr??`, `%magic?`: a `?` ending the line outside any string or comment."""
    body = line.rstrip()
    if not body.endswith("?"):
        return False
    scanner = _Scanner()
    scanner.feed(body[:-1])
    # A `?` after an open string or in a comment is not help; after anything else it is not Python.
    return scanner.quote is None and "#" not in _code_part(body)


def _code_part(line: str) -> str:
    """``line`` up to a comment, strings blanked (enough to ask whether a `#` starts a comment)."""
    out, quote, i = [], None, 0
    while i < len(line):
        char = line[i]
        if quote is not None:
            if char == "\\":
                i += 2
                continue
            if line.startswith(quote, i):
                i += len(quote)
                quote = None
                continue
            i += 1
            continue
        if char == "#":
            out.append("#")
            break
        if char in "\"'":
            quote = line[i:i + 3] if line.startswith(char * 3, i) else char
            i += len(quote)
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _is_ipython_line(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if stripped[0] in "%!?":
        return True
    return bool(_ASSIGNED.match(line)) or _ends_in_help(line)


def runs_python(lines: List[str]) -> bool:
    """Whether an IPython line is a magic, which may run Python code (`%time f()`, `x = %timeit g()`),
    rather than a shell escape or a help request."""
    first = lines[0].strip()
    if _ends_in_help(lines[-1]) or first.startswith("?"):
        return False
    assigned = _ASSIGNED.match(lines[0])
    escape = lines[0][assigned.end() - 1] if assigned else first[:1]
    return escape == "%"


def python_names(lines: List[str]) -> Set[str]:
    """The names an IPython line may read from the notebook's namespace: any in a magic or a help
    request, only those in `{...}` / `$name` expansions of a shell escape (the rest is shell text)."""
    text = "".join(lines)
    if runs_python(lines) or not _is_shell(lines[0]):
        return set(re.findall(r"[A-Za-z_]\w*", text))
    expanded = re.findall(r"\{([^{}]*)\}", text) + re.findall(r"\$([A-Za-z_]\w*)", text)
    return {name for part in expanded for name in re.findall(r"[A-Za-z_]\w*", part)}


def _is_shell(line: str) -> bool:
    assigned = _ASSIGNED.match(line)
    return (line[assigned.end() - 1] if assigned else line.strip()[:1]) == "!"


@dataclass
class SetAside:
    """One cell with its IPython lines replaced by placeholders, and what they replaced."""

    python: str
    # placeholder number -> the original physical lines (with their ends) it stands for
    originals: Dict[int, List[str]] = field(default_factory=dict)


def set_aside(text: str, stem: str, first_number: int) -> SetAside:
    """``text`` with each IPython-only logical line replaced by ``import <stem>_<k>__`` (k counting
    from ``first_number``), continuation lines by further names of the same import."""
    lines = lines_of(text)
    out: List[str] = []
    originals: Dict[int, List[str]] = {}
    number = first_number
    scanner = _Scanner()
    i = 0
    if cell_magic(text) is not None:  # a transparent cell magic: its first line is IPython's
        i = _set_aside_one(lines, 0, stem, number, out, originals)
        number += 1
    while i < len(lines):
        line = lines[i]
        if scanner.at_statement_start and _is_ipython_line(line):
            i = _set_aside_one(lines, i, stem, number, out, originals)
            number += 1
            continue
        scanner.feed(line)
        out.append(line)
        i += 1
    return SetAside(python="".join(out), originals=originals)


def _set_aside_one(lines: List[str], start: int, stem: str, number: int, out: List[str], originals: Dict[int, List[str]]) -> int:
    """Replace the magic starting at ``lines[start]`` (and its backslash continuations); return the next index."""
    end = start
    while end < len(lines) - 1 and lines[end].rstrip("\r\n").endswith("\\"):
        end += 1
    group = lines[start:end + 1]
    originals[number] = group
    indent = re.match(r"[ \t]*", group[0]).group(0)  # type: ignore[union-attr]
    name = f"{stem}_{number}__"
    for offset, original in enumerate(group):
        ending = original[len(original.rstrip("\r\n")):]
        last = offset == len(group) - 1
        if offset == 0:
            text = f"{indent}import {name}"
        else:
            text = f"{name}{offset}"
        out.append(text + ("" if last else ", \\") + (ending or ("" if last else "\n")))
    return end + 1


_PLACEHOLDER = r"^([ \t]*)import ({stem}_(\d+)__)(, \\)?(\r\n|\r|\n)?$"


def placeholders(python: str, stem: str) -> List[Tuple[int, int]]:
    """(placeholder number, 0-based line) of each placeholder's first line in ``python``, in order."""
    pattern = re.compile(_PLACEHOLDER.format(stem=re.escape(stem)))
    found = []
    for index, line in enumerate(lines_of(python)):
        match = pattern.match(line)
        if match:
            found.append((int(match.group(3)), index))
    return found


def restore(python: str, stem: str, originals: Dict[int, List[str]]) -> Optional[str]:
    """``python`` with its placeholders replaced by the lines they stand for; None when a
    placeholder is missing, repeated, out of order or split (a rewrite disturbed it).

    A placeholder a rewrite re-indented gives back its line at the new indentation (the magic
    stays with its block); continuation lines come back exactly as they were.
    """
    lines = lines_of(python)
    pattern = re.compile(_PLACEHOLDER.format(stem=re.escape(stem)))
    out: List[str] = []
    seen: List[int] = []
    i = 0
    while i < len(lines):
        match = pattern.match(lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        number = int(match.group(3))
        group = originals.get(number)
        if group is None:
            return None
        seen.append(number)
        name = match.group(2)
        for offset in range(1, len(group)):
            expected = f"{name}{offset}" + (", \\" if offset < len(group) - 1 else "")
            if i + offset >= len(lines) or lines[i + offset].rstrip("\r\n") != expected:
                return None
        if (match.group(4) is not None) != (len(group) > 1):
            return None
        first = group[0]
        original_indent = re.match(r"[ \t]*", first).group(0)  # type: ignore[union-attr]
        out.append(match.group(1) + first[len(original_indent):])
        out.extend(group[1:])
        i += len(group)
        if i < len(lines) and not out[-1].endswith(("\n", "\r")):
            # The cell's last line, with no line break of its own, now has code added after it.
            ending = re.search(r"(\r\n|\r|\n)$", lines[i - 1])
            out[-1] += ending.group(1) if ending else "\n"
    if seen != sorted(originals):
        return None
    return "".join(out)


def free_stem(texts: Iterable[str]) -> str:
    """A placeholder stem that none of ``texts`` contains, so no user line is taken for one."""
    texts = list(texts)
    stem = PLACEHOLDER_STEM
    while any(stem in text for text in texts):
        stem += "_"
    return stem
