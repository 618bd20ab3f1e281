"""The SARIF and Markdown reporters on their own: errors, notices and interrupted runs."""

from __future__ import annotations

import io
import json

import transforms
from codemods.markdown import AuditMarkdownReporter, MarkdownReport, Tee
from codemods.plan import Catalogue, duration
from codemods.report import AuditSummary, Summary
from codemods.results import FileResult, Finding, Status, error
from codemods.sarif import AuditSarifReporter, relative_uri, rule_name

CATALOGUE = Catalogue(transforms.describe, transforms.marker_reason, transforms.HOME)
USE = Finding(4, 9, "threads.runs.list", "keep the IDs", code="runs-list")


def test_sarif_errors_notices_and_interruption():
    out, err = io.StringIO(), io.StringIO()
    reporter = AuditSarifReporter(out, err, CATALOGUE, ".")
    reporter.notice("said once")
    reporter.file(error("broken.ipynb", "invalid JSON"))
    reporter.file(FileResult("a.py", Status.UNCHANGED, [USE]))
    summary = AuditSummary(errors=1, interrupted="SIGINT")
    reporter.summary(summary)
    (run,) = json.loads(out.getvalue())["runs"]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False and invocation["exitSignalName"] == "SIGINT"
    texts = [n["message"]["text"] for n in invocation["toolExecutionNotifications"]]
    assert texts == ["said once", "broken.ipynb: invalid JSON"]
    (result,) = run["results"]
    assert result["ruleId"] == "runs-list" and result["level"] == "warning"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 4, "startColumn": 9}
    assert err.getvalue().startswith("interrupted by SIGINT")


def test_sarif_names_and_uris():
    assert rule_name("stored-thread-id") == "StoredThreadId"
    assert relative_uri("src/my file.py", ".") == "src/my%20file.py"


def test_markdown_lists_errors_and_says_when_interrupted():
    out, err = io.StringIO(), io.StringIO()
    reporter = AuditMarkdownReporter(out, err, MarkdownReport(CATALOGUE, "."))
    reporter.notice("said once")
    reporter.file(error("broken.ipynb", "invalid JSON"))
    reporter.file(FileResult("a.py", Status.UNCHANGED, [USE]))
    reporter.summary(AuditSummary(errors=1, interrupted="SIGTERM"))
    text = out.getvalue()
    assert "**The run was interrupted by SIGTERM" in text
    assert "- `broken.ipynb`: invalid JSON" in text
    assert "- [ ] `a.py:4`: keep the IDs" in text
    assert "broken.ipynb: error: invalid JSON" in err.getvalue() and "note: said once" in err.getvalue()


def test_tee_hands_everything_on_and_writes_the_report(tmp_path):
    seen = []

    class Inner:
        def file(self, result):
            seen.append(("file", result.path))

        def notice(self, message):
            seen.append(("notice", message))

        def summary(self, summary):
            seen.append(("summary", None))

    err = io.StringIO()
    target = tmp_path / "deep" / "report.md"
    tee = Tee(Inner(), MarkdownReport(CATALOGUE, ".", applied=True), str(target), err)
    tee.notice("n")
    tee.file(FileResult("a.py", Status.CHANGED, [], added=3, removed=1))
    tee.summary(Summary())
    assert seen == [("notice", "n"), ("file", "a.py"), ("summary", None)]
    text = target.read_text()
    assert "rewrote 1 file;" in text and "| `a.py` | +3 -1 | 0 | 0 |" in text
    assert f"wrote the report {target}" in err.getvalue()


def test_durations():
    assert [duration(m) for m in (0, 55, 60, 125)] == ["0 min", "55 min", "1 h", "2 h 05 min"]


def test_a_marker_that_follows_another_is_counted_not_listed():
    # After apply the findings are the markers in the file: a kept-with marker names no root, but
    # its reason says it only follows another call.
    report = MarkdownReport(CATALOGUE, ".", applied=True)
    report.add(FileResult("a.py", Status.UNCHANGED, [
        Finding(3, 1, "marker", "[runs-list] keep the IDs", marked=True),
        Finding(9, 1, "marker", "[kept-with] its thread stays on the Assistants API", marked=True),
    ]))
    text = report.text()
    assert "1 item to do by hand (1 more call migrates once they are done)" in text, text
    assert "kept-with" not in text and "- [ ] `a.py:3`: keep the IDs" in text


def test_an_unknown_format_names_the_four(tmp_path):
    from tests.clihelp import run_cli

    proc = run_cli(["audit", "--format", "xml", str(tmp_path)])
    assert proc.returncode == 2
    assert "unknown format 'xml'; valid formats: text, json, sarif, markdown" in proc.stderr
