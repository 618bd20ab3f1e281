"""`audit --format sarif`: SARIF 2.1.0 that validates against the official schema (a copy in
tests/data, see its README) and that GitHub code scanning can place."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess

import jsonschema
import nbformat
import pytest

import transforms
from tests.audit_support import ROOT
from tests.clihelp import run_cli

SCHEMA = os.path.join(ROOT, "tests", "data", "sarif-schema-2.1.0.json")
# Root causes with knock-ons (blocked_by), notes, and uses that migrate.
FIXTURES = ("tests/fixtures/streaming/shared_handler.py", "tests/fixtures/threads_to_conversations/thread_tool_resources_marked.py",
            "examples/flask_sessions/before.py")
NOTEBOOK_CODE = [
    "from openai import OpenAI\nclient = OpenAI()",
    "runs = client.beta.threads.runs.list(thread_id='thread_1')",
]


def validator() -> jsonschema.Draft4Validator:
    with open(SCHEMA, encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> pathlib.Path:
    root = tmp_path_factory.mktemp("sarif") / "repo"
    for path in FIXTURES:
        target = root / "src" / os.path.basename(os.path.dirname(path)) / os.path.basename(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(os.path.join(ROOT, path), target)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(code) for code in NOTEBOOK_CODE]
    notebook.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    (root / "nb").mkdir()
    nbformat.write(notebook, str(root / "nb" / "runs.ipynb"))
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


@pytest.fixture(scope="module")
def log(repo: pathlib.Path):
    # Run from a sub-folder: the paths must still be relative to the repository root.
    proc = run_cli(["audit", "--format", "sarif", ".", "../nb"], cwd=str(repo / "src"))
    assert proc.returncode == 1, proc.stderr
    return json.loads(proc.stdout), run_cli(["audit", "--format", "sarif", str(repo)], cwd=str(repo))


def test_the_schema_copy_is_the_official_one():
    with open(SCHEMA, encoding="utf-8") as handle:
        schema = json.load(handle)
    assert schema["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]


def test_the_log_validates_and_the_validator_can_fail(log):
    document, _ = log
    validator().validate(document)
    broken = json.loads(json.dumps(document))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator().iter_errors(broken)), "the schema must reject a level SARIF does not know"


def test_one_rule_per_reason_with_help_and_anchor(log):
    document, _ = log
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids)) and {"handler-shared", "stored-thread-id", "automatic", "runs-list"} <= set(ids)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["help"]["text"]
        if rule["id"] != "automatic":
            anchor = transforms.describe(rule["id"])[2]  # docs/reference.md#<code>, or #types-reason
            assert anchor.startswith("docs/reference.md#") and rule["helpUri"].endswith(anchor), rule
            assert rule["helpUri"].startswith("https://")
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]


def test_levels_and_locations(log, repo):
    document, _ = log
    results = document["runs"][0]["results"]
    levels = {(r["ruleId"], r["level"]) for r in results}
    assert ("stored-thread-id", "note") in levels and ("automatic", "note") in levels
    assert ("runs-list", "warning") in levels
    for result in results:
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        if artifact["uri"] == "prompt_registry.py":  # the registry apply would write, at the root
            continue
        assert not artifact["uri"].startswith(("/", "..")) and (repo / artifact["uri"]).is_file(), artifact
        assert artifact["uri"].startswith(("src/", "nb/")), artifact
        assert location["physicalLocation"]["region"]["startLine"] >= 1
    warnings = [r for r in results if r["level"] == "warning"]
    assert warnings and all(r["locations"][0]["physicalLocation"]["region"]["startColumn"] >= 1 for r in warnings
                            if not r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".ipynb"))


def test_knock_ons_are_notes_pointing_at_their_root(log):
    document, _ = log
    followers = [r for r in document["runs"][0]["results"] if "relatedLocations" in r]
    assert followers, "the fixtures hold findings held back by others"
    for result in followers:
        assert result["level"] == "note" and "follows once the finding at line" in result["message"]["text"]
        root_line = result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"]
        roots = [r for r in document["runs"][0]["results"] if r["properties"].get("unblocks")
                 and r["locations"][0]["physicalLocation"]["region"]["startLine"] == root_line]
        assert roots and roots[0]["level"] == "warning"


def test_notebook_results_name_the_cell(log):
    document, _ = log
    (result,) = [r for r in document["runs"][0]["results"] if r["ruleId"] == "runs-list"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "nb/runs.ipynb"
    assert result["message"]["text"].startswith("cell 2, line 1: ")
    assert result["properties"]["cell"] == 2 and result["properties"]["cellLine"] == 1


def test_the_same_log_from_the_root(log):
    document, from_root = log
    assert from_root.returncode == 1
    def key(result):
        return json.dumps(result["locations"]) + result["message"]["text"]

    assert sorted(map(key, json.loads(from_root.stdout)["runs"][0]["results"])) == sorted(
        map(key, document["runs"][0]["results"]))


def test_a_real_audit_of_the_corpus_validates():
    from tests.audit_support import audit_output

    document = json.loads(audit_output("sarif"))
    validator().validate(document)  # raises on anything the schema refuses
    run = document["runs"][0]
    rules = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    assert run["results"] and {result["ruleId"] for result in run["results"]} <= rules
