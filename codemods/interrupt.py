"""Ctrl-C and SIGTERM: stop at once, leave every file whole, say what was written.

Who does what:

- The main process alone handles SIGINT and SIGTERM, and alone writes files. Workers ignore both
  signals (a terminal sends Ctrl-C to its whole foreground process group, workers included) and are
  killed (SIGKILL) and reaped by the main process: they write nothing, so there is nothing in them
  worth waiting for.
- Inside ``handling()`` (every command runs inside it), the first signal raises ``Interrupted`` in
  the main thread wherever it is, except inside ``shielded()`` (a write and the line that reports
  it), where it waits for the end of the block. The command then stops its workers, reports every
  file written (the ledger below keeps those not yet reported) and exits 128 + the signal number.
- Any further signal ends the process at once (``_hard_exit``): workers killed and reaped, the
  temporary file of a write in progress removed, the files written but not yet reported listed,
  exit 128 + the first signal's number. It works even where the cleanup itself is stuck (say, on
  a full pipe).

Everything here runs in the main thread of the main process; the state is per process.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import threading
import time
from typing import Any, Dict, Iterator, List, Optional, Tuple

SIGNALS: Tuple[int, ...] = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """The run was stopped by a signal; not an Exception, so that no ``except Exception`` eats it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal_name(self.signum)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:  # pragma: no cover - only the two signals above are handled
        return f"signal {signum}"


class _State:
    def __init__(self) -> None:
        self.active = False
        self.signum: Optional[int] = None
        self.depth = 0  # shielded() blocks entered
        self.pending = False  # a first signal arrived inside a shield
        self.children: Dict[int, Any] = {}  # pid -> process (anything with .pid)
        self.temp: Optional[Tuple[str, str]] = None  # (temporary file, the path it replaces)
        self.unreported: Dict[str, Any] = {}  # path -> FileResult written, line not printed yet


_state = _State()


def _handler(signum: int, frame: Any) -> None:
    if _state.signum is not None:
        _hard_exit()
    _state.signum = signum
    if _state.depth:
        _state.pending = True
        return
    raise Interrupted(signum)


@contextlib.contextmanager
def handling() -> Iterator[None]:
    """SIGINT and SIGTERM raise ``Interrupted`` for the duration (main thread only; else a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    global _state
    previous = {signum: signal.getsignal(signum) for signum in SIGNALS}
    _state = _State()
    _state.active = True
    try:
        for signum in SIGNALS:
            signal.signal(signum, _handler)
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        _state = _State()


@contextlib.contextmanager
def shielded() -> Iterator[None]:
    """A first signal inside the block is raised at its end (a second one still exits at once)."""
    _state.depth += 1
    try:
        yield
    finally:
        _state.depth -= 1
        if not _state.depth and _state.pending:
            _state.pending = False
            raise Interrupted(_state.signum or signal.SIGINT)


def interrupted() -> Optional[int]:
    """The signal that stopped the run, if one did."""
    return _state.signum


def check() -> None:
    """Raise ``Interrupted`` if a signal has come: whatever was computed while it came may have been
    bent by it (see ``cause``), so it is neither written nor reported."""
    if _state.signum is not None:
        raise Interrupted(_state.signum)


def cause(exc: BaseException) -> Optional[Interrupted]:
    """``exc`` as the interruption it is, or None when it is not one.

    ``Interrupted`` is raised wherever the main thread happens to be, and the cleanup code of a
    library it passes through can replace it with an error of its own (libcst's position
    provider turns it into a KeyError, say); once a signal has come, any exception is its doing.
    """
    if isinstance(exc, Interrupted):
        return exc
    if _state.signum is not None:
        return Interrupted(_state.signum)
    return None


# --- child processes --------------------------------------------------------------------------


@contextlib.contextmanager
def signals_blocked() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while a worker is forked: it inherits the mask, ignores both,
    then unblocks (``worker_ignores_signals``), so no signal reaches the parent's handler in it."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def worker_ignores_signals() -> None:
    """First thing in a worker: the main process decides when it stops."""
    for signum in SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)


def track(process: Any) -> None:
    _state.children[process.pid] = process


def untrack(process: Any) -> None:
    _state.children.pop(process.pid, None)


# --- the ledger of writes ---------------------------------------------------------------------


def writing(temp: Optional[str], path: str = "") -> None:
    """A write to ``path`` through ``temp`` is under way (None: no write under way)."""
    _state.temp = (temp, path) if temp is not None else None


def written(result: Any) -> None:
    """``result``'s file has been replaced; it stays listed until ``reported``."""
    if _state.active and result is not None:
        _state.unreported[result.path] = result
    _state.temp = None


def reported(result: Any) -> None:
    _state.unreported.pop(result.path, None)


def say_written(stream: Any, text: str, result: Any) -> None:
    """Print the line of a written file and take it off the ledger as one step, so that the
    line a second Ctrl-C prints for it is never a second copy.

    The wait for room in ``stream`` (a full pipe) is where a second signal may end the process:
    the line is not out, and the exit prints it. The write itself, with room, does not block, and
    runs with the signals held back until the ledger knows the line is out.
    """
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (tests' StringIO)
        fd = None
    if fd is None or not hasattr(signal, "pthread_sigmask"):
        stream.write(text)
        stream.flush()
        reported(result)
        return
    stream.flush()
    data = text.encode(getattr(stream, "encoding", None) or "utf-8", "backslashreplace")
    while data:
        select.select([], [fd], [])
        with signals_blocked():
            try:
                # Up to PIPE_BUF bytes fit in a pipe that selects as writable, in one piece.
                data = data[os.write(fd, data[: getattr(select, "PIPE_BUF", 512)]) :]
            except BlockingIOError:  # a non-blocking stderr someone else filled first
                continue
            if not data:
                reported(result)


def unreported() -> List[Any]:
    """The files written whose line has not been printed, in the order they were written."""
    found = list(_state.unreported.values())
    _state.unreported.clear()
    return found


# --- the second signal ------------------------------------------------------------------------


def _hard_exit() -> None:
    state = _state
    for pid in list(state.children):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    for pid in list(state.children):
        try:
            os.waitpid(pid, 0)
        except OSError:
            pass
    paths = list(state.unreported)
    if state.temp is not None:
        temp, path = state.temp
        if os.path.lexists(temp):
            try:
                os.unlink(temp)
            except OSError:
                pass
        elif path and path not in paths:
            paths.append(path)  # replaced just before the signal, not yet in the ledger
    name = signal_name(state.signum or signal.SIGINT)
    lines = "".join(f"rewrote {path}\n" for path in paths)
    lines += f"interrupted by {name} again: stopped at once; the files listed are the only ones written\n"
    _write_stderr(lines)
    os._exit(128 + (state.signum or signal.SIGINT))


def _write_stderr(text: str) -> None:
    """Best effort, never blocking for long: stderr may be the full pipe that made the user press again."""
    data = text.encode("utf-8", "replace")
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, ValueError, OSError):
        fd = 2
    deadline = time.monotonic() + 1.0
    while data and time.monotonic() < deadline:
        try:
            _, ready, _ = select.select([], [fd], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                return
            # A pipe that selects as writable takes up to PIPE_BUF bytes without blocking.
            data = data[os.write(fd, data[: getattr(select, "PIPE_BUF", 512)]) :]
        except (OSError, ValueError):
            return
