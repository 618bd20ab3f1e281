"""The real `pre-commit try-repo` against a temporary git repository holding an Assistants file."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from tests.clihelp import HIT

REPO = pathlib.Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_pre_commit_try_repo(tmp_path: pathlib.Path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    work = tmp_path / "project"
    work.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    subprocess.run(["git", "init", "-q"], cwd=work, check=True)
    (work / "bot.py").write_text(HIT)
    (work / "plain.py").write_text("x = 1\n")
    subprocess.run(["git", "add", "."], cwd=work, check=True)
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "assistants-to-responses", "--all-files"]
    first = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, timeout=900)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert "client.responses.create" in (work / "bot.py").read_text()
    assert (work / "plain.py").read_text() == "x = 1\n"
    subprocess.run(["git", "add", "."], cwd=work, check=True)
    second = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, timeout=900)
    assert second.returncode == 0, second.stdout + second.stderr
