"""The .ipynb format: read the cells, write back only the `source` of the cells that changed.

A notebook is rewritten in its own bytes, never re-serialised: each changed cell's `source` value
is replaced where it stands in the original text, and everything else (outputs, execution counts,
metadata, attachments, other cells, indentation, key order, the `ensure_ascii` choice, the final
newline, a BOM) stays byte for byte, so `git diff` shows the changed lines only. A new `source`
keeps its cell's form (a list of lines or one string) and the list's own layout; a line that did
not change keeps its exact JSON text, and new text is escaped the way the file escapes (non-ASCII
as is, or as \\u escapes when the file has them). The result is parsed again and compared with
the intended document before it is accepted.

Only nbformat 4 and newer are read (the format of every Jupyter since 2015); older notebooks,
invalid JSON and malformed cells are a one-line NotebookError.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any, Dict, List, Mapping, Optional, Tuple

from codemods.source import SourceError

SUFFIX = ".ipynb"


class NotebookError(SourceError):
    """The file cannot be read as a notebook; the message is one line for the user."""


def is_notebook(path: str) -> bool:
    return path.lower().endswith(SUFFIX)


@dataclass
class Cell:
    index: int  # position in the notebook's `cells`
    cell_type: str
    source: str  # the text, joined when the file stores a list of lines
    is_list: bool  # how the file stores `source`
    span: Tuple[int, int]  # the `source` value's [start, end) in the notebook's text
    items: List[Tuple[int, int]] = field(default_factory=list)  # each list item's span
    number: Optional[int] = None  # code cells only: 1-based among the code cells (`cell_4`), as nbQA counts

    @property
    def label(self) -> str:
        return f"cell_{self.number}"


@dataclass
class Notebook:
    text: str  # the file decoded, without a BOM
    bom: bool
    document: Dict[str, Any]
    cells: List[Cell]

    @property
    def code_cells(self) -> List[Cell]:
        return [cell for cell in self.cells if cell.cell_type == "code"]

    @property
    def language(self) -> Optional[str]:
        """The kernel's language when the notebook says (`python`, `r`, ...), lower case."""
        metadata = self.document.get("metadata")
        if not isinstance(metadata, dict):
            return None
        for key, name in (("language_info", "name"), ("kernelspec", "language")):
            section = metadata.get(key)
            if isinstance(section, dict) and isinstance(section.get(name), str):
                return section[name].lower()
        return None

    def with_sources(self, sources: Mapping[int, str]) -> bytes:
        """The notebook's bytes with the `source` of cells ``sources`` names (by index) replaced."""
        layout = _Layout(self.text)
        pieces, position = [], 0
        for cell in sorted((self.cells[i] for i in sources), key=lambda c: c.span[0]):
            start, end = cell.span
            pieces.append(self.text[position:start])
            pieces.append(layout.render(self.text, cell, sources[cell.index]))
            position = end
        pieces.append(self.text[position:])
        text = "".join(pieces)
        self._check(text, sources)
        return (("\ufeff" if self.bom else "") + text).encode("utf-8")

    def _check(self, text: str, sources: Mapping[int, str]) -> None:
        """The written text parses, and to exactly the document with the new sources."""
        written = json.loads(text)
        expected = dict(self.document)
        expected["cells"] = list(self.document["cells"])
        for index, source in sources.items():
            cell = dict(expected["cells"][index])
            got = written["cells"][index]["source"]
            kept_form = isinstance(got, list) == self.cells[index].is_list
            if not kept_form or _joined(got) != source:
                raise NotebookError(f"internal error: cell {index} would not be written as intended; notebook left unchanged")
            cell["source"] = got
            expected["cells"][index] = cell
        if written != expected:
            raise NotebookError("internal error: the rewrite would change more than cell sources; notebook left unchanged")


def _joined(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else source


def load(data: bytes) -> Notebook:
    """Parse a notebook's bytes; a NotebookError names what is wrong in one line."""
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data[3 if bom else 0:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotebookError(f"not a notebook: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(f"not a notebook: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise NotebookError("not a notebook: JSON nested too deeply") from None
    if not isinstance(document, dict):
        raise NotebookError("not a notebook: the JSON is not an object")
    version = document.get("nbformat")
    if not isinstance(version, int) or isinstance(version, bool):
        raise NotebookError("not a notebook: no nbformat version")
    if version < 4:
        raise NotebookError(
            f"nbformat {version} notebook: only nbformat 4 and newer are read (open and save it in Jupyter to upgrade it)"
        )
    raw_cells = document.get("cells")
    if not isinstance(raw_cells, list):
        raise NotebookError("not a notebook: `cells` is not a list")
    spans = _source_spans(text)
    cells: List[Cell] = []
    number = 0
    for index, raw in enumerate(raw_cells):
        if not isinstance(raw, dict) or not isinstance(raw.get("cell_type"), str):
            raise NotebookError(f"not a notebook: cell {index} has no cell_type")
        source = raw.get("source", "")
        if not (isinstance(source, str) or (isinstance(source, list) and all(isinstance(s, str) for s in source))):
            raise NotebookError(f"not a notebook: the source of cell {index} is neither text nor a list of lines")
        span, items = spans.get(index, ((-1, -1), []))
        cell = Cell(index, raw["cell_type"], _joined(source), isinstance(source, list), span, items)
        if cell.cell_type == "code":
            number += 1
            cell.number = number
        cells.append(cell)
    return Notebook(text=text, bom=bom, document=document, cells=cells)


# ------------------------------------------------------------------------------------------------
# Where each cell's `source` value is in the text. json.loads has already accepted the text, so
# this walk can take it to be well formed.

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _ws(text: str, i: int) -> int:
    return _WS.match(text, i).end()  # type: ignore[union-attr]


def _end(text: str, i: int) -> int:
    """The end of the JSON value starting at ``i`` (json's own scanner: fast, and as deep as json.loads goes)."""
    return _DECODER.raw_decode(text, i)[1]


def _members(text: str, i: int):
    """(key, key start, value start, value end) of each member of the object at ``i``, then
    (None, ``}``, ``}``, end of the object)."""
    i = _ws(text, i + 1)
    if text[i] == "}":
        yield None, i, i, i + 1
        return
    while True:
        key_start = i
        key, i = scanstring(text, i + 1)
        i = _ws(text, _ws(text, i) + 1)  # past the colon
        end = _end(text, i)
        yield key, key_start, i, end
        after = _ws(text, end)
        if text[after] == "}":
            yield None, after, after, after + 1
            return
        i = _ws(text, after + 1)


def _items(text: str, i: int):
    """(start, end) of each item of the array at ``i``, then (``]``, end of the array)."""
    i = _ws(text, i + 1)
    if text[i] == "]":
        yield i, i + 1
        return
    while True:
        end = _end(text, i)
        yield i, end
        after = _ws(text, end)
        if text[after] == "]":
            yield after, after + 1
            return
        i = _ws(text, after + 1)


def _source_spans(text: str) -> Dict[int, Tuple[Tuple[int, int], List[Tuple[int, int]]]]:
    """Cell index -> (span of its `source` value, spans of the list's items)."""
    found: Dict[int, Tuple[Tuple[int, int], List[Tuple[int, int]]]] = {}
    start = _ws(text, 0)
    for key, _, value, _ in _members(text, start):
        if key != "cells" or text[value] != "[":
            continue
        found = {}  # a repeated key: json.loads keeps the last, so does this
        cells = list(_items(text, value))[:-1]
        for index, (cell_start, _) in enumerate(cells):
            if text[cell_start] != "{":
                continue
            for cell_key, _, v_start, v_end in _members(text, cell_start):
                if cell_key == "source":
                    items = [span for span in _items(text, v_start)][:-1] if text[v_start] == "[" else []
                    found[index] = ((v_start, v_end), items)
    return found


# ------------------------------------------------------------------------------------------------
# Writing a `source` the way the file writes it.

_NON_ASCII_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u(?!00[0-7][0-9a-fA-F])[0-9a-fA-F]{4}")


class _Layout:
    def __init__(self, text: str) -> None:
        # Non-ASCII written as is anywhere: the writer did not escape (nbformat, JupyterLab, VS Code);
        # escaped and never as is: it did (json.dump's default); neither: as nbformat writes.
        self.ensure_ascii = not any(ord(c) > 127 for c in text) and bool(_NON_ASCII_ESCAPE.search(text))
        start = _ws(text, 0)
        members = list(_members(text, start))
        first_gap = text[start + 1:members[0][1]]
        # The indentation unit and newline from the top-level object's first member.
        self.pretty = "\n" in first_gap or "\r" in first_gap
        newline = re.match(r"\r\n|\r|\n", first_gap.lstrip(" \t")) if self.pretty else None
        self.newline = newline.group(0) if newline else "\n"
        self.unit = first_gap.rsplit("\n", 1)[-1].rsplit("\r", 1)[-1].split('"')[0] if self.pretty else ""
        # How members are separated when not pretty-printed: "," or ", ".
        self.comma = ","
        if not self.pretty and len(members) > 2:
            gap = text[members[0][3]:members[1][1]]
            self.comma = ", " if gap.startswith(", ") else ","

    def encode(self, value: str) -> str:
        return json.dumps(value, ensure_ascii=self.ensure_ascii)

    def render(self, text: str, cell: Cell, source: str) -> str:
        if not cell.is_list:
            return self.encode(source)
        known: Dict[str, str] = {}
        for start, end in cell.items:
            known.setdefault(scanstring(text, start + 1)[0], text[start:end])
        # Split where the file's writer split: at every line end str.splitlines knows (nbformat)
        # when an item ends in another one, else at "\n" only (JupyterLab's split, the same for
        # ordinary text).
        if any(not item.endswith("\n") for item in list(known)[:-1]):
            lines = source.splitlines(keepends=True)
        else:
            lines = re.findall(r"[^\n]*\n|[^\n]+$", source)
        if not lines:
            return "[]"
        tokens = [known.get(line) or self.encode(line) for line in lines]
        before, between, after = self._list_gaps(text, cell)
        return "[" + before + between.join(tokens) + after + "]"

    def _list_gaps(self, text: str, cell: Cell) -> Tuple[str, str, str]:
        """The whitespace after `[`, between items (with the comma) and before `]` of this list."""
        start, end = cell.span
        items = cell.items
        if items:
            before = text[start + 1:items[0][0]]
            after = text[items[-1][1]:end - 1]
            if len(items) > 1:
                between = text[items[0][1]:items[1][0]]
            elif "\n" in before or "\r" in before:
                between = "," + before
            else:
                between = self.comma
            return before, between, after
        if not self.pretty:
            return "", self.comma, ""
        line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
        indent = re.match(r"[ \t]*", text[line_start:start]).group(0)  # type: ignore[union-attr]
        before = self.newline + indent + self.unit
        return before, "," + before, self.newline + indent
