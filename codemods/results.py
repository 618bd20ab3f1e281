"""What processing one file can come to: closed outcomes, built in the worker, never raised."""

from __future__ import annotations

import enum
import sys
from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple


class Status(str, enum.Enum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    SKIPPED = "skipped"
    ERROR = "error"


@dataclass(frozen=True)
class Finding:
    """One place a person has to look at: a marker the transforms left, or an audited API use."""

    line: int
    col: int
    kind: str
    message: str
    # "auto": the transforms rewrite it; "manual": it needs a hand; "note": rewritten, with
    # something a person should know (said once per file and reason in reports).
    level: str = "manual"
    # In a notebook: the code cell (counted from 1, as nbQA does); ``line`` is then the cell's line.
    cell: Optional[int] = None
    # The reason, as a stable code the transforms' reference documents ("" when it has none).
    code: str = ""
    # The transform the use belongs to ("" when none claims it).
    transform: str = ""
    # The (line, col) of the use in the same file whose finding holds this one back, when this one
    # would be rewritten once that one is (its root cause).
    blocked_by: Optional[Tuple[int, int]] = None
    # A marker the transforms left, or an audited use whose statement carries one in the file as it
    # is: a known to-do, which `--allow-marked` reports without failing. An unmarked use (or a file
    # too large to look into) is what the pre-commit hooks fail on.
    marked: bool = False

    def location(self, path: str) -> str:
        """`path:line:col`, or `nb.ipynb:cell_4:line:col` in a notebook."""
        cell = f":cell_{self.cell}" if self.cell is not None else ""
        return f"{path}{cell}:{self.line}:{self.col}"


@dataclass
class FileResult:
    path: str
    status: Status
    findings: List[Finding] = field(default_factory=list)
    diff: str = ""
    added: int = 0
    removed: int = 0
    error: Optional[str] = None
    # Filled only for files the pipeline parsed; lets callers tell prefiltered files apart.
    parsed: bool = False
    # False when ``diff`` is not a patch of the file (a notebook's diff is cell by cell).
    diff_is_patch: bool = True
    # What the transforms told the project step about this file (see pipeline.PROJECT_FACTS).
    project: List[Any] = field(default_factory=list)
    # A notebook's code cells in the module the transforms read: (label, first line, last line),
    # so that what the project step cites by module line can cite the cell.
    cell_lines: Optional[List[Tuple[str, int, int]]] = None
    # The bytes to write, for a changed file in a run that writes: computed by a worker, written
    # by the main process (the only one that writes), then dropped.
    new_data: Optional[bytes] = field(default=None, repr=False, compare=False)

    @property
    def manual_findings(self) -> List[Finding]:
        return [f for f in self.findings if f.level == "manual"]


def error(path: str, message: str) -> FileResult:
    return FileResult(path=path, status=Status.ERROR, error=message)


def one_line(message: str) -> str:
    """Errors are printed one per file: fold whatever an exception said onto one line."""
    return " ".join(str(message).split()) or "unknown error"


def syntax_problem(err: SyntaxError) -> str:
    """A SyntaxError as the one line a file gets. Python 3.12 lets an f-string reuse its quotes
    inside (PEP 701), which older Pythons reject: say so, since the code is then valid for its
    authors and the way out is to run the tool with that Python."""
    message = f"syntax error at line {err.lineno}, column {err.offset or 0}: {one_line(err.msg)}"
    if sys.version_info < (3, 12) and "f-string" in (err.msg or ""):
        message += (f" (valid from Python 3.12 if an f-string reuses its quotes inside: run the tool with "
                    f"Python 3.12 or newer; this is {sys.version_info[0]}.{sys.version_info[1]})")
    return message


Span = Tuple[int, int]
