"""Worker processes for the files that need parsing, which the main process can stop at any moment.

Not ``concurrent.futures``: a ProcessPoolExecutor cannot be stopped promptly (its shutdown waits
for the work under way, and its management thread and queues can leave a worker blocked on a lock
and another on a pipe while the main process waits for them at exit), and its workers take the
terminal's Ctrl-C themselves. Here:

- each worker has one pipe and holds one file at a time, so the main process always knows which
  file each worker has;
- workers ignore SIGINT and SIGTERM (see ``codemods.interrupt``) and die with the main process
  (PR_SET_PDEATHSIG on Linux; elsewhere they end at EOF on their pipe); the main process kills
  them (SIGKILL) and reaps them when it is done, when it is interrupted, and on any error;
- a worker that dies (a crash in native code, the OOM killer) costs the file it held, which gets
  an error line, and a new worker takes its place;
- workers never write: a changed file's new bytes come back with its result and the main process
  writes them (``codemods.runner``), so the files written are exactly those it reported.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from codemods import interrupt
from codemods.results import FileResult, error

LOST = "not processed: a worker process died (a crash or out of memory) during the run"


def fork_available() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            pass
    if os.getppid() != parent:  # the parent died before prctl: nobody wants the results
        os._exit(1)


def _serve(conn: Connection, work: Callable[[str], FileResult], inherited: Sequence[Connection], parent: int) -> None:
    """A worker's life: take a path, send its result, until EOF or None."""
    interrupt.worker_ignores_signals()
    _die_with_parent(parent)
    for other in inherited:  # the parent's ends of every pipe, copied by fork: EOF needs them shut
        other.close()
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        conn.send(work(path))


class _Worker:
    def __init__(self, process: Any, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.task: Optional[Tuple[int, str]] = None


class Pool:
    """``size`` workers running ``work(path) -> FileResult`` (picklable under spawn); ``close()`` always."""

    def __init__(self, size: int, work: Callable[[str], FileResult]) -> None:
        self.work = work
        self.fork = fork_available()
        self.context: Any = multiprocessing.get_context("fork" if self.fork else "spawn")
        self.workers: List[_Worker] = []
        self.window = max(16, 8 * size)  # results held ahead of the one awaited: memory stays bounded
        try:
            for _ in range(size):
                self._spawn()
        except BaseException:
            self.close()
            raise

    def _spawn(self) -> None:
        # Shielded: a first Ctrl-C waits until the new worker is on the list that close() kills.
        with interrupt.shielded():
            parent_end, child_end = self.context.Pipe(duplex=True)
            inherited = [w.conn for w in self.workers] + [parent_end] if self.fork else []
            process = self.context.Process(
                target=_serve, args=(child_end, self.work, inherited, os.getpid()), daemon=True, name="a2r-worker"
            )
            try:
                with interrupt.signals_blocked():
                    process.start()
                    interrupt.track(process)
            finally:
                child_end.close()
            self.workers.append(_Worker(process, parent_end))

    def map(self, paths: Sequence[str]) -> Iterator[FileResult]:
        """One result per path, in the order of ``paths``."""
        todo = list(reversed(list(enumerate(paths))))
        done: Dict[int, FileResult] = {}
        following = 0
        while following < len(paths):
            if following in done:
                yield done.pop(following)
                following += 1
                continue
            if not self.workers:
                self._spawn()
            for worker in list(self.workers):
                if worker.task is None and todo and todo[-1][0] < following + self.window:
                    task = todo.pop()
                    try:
                        worker.conn.send(task[1])
                    except OSError:  # died idle: the file goes to the next worker
                        todo.append(task)
                        self._replace(worker, more=True)
                        continue
                    worker.task = task
            busy = [w for w in self.workers if w.task is not None]
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
            for worker in busy:
                if worker.conn not in ready and worker.process.sentinel not in ready:
                    continue
                index, path = worker.task  # type: ignore[misc]
                worker.task = None
                try:
                    done[index] = worker.conn.recv()
                except (EOFError, OSError):
                    done[index] = error(path, LOST)
                    self._replace(worker, more=bool(todo))
                    continue
                if worker.process.sentinel in ready and not worker.process.is_alive():
                    self._replace(worker, more=bool(todo))  # died just after sending

    def _replace(self, worker: _Worker, more: bool) -> None:
        with interrupt.shielded():
            self._reap(worker)
            self.workers.remove(worker)
        if more:
            self._spawn()

    def _reap(self, worker: _Worker) -> None:
        worker.process.kill()  # a no-op on a process that has exited
        worker.process.join()
        interrupt.untrack(worker.process)
        worker.conn.close()

    def close(self) -> None:
        """Kill and reap every worker: no orphan, no zombie. Quick, and safe to call twice; a
        first Ctrl-C waits for its end (a second one kills and reaps them itself)."""
        with interrupt.shielded():
            for worker in self.workers:
                worker.process.kill()  # all at once, then reap each
            for worker in self.workers:
                self._reap(worker)
            self.workers = []
