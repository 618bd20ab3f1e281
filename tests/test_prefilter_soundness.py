"""The prefilter is sound: every file a transform changes holds one of that transform's triggers."""

from __future__ import annotations

import pathlib

import pytest

from codemods.prefilter import Prefilter
from tests import golden
from transforms import REGISTRY

CHANGED = [c for c in golden.cases() if not c.is_noop]
EXAMPLES = sorted((pathlib.Path(__file__).parent.parent / "examples").glob("*/before.py"))
ALL = Prefilter(t for info in REGISTRY for t in info.triggers)


@pytest.mark.parametrize("case", CHANGED, ids=[c.id for c in CHANGED])
def test_changed_fixture_passes_prefilter(case):
    data = case.path.read_bytes()
    assert ALL(data)
    assert any(t in data for t in case.transform.triggers), "the transform would be skipped by the pipeline"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.parent.name for p in EXAMPLES])
def test_examples_pass_prefilter(path):
    assert ALL(path.read_bytes())


def test_prefilter_rejects_plain_code():
    assert not ALL(b"import threading\nthreading.Thread(target=print).start()\nruns = []\n")
