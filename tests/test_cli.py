"""The command line as people and scripts use it."""

from __future__ import annotations

import pathlib
import subprocess
import sys

from tests.clihelp import HIT, NO_HIT, run_cli
from transforms import REGISTRY


def test_help_version_and_transforms():
    assert run_cli(["--help"]).returncode == 0
    version = run_cli(["--version"])
    assert version.returncode == 0 and version.stdout.startswith("assistants-to-responses ")
    listing = run_cli(["transforms"])
    assert [line.split()[0] for line in listing.stdout.splitlines()] == [info.name for info in REGISTRY]


def test_dry_run_prints_a_patch_and_writes_nothing(tmp_path: pathlib.Path):
    (tmp_path / "app.py").write_text(HIT)
    result = run_cli(["apply", "--dry-run", "app.py"], cwd=str(tmp_path))
    assert result.returncode == 1
    assert result.stdout.startswith("--- a/app.py\n+++ b/app.py\n")
    assert "\x1b[" not in result.stdout, "no colour when piped"
    assert (tmp_path / "app.py").read_text() == HIT
    assert "1 files scanned, 1 would change, 0 findings, 0 errors" in result.stderr
    # The patch applies with git.
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "p.diff").write_text(result.stdout)
    subprocess.run(["git", "apply", "p.diff"], cwd=tmp_path, check=True)
    assert "responses.create" in (tmp_path / "app.py").read_text()


def test_nothing_to_do_is_exit_zero(tmp_path: pathlib.Path):
    (tmp_path / "plain.py").write_text(NO_HIT)
    result = run_cli(["apply", str(tmp_path)])
    assert result.returncode == 0 and result.stdout == ""


def test_diff_while_writing(tmp_path: pathlib.Path):
    (tmp_path / "app.py").write_text(HIT)
    result = run_cli(["apply", "--diff", str(tmp_path / "app.py")])
    assert result.returncode == 1 and "+++ b/" in result.stdout
    assert "responses.create" in (tmp_path / "app.py").read_text()


def test_unknown_transform_lists_valid_names(tmp_path: pathlib.Path):
    for flag in ("--only", "--skip"):
        result = run_cli(["apply", flag, "nope", str(tmp_path)])
        assert result.returncode == 2
        assert all(info.name in result.stderr for info in REGISTRY)


def test_only_and_skip(tmp_path: pathlib.Path):
    (tmp_path / "app.py").write_text(HIT)
    assert run_cli(["apply", "--dry-run", "--skip", "threads-and-runs", str(tmp_path)]).returncode == 0
    assert run_cli(["apply", "--dry-run", "--only", "threads-and-runs", str(tmp_path)]).returncode == 1


def test_config_found_walking_up_and_flags_win(tmp_path: pathlib.Path):
    (tmp_path / "pyproject.toml").write_text('[tool.assistants-to-responses]\nskip = ["threads-and-runs"]\n')
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(HIT)
    assert run_cli(["apply", "--dry-run", str(tmp_path / "src")]).returncode == 0
    assert run_cli(["apply", "--dry-run", "--only", "threads-and-runs", str(tmp_path / "src")]).returncode == 1


def test_unknown_config_key_is_named(tmp_path: pathlib.Path):
    (tmp_path / "pyproject.toml").write_text('[tool.assistants-to-responses]\nprompt-targte = "code"\n')
    result = run_cli(["apply", str(tmp_path)])
    assert result.returncode == 2
    assert "unknown key `prompt-targte`" in result.stderr


def test_exclude_and_named_file_always_processed(tmp_path: pathlib.Path):
    (tmp_path / "gen").mkdir()
    (tmp_path / "gen" / "app.py").write_text(HIT)
    assert run_cli(["apply", "--dry-run", "--exclude", "gen", str(tmp_path)]).returncode == 0
    named = run_cli(["apply", "--dry-run", "--exclude", "gen", str(tmp_path / "gen" / "app.py")])
    assert named.returncode == 1


def test_walk_skips_virtualenvs_and_build_output(tmp_path: pathlib.Path):
    for folder in ("venv_x", "node_modules", "build", "dist", ".tox", "__pycache__", "lib/site-packages"):
        path = tmp_path / folder
        path.mkdir(parents=True)
        (path / "app.py").write_text(HIT)
    (tmp_path / "venv_x" / "pyvenv.cfg").write_text("home = /usr\n")
    result = run_cli(["apply", "--dry-run", str(tmp_path)])
    assert result.returncode == 0, result.stdout


def test_git_work_tree_lists_tracked_and_untracked_not_ignored(tmp_path: pathlib.Path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / ".gitignore").write_text("ignored.py\n")
    for name in ("tracked.py", "untracked.py", "ignored.py"):
        (tmp_path / name).write_text(HIT)
    subprocess.run(["git", "add", "tracked.py", ".gitignore"], cwd=tmp_path, check=True)
    result = run_cli(["apply", "--dry-run", "."], cwd=str(tmp_path))
    assert "b/tracked.py" in result.stdout and "b/untracked.py" in result.stdout
    assert "ignored.py" not in result.stdout


def test_audit_text_and_json(tmp_path: pathlib.Path):
    import json

    (tmp_path / "app.py").write_text(HIT)
    text = run_cli(["audit", str(tmp_path)])
    assert text.returncode == 1
    assert "app.py:7:14: threads.create: automatic:" in text.stdout
    document = json.loads(run_cli(["audit", "--format", "json", str(tmp_path)]).stdout)
    assert document["summary"]["uses"] == 4 and document["summary"]["manual"] == 0
    assert (tmp_path / "app.py").read_text() == HIT


def test_no_libcst_for_help_listing_and_prefiltered_runs(tmp_path: pathlib.Path):
    (tmp_path / "plain.py").write_text(NO_HIT)
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['assistants-to-responses'] + sys.argv[1:]\n"
        "try:\n    runpy.run_module('codemods', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "sys.stderr.write('LIBCST=%s\\n' % any(m.split('.')[0] == 'libcst' for m in sys.modules))\n"
    )
    for args in (["--help"], ["transforms"], ["apply", str(tmp_path)], ["audit", str(tmp_path)]):
        result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
        assert "LIBCST=False" in result.stderr, (args, result.stderr)
    (tmp_path / "app.py").write_text(HIT)
    result = subprocess.run([sys.executable, "-c", probe, "apply", "--dry-run", str(tmp_path)], capture_output=True, text=True)
    assert "LIBCST=True" in result.stderr, "the probe must be able to see libcst when a file needs it"


def test_console_script_is_the_same_program():
    script = pathlib.Path(sys.executable).with_name("assistants-to-responses")
    if not script.exists():
        import pytest

        pytest.skip("console script not installed in this environment")
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == run_cli(["--version"]).stdout
