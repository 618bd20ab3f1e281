"""`audit --format markdown` and `apply --report FILE.md`: a pull-request body."""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess

import pytest

import transforms
from codemods.markdown import MarkdownReport
from codemods.plan import Catalogue
from codemods.results import FileResult, Finding, Status
from tests.audit_support import ROOT
from tests.clihelp import run_cli

SOURCES = {
    "src/app.py": "examples/flask_sessions/before.py",
    "src/resources.py": "tests/fixtures/threads_to_conversations/thread_tool_resources_marked.py",
    "src/handler.py": "tests/fixtures/streaming/shared_handler.py",
    "src/azure_bot.py": "examples/azure_support_bot/before.py",
}
ITEM = re.compile(r"^- \[ \] `([^`]+):(\d+)`: (.+)$")


def make_repo(root: pathlib.Path) -> pathlib.Path:
    for target, source in SOURCES.items():
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(os.path.join(ROOT, source), root / target)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    repo = make_repo(tmp_path_factory.mktemp("md") / "repo")
    proc = run_cli(["audit", "--format", "markdown", "."], cwd=str(repo / "src"))
    assert proc.returncode == 1, proc.stderr
    return repo, proc.stdout


def sections(text: str):
    """{heading: [lines]} for the `#### reason` headings under "To do by hand"."""
    out, current = {}, None
    for line in text.split("### To do by hand", 1)[1].split("\n### ", 1)[0].splitlines():
        if line.startswith("#### "):
            current = out.setdefault(line, [])
        elif current is not None and line:
            current.append(line)
    return out


def test_audit_markdown_counts_files_and_checklist(audited):
    repo, text = audited
    assert text.startswith("## Migration off the OpenAI Assistants API\n")
    assert re.search(r"found \d+ uses of the Assistants API: \d+ migrate with `apply`; \d+ items to do by hand "
                     r"\(\d+ more calls migrate once they are done\); effort about ", text), text
    # A line per file, paths relative to the repository root although the run was in src/.
    for path in SOURCES:
        assert re.search(rf"^\| `{re.escape(path)}` \| \d+ \| \d+ \| \d+ \| ", text, re.M), (path, text)
    items = [ITEM.match(line) for line in text.splitlines() if line.startswith("- [ ]")]
    assert items and all(items), text
    for match in items:
        path, line, _ = match.groups()
        assert path == "prompt_registry.py" or (repo / path).is_file()
        assert int(line) >= 1


def test_items_are_grouped_by_reason_with_a_link_and_knock_ons_counted(audited):
    _, text = audited
    groups = sections(text)
    heading = next(h for h in groups if "(`inline-vector-store`)" in h)
    assert heading.startswith("#### Vector store created inline in tool_resources")
    assert heading.endswith("docs/reference.md#inline-vector-store)")
    (item,) = groups[heading]
    assert item.startswith("- [ ] `src/resources.py:9`: ") and item.endswith("(2 more calls migrate once this is done)")
    # The two held back by it are not items of their own.
    assert not any("(`kept-with`)" in h for h in groups), list(groups)


def test_once_only_notes(audited):
    _, text = audited
    good = text.split("### Good to know", 1)[1]
    assert good.count("**Hosted prompt objects are gone too.**") == 1 and "2026-11-30" in good
    assert good.count("**Stored thread IDs.**") == 1 and "404" in good
    assert good.count("**Azure OpenAI.**") == 1 and "Foundry Agent Service" in good
    # A reason said in the once-only notes is not said again among the notes by reason.
    assert "**A thread ID that may come from storage**" not in good


def test_apply_report_dry_run_writes_only_the_report(tmp_path):
    repo = make_repo(tmp_path / "repo")
    before = {p: (repo / p).read_bytes() for p in SOURCES}
    proc = run_cli(["apply", "--dry-run", "--report", "migration-report.md", "."], cwd=str(repo))
    assert proc.returncode == 1, proc.stderr
    assert {p: (repo / p).read_bytes() for p in SOURCES} == before
    report = (repo / "migration-report.md").read_text()
    assert "would rewrite 5 files" in report, report  # the four, and the registry they import
    assert "wrote the report migration-report.md" in proc.stderr
    assert "+++ b/src/app.py" in proc.stdout  # the diffs still go to stdout


def test_apply_report_after_a_real_run(tmp_path):
    repo = make_repo(tmp_path / "repo")
    proc = run_cli(["apply", "--report", "out/report.md", "."], cwd=str(repo))
    assert proc.returncode == 1, proc.stderr
    first = (repo / "out" / "report.md").read_text()
    assert "rewrote 5 files" in first and re.search(r"^\| `src/app\.py` \| \+\d+ -\d+ \| 0 \| 1 \|$", first, re.M), first
    proc = run_cli(["apply", "--report", "report.md", "."], cwd=str(repo))
    report = (repo / "report.md").read_text()
    assert "rewrote 0 files" in report  # the first run did the work; the to-dos remain
    assert re.search(r"^\| `src/app\.py` \| unchanged \| 0 \| 1 \|$", report, re.M), report
    assert [p.name for p in repo.iterdir() if p.name.startswith(".report")] == []  # no temporary file left
    items = [line for line in report.splitlines() if line.startswith("- [ ]")]
    assert any(line.startswith("- [ ] `src/resources.py:") for line in items), report


def test_report_escapes_and_counts_knock_ons():
    report = MarkdownReport(Catalogue(transforms.describe, transforms.marker_reason), ".", once_notes=transforms.once_notes)
    report.add(FileResult("a|b.py", Status.UNCHANGED, [
        Finding(3, 1, "threads.runs.list", "keep the IDs", code="runs-list"),
        Finding(5, 1, "threads.runs.create", "follows", code="kept-with", blocked_by=(3, 1)),
        Finding(7, 1, "threads.create", "", level="auto"),
    ]))
    text = report.text()
    assert "| `a\\|b.py` | 1 | 1 | 0 | 35 min |" in text, text
    assert "- [ ] `a|b.py:3`: keep the IDs (1 more call migrates once this is done)" in text
    assert "follows" not in text
    assert "**Stored thread IDs.**" in text  # a thread call is in the run
