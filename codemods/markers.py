"""How a marker comment is laid out over lines: one message, wrapped to stay within WIDTH columns.

    # <prefix> [some-code] a message too long for one line is wrapped at a space, and the
    #     lines after the first are indented by four more columns than its text

The first line starts with the prefix the registry gives; each continuation line is a comment at
the same indentation whose text starts after CONTINUATION (`#` and five spaces), directly below
the line before it. The engine reads markers back as findings and writes the markers of IPython
lines; the transforms write and refresh the others with the same two functions, so that what one
side writes the other reads as one message. Only the layout lives here: what a marker says, and
where it goes, is the transforms' business (and the prefix the registry's).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Sequence

# Black's and ruff's default line length, which most linters of the code we rewrite enforce.
WIDTH = 88
# A continuation line is a comment whose text is indented by four more columns than the marker's
# message: a reader sees a hanging indent, and a user's own comment (`# ...`) never looks like one.
CONTINUATION = "#     "
# Tabs in an indentation count as this many columns, as ruff counts them (its indent-width).
TAB = 4


def columns(line: str) -> int:
    return len(line.expandtabs(TAB))


def wrap(prefix: str, message: str, indent: str = "", width: int = WIDTH) -> List[str]:
    """The lines of the marker ``prefix message`` at ``indent`` (no newlines), each within
    ``width`` columns unless a single word is too long to fit on a line of its own (a long URL or
    dotted name stays whole: a broken one could not be copied or searched for)."""
    lines = [f"{indent}{prefix}"]
    fresh = True  # the current line holds no word yet
    for word in message.split():
        if not fresh and columns(lines[-1]) + 1 + len(word) > width:
            lines.append(f"{indent}{CONTINUATION[:-1]}")
        lines[-1] += f" {word}"
        fresh = False
    return lines


def continues(line: str, indent: str) -> bool:
    """Whether ``line`` (no newline) is a continuation line of a marker indented by ``indent``."""
    head = indent + CONTINUATION
    return line.startswith(head) and len(line) > len(head) and not line[len(head)].isspace()


@dataclass(frozen=True)
class Marker:
    first: int  # index of the marker's first line
    last: int  # index of its last line (== first for a one-line marker)
    col: int  # 0-based column of its `#`
    message: str  # the text after the prefix, its lines joined by single spaces


def find(lines: Sequence[str], prefix: str) -> List[Marker]:
    """Every marker in ``lines`` (without their newlines), each with all its lines."""
    found = []
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip()
        if not stripped.startswith(prefix):
            index += 1
            continue
        indent = line[: len(line) - len(stripped)]
        parts = [stripped[len(prefix):].strip()]
        last = index
        while last + 1 < len(lines) and continues(lines[last + 1], indent):
            last += 1
            parts.append(lines[last][len(indent) + len(CONTINUATION):].strip())
        found.append(Marker(index, last, len(indent), " ".join(part for part in parts if part)))
        index = last + 1
    return found


def ends_above(lines: Sequence[str], index: int, prefix: str) -> bool:
    """Whether the line just above ``lines[index]`` is the last line of a marker."""
    above = index - 1
    while above >= 0 and lines[above].lstrip().startswith(CONTINUATION):
        above -= 1
    if above < 0:
        return False
    return any(above + marker.last == index - 1 for marker in find(lines[above:index + 1], prefix))
