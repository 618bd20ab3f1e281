"""The real `pre-commit try-repo` of this repository's hooks against a throw-away git repository.

try-repo installs the package with pip into pre-commit's own environment (PRE_COMMIT_HOME is a
temporary folder), so this needs the package index and takes a while: marked slow.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from tests.engine_support import HIT, HIT_AFTER, NO_HIT, REPO, THREADS
from transforms import REGISTRY

pytestmark = pytest.mark.slow


def _git(args, cwd, env):
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture
def project(tmp_path: pathlib.Path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    work = tmp_path / "project"
    work.mkdir()
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    env.pop("PYTHONWARNINGS", None)
    _git(["init", "-q"], work, env)
    (work / "store.py").write_text(HIT)
    (work / "plain.py").write_text(NO_HIT)
    _git(["add", "."], work, env)
    return work, env


def _try_repo(hook: str, work: pathlib.Path, env) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", REPO, hook, "--all-files", "--color", "never"]
    return subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, timeout=1200)


def test_apply_hook_rewrites_then_passes(project):
    work, env = project
    threads = "threads-and-runs" in {info.name for info in REGISTRY}
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
        if threads:
            assert "client.responses.create" in (work / "bot.py").read_text(), output
        _git(["add", "."], work, env)
        second = _try_repo("assistants-to-responses", work, env)
        assert second.returncode == 0, second.stdout + second.stderr
        assert (work / "store.py").read_text() == HIT_AFTER
    else:
        assert first.returncode == 0, output
        assert "Passed" in first.stdout, output
        assert (work / "store.py").read_text() == HIT


def test_audit_hook_reports_and_changes_nothing(project):
    work, env = project
    result = _try_repo("assistants-to-responses-audit", work, env)
    output = result.stdout + result.stderr
    assert (work / "store.py").read_text() == HIT
    if REGISTRY:
        assert result.returncode != 0, output  # uses found: the audit hook fails and says where
        assert "store.py:4:" in result.stdout, output
        assert "files were modified" not in result.stdout, output
    else:
        assert result.returncode == 0, output
