"""Unified diffs with a/ b/ paths (difflib), their line counts (unidiff), and colour for a terminal."""

from __future__ import annotations

import difflib
from typing import List, Tuple

NO_NEWLINE = "\\ No newline at end of file\n"


def _lines(text: str) -> List[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        # difflib would glue the next diff line onto this one; patch(1) wants the marker line.
        lines[-1] = lines[-1] + "\n" + NO_NEWLINE
    return lines


def display_path(path: str) -> str:
    """Relative to the current folder when inside it, so that `git apply` takes the patch."""
    import os

    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:  # another drive
            rel = path
        path = rel if not rel.startswith("..") else path
    name = path.replace("\\", "/")
    while name.startswith("./"):
        name = name[2:]
    return name.lstrip("/")


def unified(path: str, before: str, after: str) -> str:
    name = display_path(path)
    out = difflib.unified_diff(_lines(before), _lines(after), fromfile=f"a/{name}", tofile=f"b/{name}")
    return "".join(out)


def counts(patch: str) -> Tuple[int, int]:
    """(added, removed) lines, read back from the patch with unidiff."""
    from unidiff import PatchSet

    patched = PatchSet(patch.splitlines(keepends=True))
    return sum(f.added for f in patched), sum(f.removed for f in patched)


_COLOURS = {"+": "\x1b[32m", "-": "\x1b[31m", "@": "\x1b[36m"}
_RESET = "\x1b[0m"


def colourize(patch: str) -> str:
    out = []
    for line in patch.splitlines(keepends=True):
        if line.startswith(("+++", "---")):
            out.append("\x1b[1m" + line.rstrip("\r\n") + _RESET + "\n")
            continue
        colour = _COLOURS.get(line[:1])
        out.append(colour + line.rstrip("\r\n") + _RESET + "\n" if colour else line)
    return "".join(out)
