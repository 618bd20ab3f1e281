"""What the reports make of the findings: per-file counts and effort, reasons, root causes.

A finding held back by another (``blocked_by``) is a knock-on: it goes once its root is fixed, so
the reports count it under its root instead of listing it. Notes are said once per reason. The
reasons' titles, help texts, anchors and effort come from the transforms (the registry's
``describe`` and ``marker_reason``), handed in as a ``Catalogue``: the engine knows no reason.

Effort, in minutes: each finding that needs a hand costs its reason's figure (15 when the reason
is unknown), a knock-on nothing (it migrates when its root is fixed and apply runs again), each
reason noted in a file 2 (reading the note once), and each automatic use half a minute (reading
its diff); a file's total is rounded up to 5 minutes.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from codemods.results import FileResult, Finding

# Findings the engine makes itself, with no reason code from the transforms.
ENGINE_REASONS = {
    "too-large": ("A file too large to look into",
                  "The file is over the max-file-size limit and was not parsed: raise the limit "
                  "(--max-file-size 8MiB, or 0 for none) and run again."),
}
UNKNOWN_MINUTES = 15
NOTE_MINUTES = 2
AUTOMATIC_MINUTES = 0.5
EFFORT_RULE = (f"Effort: each finding to fix costs its reason's minutes (see the reference), a knock-on nothing, "
               f"each reason noted in a file {NOTE_MINUTES} min, each automatic use {AUTOMATIC_MINUTES} min "
               "(reading its diff); rounded up to 5 min per file. A planning guess, not a measure.")


@dataclass(frozen=True)
class Reason:
    code: str
    title: str
    help: str = ""
    anchor: str = ""  # "docs/reference.md#code", relative to the tool's repository
    minutes: int = UNKNOWN_MINUTES
    follows: bool = False  # such a finding only follows another one: never a root cause


Describe = Callable[[str], Optional[Tuple[str, str, str, int, bool]]]
MarkerReason = Callable[[str], Tuple[str, bool, str]]


@dataclass
class Catalogue:
    describe: Describe = lambda code: None
    marker_reason: MarkerReason = lambda message: ("", False, message)
    home: str = ""  # where the anchors' docs/ is published, for absolute links

    def reason(self, code: str, kind: str = "") -> Reason:
        described = self.describe(code) if code else None
        if described is not None:
            title, help_text, anchor, minutes, follows = described
            return Reason(code, title, help_text, anchor, minutes, follows)
        if kind in ENGINE_REASONS:
            title, help_text = ENGINE_REASONS[kind]
            return Reason(kind, title, help_text)
        return Reason(code or "uncoded", code or "Other findings (no reason code)")


@dataclass
class Item:
    """One finding as the reports present it."""

    path: str
    finding: Finding
    code: str
    level: str  # auto / manual / note
    text: str  # what to do, without the marker's code
    followers: int = 0  # knock-ons that go once this one is fixed
    root: Optional["Item"] = None  # for a knock-on: the finding that holds it back
    # A knock-on whose root is not known (a marker read back says it follows another call).
    follows: bool = False

    @property
    def is_root(self) -> bool:
        return self.root is None and not self.follows

    @property
    def location(self) -> str:
        return self.finding.location(self.path)

    @property
    def line(self) -> str:
        cell = f":cell_{self.finding.cell}" if self.finding.cell is not None else ""
        return f"{self.path}{cell}:{self.finding.line}"


@dataclass
class FilePlan:
    path: str
    automatic: int = 0
    manual: List[Item] = field(default_factory=list)  # roots and knock-ons
    notes: List[Item] = field(default_factory=list)
    minutes: int = 0

    @property
    def roots(self) -> List[Item]:
        return [item for item in self.manual if item.is_root]

    @property
    def knock_ons(self) -> int:
        return sum(not item.is_root for item in self.manual)

    @property
    def uses(self) -> int:
        return self.automatic + len(self.manual)


def classify(path: str, finding: Finding, catalogue: Catalogue) -> Item:
    if finding.kind == "marker":  # a marker in the file: its text carries the code
        code, note, text = catalogue.marker_reason(finding.message)
        return Item(path, finding, code, "note" if note else "manual", text)
    code = finding.code or (finding.kind if finding.kind in ENGINE_REASONS else "")
    said, _, text = catalogue.marker_reason(finding.message)
    # Some messages are a marker's text, code first: the reports name the code apart.
    return Item(path, finding, code, finding.level, text if said and said == code else finding.message)


def file_plan(result: FileResult, catalogue: Catalogue) -> FilePlan:
    plan = FilePlan(result.path)
    items = [classify(result.path, finding, catalogue) for finding in result.findings]
    manual = [item for item in items if item.level == "manual"]
    at: Dict[Tuple[Optional[int], int, int], Item] = {}
    for item in manual:
        at.setdefault((item.finding.cell, item.finding.line, item.finding.col), item)
    for item in manual:
        root = _root(item, at)
        if root is not item:
            item.root = root
            root.followers += 1
        elif catalogue.reason(item.code, item.finding.kind).follows:
            item.follows = True
    plan.automatic = sum(item.level == "auto" for item in items)
    plan.manual = manual
    plan.notes = [item for item in items if item.level == "note"]
    plan.minutes = effort(plan, catalogue)
    return plan


def _root(item: Item, at: Dict[Tuple[Optional[int], int, int], Item]) -> Item:
    seen = {id(item)}
    current = item
    while current.finding.blocked_by is not None:
        line, col = current.finding.blocked_by
        blocker = at.get((current.finding.cell, line, col))
        if blocker is None or id(blocker) in seen:  # not reported, or a cycle: stop here
            break
        seen.add(id(blocker))
        current = blocker
    return current


def effort(plan: FilePlan, catalogue: Catalogue) -> int:
    minutes: float = sum(catalogue.reason(item.code, item.finding.kind).minutes for item in plan.roots)
    minutes += NOTE_MINUTES * len({item.code for item in plan.notes})
    minutes += AUTOMATIC_MINUTES * plan.automatic
    return int(math.ceil(minutes / 5) * 5) if minutes else 0


def duration(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


@dataclass
class Group:
    reason: Reason
    items: List[Item]  # the roots with this reason

    @property
    def unblocks(self) -> int:
        return sum(item.followers for item in self.items)

    @property
    def files(self) -> int:
        return len({item.path for item in self.items})


def groups(plans: Iterable[FilePlan], catalogue: Catalogue) -> List[Group]:
    """Manual findings by reason, root causes first (those holding most calls back), then by size."""
    found = _by_reason([item for plan in plans for item in plan.roots], catalogue)
    return sorted(found, key=lambda g: (-g.unblocks, -len(g.items), g.reason.code))


def notes(plans: Iterable[FilePlan], catalogue: Catalogue) -> List[Group]:
    found = _by_reason([item for plan in plans for item in plan.notes], catalogue)
    return sorted(found, key=lambda g: (-len(g.items), g.reason.code))


def _by_reason(items: Iterable[Item], catalogue: Catalogue) -> List[Group]:
    by_code: Dict[str, Group] = {}
    for item in items:
        reason = catalogue.reason(item.code, item.finding.kind)
        by_code.setdefault(reason.code, Group(reason, [])).items.append(item)
    return list(by_code.values())


def counts_line(plan: FilePlan) -> str:
    parts = [f"{plan.automatic} automatic", f"{len(plan.manual)} need{'s' if len(plan.manual) == 1 else ''} a hand"]
    if plan.knock_ons:
        parts[-1] += f" ({plan.knock_ons} of them follow{'s' if plan.knock_ons == 1 else ''} another)"
    if plan.notes:
        parts.append(f"{len(plan.notes)} note{'s' if len(plan.notes) != 1 else ''}")
    return ", ".join(parts) + f"; effort about {duration(plan.minutes)}"


def relative(path: str, root: str) -> str:
    """``path`` relative to the repository root, with `/` separators: how every report names a file."""
    return os.path.relpath(os.path.abspath(path), os.path.abspath(root)).replace(os.sep, "/")


def plural(count: int, word: str, many: Optional[str] = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def total_minutes(plans: Sequence[FilePlan]) -> int:
    return sum(plan.minutes for plan in plans)
