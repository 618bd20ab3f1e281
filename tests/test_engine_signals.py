"""Ctrl-C and SIGTERM in the middle of a real run: `python -m codemods ...` in a session of its own.

Each test starts a run over a generated tree large enough to be mid-run when the signal comes
(waiting for its first written file, or for its workers), signals it as a terminal would (the
whole process group) or as `kill PID` would (the main process alone), then checks: the exit
status (130 for SIGINT, 143 for SIGTERM), that no process of the session is left, that every file
holds either its original bytes or its complete migrated text, that no temporary file is left,
and that the files the run printed as rewritten are exactly the files that changed.

No test measures time: each waits for an event (a line, a process), with generous timeouts only
so that a hang fails instead of blocking the suite.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import threading
import time
from typing import Dict, List, Optional, Sequence

import pytest

from codemods import cli
from codemods.runner import Job, process_data
from tests.engine_support import REPO
from transforms import MARKER, SKIP_FILE

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups and /proc")

TEMPLATE = (pathlib.Path(REPO) / "examples" / "create_and_poll" / "before.py").read_bytes()
PLAIN = b"def double(x):\n    return 2 * x\n"
HITS = 200
WRITTEN = re.compile(r"^rewrote (.+)$", re.M)
WAIT = 60  # seconds before a run that does not stop is called a hang


def _copy(i: int) -> bytes:
    # Each copy differs, so that a file written with another's text would show.
    return TEMPLATE + b"# copy %d\n" % i


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> bytes:
    """The complete migrated text of the template, computed by the pipeline the CLI runs."""
    root = tmp_path_factory.mktemp("expected")
    config, stages, _, _ = cli._settings([str(root)], None, None, None, None)
    job = Job(stages=stages, options=config.options, marker=MARKER, write=True, opt_out=SKIP_FILE)
    after = process_data("x.py", TEMPLATE, job).new_data
    assert after is not None and after != TEMPLATE
    for i in (0, 7):  # a copy migrates to the template's migration plus its own last line
        assert process_data("x.py", _copy(i), job).new_data == after + b"# copy %d\n" % i
    return after


class Tree:
    def __init__(self, root: pathlib.Path, migrated: bytes, hits: int = HITS) -> None:
        self.root = root
        self.original: Dict[str, bytes] = {}
        self.expected: Dict[str, bytes] = {}
        for i in range(hits):
            path = root / f"pkg{i // 25:02}" / f"hit_{i:04}.py"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(_copy(i))
            self.original[str(path)] = _copy(i)
            self.expected[str(path)] = migrated + b"# copy %d\n" % i
        for i in range(50):
            path = root / "plain" / f"mod_{i:03}.py"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(PLAIN)
            self.original[str(path)] = PLAIN
            self.expected[str(path)] = PLAIN

    def changed(self) -> List[str]:
        """The files that changed; fails on any file that is neither its original nor its migration."""
        changed = []
        for path, before in self.original.items():
            now = pathlib.Path(path).read_bytes()
            if now == before:
                continue
            assert now == self.expected[path], f"{path} is neither its original nor its complete migration"
            changed.append(path)
        return sorted(changed)

    def leftovers(self) -> List[str]:
        return sorted(str(p) for p in self.root.rglob("*") if p.is_file() and str(p) not in self.original)


@pytest.fixture
def tree(tmp_path: pathlib.Path, migrated: bytes) -> Tree:
    return Tree(tmp_path / "tree", migrated)


def session_processes(sid: int) -> List[str]:
    """Every process of session ``sid`` still in the process table (zombies included)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        state, pgrp, session = fields[0], int(fields[2]), int(fields[3])
        if session == sid or pgrp == sid:
            found.append(f"{entry} {state} {stat[stat.index('(') : stat.rindex(')') + 1]}")
    return found


class Run:
    """`python -m codemods ARGS` as the leader of a new session, its output read as it comes."""

    def __init__(self, args: Sequence[str], cwd: pathlib.Path, stderr: Optional[int] = None) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (REPO, os.environ.get("PYTHONPATH", "")) if p)}
        env.pop("PYTHONWARNINGS", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "codemods", *args],
            cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=stderr if stderr is not None else subprocess.PIPE, start_new_session=True,
        )
        self.out: List[str] = []
        self.err: List[str] = []
        self.readers = [threading.Thread(target=self._read, args=(self.proc.stdout, self.out), daemon=True)]
        if self.proc.stderr is not None:
            self.readers.append(threading.Thread(target=self._read, args=(self.proc.stderr, self.err), daemon=True))
        for reader in self.readers:
            reader.start()

    @staticmethod
    def _read(stream, into: List[str]) -> None:
        for line in iter(stream.readline, b""):
            into.append(line.decode("utf-8", "replace"))

    def wait_for(self, what, timeout: float = WAIT) -> None:
        deadline = time.monotonic() + timeout
        while not what():
            if self.proc.poll() is not None:
                pytest.fail(f"the run ended (exit {self.proc.returncode}) before it could be interrupted:\n{self.stderr[-3000:]}")
            if time.monotonic() > deadline:
                self.kill()
                pytest.fail("the run never got going")
            time.sleep(0.005)

    def written_lines(self) -> int:
        return len(WRITTEN.findall("".join(self.err)))

    def workers(self) -> int:
        return sum(1 for line in session_processes(self.proc.pid) if "python" in line) - 1

    def signal_group(self, signum: int) -> None:
        os.killpg(self.proc.pid, signum)  # what a terminal does on Ctrl-C

    def finish(self) -> int:
        try:
            code = self.proc.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"the interrupted run did not stop:\n{self.stderr[-3000:]}")
        for reader in self.readers:
            reader.join(timeout=WAIT)
        return code

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()

    @property
    def stderr(self) -> str:
        return "".join(self.err)

    @property
    def stdout(self) -> str:
        return "".join(self.out)


def check_stopped(run: Run, tree: Tree, signum: int, mid_run: bool = True) -> List[str]:
    """The checks every interrupted run must pass; returns the files that changed."""
    code = run.finish()
    assert code == 128 + signum, run.stderr[-3000:]
    assert session_processes(run.proc.pid) == [], "processes left behind"
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert tree.leftovers() == [], "temporary files left behind"
    changed = tree.changed()
    printed = sorted(str(pathlib.Path(tree.root.parent, p)) if not os.path.isabs(p) else p for p in WRITTEN.findall(run.stderr))
    assert len(printed) == len(set(printed)), "a file listed twice"
    assert printed == changed, "the files listed as rewritten must be exactly the files that changed"
    if mid_run:
        assert 0 < len(changed) < HITS, f"not interrupted mid-run: {len(changed)} of {HITS} changed"
    name = signal.Signals(signum).name
    assert re.search(rf"^interrupted by {name}( again)?\b", run.stderr, re.M), run.stderr[-3000:]
    return changed


# ---------------------------------------------------------------------------------------------
# apply


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("jobs", ["1", "2"], ids=["serial", "jobs2"])
def test_apply_interrupted_mid_run(tree: Tree, jobs: str, signum: int):
    run = Run(["apply", "--jobs", jobs, "tree"], cwd=tree.root.parent)
    run.wait_for(lambda: run.written_lines() >= 3)
    run.signal_group(signum)
    check_stopped(run, tree, signum)
    summary = [line for line in run.err if line.startswith("interrupted by")]
    assert len(summary) == 1, run.stderr[-3000:]
    assert re.fullmatch(
        rf"interrupted by {signal.Signals(signum).name} after \d+ of {len(tree.original)} files: \d+ changed, 0 findings, "
        r"0 errors; the files listed are the only ones written\n",
        summary[0],
    ), summary[0]


def test_sigterm_to_the_main_process_alone(tree: Tree):
    # `kill PID`, systemd, a CI runner's timeout: the workers get nothing; the main process stops them.
    run = Run(["apply", "--jobs", "2", "tree"], cwd=tree.root.parent)
    run.wait_for(lambda: run.written_lines() >= 3)
    os.kill(run.proc.pid, signal.SIGTERM)
    check_stopped(run, tree, signal.SIGTERM)


def test_workers_ignore_the_terminal_and_the_run_goes_on_without_it(tree: Tree):
    # Ctrl-C reaches the whole group; here the workers alone get it, and must not die of it.
    run = Run(["apply", "--jobs", "2", "tree"], cwd=tree.root.parent)
    run.wait_for(lambda: run.workers() >= 2)
    for line in session_processes(run.proc.pid):
        pid = int(line.split()[0])
        if pid != run.proc.pid:
            os.kill(pid, signal.SIGINT)
    code = run.finish()
    assert code == 1, run.stderr[-3000:]
    assert "error" not in run.stderr.replace("0 errors", ""), run.stderr[-3000:]
    assert len(tree.changed()) == HITS


def test_second_sigint_during_cleanup_exits_at_once(tree: Tree):
    run = Run(["apply", "--jobs", "2", "tree"], cwd=tree.root.parent)
    run.wait_for(lambda: run.written_lines() >= 3)
    run.signal_group(signal.SIGINT)
    run.signal_group(signal.SIGINT)  # at once: lands in the cleanup of the first, or cuts it short
    check_stopped(run, tree, signal.SIGINT)


@pytest.mark.skipif(not hasattr(os, "pipe2"), reason="Linux pipes")
def test_second_sigint_stops_a_run_stuck_on_a_full_pipe(tree: Tree):
    # The user piped the output into something that stopped reading. The main process blocks
    # writing a "rewrote" line, a first Ctrl-C waits for that line, the second exits at once.
    import fcntl

    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, getattr(fcntl, "F_SETPIPE_SZ", 1031), 8192)  # two pages
    run = Run(["apply", "--jobs", "2", "tree"], cwd=tree.root.parent, stderr=write_end)
    os.close(write_end)
    import termios

    def queued() -> int:
        import array

        size = array.array("i", [0])
        fcntl.ioctl(read_end, termios.FIONREAD, size)
        return size[0]

    # Full: more than a page waits in the pipe, and nothing more comes for a while.
    stuck = []

    def full() -> bool:
        stuck.append(queued())
        return len(stuck) > 100 and stuck[-1] > 4096 and len(set(stuck[-100:])) == 1

    run.wait_for(full)
    run.signal_group(signal.SIGINT)
    # Still stuck on the line (a first signal does not cut a write and its line apart) ...
    time.sleep(0.3)
    assert run.proc.poll() is None
    run.signal_group(signal.SIGINT)
    # ... until the second; a reader comes back, and takes what the second signal prints.
    collected = []
    reader = threading.Thread(target=lambda: collected.append(_drain(read_end)), daemon=True)
    reader.start()
    code = run.finish()
    reader.join(timeout=WAIT)
    run.err = [collected[0].decode("utf-8", "replace")]
    assert code == 130, run.stderr[-3000:]
    assert "interrupted by SIGINT again: stopped at once" in run.stderr, run.stderr[-3000:]
    check_stopped(run, tree, signal.SIGINT)


def _drain(fd: int) -> bytes:
    chunks = []
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            os.close(fd)
            return b"".join(chunks)
        chunks.append(chunk)


def test_dry_run_interrupted_writes_nothing(tree: Tree):
    run = Run(["apply", "--dry-run", "--jobs", "2", "tree"], cwd=tree.root.parent)
    run.wait_for(lambda: run.stdout.count("+++ b/") >= 3)
    run.signal_group(signal.SIGINT)
    assert check_stopped(run, tree, signal.SIGINT, mid_run=False) == []
    assert re.search(r"^interrupted by SIGINT after \d+ of \d+ files: \d+ would change, .*; nothing was written$", run.stderr, re.M)


# ---------------------------------------------------------------------------------------------
# audit and prompts


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["serial", "jobs2"])
def test_audit_interrupted(tree: Tree, jobs: str):
    run = Run(["audit", "--jobs", jobs, "tree"], cwd=tree.root.parent)
    run.wait_for(lambda: run.stdout.count("\n") >= 3)
    run.signal_group(signal.SIGINT)
    assert check_stopped(run, tree, signal.SIGINT, mid_run=False) == []
    assert re.search(
        r"^interrupted by SIGINT after \d+ of \d+ files: \d+ Assistants API uses: .*; the other files were not looked at$",
        run.stderr, re.M,
    ), run.stderr[-2000:]


def test_audit_json_interrupted_is_still_one_document(tree: Tree):
    run = Run(["audit", "--format", "json", "--jobs", "2", "tree"], cwd=tree.root.parent)
    run.wait_for(lambda: run.workers() >= 2)
    run.signal_group(signal.SIGTERM)
    check_stopped(run, tree, signal.SIGTERM, mid_run=False)
    document = json.loads(run.stdout)
    assert document["summary"]["interrupted"] == "SIGTERM"
    assert document["summary"]["files_done"] <= document["summary"]["files_scanned"]


def test_prompts_interrupted_writes_no_registry(tmp_path: pathlib.Path, migrated: bytes):
    tree = Tree(tmp_path / "tree", migrated, hits=600)  # parsed one by one in the main process

    def parsing() -> bool:  # libcst is loaded: the files are being read, then parsed
        try:
            with open(f"/proc/{run.proc.pid}/maps") as handle:
                return "libcst" in handle.read()
        except OSError:
            return False

    run = Run(["prompts", "--write", "tree"], cwd=tmp_path)
    run.wait_for(parsing)
    time.sleep(0.2)  # into the parsing, which takes seconds for 600 files; no result depends on it
    run.signal_group(signal.SIGINT)
    assert check_stopped(run, tree, signal.SIGINT, mid_run=False) == []
    assert re.search(r"^interrupted by SIGINT after \d+ of 650 files: nothing was written$", run.stderr, re.M), run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tree"], "no registry, no temporary file"


# ---------------------------------------------------------------------------------------------
# the engine's own cleanup, without the safety net of PR_SET_PDEATHSIG


_IN_PROCESS = """
import contextlib, os, signal, sys
from codemods import interrupt
from codemods.runner import run
from tests.engine_support import make_job

def children():
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2:].split()[1]) == os.getpid():
                found.append(entry)
    return found

seen = 0
with interrupt.handling():
    try:
        with contextlib.closing(run(sys.argv[1:], make_job(write=True), 2)) as results:
            for result in results:
                seen += 1
                if seen == 1:
                    assert len(children()) == 2, children()
                    os.kill(os.getpid(), signal.SIGINT)
    except interrupt.Interrupted as exc:
        print("interrupted", exc.name, "after", seen, "children", children())
"""


def test_closing_an_interrupted_run_reaps_its_workers(tmp_path: pathlib.Path):
    from tests.engine_support import HIT

    paths = []
    for i in range(40):
        path = tmp_path / f"f{i:02}.py"
        path.write_text(HIT)
        paths.append(str(path))
    proc = subprocess.run(
        [sys.executable, "-c", _IN_PROCESS, *paths], cwd=REPO, capture_output=True, text=True, timeout=WAIT
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert re.fullmatch(r"interrupted SIGINT after 1 children \[\]\n", proc.stdout), proc.stdout
