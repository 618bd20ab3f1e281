"""Unified diffs with a/ b/ paths (difflib), their line counts (unidiff), and colour for a terminal."""

from __future__ import annotations

import difflib
import re
from typing import Callable, List, Optional, Tuple

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


def unified(path: str, before: Optional[str], after: str, label: str = "") -> str:
    """``label`` follows the path in both headers (`:cell_4` for a notebook's cell: not a patch).
    ``before`` None: the file is new (`--- /dev/null`, as git writes it)."""
    name = display_path(path) + label
    source = "/dev/null" if before is None else f"a/{name}"
    out = difflib.unified_diff(_lines(before or ""), _lines(after), fromfile=source, tofile=f"b/{name}")
    return "".join(out)


def line_in_before(before: str, after: str) -> Callable[[int], int]:
    """Maps a 1-based line of ``after`` to the line of ``before`` it came from.

    A dry run writes nothing, so a finding in the rewritten text must be cited where a reader
    finds it on disk: an unchanged line maps exactly, a line the rewrite inserted maps to the
    original line it lands in front of, a line of a rewritten stretch to the line of the original
    stretch it most resembles, else to its place in that stretch.

    Comment lines the rewrite added (a marker: a comment that is nowhere in ``before``) are set
    aside before the two texts are aligned, and cited at the line below them: in a file of
    repeated lines, aligning around them could pair a line with the wrong twin.
    """
    a, b = before.splitlines(), after.splitlines()
    present = {line.strip() for line in a}
    kept = [j for j, line in enumerate(b) if not (line.lstrip().startswith("#") and line.strip() not in present)]
    position = {j: k for k, j in enumerate(kept)}
    b_kept = [b[j] for j in kept]
    # The same matcher unified() uses, so the cited line agrees with the diff on screen.
    blocks = difflib.SequenceMatcher(None, a, b_kept).get_opcodes()

    def aligned(k: int) -> int:
        for tag, i1, i2, j1, j2 in blocks:
            if j1 <= k < j2:
                if tag == "equal":
                    return i1 + (k - j1) + 1
                if tag == "replace":
                    return _likeliest(a, i1, i2, b_kept[k], i1 + min(k - j1, i2 - i1 - 1)) + 1
                return min(i1 + 1, max(len(a), 1))  # insert: the line it lands before
        return min(k + 1, max(len(a), 1))

    def original(line: int) -> int:
        j = line - 1
        if j < 0 or j >= len(b):
            return line
        if j in position:
            return aligned(position[j])
        below = next((position[i] for i in range(j + 1, len(b)) if i in position), None)
        return aligned(below) if below is not None else max(len(a), 1)

    return original


def _likeliest(a: List[str], i1: int, i2: int, line: str, fallback: int) -> int:
    """The line of a[i1:i2] that ``line`` most resembles (a statement the rewrite changed in part):
    the one assigning the same name, if exactly one does, else the most similar text."""
    target = _assigned(line)
    if target:
        same = [i for i in range(i1, i2) if _assigned(a[i]) == target]
        if len(same) == 1:
            return same[0]
    best, score = fallback, 0.45  # below this, the lines have little in common: keep the position
    for i in range(i1, i2):
        ratio = difflib.SequenceMatcher(None, a[i].strip(), line.strip()).ratio()
        if ratio > score:
            best, score = i, ratio
    return best


def _assigned(line: str) -> str:
    """`run` for `    run = client...(`; "" for a line that assigns nothing."""
    match = re.match(r"\s*([A-Za-z_][\w.]*)\s*=[^=]", line)
    return match.group(1) if match else ""


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
