"""A pull-request body in Markdown: `audit --format markdown` and `apply --report FILE.md`.

Counts, a line per file, each finding that needs a hand as a checklist item grouped by reason (its
title as heading, a link to its section of the reference), knock-ons counted under their root, and
what is worth saying once (the transforms' `once_notes`, then the notes by reason). Paths are
relative to the repository root.
"""

from __future__ import annotations

import os
from typing import IO, Any, Callable, Iterable, List, Optional, Set, Tuple

from codemods import __version__
from codemods import plan as plans
from codemods.results import FileResult, Status

OnceNotes = Callable[[Iterable[str], Iterable[str]], List[Tuple[str, str, str]]]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


class MarkdownReport:
    """Collects the files of a run; ``text`` is the report. ``applied``: the run rewrote files (or
    would, under --dry-run), so the per-file lines count lines changed rather than uses."""

    def __init__(self, catalogue: plans.Catalogue, root: str = ".", applied: bool = False, dry_run: bool = False,
                 once_notes: Optional[OnceNotes] = None) -> None:
        self.catalogue, self.root, self.applied, self.dry_run = catalogue, root, applied, dry_run
        self.once_notes = once_notes
        self.plans: List[plans.FilePlan] = []
        self.changed: List[FileResult] = []
        self.errors: List[FileResult] = []
        self.kinds: Set[str] = set()  # of every use and finding, for the once-only notes

    def relative(self, path: str) -> str:
        return plans.relative(path, self.root)

    def add(self, result: FileResult) -> None:
        if result.status is Status.ERROR:
            self.errors.append(result)
            return
        if result.status is Status.CHANGED:
            self.changed.append(result)
        self.kinds |= {finding.kind for finding in result.findings}
        if result.findings or result.status is Status.CHANGED:
            self.plans.append(plans.file_plan(FileResult(self.relative(result.path), result.status, result.findings),
                                              self.catalogue))

    def text(self, interrupted: Optional[str] = None) -> str:
        files = sorted(self.plans, key=lambda p: p.path)
        changed = {self.relative(r.path): r for r in self.changed}
        manual = sum(len(p.roots) for p in files)
        knock_ons = sum(p.knock_ons for p in files)
        lines = ["## Migration off the OpenAI Assistants API", ""]
        if self.applied:
            verb = "would rewrite" if self.dry_run else "rewrote"
            head = f"`assistants-to-responses` {__version__} {verb} {plans.plural(len(changed), 'file')}"
        else:
            automatic = sum(p.automatic for p in files)
            head = (f"`assistants-to-responses` {__version__} found {plans.plural(automatic + sum(len(p.manual) for p in files), 'use')} "
                    f"of the Assistants API: {automatic} migrate with `apply`")
        head += f"; {plans.plural(manual, 'item')} to do by hand"
        if knock_ons:
            head += f" ({plans.plural(knock_ons, 'more call')} {'migrates' if knock_ons == 1 else 'migrate'} once they are done)"
        head += f"; effort about {plans.duration(plans.total_minutes(files))}."
        lines += [head, ""]
        if interrupted:
            lines += [f"**The run was interrupted by {interrupted}: this report covers only the files done.**", ""]
        if self.errors:
            lines += [f"**{plans.plural(len(self.errors), 'file')} could not be processed:**", ""]
            lines += [f"- `{self.relative(r.path)}`: {r.error}" for r in self.errors]
            lines.append("")
        if files:
            lines += ["### Files", ""]
            if self.applied:
                lines += ["| file | lines | to do by hand | notes |", "|---|---|---|---|"]
                for p in files:
                    result = changed.get(p.path)
                    diff = f"+{result.added} -{result.removed}" if result else "unchanged"
                    lines.append(f"| `{_cell(p.path)}` | {diff} | {len(p.roots)} | {len(p.notes)} |")
            else:
                lines += ["| file | automatic | to do by hand | notes | effort |", "|---|---|---|---|---|"]
                for p in files:
                    lines.append(f"| `{_cell(p.path)}` | {p.automatic} | {len(p.roots)} | {len(p.notes)} | "
                                 f"{plans.duration(p.minutes)} |")
            lines.append("")
        groups = plans.groups(files, self.catalogue)
        if groups:
            lines += ["### To do by hand", ""]
        for group in groups:
            reason = group.reason
            link = self._link(reason)
            lines += [f"#### {reason.title} (`{reason.code}`)" + (f" · [reference]({link})" if link else ""), ""]
            for item in group.items:
                verb = "migrates" if item.followers == 1 else "migrate"
                more = f" ({plans.plural(item.followers, 'more call')} {verb} once this is done)" if item.followers else ""
                lines.append(f"- [ ] `{item.line}`: {item.text}{more}")
            lines.append("")
        once = self._once(files)
        notes = plans.notes(files, self.catalogue)
        told = {anchor.rsplit("#", 1)[-1] for _, _, anchor in once}
        notes = [group for group in notes if group.reason.code not in told]
        if once or notes:
            lines += ["### Good to know", ""]
        for title, text, anchor in once:
            link = self.catalogue.home + anchor if self.catalogue.home else anchor
            lines.append(f"- **{title}.** {text} ([reference]({link}))")
        for group in notes:
            reason = group.reason
            link = self._link(reason)
            where = f"{plans.plural(len(group.items), 'place')} in {plans.plural(group.files, 'file')}"
            lines.append(f"- **{reason.title}** ({where}). {reason.help}" + (f" ([reference]({link}))" if link else ""))
        if once or notes:
            lines.append("")
        return "\n".join(lines)

    def _link(self, reason: plans.Reason) -> str:
        if not reason.anchor:
            return ""
        return self.catalogue.home + reason.anchor if self.catalogue.home else reason.anchor

    def _once(self, files: List[plans.FilePlan]) -> List[Tuple[str, str, str]]:
        if self.once_notes is None:
            return []
        codes = {item.code for p in files for item in [*p.manual, *p.notes] if item.code}
        return self.once_notes(codes, self.kinds)


class AuditMarkdownReporter:
    """`audit --format markdown`: the report on stdout once the run is over."""

    def __init__(self, out: IO[str], err: IO[str], report: MarkdownReport) -> None:
        self.out, self.err, self.report = out, err, report

    def file(self, result: FileResult) -> None:
        if result.status is Status.ERROR:
            self.err.write(f"{result.path}: error: {result.error}\n")
        self.report.add(result)

    def notice(self, message: str) -> None:
        self.err.write(f"note: {message}\n")

    def summary(self, summary: Any) -> None:
        self.out.write(self.report.text(summary.interrupted))
        self.err.write(summary.line() + "\n")


class Tee:
    """Hands every event to the reporter the user sees and to the Markdown report; writes the
    report file (atomically) once the run is over, also when it was interrupted."""

    def __init__(self, reporter: Any, report: MarkdownReport, path: str, err: IO[str]) -> None:
        self.reporter, self.report, self.path, self.err = reporter, report, path, err

    def file(self, result: FileResult) -> None:
        self.reporter.file(result)
        self.report.add(result)

    def notice(self, message: str) -> None:
        self.reporter.notice(message)

    def summary(self, summary: Any) -> None:
        from codemods.writer import write_atomic

        self.reporter.summary(summary)
        folder = os.path.dirname(self.path)
        if folder:
            os.makedirs(folder, exist_ok=True)
        write_atomic(self.path, self.report.text(summary.interrupted).encode("utf-8"), create=True)
        self.err.write(f"wrote the report {self.path}\n")
