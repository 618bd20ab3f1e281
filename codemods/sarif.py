"""`audit --format sarif`: SARIF 2.1.0 for GitHub code scanning, one rule per reason code.

Levels: a finding that needs a hand is a warning; a note, and a finding held back by another (it
goes once its root is fixed: the root's location is its related location), are notes; a use that
`apply` rewrites is a note too, under the rule `automatic`: the API it calls is switched off, so it
is worth seeing, but it is no one's manual work. Paths are relative to the repository root
(`%SRCROOT%`). GitHub cannot point into a notebook's cell: a notebook's result points at the
.ipynb file's first line and names the cell, and its line in the cell, in the message and in
`properties`.
"""

from __future__ import annotations

import json
from typing import IO, Any, Dict, List
from urllib.parse import quote

from codemods import __version__
from codemods import plan as plans
from codemods.results import FileResult, Status

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
AUTOMATIC = plans.Reason("automatic", "Rewritten by apply",
                         "This Assistants API call has a faithful counterpart: `assistants-to-responses apply` "
                         "rewrites it. Review the diff.", "", 0)


def rule_name(code: str) -> str:
    return "".join(part.capitalize() for part in code.split("-"))


def relative_uri(path: str, root: str) -> str:
    return quote(plans.relative(path, root))


class AuditSarifReporter:
    """One SARIF log on stdout once the run is over (also when it was interrupted)."""

    def __init__(self, out: IO[str], err: IO[str], catalogue: plans.Catalogue, root: str = ".") -> None:
        self.out, self.err = out, err
        self.catalogue, self.root, self.home = catalogue, root, catalogue.home
        self.rules: Dict[str, Dict[str, Any]] = {}
        self.results: List[Dict[str, Any]] = []
        self.notifications: List[Dict[str, Any]] = []

    def _rule(self, reason: plans.Reason) -> int:
        if reason.code not in self.rules:
            rule: Dict[str, Any] = {
                "id": reason.code,
                "name": rule_name(reason.code),
                "shortDescription": {"text": reason.title},
                "fullDescription": {"text": reason.help or reason.title},
                "defaultConfiguration": {"level": "note" if reason is AUTOMATIC else "warning"},
                "properties": {"effortMinutes": reason.minutes},
            }
            link = self.home + reason.anchor if reason.anchor and self.home else ""
            rule["help"] = {"text": reason.help or reason.title,
                            "markdown": (reason.help or reason.title) + (f"\n\n[Reference]({link})" if link else "")}
            if link:
                rule["helpUri"] = link
            self.rules[reason.code] = rule
        return list(self.rules).index(reason.code)

    def _location(self, item: plans.Item) -> Dict[str, Any]:
        finding = item.finding
        region = {"startLine": finding.line, "startColumn": max(finding.col, 1)}
        if finding.cell is not None:
            region = {"startLine": 1}
        return {"physicalLocation": {
            "artifactLocation": {"uri": relative_uri(item.path, self.root), "uriBaseId": "%SRCROOT%"},
            "region": region,
        }}

    def file(self, result: FileResult) -> None:
        if result.status is Status.ERROR:
            self.notifications.append({"level": "error", "message": {"text": f"{result.path}: {result.error}"}})
            return
        if not result.findings:
            return
        plan = plans.file_plan(result, self.catalogue)
        items = [plans.classify(result.path, f, self.catalogue) for f in result.findings if f.level == "auto"]
        for item in [*plan.manual, *plan.notes, *items]:
            self._result(item)

    def _result(self, item: plans.Item) -> None:
        if item.level == "auto":
            reason, level = AUTOMATIC, "note"
            text = f"{item.finding.kind}: {item.text}" if item.text else f"{item.finding.kind}: apply rewrites it"
        else:
            reason = self.catalogue.reason(item.code, item.finding.kind)
            level = "warning" if item.level == "manual" and item.is_root else "note"
            text = item.text or reason.title
        properties: Dict[str, Any] = {"kind": item.finding.kind, "level": item.level}
        if item.finding.transform:
            properties["transform"] = item.finding.transform
        if item.finding.cell is not None:
            properties.update(cell=item.finding.cell, cellLine=item.finding.line, cellColumn=item.finding.col)
            text = f"cell {item.finding.cell}, line {item.finding.line}: {text}"
        if item.root is not None:
            text += f" (follows once the finding at line {item.root.finding.line} is fixed)"
        elif item.follows:
            text += " (follows once the call it depends on migrates)"
        if item.followers:
            properties["unblocks"] = item.followers
        entry: Dict[str, Any] = {
            "ruleId": reason.code,
            "ruleIndex": self._rule(reason),
            "level": level,
            "message": {"text": text},
            "locations": [self._location(item)],
            "properties": properties,
        }
        if item.root is not None:
            related = self._location(item.root)
            related.update(id=0, message={"text": "the finding that holds this one back"})
            entry["relatedLocations"] = [related]
        self.results.append(entry)

    def notice(self, message: str) -> None:
        self.notifications.append({"level": "note", "message": {"text": message}})

    def summary(self, summary: Any) -> None:
        invocation: Dict[str, Any] = {"executionSuccessful": not summary.errors and not summary.interrupted}
        if self.notifications:
            invocation["toolExecutionNotifications"] = self.notifications
        if summary.interrupted:
            invocation["exitSignalName"] = summary.interrupted
        log = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "assistants-to-responses",
                    "version": __version__,
                    **({"informationUri": self.home} if self.home else {}),
                    "rules": list(self.rules.values()),
                }},
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": self.results,
            }],
        }
        json.dump(log, self.out, indent=2)
        self.out.write("\n")
        if summary.interrupted:
            self.err.write(summary.line() + "\n")
