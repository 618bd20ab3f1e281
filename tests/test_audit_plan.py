"""`audit` as a plan (codemods/plan.py, AuditTextReporter) and the documented JSON schema."""

from __future__ import annotations

import io
import os
import re

import transforms
from codemods.plan import Catalogue, file_plan, groups
from codemods.report import AuditSummary, AuditTextReporter
from codemods.results import FileResult, Finding, Status
from tests.audit_support import ROOT, audit_json

CATALOGUE = Catalogue(transforms.describe, transforms.marker_reason)


def use(line, code="", level="manual", blocked_by=None, cell=None, kind="threads.runs.create", message="do it", marked=False):
    return Finding(line=line, col=5, kind=kind, message=message, level=level, code=code, blocked_by=blocked_by,
                   cell=cell, marked=marked)


def result(path, *findings):
    return FileResult(path=path, status=Status.UNCHANGED, findings=list(findings), parsed=True)


def report(*results, allow_marked=False):
    out, err = io.StringIO(), io.StringIO()
    reporter = AuditTextReporter(out, err, allow_marked=allow_marked, catalogue=CATALOGUE)
    summary = AuditSummary(allow_marked=allow_marked)
    for r in results:
        reporter.file(r)
        summary.add(r)
    reporter.summary(summary)
    return out.getvalue(), err.getvalue()


def test_knock_ons_are_counted_under_their_root_through_a_chain():
    plan = file_plan(result(
        "app.py",
        use(3, "truncation-last-messages", message="truncation_strategy last_messages: no counterpart"),
        use(7, "kept-with", blocked_by=(3, 5), message="its run stays"),
        use(9, "kept-with", blocked_by=(7, 5), message="its run stays too"),
        use(11, level="auto"),
    ), CATALOGUE)
    assert [item.finding.line for item in plan.roots] == [3]
    assert plan.roots[0].followers == 2 and plan.knock_ons == 2 and plan.automatic == 1
    (group,) = groups([plan], CATALOGUE)
    assert group.reason.code == "truncation-last-messages" and group.unblocks == 2
    # 30 minutes for the root (its reason's figure), nothing for the knock-ons, half a minute for the
    # automatic use, rounded up to 5.
    assert plan.minutes == 35


def test_a_blocking_cycle_or_an_unknown_blocker_does_not_hang():
    plan = file_plan(result("a.py", use(1, "run-params", blocked_by=(2, 5)), use(2, "run-params", blocked_by=(1, 5)),
                            use(4, "run-params", blocked_by=(40, 5))), CATALOGUE)
    assert len(plan.manual) == 3 and len(plan.roots) >= 1


def test_the_plan_text_puts_root_causes_first_and_lists_no_knock_on():
    out, err = report(
        result("a.py", use(3, "runs-list", message="responses cannot be listed"),
               use(5, "stream-event", message="root here"),
               use(8, "kept-with", blocked_by=(5, 5), message="held back one"),
               use(9, "kept-with", blocked_by=(5, 5), message="held back two"),
               use(12, level="auto"), use(13, level="auto")),
        result("b.py", use(2, level="auto")),
    )
    lines = out.splitlines()
    assert lines[0] == "a.py: 2 automatic, 4 need a hand (2 of them follow another); effort about 55 min"
    assert lines[1] == "b.py: 1 automatic, 0 need a hand; effort about 5 min"
    assert "Plan: 2 files with Assistants API uses: 3 automatic, 4 need a hand (2 of them follow another finding)" in out
    first = out.index("[stream-event] A stream event with no one-to-one: 1 finding in 1 file; fix these and 2 more calls migrate")
    assert first < out.index("[runs-list] Runs cannot be listed: 1 finding in 1 file")
    assert "  a.py:5:5: root here (+2 more once this is fixed)" in lines
    assert "  see docs/reference.md#stream-event" in lines
    assert "held back" not in out
    assert err.strip() == "0 files scanned, 7 Assistants API uses: 3 automatic, 4 manual, 0 errors"


def test_notes_are_said_once_per_reason_with_their_help():
    marker = "note [stored-thread-id] this thread ID may come from storage"
    out, _ = report(
        result("a.py", use(1, "stored-thread-id", level="note", message="this thread ID may come from storage"),
               use(4, kind="marker", message=marker, marked=True)),
        result("b.py", use(1, "stored-thread-id", level="note", message="this thread ID may come from storage")),
    )
    assert out.count("[stored-thread-id]") == 1, out
    assert "[stored-thread-id] A thread ID that may come from storage: 3 places in 2 files" in out
    assert out.count("answers 404") == 1  # the help text, once
    assert "a.py: 0 automatic, 0 need a hand, 2 notes; effort about 5 min" in out


def test_markers_in_the_file_are_grouped_by_their_code_and_cells_are_cited():
    out, _ = report(result("nb.ipynb", use(2, kind="marker", message="[runs-list] responses cannot be listed", cell=3,
                                           marked=True)))
    assert "[runs-list] Runs cannot be listed: 1 finding in 1 file" in out
    assert "  nb.ipynb:cell_3:2:5: responses cannot be listed" in out


def test_an_engine_without_the_catalogue_still_groups_by_code():
    out, err = io.StringIO(), io.StringIO()
    reporter = AuditTextReporter(out, err)
    reporter.file(result("a.py", use(1, "some-code", message="m"), use(2, kind="too-large", message="big")))
    reporter.summary(AuditSummary())
    assert "[some-code] some-code: 1 finding in 1 file" in out.getvalue()
    assert "[too-large] A file too large to look into: 1 finding in 1 file" in out.getvalue()


def test_allow_marked_keeps_one_line_per_unmarked_use_and_no_plan():
    out, _ = report(result("a.py", use(3, "runs-list", message="m", marked=True), use(5, "runs-list", message="left")),
                    allow_marked=True)
    assert out == "a.py:5:5: threads.runs.create has no marker: [runs-list] left\n", out
    assert "Plan:" not in out


def _documented(section: str):
    """The keys of each table in the `## Audit JSON` section, in order of the tables."""
    with open(os.path.join(ROOT, "docs", "reference.md"), encoding="utf-8") as handle:
        text = handle.read()
    body = text.split("## Audit JSON", 1)[1].split("\n## ", 1)[0]
    tables, current = [], None
    for line in body.splitlines():
        found = re.match(r"^\| `([a-z_]+)` \| ([^|]+) \|", line)
        if found:
            if current is None:
                current = {}
                tables.append(current)
            current[found.group(1)] = "optional" in found.group(2)
        elif not line.startswith("|"):
            current = None
    return tables


def test_a_real_audit_json_has_exactly_the_documented_keys():
    top, summary, entry = _documented("Audit JSON")
    document = audit_json()
    assert set(document) == set(top)
    required = {key for key, optional in summary.items() if not optional}
    assert required <= set(document["summary"]) <= set(summary)
    required = {key for key, optional in entry.items() if not optional}
    seen = set()
    for use_ in document["uses"]:
        assert required <= set(use_) <= set(entry), use_
        seen |= set(use_)
        assert use_["level"] in ("auto", "manual", "note") and use_["migration"] in ("automatic", "manual")
        if "blocked_by" in use_:
            assert set(use_["blocked_by"]) == {"line", "col"}
    # The corpus has notebooks and blocked findings: every documented key of a use is exercised.
    assert seen == set(entry), set(entry) - seen


def test_a_message_that_starts_with_its_code_is_not_said_twice():
    out, _ = report(result("a.py", use(2, "handler-class", kind="types", message="[handler-class] Loud subclasses it")))
    assert "  a.py:2:5: Loud subclasses it" in out and "[handler-class] Loud" not in out
