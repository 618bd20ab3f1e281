"""Every example's before.py and after.py, run against a fresh fake OpenAI API, print the same.

before.py runs the real openai SDK's Assistants calls, after.py its Responses and Conversations
calls; the fake's model answers both families alike, so any difference is the migration's.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import tomllib

import pytest

from tests.fakeapi import FakeOpenAI

ROOT = pathlib.Path(__file__).resolve().parent.parent / "examples"
EXAMPLES = sorted(p for p in ROOT.iterdir() if (p / "example.toml").exists())


def run_example(folder: pathlib.Path, variant: str) -> subprocess.CompletedProcess:
    spec = tomllib.loads((folder / "example.toml").read_text())
    with FakeOpenAI(spec.get("assistants", [])) as api:
        env = {**os.environ, **api.env(), **spec.get("env", {}), "PYTHONWARNINGS": "ignore::DeprecationWarning"}
        if "driver" in spec:
            args = [sys.executable, spec["driver"], variant]
        else:
            args = [sys.executable, f"{variant}.py", *spec.get("args", [])]
        return subprocess.run(
            args, cwd=folder, env=env, input=spec.get("stdin", ""), capture_output=True, text=True, timeout=120
        )


@pytest.mark.parametrize("folder", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_before_and_after_print_the_same(folder: pathlib.Path) -> None:
    before = run_example(folder, "before")
    after = run_example(folder, "after")
    assert before.returncode == 0, before.stderr
    assert after.returncode == 0, after.stderr
    assert before.stdout.strip(), "an example must print something to compare"
    assert after.stdout == before.stdout


def test_every_example_is_declared() -> None:
    folders = {p.name for p in ROOT.iterdir() if (p / "before.py").exists()}
    assert folders == {p.name for p in EXAMPLES}
