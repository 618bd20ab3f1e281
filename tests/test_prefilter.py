"""The prefilter is sound: every golden fixture that a transform changes passes it, and so does
every runnable example's before.py.

Fixtures are pairs tests/fixtures/<transform>/<case>.py and <case>.expected.py, where <transform>
is the registry name with dashes as underscores. A pair whose expected output differs from its
input is a file the transform rewrites, so the prefilter over all triggers must let it through,
and it must hold one of that transform's own triggers (the pipeline skips a transform whose
triggers the file lacks).
"""

from __future__ import annotations

import pathlib

import pytest

from codemods.prefilter import Prefilter
from transforms import REGISTRY

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
EXAMPLES = sorted(
    [*(pathlib.Path(__file__).parent.parent / "examples").glob("*/before.py"),
     *(pathlib.Path(__file__).parent.parent / "examples").glob("*/before.ipynb")]
)
BY_FOLDER = {info.name.replace("-", "_"): info for info in REGISTRY}
ALL = Prefilter(t for info in REGISTRY for t in info.triggers)


def _pairs():
    if not FIXTURES.is_dir():
        return []
    found = []
    for expected in sorted(FIXTURES.glob("*/*.expected.py")):
        case = expected.with_name(expected.name[: -len(".expected.py")] + ".py")
        if case.exists() and case.read_bytes() != expected.read_bytes():
            found.append(case)
    return found


PAIRS = _pairs()


def test_fixture_folders_name_transforms():
    if not FIXTURES.is_dir():
        pytest.skip(f"no golden fixtures yet: {FIXTURES} does not exist")
    folders = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    unknown = [name for name in folders if name not in BY_FOLDER]
    assert not unknown, f"fixture folders that name no transform (so go unchecked): {unknown}; known: {sorted(BY_FOLDER)}"


@pytest.mark.skipif(not PAIRS, reason=f"no golden pairs (<case>.py + <case>.expected.py) under {FIXTURES} yet")
@pytest.mark.parametrize("case", PAIRS, ids=[f"{p.parent.name}/{p.stem}" for p in PAIRS])
def test_rewritten_fixture_passes_the_prefilter(case: pathlib.Path):
    data = case.read_bytes()
    assert ALL(data), f"{case} is rewritten by its transform but the prefilter would never let it through"
    info = BY_FOLDER.get(case.parent.name)
    assert info is not None, f"{case.parent.name} is not a transform name"
    assert any(t in data for t in info.triggers), f"{case} holds none of {info.name}'s triggers {info.triggers}"


@pytest.mark.skipif(not EXAMPLES, reason="no examples/<name>/before.py yet")
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.parent.name for p in EXAMPLES])
def test_example_before_passes_the_prefilter(path: pathlib.Path):
    assert ALL(path.read_bytes()), f"{path} is an Assistants program the prefilter would never let through"


def test_prefilter_checks_every_trigger():
    for info in REGISTRY:
        for trigger in info.triggers:
            assert ALL(b"x = 1\n" + trigger + b"\n"), trigger
    assert not ALL(b"import threading\nruns = threading.Thread(target=print)\nbeta = 1\n")
    assert not ALL(b"import threading\nthreading.Thread(target=print).start()\nruns = []\n")
