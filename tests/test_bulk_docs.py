"""The recipes in docs/bulk.md: the GitHub Actions workflow parses and uploads the audit's SARIF."""

from __future__ import annotations

import os

import yaml

from tests.audit_support import ROOT

WORKFLOW = os.path.join(ROOT, "docs", "github-actions", "migration-audit.yml")


def test_the_workflow_runs_the_sarif_audit_and_uploads_it():
    with open(WORKFLOW, encoding="utf-8") as handle:
        workflow = yaml.safe_load(handle)
    assert workflow["permissions"]["security-events"] == "write"
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    audit = next(i for i, step in enumerate(steps) if "audit --format sarif" in step.get("run", ""))
    assert "> results.sarif" in steps[audit]["run"]
    upload = next(i for i, step in enumerate(steps) if step.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert steps[upload]["uses"] == "github/codeql-action/upload-sarif@v3"
    assert steps[upload]["with"]["sarif_file"] == "results.sarif"
    assert audit < upload
    assert not os.path.exists(os.path.join(ROOT, ".github", "workflows", "migration-audit.yml"))


def test_the_bulk_recipe_names_the_script_and_the_branch():
    with open(os.path.join(ROOT, "docs", "bulk.md"), encoding="utf-8") as handle:
        text = handle.read()
    assert 'multi-gitter run "$PWD/scripts/migrate-repo.sh"' in text and "-B assistants-to-responses" in text
    assert os.access(os.path.join(ROOT, "scripts", "migrate-repo.sh"), os.X_OK)
