"""Regenerate the golden files tests/fixtures/<transform>/<case>.expected.py from their cases.

    python -m tests.golden_refresh [--check] [--layout-only]

Each expected file is its case as `apply` rewrites it (tests/golden.py `run`); no-op cases (no
expected file) are only checked, never given one. With --check nothing is written: it lists the
files that would change. With --layout-only it refuses (exit 1, nothing written) when a change is
more than marker layout: the old and new texts, each marker read back onto one line, must match.
"""

from __future__ import annotations

import argparse
import sys
from typing import List

from codemods import markers
from tests import golden
from transforms.markers import PREFIX


def one_line_markers(text: str) -> str:
    """``text`` with every marker on one line: what is left when the layout is set aside."""
    lines = text.splitlines(keepends=True)
    for found in reversed(markers.find([line.rstrip("\r\n") for line in lines], PREFIX)):
        ending = lines[found.last][len(lines[found.last].rstrip("\r\n")):]
        lines[found.first:found.last + 1] = [f"{' ' * found.col}{PREFIX} {found.message}{ending}"]
    return "".join(lines)


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="write nothing; list what would change")
    parser.add_argument("--layout-only", action="store_true", help="refuse changes other than marker layout")
    args = parser.parse_args(argv)
    status = 0
    writes = []
    for case in golden.cases():
        before = case.path.read_text(encoding="utf-8")
        after = golden.run(case.transform, before, case.options)
        if case.is_noop:
            if after != before:
                print(f"{case.id}: a no-op case is rewritten; fix the transform or give it an expected file")
                status = 1
            continue
        old = case.expected
        if after == old:
            continue
        if args.layout_only and one_line_markers(after) != one_line_markers(old):
            print(f"{case.id}: changes more than marker layout")
            status = 1
            continue
        print(f"{case.id}: {'would change' if args.check else 'rewritten'}")
        writes.append((case, after))
    if args.check or status:
        return status or (1 if writes else 0)
    for case, after in writes:
        case.expected_path.write_text(after, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
