"""Every example's before.py and after.py, each run against a fresh fake OpenAI API, print the same.

before.py calls the real openai SDK's Assistants API, after.py (what `apply` wrote) its Responses
and Conversations API; the fake's model answers both families alike, so any difference in the
output is the migration's. Examples whose after.py is known to break because of a transform
problem are strict xfails (examples_support.KNOWN_TRANSFORM_PROBLEMS): they turn into failures
the day the transform is fixed, as a reminder to regenerate after.py and drop the entry.
"""

from __future__ import annotations

import pytest

from tests import examples_support
from tests.examples_support import KNOWN_LEFT_ON_ASSISTANTS, KNOWN_TRANSFORM_PROBLEMS, Example

ALL = examples_support.examples()
_RUNS: dict = {}


def recorded(example: Example, variant: str) -> tuple:
    """(returncode, stdout, stderr, requests) of one variant against a fresh fake; each runs once per session."""
    key = (example.name, variant)
    if key not in _RUNS:
        _RUNS[key] = examples_support.run_and_record(example, variant)
    return _RUNS[key]


def params(known: dict) -> list:
    """One param per example; the `known` problems as strict xfails naming the symptom."""
    return [
        pytest.param(
            example,
            id=example.name,
            marks=[pytest.mark.xfail(strict=True, reason=known[example.name])] if example.name in known else [],
        )
        for example in ALL
    ]


def describe(label: str, returncode: int, stdout: str, stderr: str) -> str:
    return f"--- {label}: exit {returncode}\n--- stdout:\n{stdout}\n--- stderr:\n{stderr}"


def skip_without_after(example: Example) -> None:
    if not example.program("after").exists():
        pytest.skip(f"{example.name}: no {example.program('after').name} yet (copy {example.program('before').name} and run `python -m codemods apply` on it)")


@pytest.mark.parametrize("example", params(KNOWN_TRANSFORM_PROBLEMS))
def test_before_and_after_print_the_same(example: Example) -> None:
    skip_without_after(example)
    before = recorded(example, "before")[:3]
    assert before[0] == 0, describe("before", *before)
    assert before[1].strip(), "an example must print something to compare"
    after = recorded(example, "after")[:3]
    assert after[0] == 0, describe("after", *after)
    assert after[1] == before[1], describe("after", *after) + "\n" + describe("before", *before)


@pytest.mark.parametrize("example", params(KNOWN_LEFT_ON_ASSISTANTS))
def test_after_no_longer_calls_the_assistants_api(example: Example) -> None:
    """The fake still serves /assistants and /threads; OpenAI switched them off on 2026-08-26."""
    skip_without_after(example)
    returncode, stdout, stderr, requests = recorded(example, "after")
    if returncode != 0:
        pytest.skip("after.py does not run: see test_before_and_after_print_the_same")
    left = examples_support.assistants_api_requests(requests)
    assert not left, f"after.py still calls the Assistants API ({len(left)} requests), first: {left[:5]}"


def test_every_example_is_declared() -> None:
    with_programs = {
        p.name for p in examples_support.ROOT.iterdir() if (p / "before.py").exists() or (p / "before.ipynb").exists()
    }
    assert with_programs == {example.name for example in ALL}


def test_examples_declare_what_they_need() -> None:
    for example in ALL:
        assert example.description.strip(), example.name
        assert example.program("before").exists(), example.name
        if example.driver:
            assert (example.folder / example.driver).exists(), example.name


def test_known_problems_name_real_examples() -> None:
    names = {example.name for example in ALL}
    assert set(KNOWN_TRANSFORM_PROBLEMS) <= names
    assert set(KNOWN_LEFT_ON_ASSISTANTS) <= names
    assert set(examples_support.KNOWN_TYPE_PROBLEMS) <= names
