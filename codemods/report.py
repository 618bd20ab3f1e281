"""What the user reads: per-file lines, findings, errors, the closing summary; text or JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import IO, Any, Dict, List

from codemods import diff as diffs
from codemods.results import FileResult, Status


@dataclass
class Summary:
    scanned: int = 0
    changed: int = 0
    findings: int = 0
    errors: int = 0
    skipped: int = 0
    per_file: List[str] = field(default_factory=list)

    def add(self, result: FileResult) -> None:
        if result.status is Status.CHANGED:
            self.changed += 1
            self.per_file.append(f"  {result.path}: +{result.added} -{result.removed}")
        elif result.status is Status.ERROR:
            self.errors += 1
        elif result.status is Status.SKIPPED:
            self.skipped += 1
        if result.status is Status.CHANGED and result.error:
            self.errors += 1
        self.findings += len(result.manual_findings)

    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if self.changed or self.findings else 0

    def line(self, dry_run: bool) -> str:
        verb = "would change" if dry_run else "changed"
        return (
            f"{self.scanned} files scanned, {self.changed} {verb}, "
            f"{self.findings} findings, {self.errors} errors"
        )


class TextReporter:
    """Diffs on stdout (a clean patch when piped); findings, errors and summary on stderr."""

    def __init__(self, out: IO[str], err: IO[str], show_diff: bool, color: bool, dry_run: bool) -> None:
        self.out, self.err = out, err
        self.show_diff, self.color, self.dry_run = show_diff, color, dry_run

    def file(self, result: FileResult) -> None:
        self.out.flush()  # keep diffs and messages in order when both go to one terminal
        if result.status is Status.ERROR:
            self.err.write(f"{result.path}: error: {result.error}\n")
            return
        if result.status is Status.SKIPPED:
            self.err.write(f"{result.path}: skipped: {result.error}\n")
            return
        if result.status is Status.CHANGED:
            if self.show_diff:
                self.out.write(diffs.colourize(result.diff) if self.color else result.diff)
            elif not self.dry_run:
                self.err.write(f"rewrote {result.path}\n")
            if result.error:
                self.err.write(f"{result.path}: error: {result.error}\n")
        self.out.flush()
        for finding in result.manual_findings:
            self.err.write(f"{result.path}:{finding.line}:{finding.col}: {finding.message}\n")

    def notice(self, message: str) -> None:
        self.err.write(f"note: {message}\n")

    def summary(self, summary: Summary) -> None:
        self.err.write(summary.line(self.dry_run) + "\n")
        for line in summary.per_file:
            self.err.write(line + "\n")


class AuditTextReporter:
    def __init__(self, out: IO[str], err: IO[str]) -> None:
        self.out, self.err = out, err

    def file(self, result: FileResult) -> None:
        if result.status is Status.ERROR:
            self.err.write(f"{result.path}: error: {result.error}\n")
            return
        for use in result.findings:
            how = "automatic" if use.level == "auto" else "manual"
            self.out.write(f"{result.path}:{use.line}:{use.col}: {use.kind}: {how}: {use.message}\n")

    def notice(self, message: str) -> None:
        self.err.write(f"note: {message}\n")

    def summary(self, summary: "AuditSummary") -> None:
        self.err.write(summary.line() + "\n")


@dataclass
class AuditSummary:
    scanned: int = 0
    uses: int = 0
    manual: int = 0
    errors: int = 0

    def add(self, result: FileResult) -> None:
        if result.status is Status.ERROR:
            self.errors += 1
        self.uses += len(result.findings)
        self.manual += len(result.manual_findings)

    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if self.uses else 0

    def line(self) -> str:
        auto = self.uses - self.manual
        return (
            f"{self.scanned} files scanned, {self.uses} Assistants API uses: "
            f"{auto} automatic, {self.manual} manual, {self.errors} errors"
        )


class AuditJsonReporter:
    """One JSON document on stdout once the run is over, so that it always parses."""

    def __init__(self, out: IO[str], err: IO[str]) -> None:
        self.out, self.err = out, err
        self.files: List[Dict[str, Any]] = []
        self.errors: List[Dict[str, str]] = []
        self.notices: List[str] = []

    def file(self, result: FileResult) -> None:
        if result.status is Status.ERROR:
            self.errors.append({"path": result.path, "error": result.error or ""})
            return
        for use in result.findings:
            self.files.append(
                {
                    "path": result.path,
                    "line": use.line,
                    "col": use.col,
                    "kind": use.kind,
                    "migration": "automatic" if use.level == "auto" else "manual",
                    "message": use.message,
                }
            )

    def notice(self, message: str) -> None:
        self.notices.append(message)

    def summary(self, summary: AuditSummary) -> None:
        document = {
            "summary": {
                "files_scanned": summary.scanned,
                "uses": summary.uses,
                "automatic": summary.uses - summary.manual,
                "manual": summary.manual,
                "errors": summary.errors,
            },
            "uses": self.files,
            "errors": self.errors,
            "notices": self.notices,
        }
        json.dump(document, self.out, indent=2)
        self.out.write("\n")


class Progress:
    """A one-line bar on a terminal's stderr for long runs; silent otherwise."""

    def __init__(self, total: int, stream: IO[str], enabled: bool) -> None:
        self.total, self.stream, self.enabled = total, stream, enabled and total > 300
        self.done = 0
        self._last = -1

    def advance(self, count: int = 1) -> None:
        if not self.enabled:
            return
        self.done += count
        percent = self.done * 100 // self.total
        if percent != self._last:
            self._last = percent
            filled = percent // 4
            self.stream.write(f"\r[{'#' * filled}{'.' * (25 - filled)}] {self.done}/{self.total}")
            self.stream.flush()

    def clear(self) -> None:
        """Wipe the bar so that a message line does not land in the middle of it."""
        if self.enabled and self._last >= 0:
            self.stream.write("\r" + " " * 50 + "\r")
            self._last = -1

    def close(self) -> None:
        if self.enabled and self._last >= 0:
            self.stream.write("\r" + " " * 50 + "\r")
            self.stream.flush()
