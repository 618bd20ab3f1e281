"""Every transform against its golden pairs: rewrite, compile, and a second run that changes nothing."""

from __future__ import annotations

import pytest

from tests import golden

CASES = golden.cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_golden(case: golden.Case) -> None:
    before = case.path.read_text(encoding="utf-8")
    after = golden.run(case.transform, before, case.options)
    assert after == case.expected
    compile(after, str(case.expected_path), "exec")
    assert golden.run(case.transform, after, case.options) == after, "a second run must change nothing"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_whole_pipeline_twice_changes_nothing(case: golden.Case) -> None:
    """The stages together, as `apply` runs them: their markers and rewrites are stable too (a marker
    above a file's first statement is parsed into the module header, for one)."""
    once = golden.run_all(case.path.read_text(encoding="utf-8"), case.options)
    assert golden.run_all(once, case.options) == once


def test_every_transform_has_fixtures() -> None:
    folders = {c.transform.name for c in CASES}
    missing = [info.name for info in golden.REGISTRY if info.name not in folders]
    assert not missing, f"transforms without golden fixtures: {missing}"


def test_noop_cases_exist_for_every_transform() -> None:
    with_noops = {c.transform.name for c in CASES if c.is_noop}
    assert with_noops == {c.transform.name for c in CASES}
