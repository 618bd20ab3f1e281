"""Atomic writes: a temporary file beside the target, then os.replace, keeping the file mode."""

from __future__ import annotations

import os
import stat
import tempfile


class WriteError(Exception):
    pass


def is_read_only(path: str) -> bool:
    # os.access says yes to root for every file; the owner's write bit is what the user set.
    return not (os.stat(path).st_mode & stat.S_IWUSR)


def write_atomic(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old file or the new one, never half."""
    if is_read_only(path):
        raise WriteError("file is read-only; left unchanged")
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    mode = stat.S_IMODE(os.stat(target).st_mode)
    fd, tmp = tempfile.mkstemp(prefix=".a2r-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
