"""Every after.py type-checks against the installed openai SDK: no new errors of the kinds that matter."""

from __future__ import annotations

import collections
import pathlib
import re
import subprocess
import sys

import pytest

from tests.examples_support import KNOWN_TYPE_PROBLEMS

ROOT = pathlib.Path(__file__).resolve().parent.parent / "examples"
EXAMPLES = sorted(p for p in ROOT.iterdir() if (p / "after.py").exists())
KINDS = ("attr-defined", "call-arg", "call-overload", "arg-type", "union-attr", "index", "misc")
REPORT: list = []


def mypy_kinds(folder: pathlib.Path, *files: str, cache: pathlib.Path) -> collections.Counter:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--show-error-codes", "--ignore-missing-imports",
         "--cache-dir", str(cache), *files],
        cwd=folder, capture_output=True, text=True,
    )
    # One expression on one line counts once, however many union members mypy names for it.
    sites = set(re.findall(r"^([^:]+:\d+): error: .*\[([a-z-]+)\]$", result.stdout, flags=re.M))
    return collections.Counter(kind for _, kind in sites)


PARAMS = [
    pytest.param(
        folder,
        id=folder.name,
        marks=[pytest.mark.xfail(strict=True, reason=KNOWN_TYPE_PROBLEMS[folder.name])]
        if folder.name in KNOWN_TYPE_PROBLEMS else [],
    )
    for folder in EXAMPLES
]


@pytest.mark.parametrize("folder", PARAMS)
def test_after_adds_no_type_errors(folder: pathlib.Path, tmp_path_factory) -> None:
    cache = tmp_path_factory.getbasetemp() / "mypy-cache"
    before = mypy_kinds(folder, "before.py", cache=cache)
    extra = ["prompt_registry.py"] if (folder / "prompt_registry.py").exists() else []
    after = mypy_kinds(folder, "after.py", *extra, cache=cache)
    new = {kind: after[kind] - before[kind] for kind in KINDS if after[kind] > before[kind]}
    REPORT.append(f"{folder.name}: before {sum(before[k] for k in KINDS)}, after {sum(after[k] for k in KINDS)} errors of the checked kinds")
    assert not new, f"new type errors in after.py: {new}"
