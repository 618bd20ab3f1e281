"""What processing one file can come to: closed outcomes, built in the worker, never raised."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import List, Optional, Tuple


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
    # "auto": the transforms rewrite it; "manual": it needs a hand.
    level: str = "manual"


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

    @property
    def manual_findings(self) -> List[Finding]:
        return [f for f in self.findings if f.level == "manual"]


def error(path: str, message: str) -> FileResult:
    return FileResult(path=path, status=Status.ERROR, error=message)


def one_line(message: str) -> str:
    """Errors are printed one per file: fold whatever an exception said onto one line."""
    return " ".join(str(message).split()) or "unknown error"


Span = Tuple[int, int]
