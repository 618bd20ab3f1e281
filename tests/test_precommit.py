"""The pre-commit hooks of this repository, as a team runs them during a migration.

Two ways in. The commit tests install the hooks of `.pre-commit-hooks.yaml` into a throw-away git
repository as `repo: local` hooks (entry, file types and flags as published; the command is this
interpreter's `-m codemods`, so nothing is installed and no network is needed) and commit through
`git commit`: a half-migrated file whose markers are known passes, a commit the hook rewrote fails
and the re-commit passes, an Assistants call with no marker fails. The `try-repo` and `rev:` tests
install the package the way users get it: pre-commit pip-installs it into its own environment
(PRE_COMMIT_HOME is a temporary folder), which needs the package index and takes a while: marked slow.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
from typing import Dict, List

import pytest

from tests.engine_support import HIT, HIT_AFTER, NO_HIT, REPO, THREADS
from transforms import REGISTRY


def _notebook(*sources: str) -> str:
    """A notebook as nbformat writes it (indent 1, sources as lists of lines)."""
    import json

    cells = [
        {"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
         "source": source.splitlines(keepends=True)}
        for i, source in enumerate(sources)
    ]
    document = {"cells": cells, "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


NOTEBOOK = _notebook("%pip install openai\nfrom openai import OpenAI\nclient = OpenAI()", 'store = client.beta.vector_stores.create(name="docs")')
NOTEBOOK_AFTER = NOTEBOOK.replace("client.beta.vector_stores", "client.vector_stores")


def _git(args, cwd, env):
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _environment(tmp_path: pathlib.Path) -> Dict[str, str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
    }
    env.pop("PYTHONWARNINGS", None)
    return env


@pytest.fixture
def project(tmp_path: pathlib.Path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    work = tmp_path / "project"
    work.mkdir()
    env = _environment(tmp_path)
    _git(["init", "-q"], work, env)
    (work / "store.py").write_text(HIT)
    (work / "plain.py").write_text(NO_HIT)
    (work / "analysis.ipynb").write_text(NOTEBOOK)
    _git(["add", "."], work, env)
    return work, env


def _try_repo(hook: str, work: pathlib.Path, env) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", REPO, hook, "--all-files", "--color", "never"]
    return subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, timeout=1200)


@pytest.mark.slow
def test_apply_hook_rewrites_then_passes(project):
    work, env = project
    threads = "runs-to-responses" in {info.name for info in REGISTRY}
    if threads:
        (work / "bot.py").write_text(THREADS)
        _git(["add", "bot.py"], work, env)
    first = _try_repo("assistants-to-responses", work, env)
    output = first.stdout + first.stderr
    assert "assistants-to-responses" in first.stdout, output  # the hook ran under its own name
    assert (work / "plain.py").read_text() == NO_HIT
    if REGISTRY:
        assert first.returncode == 1, output
        assert "files were modified by this hook" in first.stdout, output
        assert (work / "store.py").read_text() == HIT_AFTER
        assert (work / "analysis.ipynb").read_text() == NOTEBOOK_AFTER  # types_or: [python, jupyter]
        if threads:
            assert "client.responses.create" in (work / "bot.py").read_text(), output
        _git(["add", "."], work, env)
        second = _try_repo("assistants-to-responses", work, env)
        assert second.returncode == 0, second.stdout + second.stderr
        assert (work / "store.py").read_text() == HIT_AFTER
        assert (work / "analysis.ipynb").read_text() == NOTEBOOK_AFTER
    else:
        assert first.returncode == 0, output
        assert "Passed" in first.stdout, output
        assert (work / "store.py").read_text() == HIT


@pytest.mark.slow
def test_audit_hook_reports_and_changes_nothing(project):
    work, env = project
    result = _try_repo("assistants-to-responses-audit", work, env)
    output = result.stdout + result.stderr
    assert (work / "store.py").read_text() == HIT
    if REGISTRY:
        assert result.returncode != 0, output  # uses found: the audit hook fails and says where
        assert "store.py:4:" in result.stdout, output
        assert "analysis.ipynb:cell_2:1:" in result.stdout, output
        assert (work / "analysis.ipynb").read_text() == NOTEBOOK
        assert "files were modified" not in result.stdout, output
    else:
        assert result.returncode == 0, output


# ------------------------------------------------------------------------------------------------
# Committing during a migration, through `git commit` and the hooks as published (repo: local).

HOOKS = pathlib.Path(REPO) / ".pre-commit-hooks.yaml"
APPLY_HOOK, AUDIT_HOOK = "assistants-to-responses", "assistants-to-responses-audit"
COMMAND = "assistants-to-responses"

# A module a previous `apply` went through: one call migrated, one left under its marker.
BOT = '''from openai import OpenAI

client = OpenAI()


def start():
    return client.beta.threads.create().id


def history(thread_id):
    return client.beta.threads.runs.list(thread_id=thread_id)
'''
FRESH = "def greet(name):\n    return f'hello {name}'\n"
# Added to the freshly edited file: a call the hook migrates, and one it can only mark.
MIGRATES = "\n\ndef show(client, thread_id):\n    return client.beta.threads.retrieve(thread_id)\n"
STAYS = "\n\ndef runs(client, thread_id):\n    return client.beta.threads.runs.list(thread_id=thread_id)\n"


def _local_config(hook_ids: List[str]) -> str:
    """The published hooks as `repo: local` hooks run by this interpreter (nothing to install)."""
    import yaml  # pre-commit's own dependency

    published = {hook["id"]: hook for hook in yaml.safe_load(HOOKS.read_text())}
    hooks = []
    for hook_id in hook_ids:
        hook = dict(published[hook_id])
        assert hook["entry"].startswith(COMMAND + " ") and hook["language"] == "python"
        hook["entry"] = f"{sys.executable} -m codemods" + hook["entry"][len(COMMAND):]
        hook["language"] = "system"
        hook.pop("minimum_pre_commit_version", None)
        hooks.append(hook)
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False)


def _migrated(text: str) -> str:
    """``text`` as `apply` leaves it."""
    from tests import golden

    return golden.run_all(text)


def _commit(work: pathlib.Path, env, *paths: str) -> subprocess.CompletedProcess:
    subprocess.run(["git", "add", *paths], cwd=work, env=env, check=True, capture_output=True)
    # pre-commit writes to git's stderr: one stream for the assertions.
    return subprocess.run(
        ["git", "commit", "-q", "-m", "change"], cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, timeout=600,
    )


def _head(work: pathlib.Path, env) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=work, env=env, capture_output=True, text=True, check=True).stdout


def _repository(tmp_path: pathlib.Path, hook_ids: List[str]):
    """A git repository with the hooks installed, its config committed, the migrated BOT beside it."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    work = tmp_path / "team"
    work.mkdir()
    env = _environment(tmp_path)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (REPO, env.get("PYTHONPATH", "")) if p)
    _git(["init", "-q"], work, env)
    (work / ".pre-commit-config.yaml").write_text(_local_config(hook_ids))
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=work, env=env, check=True, capture_output=True)
    assert _commit(work, env, ".pre-commit-config.yaml").returncode == 0
    migrated = _migrated(BOT)
    assert "client.conversations.create" in migrated and "[runs-list]" in migrated  # half migrated, one marker
    (work / "bot.py").write_text(migrated)
    (work / "fresh.py").write_text(FRESH)
    return work, env


@pytest.mark.skipif(not REGISTRY, reason="no transforms")
def test_commits_through_the_rewriting_hook_during_a_migration(tmp_path):
    work, env = _repository(tmp_path, [APPLY_HOOK])
    known = _commit(work, env, "bot.py", "fresh.py")
    assert known.returncode == 0, known.stdout  # nothing to change, the marker is known
    assert "Passed" in known.stdout

    # A call the hook migrates: the commit fails, the file is rewritten, the re-commit passes.
    with (work / "fresh.py").open("a") as handle:
        handle.write(MIGRATES)
    head = _head(work, env)
    rewritten = _commit(work, env, "fresh.py")
    assert rewritten.returncode != 0, rewritten.stdout
    assert "files were modified by this hook" in rewritten.stdout and "rewrote fresh.py" in rewritten.stdout
    assert _head(work, env) == head
    assert "client.conversations.retrieve(thread_id)" in (work / "fresh.py").read_text()
    again = _commit(work, env, "fresh.py")
    assert again.returncode == 0, again.stdout

    # A call it can only mark: the marker is the change; once committed it is a known to-do.
    with (work / "fresh.py").open("a") as handle:
        handle.write(STAYS)
    marked = _commit(work, env, "fresh.py")
    assert marked.returncode != 0 and "[runs-list]" in (work / "fresh.py").read_text(), marked.stdout
    assert _commit(work, env, "fresh.py").returncode == 0

    # A generated module is never rewritten: its call has no marker and fails every commit.
    (work / "client_gen.py").write_text("# @" + "generated\n" + STAYS)
    for _ in range(2):
        generated = _commit(work, env, "client_gen.py")
        assert generated.returncode != 0, generated.stdout
        assert "client_gen.py:5:12: threads.runs.list has no marker: [runs-list] in a generated file" in generated.stdout
        assert "files were modified" not in generated.stdout


@pytest.mark.skipif(not REGISTRY, reason="no transforms")
def test_commits_through_the_audit_hook_during_a_migration(tmp_path):
    work, env = _repository(tmp_path, [AUDIT_HOOK])
    known = _commit(work, env, "bot.py", "fresh.py")
    assert known.returncode == 0, known.stdout

    # Someone adds an Assistants call and no marker: the commit fails and nothing is touched.
    with (work / "fresh.py").open("a") as handle:
        handle.write(STAYS)
    edited = (work / "fresh.py").read_text()
    unmarked = _commit(work, env, "fresh.py")
    assert unmarked.returncode != 0
    assert "fresh.py:6:12: threads.runs.list has no marker: [runs-list]" in unmarked.stdout, unmarked.stdout
    assert "files were modified" not in unmarked.stdout and (work / "fresh.py").read_text() == edited

    # They run the migration on it: the call gets its marker, and the commit goes through.
    subprocess.run([sys.executable, "-m", "codemods", "apply", "fresh.py"], cwd=work, env=env, capture_output=True)
    assert "[runs-list]" in (work / "fresh.py").read_text()
    done = _commit(work, env, "fresh.py")
    assert done.returncode == 0, done.stdout


@pytest.mark.slow
@pytest.mark.skipif(not REGISTRY, reason="no transforms")
def test_the_published_hook_installed_at_a_commit_passes_a_half_migrated_file(tmp_path):
    """`repo: <this repository>` with `rev: <its HEAD commit>`, as a team pins a released tag."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("this checkout is not a git repository")
    committed = subprocess.run(["git", "show", "HEAD:.pre-commit-hooks.yaml"], cwd=REPO, capture_output=True, text=True)
    if "--allow-marked" not in committed.stdout:
        pytest.skip("the hooks at HEAD predate --allow-marked")
    import yaml

    work, env = _repository(tmp_path, [])
    config = {"repos": [{"repo": REPO, "rev": head.stdout.strip(), "hooks": [{"id": APPLY_HOOK}, {"id": AUDIT_HOOK}]}]}
    (work / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    known = _commit(work, env, ".pre-commit-config.yaml", "bot.py", "fresh.py")
    assert known.returncode == 0, known.stdout
    with (work / "fresh.py").open("a") as handle:
        handle.write(MIGRATES)
    assert _commit(work, env, "fresh.py").returncode != 0
    assert _commit(work, env, "fresh.py").returncode == 0


def test_the_documented_setup_pins_the_tag_this_version_is_published_under():
    import re

    import yaml

    import codemods

    text = (pathlib.Path(REPO) / "docs" / "pre-commit.md").read_text()
    assert re.findall(r"^\s*rev: (\S+)$", text, re.M) == [f"v{codemods.__version__}"]
    published = {hook["id"]: hook for hook in yaml.safe_load(HOOKS.read_text())}
    assert set(re.findall(r"^\s*#? ?- id: (\S+)", text, re.M)) == set(published)
    assert all("--allow-marked" in hook["entry"] for hook in published.values())
