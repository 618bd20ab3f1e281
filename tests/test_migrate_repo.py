"""scripts/migrate-repo.sh, the command multi-gitter runs in each repository (docs/bulk.md): a
repository with Assistants code ends with changes and the report, one without ends untouched."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

from tests.audit_support import ROOT
from tests.clihelp import HIT, NO_HIT

SCRIPT = os.path.join(ROOT, "scripts", "migrate-repo.sh")


def git(repo: pathlib.Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=str(repo), check=True, capture_output=True, text=True).stdout


def make_repo(path: pathlib.Path, files) -> pathlib.Path:
    path.mkdir(parents=True)
    git(path, "init", "-q")
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text)
    git(path, "add", "-A")
    git(path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "start")
    return path


def migrate(cwd: pathlib.Path, **env: str) -> subprocess.CompletedProcess:
    full = {**os.environ, "A2R_PYTHON": sys.executable, **env}
    full.pop("PYTHONWARNINGS", None)
    return subprocess.run(["bash", SCRIPT], cwd=str(cwd), env=full, capture_output=True, text=True, timeout=600)


def test_a_repository_with_assistants_code_is_migrated_with_a_report(tmp_path):
    repo = make_repo(tmp_path / "with", {"app/store.py": HIT, "README.md": "x\n"})
    proc = migrate(repo / "app")  # run from a sub-folder: the script works at the root
    assert proc.returncode == 0, proc.stdout + proc.stderr
    status = git(repo, "status", "--porcelain", "--untracked-files=all")
    assert " M app/store.py" in status and "?? prompt_registry.py" in status and "?? migration-report.md" in status, status
    assert "beta.threads" not in (repo / "app" / "store.py").read_text()
    report = (repo / "migration-report.md").read_text()
    assert report.startswith("## Migration off the OpenAI Assistants API")
    assert "| `app/store.py` | +" in report and "- [ ] `prompt_registry.py:" in report, report
    assert "the pull request body is in migration-report.md" in proc.stdout


def test_a_repository_without_assistants_code_is_left_alone(tmp_path):
    repo = make_repo(tmp_path / "without", {"tool.py": NO_HIT})
    proc = migrate(repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""
    assert "nothing to do" in proc.stdout


def test_an_already_migrated_repository_gets_no_pull_request(tmp_path):
    # Migrated as far as the tool goes: audit still lists the registry entry to fill in, apply changes nothing.
    repo = make_repo(tmp_path / "marked", {"jobs.py": HIT})
    assert migrate(repo, A2R_REPORT="report.md").returncode == 0
    git(repo, "add", "-A")
    git(repo, "rm", "-q", "--cached", "report.md")
    (repo / "report.md").unlink()
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "migrated")
    again = migrate(repo, A2R_REPORT="report.md")
    assert again.returncode == 0, again.stdout + again.stderr
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == "", again.stdout
    assert "no pull request" in again.stdout


def test_outside_a_git_work_tree_it_fails(tmp_path):
    (tmp_path / "loose").mkdir()
    proc = migrate(tmp_path / "loose", GIT_CEILING_DIRECTORIES=str(tmp_path))
    assert proc.returncode == 2 and "not inside a git work tree" in proc.stderr


@pytest.mark.slow
def test_it_installs_the_tool_when_given_a_path(tmp_path):
    repo = make_repo(tmp_path / "install", {"store.py": HIT})
    proc = migrate(repo, A2R_PYTHON="", A2R_INSTALL=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (repo / "migration-report.md").is_file()
    assert not [p for p in repo.iterdir() if p.name in ("venv", ".venv")]  # installed outside the clone
