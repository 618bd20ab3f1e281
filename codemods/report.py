"""What the user reads: per-file lines, findings, errors, the closing summary; text or JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import IO, Any, Dict, List, Optional

from codemods import diff as diffs
from codemods import interrupt
from codemods import plan as plans
from codemods.results import FileResult, Finding, Status


def _stopped(interrupted: str, done: int, scanned: int) -> str:
    """The head of an interrupted run's summary line."""
    return f"interrupted by {interrupted} after {done} of {scanned} files"


@dataclass
class Summary:
    scanned: int = 0
    changed: int = 0
    findings: int = 0
    errors: int = 0
    skipped: int = 0
    per_file: List[str] = field(default_factory=list)
    done: int = 0  # files finished, counted as they go: what an interrupted run got through
    interrupted: Optional[str] = None  # the signal's name
    # --allow-marked: markers are known to-dos; only changes and findings without one fail.
    allow_marked: bool = False
    unmarked: int = 0

    def add(self, result: FileResult) -> None:
        self.unmarked += sum(not f.marked for f in result.manual_findings)
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
        return 1 if self.changed or (self.unmarked if self.allow_marked else self.findings) else 0

    def line(self, dry_run: bool) -> str:
        verb = "would change" if dry_run else "changed"
        counts = f"{self.changed} {verb}, {self.findings} findings, {self.errors} errors"
        if self.allow_marked:
            marked = self.findings - self.unmarked
            counts = (
                f"{self.changed} {verb}, {marked} marked (known to-dos, not a failure), "
                f"{self.unmarked} without a marker, {self.errors} errors"
            )
        if self.interrupted:
            written = "nothing was written" if dry_run or not self.changed else "the files listed are the only ones written"
            return f"{_stopped(self.interrupted, self.done, self.scanned)}: {counts}; {written}"
        return f"{self.scanned} files scanned, {counts}"


class TextReporter:
    """Diffs on stdout (a clean patch when piped); findings, errors and summary on stderr."""

    def __init__(
        self, out: IO[str], err: IO[str], show_diff: bool, color: bool, dry_run: bool, allow_marked: bool = False
    ) -> None:
        self.out, self.err = out, err
        self.show_diff, self.color, self.dry_run = show_diff, color, dry_run
        self.allow_marked = allow_marked

    def file(self, result: FileResult) -> None:
        self.out.flush()  # keep diffs and messages in order when both go to one terminal
        if result.status is Status.ERROR:
            self.err.write(f"{result.path}: error: {result.error}\n")
            return
        if result.status is Status.SKIPPED:
            self.err.write(f"{result.path}: skipped: {result.error}\n")
            if self.allow_marked:  # the uses of a generated file, which is never rewritten
                for finding in result.manual_findings:
                    if not finding.marked and finding.kind not in ENGINE_KINDS:
                        self.err.write(f"{finding.location(result.path)}: {_unmarked(finding)}\n")
            return
        if result.status is Status.CHANGED:
            if self.show_diff:
                # A notebook's diff is cell by cell, which no patch tool applies: it goes with the
                # messages, so that `apply --dry-run > x.patch` stays a patch.
                stream = self.out if result.diff_is_patch else self.err
                stream.write(diffs.colourize(result.diff) if self.color else result.diff)
            elif not self.dry_run:
                interrupt.say_written(self.err, f"rewrote {result.path}\n", result)
            if result.error:
                self.err.write(f"{result.path}: error: {result.error}\n")
        self.out.flush()
        for finding in result.manual_findings:
            if not self.allow_marked:
                self.err.write(f"{finding.location(result.path)}: {finding.message}\n")
            elif not finding.marked:  # the marked ones are counted in the summary
                self.err.write(f"{finding.location(result.path)}: {_unmarked(finding)}\n")

    def notice(self, message: str) -> None:
        self.err.write(f"note: {message}\n")

    def summary(self, summary: Summary) -> None:
        self.err.write(summary.line(self.dry_run) + "\n")
        for line in summary.per_file:
            self.err.write(line + "\n")


def _unmarked(finding: Finding) -> str:
    """What a finding the hooks fail on says: an API use no marker covers, or why the file was not
    looked into (too large)."""
    if finding.kind in ENGINE_KINDS:
        return finding.message
    # What to do is what apply would write in the marker: its code and its text.
    what = f"[{finding.code}] {finding.message}" if finding.code and finding.message else finding.message
    return f"{finding.kind} has no marker: {what or 'apply rewrites it'}"


# Findings the engine makes itself; any other kind is an API use the transforms reported.
ENGINE_KINDS = ("marker", "too-large")


class AuditTextReporter:
    """A plan: a line per file as it is done (counts, effort), then the findings that need a hand
    by reason, root causes first, and the notes once per reason. With --allow-marked, one line per
    use no marker covers, as the pre-commit hook wants."""

    def __init__(self, out: IO[str], err: IO[str], allow_marked: bool = False,
                 catalogue: Optional[plans.Catalogue] = None) -> None:
        self.out, self.err = out, err
        self.allow_marked = allow_marked
        self.catalogue = catalogue or plans.Catalogue()
        self.plans: List[plans.FilePlan] = []

    def file(self, result: FileResult) -> None:
        if result.status is Status.ERROR:
            self.err.write(f"{result.path}: error: {result.error}\n")
            return
        if self.allow_marked:
            for use in result.findings:
                if not use.marked:  # the marked ones are counted in the summary
                    self.out.write(f"{use.location(result.path)}: {_unmarked(use)}\n")
            return
        if not result.findings:
            return
        plan = plans.file_plan(result, self.catalogue)
        self.plans.append(plan)
        self.out.write(f"{result.path}: {plans.counts_line(plan)}\n")
        self.out.flush()

    def notice(self, message: str) -> None:
        self.err.write(f"note: {message}\n")

    def summary(self, summary: "AuditSummary") -> None:
        if not self.allow_marked and self.plans:
            self.out.write(plan_text(self.plans, self.catalogue))
        self.err.write(summary.line() + "\n")


def plan_text(files: List[plans.FilePlan], catalogue: plans.Catalogue) -> str:
    automatic = sum(p.automatic for p in files)
    manual = sum(len(p.manual) for p in files)
    knock_ons = sum(p.knock_ons for p in files)
    noted = sum(len(p.notes) for p in files)
    lines = [
        "",
        f"Plan: {plans.plural(len(files), 'file')} with Assistants API uses: {automatic} automatic, "
        f"{manual} need a hand" + (f" ({knock_ons} of them follow another finding)" if knock_ons else "")
        + (f", {plans.plural(noted, 'note')}" if noted else "") + f"; effort about {plans.duration(plans.total_minutes(files))}",
    ]
    groups = plans.groups(files, catalogue)
    if groups:
        lines += ["", "Needs a hand, by reason (root causes first):"]
    for group in groups:
        reason = group.reason
        head = f"[{reason.code}] {reason.title}: {plans.plural(len(group.items), 'finding')} in {plans.plural(group.files, 'file')}"
        if group.unblocks:
            head += f"; fix these and {plans.plural(group.unblocks, 'more call')} migrate"
        lines += ["", head]
        if reason.anchor:
            lines.append(f"  see {reason.anchor}")
        for item in group.items:
            more = f" (+{item.followers} more once this is fixed)" if item.followers else ""
            lines.append(f"  {item.location}: {item.text}{more}")
    notes = plans.notes(files, catalogue)
    if notes:
        lines += ["", "Notes (once per reason; the code was rewritten):"]
    for group in notes:
        reason = group.reason
        lines += ["", f"[{reason.code}] {reason.title}: {plans.plural(len(group.items), 'place')} in {plans.plural(group.files, 'file')}"]
        if reason.help:
            lines.append(f"  {reason.help}")
        if reason.anchor:
            lines.append(f"  see {reason.anchor}")
    lines += ["", plans.EFFORT_RULE]
    return "\n".join(lines) + "\n"


@dataclass
class AuditSummary:
    scanned: int = 0
    uses: int = 0
    manual: int = 0
    errors: int = 0
    done: int = 0
    interrupted: Optional[str] = None
    marked: int = 0
    # --allow-marked: uses under a marker are known to-dos; only the others fail.
    allow_marked: bool = False

    def add(self, result: FileResult) -> None:
        if result.status is Status.ERROR:
            self.errors += 1
        self.uses += sum(1 for f in result.findings if f.level != "note")
        self.manual += len(result.manual_findings)
        self.marked += sum(use.marked for use in result.findings)

    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if (self.uses - self.marked if self.allow_marked else self.uses) else 0

    def line(self) -> str:
        auto = self.uses - self.manual
        counts = f"{self.uses} Assistants API uses: {auto} automatic, {self.manual} manual, {self.errors} errors"
        if self.allow_marked:
            counts = (
                f"{self.uses} Assistants API uses: {self.marked} marked (known to-dos, not a failure), "
                f"{self.uses - self.marked} without a marker, {self.errors} errors"
            )
        if self.interrupted:
            return f"{_stopped(self.interrupted, self.done, self.scanned)}: {counts}; the other files were not looked at"
        return f"{self.scanned} files scanned, {counts}"


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
            entry: Dict[str, Any] = {"path": result.path}
            if use.cell is not None:
                entry["cell"] = use.cell  # a notebook's code cell, counted from 1; line is the cell's
            entry.update(
                line=use.line,
                col=use.col,
                kind=use.kind,
                migration="automatic" if use.level == "auto" else "manual",
                message=use.message,
                code=use.code,
                transform=use.transform,
                level=use.level,
                marked=use.marked,
            )
            if use.blocked_by is not None:
                entry["blocked_by"] = {"line": use.blocked_by[0], "col": use.blocked_by[1]}
            self.files.append(entry)

    def notice(self, message: str) -> None:
        self.notices.append(message)

    def summary(self, summary: AuditSummary) -> None:
        counts: Dict[str, Any] = {
            "files_scanned": summary.scanned,
            "uses": summary.uses,
            "automatic": summary.uses - summary.manual,
            "manual": summary.manual,
            "marked": summary.marked,
            "errors": summary.errors,
        }
        if summary.interrupted:  # still one document that parses, saying it is partial
            counts.update(interrupted=summary.interrupted, files_done=summary.done)
        document = {
            "summary": counts,
            "uses": self.files,
            "errors": self.errors,
            "notices": self.notices,
        }
        json.dump(document, self.out, indent=2)
        self.out.write("\n")
        if summary.interrupted:
            self.err.write(summary.line() + "\n")


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
