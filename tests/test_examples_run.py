"""Every example's before.py and after.py, each run against a fresh fake OpenAI API, print the same.

before.py calls the real openai SDK's Assistants API, after.py (what `apply` wrote) its Responses
and Conversations API; the fake's model answers both families alike, so any difference in the
output is the migration's. Examples whose after.py is known to break because of a transform
problem are strict xfails (examples_support.KNOWN_TRANSFORM_PROBLEMS): they turn into failures
the day the transform is fixed, as a reminder to regenerate after.py and drop the entry.
"""

from __future__ import annotations

import pathlib
import subprocess

import pytest

from tests import examples_support
from tests.examples_support import KNOWN_TRANSFORM_PROBLEMS, Example

ALL = examples_support.examples()
EXAMPLES = [example.folder for example in ALL]  # kept for tests/test_examples_newest_sdk.py


def run_example(folder: pathlib.Path, variant: str) -> subprocess.CompletedProcess:
    """One variant of one example against a fresh fake API, as a CompletedProcess."""
    example = examples_support.load(folder)
    returncode, stdout, stderr = examples_support.run_against_fake(example, variant)
    return subprocess.CompletedProcess(example.command(variant), returncode, stdout, stderr)


def params() -> list:
    """One param per example; the known transform problems as strict xfails naming the symptom."""
    return [
        pytest.param(
            example,
            id=example.name,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_TRANSFORM_PROBLEMS[example.name])]
            if example.name in KNOWN_TRANSFORM_PROBLEMS else [],
        )
        for example in ALL
    ]


def describe(label: str, returncode: int, stdout: str, stderr: str) -> str:
    return f"--- {label}: exit {returncode}\n--- stdout:\n{stdout}\n--- stderr:\n{stderr}"


@pytest.mark.parametrize("example", params())
def test_before_and_after_print_the_same(example: Example) -> None:
    if not example.program("after").exists():
        pytest.skip(f"{example.name}: no after.py yet (copy before.py and run `python -m codemods apply` on it)")
    before = examples_support.run_against_fake(example, "before")
    assert before[0] == 0, describe("before", *before)
    assert before[1].strip(), "an example must print something to compare"
    after = examples_support.run_against_fake(example, "after")
    assert after[0] == 0, describe("after", *after)
    assert after[1] == before[1], describe("after", *after) + "\n" + describe("before", *before)


def test_every_example_is_declared() -> None:
    with_programs = {p.name for p in examples_support.ROOT.iterdir() if (p / "before.py").exists()}
    assert with_programs == {example.name for example in ALL}


def test_examples_declare_what_they_need() -> None:
    for example in ALL:
        assert example.description.strip(), example.name
        assert example.program("before").exists(), example.name
        if example.driver:
            assert (example.folder / example.driver).exists(), example.name


def test_known_problems_name_real_examples() -> None:
    assert set(KNOWN_TRANSFORM_PROBLEMS) <= {example.name for example in ALL}
