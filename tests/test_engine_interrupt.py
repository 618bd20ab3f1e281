"""The pieces behind a clean stop, one at a time: the handler, shields, the ledger, the second
signal's exit, the worker pool, and writes that can be cut short.

The end-to-end runs are in test_engine_signals.py.
"""

from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import sys

import pytest

from codemods import interrupt
from codemods.pool import LOST, Pool
from codemods.results import FileResult, Status
from codemods.writer import TEMP_PREFIX, write_atomic
from tests.engine_support import REPO

pytestmark = pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signals")


def test_a_signal_raises_interrupted_and_handlers_are_restored():
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(interrupt.Interrupted) as caught:
        with interrupt.handling():
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(1000):  # the handler runs at the next bytecode boundary
                pass
    assert (caught.value.name, caught.value.exit_code) == ("SIGTERM", 143)
    assert signal.getsignal(signal.SIGTERM) is before
    assert interrupt.interrupted() is None


def test_a_shield_holds_the_first_signal_until_its_end():
    steps = []
    with pytest.raises(interrupt.Interrupted) as caught:
        with interrupt.handling():
            with interrupt.shielded():
                with interrupt.shielded():
                    os.kill(os.getpid(), signal.SIGINT)
                    steps.append("inner")
                steps.append("outer")  # nested: still shielded
            steps.append("after")  # never: raised as the outer shield ends
    assert steps == ["inner", "outer"]
    assert caught.value.exit_code == 130


def test_the_ledger_keeps_written_files_until_reported():
    first, second = FileResult("a.py", Status.CHANGED), FileResult("b.py", Status.CHANGED)
    interrupt.written(first)  # outside handling(): nothing is kept, nothing grows
    assert interrupt.unreported() == []
    with interrupt.handling():
        interrupt.written(first)
        interrupt.written(second)
        interrupt.reported(first)
        assert interrupt.unreported() == [second]
        assert interrupt.unreported() == []


def test_a_signal_eaten_by_library_code_still_stops_the_run_and_writes_nothing(tmp_path: pathlib.Path):
    from codemods.runner import run
    from tests.engine_support import HIT, SWALLOWS, make_job

    path = tmp_path / "a.py"
    path.write_text(HIT)
    seen = []
    with pytest.raises(interrupt.Interrupted):
        with interrupt.handling():
            seen.extend(run([str(path)], make_job(SWALLOWS, write=True), 1))
    assert seen == [] and path.read_text() == HIT


def test_an_error_raised_while_a_signal_is_taken_is_that_signal():
    class Cleanup:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            raise KeyError("bookkeeping")  # as libcst's position provider does when interrupted

    assert interrupt.cause(KeyError("x")) is None
    with interrupt.handling():
        try:
            with Cleanup():
                os.kill(os.getpid(), signal.SIGINT)
                for _ in range(10_000):
                    pass
        except BaseException as raised:  # noqa: BLE001
            caught = raised
        assert isinstance(caught, KeyError)
        stop = interrupt.cause(caught)
        assert isinstance(stop, interrupt.Interrupted) and stop.name == "SIGINT"
        with pytest.raises(interrupt.Interrupted):
            interrupt.check()


_SECOND_SIGNAL = """
import os, signal, sys, time
from codemods import interrupt
from codemods.results import FileResult, Status

temp, mode = sys.argv[1], sys.argv[2]
child = os.fork()
if child == 0:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    time.sleep(60)
    os._exit(0)

class Process:
    pid = child

with interrupt.handling():
    interrupt.track(Process())
    interrupt.written(FileResult("listed.py", Status.CHANGED))
    if mode == "before-replace":
        open(temp, "w").write("half")
    interrupt.writing(temp, "target.py")
    try:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)
    except interrupt.Interrupted:
        print(f"child {child}", flush=True)
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)
print("not reached")
"""


@pytest.mark.parametrize("mode", ["before-replace", "after-replace"])
def test_a_second_signal_exits_at_once_and_cleans_up(tmp_path: pathlib.Path, mode: str):
    temp = tmp_path / f"{TEMP_PREFIX}x.tmp"
    proc = subprocess.run(
        [sys.executable, "-c", _SECOND_SIGNAL, str(temp), mode], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 130, proc.stderr
    child = int(proc.stdout.split()[1])
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left running nor a zombie
        os.kill(child, 0)
    assert not temp.exists()
    # A temporary file gone means the replace happened: that target was written, so it is listed.
    listed = ["listed.py"] + (["target.py"] if mode == "after-replace" else [])
    assert proc.stderr == "".join(f"rewrote {p}\n" for p in listed) + (
        "interrupted by SIGINT again: stopped at once; the files listed are the only ones written\n"
    )


# ---------------------------------------------------------------------------------------------
# the pool


def _describe(path: str) -> FileResult:
    if path == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    return FileResult(path=f"{path}@{os.getpid()}", status=Status.UNCHANGED)


def _children() -> list:
    mine = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = pathlib.Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2 :].split()[1]) == os.getpid():
                mine.append(int(entry))
    return mine


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="/proc")
def test_pool_results_in_order_a_dead_worker_replaced_and_nothing_left():
    paths = [f"f{i}" for i in range(30)]
    paths[7] = "die"
    pool = Pool(2, _describe)
    try:
        workers = {w.process.pid for w in pool.workers}
        assert set(_children()) >= workers
        results = list(pool.map(paths))
    finally:
        pool.close()
    assert [r.path.split("@")[0] for r in results] == [p if p != "die" else "die" for p in paths]
    assert (results[7].status, results[7].error) == (Status.ERROR, LOST)
    pids = {int(r.path.split("@")[1]) for r in results if "@" in r.path}
    assert pids - workers, "a new worker took the dead one's place"
    assert not set(_children()) & (pids | workers), "workers left after close()"
    pool.close()  # twice is fine


def test_pool_workers_ignore_sigint():
    pool = Pool(2, _describe)
    try:
        for worker in pool.workers:
            os.kill(worker.process.pid, signal.SIGINT)
        assert [r.status for r in pool.map(["a", "b", "c", "d"])] == [Status.UNCHANGED] * 4
        assert all(w.process.is_alive() for w in pool.workers)
    finally:
        pool.close()


# ---------------------------------------------------------------------------------------------
# writes


def test_write_atomic_creates_only_when_asked(tmp_path: pathlib.Path):
    target = tmp_path / "new.py"
    with pytest.raises(FileNotFoundError):
        write_atomic(str(target), b"x = 1\n")
    assert list(tmp_path.iterdir()) == []
    write_atomic(str(target), b"x = 1\n", create=True)
    assert target.read_bytes() == b"x = 1\n"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["new.py"]


def test_a_failed_write_leaves_no_temporary_file(tmp_path: pathlib.Path, monkeypatch):
    target = tmp_path / "a.py"
    target.write_bytes(b"old\n")

    def broken(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError):
        write_atomic(str(target), b"new\n")
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.py"]
