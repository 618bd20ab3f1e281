"""A notebook's code cells as one module: joined for the transforms, split back into their cells.

The Python cells (code cells, less those that are a cell magic such as `%%bash`) are joined in
order into one module, each cell's IPython lines set aside (codemods.ipython), with one line
between two cells that nothing else could contain (``__ipython_cell_4__``, an expression
statement at module level). The stages receive the module and, under the options key
``segments`` (codemods.pipeline.SEGMENTS), each cell's lines in it. After the pipeline the module
is split at those lines again: every one must still be there, once, in order, on a line of its
own, and every placeholder back in the cell it came from, or the rewrite is refused (the verifier
the pipeline runs says so and names the transform). Each cell must compile on its own with
top-level ``await`` allowed (``ast.PyCF_ALLOW_TOP_LEVEL_AWAIT``), as IPython compiles cells.

Findings and audited uses are cited as ``nb.ipynb:cell_4:3:5`` (code cells counted from 1, as
nbQA counts them), diffs per cell under ``a/nb.ipynb:cell_4``.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Set, Tuple

from codemods import diff as diffs
from codemods import ipython
from codemods import markers as layout
from codemods.notebook import Cell, Notebook, NotebookError, is_notebook, load
from codemods.results import FileResult, Finding, Status, error, one_line, syntax_problem

if TYPE_CHECKING:  # pragma: no cover
    from codemods.runner import Job

__all__ = ["is_notebook", "Joined", "join", "process", "markers", "Locations"]

COMPILE_FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


@dataclass
class PythonCell:
    cell: Cell
    aside: ipython.SetAside
    added_newline: bool  # the module has a newline after the cell that the cell has not


@dataclass
class Joined:
    notebook: Notebook
    stem: str
    cells: List[PythonCell]  # the Python cells, in order
    text: str
    segments: Tuple[Tuple[int, int], ...]

    def locate(self, line: int) -> Tuple[Optional[PythonCell], int]:
        """The cell holding module line ``line`` and the line within it (None on a boundary line)."""
        for python_cell, (first, last) in zip(self.cells, self.segments):
            if first <= line <= last:
                return python_cell, line - first + 1
        return None, line

    def _parts(self, lines: List[str]) -> Tuple[Optional[List[Tuple[int, int]]], str]:
        """Each cell's [start, end) line indices in ``lines``, or None and why the cells are lost."""
        pattern = re.compile(rf"^{re.escape(self.stem)}_cell_(\d+)__$")
        found = [(int(m.group(1)), i) for i, line in enumerate(lines) if (m := pattern.match(line.rstrip("\r\n")))]
        wanted = list(range(1, len(self.cells)))
        if [k for k, _ in found] != wanted:
            lost = [k for k in wanted if k not in {f for f, _ in found}]
            if lost:
                where = f"the line between {self.cells[lost[0] - 1].cell.label} and {self.cells[lost[0]].cell.label} was lost"
            else:
                where = "the lines between cells were repeated or reordered"
            return None, f"the rewrite broke the notebook's cell structure ({where})"
        starts = [0] + [i + 1 for _, i in found]
        ends = [i for _, i in found] + [len(lines)]
        return list(zip(starts, ends)), ""

    def segments_of(self, code: str) -> Optional[Tuple[Tuple[int, int], ...]]:
        """The pipeline's segmenter: each cell's (first_line, last_line) in ``code`` (see pipeline.SEGMENTS)."""
        parts, _ = self._parts(ipython.lines_of(code))
        return None if parts is None else tuple((start + 1, end) for start, end in parts)

    def split(self, code: str) -> Tuple[Optional[List[str]], str]:
        """The Python text of each cell in ``code`` (placeholders still in), or None and why not."""
        lines = ipython.lines_of(code)
        parts, problem = self._parts(lines)
        if parts is None:
            return None, problem
        texts = []
        for python_cell, (start, end) in zip(self.cells, parts):
            text = "".join(lines[start:end])
            if python_cell.added_newline:
                text = re.sub(r"(\r\n|\r|\n)$", "", text, count=1)
            texts.append(text)
        return texts, ""

    def verify(self, code: str, path: str) -> Optional[str]:
        """The pipeline's verifier for a notebook: the cells split again and each compiles alone."""
        texts, problem = self.split(code)
        if texts is None:
            return problem
        for python_cell, text in zip(self.cells, texts):
            if ipython.restore(text, self.stem, python_cell.aside.originals) is None:
                return f"the rewrite moved or removed an IPython line of {python_cell.cell.label}"
            compiled = _compile_problem(text, f"{path}:{python_cell.cell.label}")
            if compiled is not None:
                return f"{python_cell.cell.label}: {compiled}"
        return None

    def restored(self, texts: List[str], notes: Sequence["Note"] = ()) -> Dict[int, str]:
        """Notebook cell index -> its new source, for every Python cell, from the texts ``split`` gave
        (which the verifier accepted), with a marker line above each IPython line a note is about."""
        out = {}
        for position, (python_cell, text) in enumerate(zip(self.cells, texts)):
            source = ipython.restore(text, self.stem, python_cell.aside.originals)
            if source is None:
                raise NotebookError(f"the rewrite disturbed an IPython line of {python_cell.cell.label}; notebook left unchanged")
            lines = ipython.lines_of(source)
            for note in sorted((n for n in notes if n.position == position), key=lambda n: -n.line):
                newline = re.search(r"(\r\n|\r|\n)$", lines[note.line - 1])
                ending = newline.group(1) if newline else "\n"
                lines.insert(note.line - 1, "".join(line + ending for line in note.lines()))
            out[python_cell.cell.index] = "".join(lines)
        return out

    def relocate(self, message: str) -> str:
        """A message citing module lines (`line 12`) cites the cell and its line instead."""

        def cell_line(match: "re.Match[str]") -> str:
            python_cell, line = self.locate(int(match.group(1)))
            return f"{python_cell.cell.label} line {line}" if python_cell else match.group(0)

        return re.sub(r"\bline (\d+)", cell_line, message)


def _compile_problem(text: str, filename: str) -> Optional[str]:
    try:
        compile(text, filename, "exec", COMPILE_FLAGS, dont_inherit=True)
    except SyntaxError as exc:
        return syntax_problem(exc)
    except (ValueError, RecursionError, MemoryError) as exc:
        return one_line(f"{type(exc).__name__}: {exc}")
    return None


def join(notebook: Notebook) -> Joined:
    """The module of the notebook's Python cells; NotebookError when a cell does not parse."""
    python = [cell for cell in notebook.code_cells if not ipython.is_opaque(cell.source)]
    stem = ipython.free_stem(cell.source for cell in notebook.code_cells)
    cells: List[PythonCell] = []
    parts: List[str] = []
    segments: List[Tuple[int, int]] = []
    line = 1
    number = 0
    for k, cell in enumerate(python):
        aside = ipython.set_aside(cell.source, stem, number)
        number += len(aside.originals)
        problem = _compile_problem(aside.python, cell.label)
        if problem is not None:
            raise NotebookError(f"{cell.label}: {problem} (with its IPython lines set aside)")
        text = aside.python
        added = not text.endswith(("\n", "\r"))
        if added and text:
            text += "\n"
        if k:  # the line between Python cells k - 1 and k, which split() looks for
            parts.append(f"{stem}_cell_{k}__\n")
            line += 1
        count = len(ipython.lines_of(text))
        segments.append((line, line + count - 1))
        line += count
        parts.append(text)
        cells.append(PythonCell(cell, aside, added))
    return Joined(notebook, stem, cells, "".join(parts), tuple(segments))


# ------------------------------------------------------------------------------------------------
# The runner's notebook path: the same outcomes as for a .py file.


def process(path: str, data: bytes, job: "Job", generated_mark: bytes) -> FileResult:
    """A notebook that passed the prefilter: transform (or audit) its cells, diff, build the bytes."""
    from codemods import pipeline
    from codemods.runner import _stages, marker_findings

    try:
        notebook = load(data)
    except NotebookError as exc:
        return error(path, str(exc))
    language = notebook.language
    if language is not None and not language.startswith(("python", "ipython")):
        return FileResult(path=path, status=Status.SKIPPED, error=f"not a Python notebook (kernel language: {language})")
    code_text = "".join(cell.source for cell in notebook.code_cells)
    if job.opt_out and job.opt_out.decode("utf-8", "replace") in code_text:
        return FileResult(path=path, status=Status.SKIPPED, error="opted out with a skip-file comment")
    if generated_mark.decode() in code_text:
        return FileResult(path=path, status=Status.SKIPPED, error="generated file")
    try:
        joined = join(notebook)
    except NotebookError as exc:
        return error(path, str(exc))
    module_bytes = joined.text.encode("utf-8", "surrogatepass")
    try:
        if job.audit:
            outcome = pipeline.audit(
                joined.text, module_bytes, path, _stages(job), job.options,
                verifier=joined.verify, segmenter=joined.segments_of,
            )
        elif job.unmarked:
            outcome = pipeline.check(
                joined.text, module_bytes, path, _stages(job), job.options,
                verifier=joined.verify, segmenter=joined.segments_of,
            )
        else:
            outcome = pipeline.transform(
                joined.text, module_bytes, path, _stages(job), job.options,
                verifier=joined.verify, segmenter=joined.segments_of,
            )
        texts, problem = joined.split(outcome.code)
        if texts is None:  # pragma: no cover - the verifier refused this already
            raise NotebookError(problem)
        lost = _bound(joined.text) - _bound(outcome.code) if outcome.code != joined.text else set()
        notes = _ipython_notes(joined, texts, job.triggers, lost, job.marker)
        sources = joined.restored(texts, () if job.audit else notes)
    except (pipeline.PipelineError, NotebookError) as exc:
        return error(path, joined.relocate(str(exc)))
    if outcome.skipped:
        return FileResult(path=path, status=Status.SKIPPED, error=outcome.skipped, parsed=True)
    changed = {index: text for index, text in sources.items() if text != notebook.cells[index].source}
    if job.audit:
        findings = [_in_cell(joined, use) for use in outcome.uses] + [note.finding(joined) for note in notes]
    else:
        findings = [
            replace(finding, cell=python_cell.cell.number)
            for python_cell in joined.cells
            for finding in marker_findings(sources[python_cell.cell.index], job.marker)
        ] + [_in_written_cell(joined, outcome.code, use, notes) for use in outcome.uses]
    findings.sort(key=lambda f: (f.cell or 0, f.line, f.col))
    cell_lines = [(c.cell.label, first, last) for c, (first, last) in zip(joined.cells, joined.segments)] if outcome.project else None
    if not changed:
        return FileResult(path=path, status=Status.UNCHANGED, findings=findings, parsed=True, project=outcome.project,
                          cell_lines=cell_lines)
    try:
        new_data = notebook.with_sources(changed)
    except NotebookError as exc:
        return error(path, str(exc))
    patch = "".join(
        diffs.unified(path, cell.source, changed[cell.index], label=f":{cell.label}")
        for cell in notebook.code_cells
        if cell.index in changed
    )
    if not job.write and not job.audit and findings:
        by_number = {cell.number: cell for cell in notebook.code_cells}
        findings = [_on_disk(finding, by_number[finding.cell], changed, job.marker) for finding in findings]
    added, removed = diffs.counts(patch)
    result = FileResult(
        path=path, status=Status.CHANGED, findings=findings, diff=patch, added=added, removed=removed, parsed=True,
        diff_is_patch=False, project=outcome.project, cell_lines=cell_lines,
    )
    result.new_data = new_data  # consumed by the runner
    return result


def _bound(code: str) -> Set[str]:
    """Every name the module binds (assignments, definitions, imports, loop and `with` targets)."""
    names: Set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


@dataclass(frozen=True)
class Note:
    """An IPython line a person must look at: the transforms never see IPython lines."""

    position: int  # of the Python cell in Joined.cells
    line: int  # 1-based, in the cell
    indent: str
    marker: str
    message: str

    def lines(self) -> List[str]:
        """The marker's lines (no newlines), wrapped as the transforms wrap theirs."""
        return layout.wrap(self.marker, self.message, self.indent)

    def finding(self, joined: Joined) -> Finding:
        return Finding(
            line=self.line, col=len(self.indent) + 1, kind="ipython", message=self.message,
            cell=joined.cells[self.position].cell.number,
        )


def _ipython_notes(joined: Joined, texts: List[str], triggers: Sequence[bytes], lost: Set[str], marker: str) -> List[Note]:
    """A magic running code that holds a trigger string (`%time run = client....create(...)`), and
    any IPython line using a name the rewrite no longer binds (`thread?`, `!echo {thread.id}` after
    `thread` became `conversation`): each gets a marker above it (and is an audited use), unless one
    is there already."""
    notes = []
    for position, (python_cell, text) in enumerate(zip(joined.cells, texts)):
        lines_of_text = ipython.lines_of(text)
        for number, index in ipython.placeholders(text, joined.stem):
            if layout.ends_above([line.rstrip("\r\n") for line in lines_of_text], index, marker):
                continue
            lines = python_cell.aside.originals[number]
            line_text = "".join(lines)
            held = sorted({t.decode("utf-8", "replace") for t in triggers if t.decode("utf-8", "replace") in line_text})
            gone = sorted(lost & ipython.python_names(lines))
            if held and ipython.runs_python(lines):
                message = (
                    f"IPython line left as it is: it holds `{held[0]}`, which the transforms rewrite only in "
                    "Python code; migrate it by hand"
                )
            elif gone:
                message = (
                    f"IPython line left as it is: it uses `{gone[0]}`, which the rewrite no longer defines "
                    "(renamed or removed in the Python code); update it by hand"
                )
            else:
                continue
            indent = re.match(r"[ \t]*", lines_of_text[index]).group(0)  # type: ignore[union-attr]
            notes.append(Note(position, index + 1, indent, marker, message))
    return notes


def _in_cell(joined: Joined, use: Finding) -> Finding:
    python_cell, line = joined.locate(use.line)
    if python_cell is None:  # pragma: no cover - a use is never found on a line between cells
        return use
    return replace(use, line=line, cell=python_cell.cell.number)


def _in_written_cell(joined: Joined, code: str, use: Finding, notes: Sequence[Note]) -> Finding:
    """A use found in the rewritten module ``code``, cited in its cell as written: below the
    markers the engine adds above IPython lines."""
    for position, (first, last) in enumerate(joined.segments_of(code) or ()):
        if first <= use.line <= last:
            line = use.line - first + 1
            line += sum(len(note.lines()) for note in notes if note.position == position and note.line <= line)
            return replace(use, line=line, cell=joined.cells[position].cell.number)
    return use  # pragma: no cover - a use is never found on a line between cells


def _on_disk(finding: Finding, cell: Cell, changed: Dict[int, str], marker: str) -> Finding:
    """A dry run's finding, cited at the line of the cell on disk (as for a .py file)."""
    from codemods.runner import _marked_lines

    new = changed.get(cell.index)
    if new is None:
        return finding
    original = diffs.line_in_before(cell.source, new)
    line = _marked_lines(new, marker)(finding.line) if finding.kind == "marker" else finding.line
    return replace(finding, line=original(line))


def markers(path: str, data: bytes, marker: str) -> FileResult:
    """A notebook the prefilter rejected that still holds markers: the findings, cited by cell."""
    from codemods.runner import marker_findings

    try:
        notebook = load(data)
    except NotebookError as exc:
        return error(path, str(exc))
    findings = [
        replace(finding, cell=cell.number)
        for cell in notebook.code_cells
        if not ipython.is_opaque(cell.source)
        for finding in marker_findings(cell.source, marker)
    ]
    return FileResult(path=path, status=Status.UNCHANGED, findings=findings)


class Locations:
    """For `prompts`: the module text of each notebook, and its `path:line` citations made `path:cell_4:line`."""

    def __init__(self) -> None:
        self.joined: Dict[str, Joined] = {}

    def module_text(self, path: str, data: bytes) -> str:
        """The module the transforms read for the notebook ``data`` (NotebookError if there is none)."""
        joined = join(load(data))
        self.joined[path] = joined
        return joined.text

    def relocate(self, text: str) -> str:
        for path, joined in self.joined.items():

            def cell_line(match: "re.Match[str]", joined: Joined = joined, path: str = path) -> str:
                python_cell, line = joined.locate(int(match.group(1)))
                return f"{path}:{python_cell.cell.label}:{line}" if python_cell else match.group(0)

            text = re.sub(rf"(?<![\w./-]){re.escape(path)}:(\d+)", cell_line, text)
        return text


def relocated(text: str, path: str, cell_lines: Sequence[Tuple[str, int, int]]) -> str:
    """``text`` with each `path:N` (a line of the notebook's module) made `path:cell_K:L`."""

    def cell_line(match: "re.Match[str]") -> str:
        line = int(match.group(1))
        for label, first, last in cell_lines:
            if first <= line <= last:
                return f"{path}:{label}:{line - first + 1}"
        return match.group(0)

    return re.sub(rf"(?<![\w./-]){re.escape(path)}:(\d+)", cell_line, text)
