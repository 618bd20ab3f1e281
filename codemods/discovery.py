"""Which files to look at: files named explicitly, `git ls-files` in a work tree, a walk elsewhere.

A folder git ignores is still walked when it is named on the command line, as a named file is
always processed; git-ignored folders met inside a named folder stay skipped.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import subprocess
from dataclasses import dataclass, field
from typing import Iterable, Iterator, List, Optional, Sequence, Set, Tuple

# Folders that hold other people's code or build output; never worth a look.
SKIPPED_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".bzr", ".venv", "venv", ".tox", ".nox", "site-packages",
        "node_modules", "__pycache__", "build", "dist", ".eggs", ".mypy_cache",
        ".pytest_cache", ".ruff_cache", ".direnv", ".ipynb_checkpoints",
    }
)
PYTHON_SUFFIXES = (".py", ".pyi")
NOTEBOOK_SUFFIXES = (".ipynb",)


@dataclass
class Discovery:
    """The files found, in a stable order, and one-line errors for paths that could not be used."""

    files: List[str] = field(default_factory=list)
    errors: List[Tuple[str, str]] = field(default_factory=list)


def _excluded(relpath: str, patterns: Sequence[str]) -> bool:
    if not patterns:
        return False
    name = relpath.rsplit("/", 1)[-1]
    parts = relpath.split("/")
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatchcase(relpath, pattern) or fnmatch.fnmatchcase(name, pattern):
            return True
        # "tests" excludes tests/a.py; "src/gen" excludes src/gen/x.py.
        for i in range(1, len(parts)):
            if fnmatch.fnmatchcase("/".join(parts[:i]), pattern) or fnmatch.fnmatchcase(parts[i - 1], pattern):
                return True
    return False


def _is_virtualenv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _git_files(folder: str) -> Optional[List[str]]:
    """Tracked plus untracked-but-not-ignored files under ``folder``, or None outside a work tree."""
    try:
        proc = subprocess.run(
            ["git", "-C", folder, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    except OSError:  # no git on this machine
        return None
    if proc.returncode != 0:
        return None
    names = proc.stdout.decode("utf-8", "surrogateescape").split("\0")
    # --cached also lists files deleted from the work tree; a set drops the duplicates that
    # --cached and --others give for files both staged and modified.
    return sorted({name for name in names if name})


def _git_ignored(folder: str) -> bool:
    """Whether git ignores ``folder`` itself (or a folder above it in the work tree)."""
    try:
        proc = subprocess.run(
            ["git", "-C", folder, "check-ignore", "-q", "."],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    except OSError:
        return False
    return proc.returncode == 0


def _walk(folder: str) -> Iterator[str]:
    """Relative paths of files below ``folder``; symlinked folders are never entered (no loops)."""
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(
            d for d in dirnames if d not in SKIPPED_DIRS and not _is_virtualenv(os.path.join(dirpath, d))
        )
        rel = os.path.relpath(dirpath, folder)
        for name in sorted(filenames):
            yield name if rel == "." else os.path.join(rel, name).replace(os.sep, "/")


def _from_folder(folder: str, exclude: Sequence[str], found: "Found") -> None:
    root = os.path.realpath(folder)
    listed = _git_files(folder)
    if listed is not None and _git_ignored(folder):
        # Named on the command line, so wanted, as a named file is (ripgrep and ruff agree):
        # walk it as if it were outside git rather than find nothing in it silently.
        listed = None
    candidates: Iterable[str] = listed if listed is not None else _walk(folder)
    for rel in candidates:
        if not rel.endswith(PYTHON_SUFFIXES + NOTEBOOK_SUFFIXES):
            continue
        if listed is not None and any(part in SKIPPED_DIRS for part in rel.split("/")[:-1]):
            continue
        if _excluded(rel, exclude):
            continue
        path = os.path.join(folder, rel) if folder != "." else rel
        if os.path.islink(path):
            target = os.path.realpath(path)
            if not os.path.exists(target):
                found.error(path, _link_problem(path))
                continue
            if not _inside(target, root):
                continue  # never follow links out of the tree
        elif not os.path.lexists(path):
            continue  # tracked by git but deleted in the work tree
        if os.path.isdir(path):
            continue  # a folder named like a module, or a submodule
        found.add(path)


def _link_problem(path: str) -> str:
    """Why a symbolic link cannot be followed: ELOOP for a link cycle, else a dangling link."""
    try:
        os.stat(path)
    except OSError as exc:
        return "symbolic link loop" if exc.errno == errno.ELOOP else "broken symbolic link"
    return "broken symbolic link"


class Found:
    def __init__(self) -> None:
        self.result = Discovery()
        self._seen: Set[str] = set()

    def add(self, path: str) -> None:
        # One file reached twice (a link and its target, overlapping arguments) is processed
        # once, so two workers never write it at the same time.
        key = os.path.realpath(path)
        if key not in self._seen:
            self._seen.add(key)
            self.result.files.append(path)

    def error(self, path: str, message: str) -> None:
        # A bad link named on the command line and met again in a folder walk: one error line.
        key = os.path.join(os.path.realpath(os.path.dirname(path) or "."), os.path.basename(path))
        if key not in self._seen:
            self._seen.add(key)
            self.result.errors.append((path, message))


def discover(paths: Sequence[str], exclude: Sequence[str] = ()) -> Discovery:
    found = Found()
    for path in paths or ["."]:
        if os.path.isdir(path):
            _from_folder(os.path.normpath(path), exclude, found)
        elif os.path.islink(path) and not os.path.exists(path):
            found.error(path, _link_problem(path))
        elif os.path.exists(path):
            found.add(path)  # named explicitly: always processed, whatever its name
        else:
            found.error(path, "no such file or directory")
    return found.result
