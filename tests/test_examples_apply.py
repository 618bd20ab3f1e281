"""`apply` turns every examples/<name>/before.py into its after.py, and after.py is final."""

from __future__ import annotations

import pathlib
import re

import pytest

from codemods import pipeline
from transforms import REGISTRY
from transforms.options import DEFAULTS

EXAMPLES = sorted(p for p in (pathlib.Path(__file__).parent.parent / "examples").iterdir() if (p / "before.py").exists())
STAGES = [pipeline.Stage(info.name, info.load(), info.triggers) for info in REGISTRY]


def migrate(text: str) -> str:
    return pipeline.transform(text, text.encode(), "example.py", STAGES, DEFAULTS).code


def test_there_are_enough_examples() -> None:
    assert len(EXAMPLES) >= 12


@pytest.mark.parametrize("folder", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_before_becomes_after(folder: pathlib.Path) -> None:
    before = (folder / "before.py").read_text(encoding="utf-8")
    after = (folder / "after.py").read_text(encoding="utf-8")
    assert migrate(before) == after
    compile(after, str(folder / "after.py"), "exec")
    assert migrate(after) == after, "a second run must change nothing"


@pytest.mark.parametrize("folder", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_no_assistants_api_left_unmarked(folder: pathlib.Path) -> None:
    lines = (folder / "after.py").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if re.search(r"\.beta\.(threads|assistants)\b", line):
            above = [l.strip() for l in lines[max(0, number - 3):number]]
            statement_start = next((i for i in range(number, -1, -1) if not lines[i].startswith((" ", "\t")) or "=" in lines[i] or lines[i].strip().startswith(("for ", "while "))), number)
            context = above + [lines[statement_start - 1].strip() if statement_start > 0 else ""]
            assert any(l.startswith("# assistants-to-responses:") for l in context), f"unmarked API use at line {number + 1}: {line}"
