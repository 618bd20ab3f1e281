"""The command line end to end: `python -m codemods ...` in subprocesses, with the real registry.

Output goes to pipes here, as in CI: no colour codes, no progress bar, summary on stderr.
"""

from __future__ import annotations

import json
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

import codemods
from tests.engine_support import HIT, HIT_AFTER, NO_HIT, THREADS, cli, cli_import_probe
from transforms import REGISTRY

NAMES = [info.name for info in REGISTRY]
SUMMARY = re.compile(r"^(\d+) files scanned, (\d+) (?:would change|changed), (\d+) findings, (\d+) errors$", re.M)
ANSI = re.compile(r"\x1b\[")

def write(root: pathlib.Path, rel: str, text: str) -> pathlib.Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def summary(stderr: str):
    found = SUMMARY.findall(stderr)
    assert len(found) == 1, stderr
    return tuple(int(x) for x in found[0])


def changed_paths(diff: str):
    return sorted(set(re.findall(r"^\+\+\+ b/(.+)$", diff, re.M)))


@pytest.fixture
def outside_git(tmp_path: pathlib.Path) -> pathlib.Path:
    if shutil.which("git") is not None:
        probe = subprocess.run(["git", "-C", str(tmp_path), "rev-parse"], capture_output=True)
        if probe.returncode == 0:
            pytest.skip("the temporary folder is inside a git work tree")
    return tmp_path


# ---------------------------------------------------------------------------------------------
# help, version, catalogue


def test_help():
    proc = cli(["--help"])
    assert proc.returncode == 0, proc.stderr
    for command in ("apply", "audit", "prompts", "transforms"):
        assert re.search(rf"^\W*{command}\b", proc.stdout, re.M), proc.stdout
    assert "--version" in proc.stdout
    assert not ANSI.search(proc.stdout)


def test_apply_help_lists_the_options():
    proc = cli(["apply", "--help"])
    assert proc.returncode == 0, proc.stderr
    for option in ("--dry-run", "--diff", "--only", "--skip", "--exclude", "--jobs"):
        assert option in proc.stdout


def test_version():
    proc = cli(["--version"])
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"assistants-to-responses {codemods.__version__}"


def test_console_script_is_the_same_program():
    script = pathlib.Path(sys.executable).with_name("assistants-to-responses")
    if not script.exists():
        pytest.skip("console script not installed in this environment")
    proc = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == cli(["--version"]).stdout


def test_transforms_lists_the_registry_in_order():
    proc = cli(["transforms"])
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert [line.split()[0] for line in lines] == NAMES
    for line, info in zip(lines, REGISTRY):
        assert line.split(None, 1)[1].strip() == info.summary


# ---------------------------------------------------------------------------------------------
# apply: dry run, diff, exit codes


def test_dry_run_prints_a_patch_and_writes_nothing(outside_git):
    root = outside_git
    hit = write(root, "pkg/store.py", HIT)
    write(root, "pkg/plain.py", NO_HIT)
    proc = cli(["apply", "--dry-run", "pkg"], cwd=str(root))
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("--- a/pkg/store.py\n+++ b/pkg/store.py\n@@ "), proc.stdout
    assert not ANSI.search(proc.stdout), "no colour when piped"
    assert '-store = client.beta.vector_stores.create(name="docs")\n' in proc.stdout
    assert '+store = client.vector_stores.create(name="docs")\n' in proc.stdout
    assert changed_paths(proc.stdout) == ["pkg/store.py"]
    assert hit.read_text() == HIT
    assert summary(proc.stderr) == (2, 1, 0, 0)
    assert "would change" in proc.stderr
    assert "rewrote" not in proc.stderr
    # The patch applies: `git apply` takes it as is, and gives what apply would write.
    if shutil.which("git"):
        applied = subprocess.run(["git", "apply", "-"], input=proc.stdout, text=True, cwd=str(root), capture_output=True)
        assert applied.returncode == 0, applied.stderr
        assert hit.read_text() == HIT_AFTER


def test_dry_run_patch_of_a_threads_program_applies(outside_git):
    path = write(outside_git, "app.py", THREADS)
    proc = cli(["apply", "--dry-run", "app.py"], cwd=str(outside_git))
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("--- a/app.py\n+++ b/app.py\n"), proc.stdout
    assert not ANSI.search(proc.stdout), "no colour when piped"
    assert path.read_text() == THREADS
    # The registry the rewrite imports is part of the patch, a new file whose entry is to fill in.
    assert "--- /dev/null\n+++ b/prompt_registry.py\n" in proc.stdout
    assert "1 files scanned, 2 would change, 1 findings, 0 errors" in proc.stderr.splitlines()
    assert "prompt_registry.py:" in proc.stderr and "assistant 'asst_1' is not filled in yet (used at app.py:9)" in proc.stderr
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    applied = subprocess.run(["git", "apply", "-"], input=proc.stdout, text=True, cwd=str(outside_git), capture_output=True)
    assert applied.returncode == 0, applied.stderr
    migrated = path.read_text()
    assert "client.responses.create(" in migrated and "beta.threads" not in migrated, migrated


MARKED_AFTER_A_REWRITE = '''import time

from openai import OpenAI

client = OpenAI()


def ask(question: str) -> str:
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id="asst_abc123")
    while run.status in ("queued", "in_progress"):
        time.sleep(1)
        run = client.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run.id)
    messages = client.beta.threads.messages.list(thread_id=thread.id)
    return messages.data[0].content[0].text.value


def runs_of(thread) -> list:
    return list(client.beta.threads.runs.list(thread_id=thread.id))
'''
FINDING = re.compile(r"^app\.py:(\d+):(\d+): \[runs-list\] ", re.M)


def test_findings_cite_the_line_on_disk(outside_git):
    # The rewrite above the marked call changes the line count; a dry run writes nothing, so
    # its finding must point at the call in the file as it is, and apply at the file it wrote.
    path = write(outside_git, "app.py", MARKED_AFTER_A_REWRITE)
    on_disk = MARKED_AFTER_A_REWRITE.splitlines().index("    return list(client.beta.threads.runs.list(thread_id=thread.id))") + 1
    dry = cli(["apply", "--dry-run", "app.py"], cwd=str(outside_git))
    assert dry.returncode == 1, dry.stderr
    assert FINDING.findall(dry.stderr) == [(str(on_disk), "5")], dry.stderr
    applied = cli(["apply", "app.py"], cwd=str(outside_git))
    assert applied.returncode == 1, applied.stderr
    (line, _), = FINDING.findall(applied.stderr)
    written = path.read_text().splitlines()
    assert int(line) != on_disk
    assert written[int(line) - 1].strip().startswith("# assistants-to-responses: [runs-list]"), written


NOTE_ON_A_REWRITTEN_STATEMENT = '''from openai import OpenAI

client = OpenAI()


def ask(question: str, thread_id: str) -> str:
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=question)
    print("thinking...")
    run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id="asst_docs")
    return client.beta.threads.messages.list(thread_id=thread_id).data[0].content[0].text.value
'''


def test_dry_run_cites_a_note_at_the_statement_it_marks(outside_git):
    # The run is rewritten (its message folded in) and gets a note above it: the note is cited at
    # the run's line on disk, not at the message's or the marker's.
    write(outside_git, "app.py", NOTE_ON_A_REWRITTEN_STATEMENT)
    dry = cli(["apply", "--dry-run", "app.py"], cwd=str(outside_git))
    run = NOTE_ON_A_REWRITTEN_STATEMENT.splitlines().index(
        "    run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=\"asst_docs\")") + 1
    assert re.findall(r"^app\.py:(\d+):\d+: note \[stored-thread-id\] ", dry.stderr, re.M) == [str(run)], dry.stderr


def test_dry_run_with_nothing_to_do_exits_zero(outside_git):
    write(outside_git, "plain.py", NO_HIT)
    write(outside_git, "mention.py", "# client.beta.vector_stores is only mentioned here\n")
    proc = cli(["apply", "--dry-run", str(outside_git)])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert summary(proc.stderr) == (2, 0, 0, 0)
    written = cli(["apply", str(outside_git)])  # not a dry run: still nothing to do, exit 0
    assert written.returncode == 0, written.stderr
    assert written.stdout == ""
    assert summary(written.stderr) == (2, 0, 0, 0)
    assert (outside_git / "plain.py").read_text() == NO_HIT


def test_apply_writes_and_diff_prints(outside_git):
    path = write(outside_git, "store.py", HIT)
    proc = cli(["apply", str(path)])
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""  # no --diff: nothing on stdout
    assert f"rewrote {path}" in proc.stderr.splitlines()
    assert path.read_text() == HIT_AFTER
    path.write_text(HIT)
    proc = cli(["apply", "--diff", str(path)])
    assert proc.returncode == 1, proc.stderr
    assert "+store = client.vector_stores.create" in proc.stdout
    assert path.read_text() == HIT_AFTER
    again = cli(["apply", "--diff", str(path)])
    assert again.returncode == 0 and again.stdout == "", again.stderr


@pytest.mark.parametrize("flag", ["--only", "--skip"])
def test_unknown_transform_name(outside_git, flag):
    path = write(outside_git, "store.py", HIT)
    proc = cli(["apply", flag, "no-such-transform", str(path)])
    assert proc.returncode == 2
    assert "no-such-transform" in proc.stderr
    for name in NAMES:
        assert name in proc.stderr
    assert path.read_text() == HIT


@pytest.mark.skipif(not {"vector-stores", "runs-to-responses"} <= set(NAMES), reason="needs both real transforms")
def test_only_and_skip_choose_transforms(outside_git):
    both = THREADS + 'store = client.beta.vector_stores.create(name="docs")\n'
    path = write(outside_git, "both.py", both)
    proc = cli(["apply", "--dry-run", "--only", "vector-stores", str(path)])
    assert proc.returncode == 1
    assert "+store = client.vector_stores.create" in proc.stdout
    assert "+    run = client.responses.create" not in proc.stdout
    assert "[not-run] the runs-to-responses transform did not run" in proc.stdout
    proc = cli(["apply", "--dry-run", "--skip", "vector-stores", str(path)])
    assert proc.returncode == 1
    assert "responses.create" in proc.stdout
    assert "-store = client.beta.vector_stores" not in proc.stdout
    assert path.read_text() == both
    # A call whose transform does not run stays, under a marker saying so (the code still runs).
    threads_only = write(outside_git, "threads.py", THREADS)
    skipped = cli(["apply", "--dry-run", "--skip", "runs-to-responses", str(threads_only)])
    assert skipped.returncode == 1
    assert "[not-run] the runs-to-responses transform did not run" in skipped.stdout
    # What the run uses stays as it was too: its thread is still a thread, one consistent program.
    assert "conversations.create" not in skipped.stdout and "[not-run] a call that uses its value stays" in skipped.stdout
    assert cli(["apply", "--dry-run", "--only", "runs-to-responses", str(threads_only)]).returncode == 1
    assert threads_only.read_text() == THREADS


# ---------------------------------------------------------------------------------------------
# configuration


def test_config_found_walking_up_and_flags_override(outside_git):
    root = outside_git
    write(root, "pyproject.toml", '[project]\nname = "x"\n\n[tool.assistants-to-responses]\nskip = ["vector-stores"]\n')
    path = write(root, "src/deep/pkg/store.py", HIT)
    proc = cli(["apply", "--dry-run", "src/deep"], cwd=str(root))
    assert proc.returncode == 0, proc.stderr + proc.stdout  # configured away
    assert proc.stdout == ""
    proc = cli(["apply", "--dry-run", "."], cwd=str(root / "src" / "deep" / "pkg"))
    assert proc.returncode == 0 and proc.stdout == "", proc.stderr
    proc = cli(["apply", "--dry-run", "--only", "vector-stores", "src/deep"], cwd=str(root))
    assert proc.returncode == 1, proc.stderr  # the flag wins
    assert changed_paths(proc.stdout) == ["src/deep/pkg/store.py"]
    assert path.read_text() == HIT


def test_nearest_pyproject_without_our_table_is_passed_over(outside_git):
    root = outside_git
    write(root, "pyproject.toml", '[tool.assistants-to-responses]\nexclude = ["gen"]\n')
    write(root, "sub/pyproject.toml", '[project]\nname = "sub"\n')
    write(root, "sub/gen/store.py", HIT)
    write(root, "sub/app/store.py", HIT)
    proc = cli(["apply", "--dry-run", "sub"], cwd=str(root))
    assert changed_paths(proc.stdout) == ["sub/app/store.py"], proc.stderr


def test_unknown_config_key(outside_git):
    write(outside_git, "pyproject.toml", '[tool.assistants-to-responses]\ncolour = "always"\n')
    path = write(outside_git, "store.py", HIT)
    proc = cli(["apply", str(path)])
    assert proc.returncode == 2
    line = proc.stderr.strip()
    assert line.startswith("error: ") and "\n" not in line, proc.stderr
    assert "unknown key `colour`" in line
    assert str(outside_git / "pyproject.toml") in line
    assert path.read_text() == HIT


def test_bad_config_value(outside_git):
    write(outside_git, "pyproject.toml", '[tool.assistants-to-responses]\njobs = 0\n')
    write(outside_git, "store.py", HIT)
    proc = cli(["apply", "--dry-run", str(outside_git)])
    assert proc.returncode == 2 and "`jobs`" in proc.stderr, proc.stderr


# ---------------------------------------------------------------------------------------------
# discovery


def test_exclude(outside_git):
    root = outside_git
    for rel in ("app/store.py", "generated/store.py", "app/store_pb2.py", "tests/deep/store.py"):
        write(root, rel, HIT)
    proc = cli(["apply", "--dry-run", "--exclude", "generated", "--exclude", "*_pb2.py", "--exclude", "tests/", "."], cwd=str(root))
    assert changed_paths(proc.stdout) == ["app/store.py"], proc.stderr
    assert summary(proc.stderr)[0] == 1


def test_explicitly_named_excluded_file_is_still_processed(outside_git):
    root = outside_git
    write(root, "pyproject.toml", '[tool.assistants-to-responses]\nexclude = ["generated"]\n')
    write(root, "generated/store.py", HIT)
    write(root, "node_modules/pkg/store.py", HIT)
    proc = cli(["apply", "--dry-run", "--exclude", "store.py", "generated/store.py", "node_modules/pkg/store.py"], cwd=str(root))
    assert proc.returncode == 1, proc.stderr
    assert changed_paths(proc.stdout) == ["generated/store.py", "node_modules/pkg/store.py"]


def test_discovery_outside_git_skips_environments_and_build_output(outside_git):
    root = outside_git
    write(root, "src/app.py", HIT)
    write(root, "src/types.pyi", HIT)
    write(root, "src/notes.txt", HIT)
    write(root, "myenv/pyvenv.cfg", "home = /usr/bin\n")
    skipped = [
        "myenv/lib/python3.11/thing.py",
        "lib/python3.11/site-packages/dep/mod.py",
        "web/node_modules/pkg/mod.py",
        "src/__pycache__/mod.py",
        "build/lib/mod.py",
        "dist/mod.py",
        ".tox/py311/mod.py",
        ".venv/mod.py",
        "venv/mod.py",
    ]
    for rel in skipped:
        write(root, rel, HIT)
    proc = cli(["apply", "--dry-run", "."], cwd=str(root))
    assert proc.returncode == 1, proc.stderr
    assert changed_paths(proc.stdout) == ["src/app.py", "src/types.pyi"]
    assert summary(proc.stderr)[:2] == (2, 2)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_discovery_in_a_git_work_tree(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    write(root, ".gitignore", "ignored/\n*_local.py\n")
    write(root, "tracked.py", HIT)
    write(root, "untracked.py", HIT)
    write(root, "ignored/store.py", HIT)
    write(root, "conf_local.py", HIT)
    write(root, "node_modules/pkg/store.py", HIT)  # tracked, but other people's code
    write(root, "pkg/deep/tracked.py", HIT)
    subprocess.run(["git", "add", "-f", ".gitignore", "tracked.py", "node_modules", "pkg"], cwd=str(root), check=True)
    write(root, "deleted.py", HIT)
    subprocess.run(["git", "add", "deleted.py"], cwd=str(root), check=True)
    (root / "deleted.py").unlink()  # tracked but gone from the work tree: not an error
    proc = cli(["apply", "--dry-run", "."], cwd=str(root))
    assert proc.returncode == 1, proc.stderr
    assert changed_paths(proc.stdout) == ["pkg/deep/tracked.py", "tracked.py", "untracked.py"]
    assert summary(proc.stderr) == (3, 3, 0, 0)
    # A subfolder of the work tree is listed by git too.
    proc = cli(["apply", "--dry-run", "pkg"], cwd=str(root))
    assert changed_paths(proc.stdout) == ["pkg/deep/tracked.py"]
    # A folder git ignores is still walked when it is named: naming it says it is wanted.
    write(root, "ignored/venv/pyvenv.cfg", "home = /usr\n")
    write(root, "ignored/venv/lib/store.py", HIT)  # a virtualenv inside it stays skipped
    proc = cli(["apply", "--dry-run", "ignored"], cwd=str(root))
    assert changed_paths(proc.stdout) == ["ignored/store.py"], proc.stderr
    assert summary(proc.stderr) == (1, 1, 0, 0)


# ---------------------------------------------------------------------------------------------
# output for machines


def test_piped_output_is_plain(outside_git):
    root = outside_git
    write(root, "store.py", HIT)
    for i in range(320):  # enough files for the progress bar, were this a terminal
        write(root, f"plain/p{i:03}.py", NO_HIT)
    proc = cli(["apply", "--dry-run", "."], cwd=str(root))
    assert proc.returncode == 1
    assert not ANSI.search(proc.stdout) and not ANSI.search(proc.stderr)
    assert "\r" not in proc.stderr and "[#" not in proc.stderr and "/321" not in proc.stderr
    assert summary(proc.stderr) == (321, 1, 0, 0)
    assert not SUMMARY.search(proc.stdout), "the summary goes to stderr, stdout is the patch"
    assert proc.stderr.splitlines()[0] == "321 files scanned, 1 would change, 0 findings, 0 errors"
    forced = cli(["apply", "--dry-run", "--color", "store.py"], cwd=str(root))
    assert ANSI.search(forced.stdout), "--color must colour the patch (the check above can fail)"


def test_audit_writes_nothing_and_reports(outside_git):
    path = write(outside_git, "store.py", HIT)
    proc = cli(["audit", str(path)])
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith(f"{path}: "), proc.stdout  # the plan's line for the file
    assert path.read_text() == HIT


def test_audit_text_and_json(outside_git):
    path = write(outside_git, "app.py", THREADS)
    text = cli(["audit", str(outside_git)])
    assert text.returncode == 1, text.stderr
    assert f"{path}: 4 automatic, 0 need a hand" in text.stdout, text.stdout
    assert "[unfilled-entry] A prompt registry entry not filled in: 1 finding in 1 file" in text.stdout, text.stdout
    proc = cli(["audit", "--format", "json", str(outside_git)])
    assert proc.returncode == 1, proc.stderr
    document = json.loads(proc.stdout)
    # The four calls migrate; the registry entry their rewrite needs is still to fill in.
    assert document["summary"]["uses"] == 5 and document["summary"]["manual"] == 1, document["summary"]
    assert document["summary"]["automatic"] == 4 and document["summary"]["errors"] == 0, document["summary"]
    assert document["uses"][-1]["code"] == "unfilled-entry", document["uses"][-1]
    first = document["uses"][0]
    assert (first["line"], first["col"], first["kind"], first["migration"]) == (7, 14, "threads.create", "automatic"), first
    assert path.read_text() == THREADS
    nothing = cli(["audit", "--format", "json", str(write(outside_git, "plain/p.py", NO_HIT))])
    assert nothing.returncode == 0, nothing.stderr
    assert json.loads(nothing.stdout)["summary"]["uses"] == 0


def test_prompts_lists_and_writes_the_registry(outside_git):
    app = write(outside_git, "app.py", THREADS)
    proc = cli(["prompts", "."], cwd=str(outside_git))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("app.py:9: literal ID 'asst_1'"), proc.stdout
    assert not (outside_git / "prompt_registry.py").exists(), "without --write nothing is written"
    proc = cli(["prompts", ".", "--write"], cwd=str(outside_git))
    assert proc.returncode == 0, proc.stderr
    registry = outside_git / "prompt_registry.py"
    assert "asst_1" in registry.read_text()
    before = registry.read_bytes()
    again = cli(["prompts", ".", "--write"], cwd=str(outside_git))
    assert again.returncode == 0 and "is up to date" in again.stderr, again.stderr
    assert registry.read_bytes() == before and app.read_text() == THREADS


# ---------------------------------------------------------------------------------------------
# import cost: libcst only for files that pass the prefilter


def _imported(proc: subprocess.CompletedProcess) -> bool:
    match = re.search(r"LIBCST-IMPORTED=(True|False) EXIT=(\S+)", proc.stderr)
    assert match, proc.stderr
    return match[1] == "True"


@pytest.mark.parametrize("args", [["--help"], ["transforms"], ["--version"]])
def test_no_libcst_for_help_and_catalogue(args):
    proc = cli_import_probe(args)
    assert not _imported(proc), proc.stdout + proc.stderr


def test_no_libcst_when_nothing_passes_the_prefilter(outside_git):
    for i in range(20):
        write(outside_git, f"pkg/m{i}.py", NO_HIT + f"# beta.{i}\n")
    proc = cli_import_probe(["apply", "--dry-run", "--jobs", "1", str(outside_git)])
    assert "EXIT=0" in proc.stderr, proc.stderr
    assert not _imported(proc), proc.stderr
    proc = cli_import_probe(["audit", "--jobs", "1", str(outside_git)])
    assert not _imported(proc), proc.stderr
    proc = cli_import_probe(["apply", str(outside_git)])  # writing mode, default jobs
    assert "EXIT=0" in proc.stderr, proc.stderr
    assert not _imported(proc), proc.stderr


def test_libcst_probe_sees_a_parse(outside_git):
    write(outside_git, "store.py", HIT)
    proc = cli_import_probe(["apply", "--dry-run", "--jobs", "1", str(outside_git)])
    assert "EXIT=1" in proc.stderr, proc.stderr
    assert _imported(proc), "the probe must be able to see libcst being imported"


def test_importtime_of_help_has_no_libcst():
    proc = cli(["--help"], python_args=["-X", "importtime"])
    assert proc.returncode == 0
    modules = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "codemods.cli" in modules and "typer" in modules, "importtime output must list what was imported"
    assert not {m for m in modules if m == "libcst" or m.startswith("libcst.")}


@pytest.mark.parametrize("command", [["apply", "--dry-run", "--jobs", "1"], ["audit", "--jobs", "1"], ["prompts"]])
def test_a_run_that_parses_does_not_import_libcst_matchers(outside_git, command):
    # libcst.codemod imports libcst.matchers (about 0.15 s), which nothing uses: the stages have
    # the engine's own context instead.
    write(outside_git, "store.py", HIT)
    proc = cli([*command, str(outside_git)], cwd=str(outside_git), python_args=["-X", "importtime"])
    modules = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "libcst" in modules and "codemods.pipeline" in modules, proc.stderr[-2000:]
    assert not {m for m in modules if m.startswith(("libcst.matchers", "libcst.codemod"))}
