"""Atomic writes: a temporary file beside the target, then os.replace, keeping the file mode."""

from __future__ import annotations

import os
import stat

from codemods import interrupt


class WriteError(Exception):
    pass


def is_read_only(path: str) -> bool:
    # os.access says yes to root for every file; the owner's write bit is what the user set.
    return not (os.stat(path).st_mode & stat.S_IWUSR)


TEMP_PREFIX = ".a2r-"


def write_atomic(path: str, data: bytes, create: bool = False) -> None:
    """Replace ``path`` with ``data`` so that readers see the old file or the new one, never half.

    ``create``: ``path`` may not exist yet (it is then made with the default mode, umask applied).
    The temporary file is named in ``interrupt`` before it exists, so that a second Ctrl-C, which
    ends the process at once, can remove it; the caller says ``interrupt.written`` once it has
    recorded the write (until then, the replaced file is listed by the path given here).
    """
    exists = os.path.exists(path)
    if not exists and not create:
        raise FileNotFoundError(2, "No such file or directory", path)
    if exists and is_read_only(path):
        raise WriteError("file is read-only; left unchanged")
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    mode = stat.S_IMODE(os.stat(target).st_mode) if exists else None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    while True:
        tmp = os.path.join(folder, f"{TEMP_PREFIX}{os.urandom(6).hex()}.tmp")
        interrupt.writing(tmp, path)
        try:
            fd = os.open(tmp, flags, 0o600 if exists else 0o666)
            break
        except FileExistsError:  # 48 random bits: hardly ever
            continue
        except BaseException:
            interrupt.writing(None)
            raise
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        interrupt.writing(None)
        raise
