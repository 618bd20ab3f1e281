"""after.py runs, with the same output, on the newest openai release: nothing it uses was dropped.

before.py keeps running on the pinned release of the test environment (it needs client.beta.threads);
the newest release is installed once into a virtualenv of its own under .cache/.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import tomllib

import pytest

from tests.fakeapi import FakeOpenAI
from tests.test_examples_run import EXAMPLES, run_example

CACHE = pathlib.Path(__file__).resolve().parent.parent / ".cache" / "newest-sdk"


def newest_python() -> pathlib.Path:
    python = CACHE / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(CACHE)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--upgrade", "openai", "flask"], check=True)
    return python


@pytest.mark.newest_sdk
@pytest.mark.parametrize("folder", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_after_runs_on_the_newest_sdk(folder: pathlib.Path) -> None:
    python = newest_python()
    spec = tomllib.loads((folder / "example.toml").read_text())
    expected = run_example(folder, "before")
    assert expected.returncode == 0, expected.stderr
    with FakeOpenAI(spec.get("assistants", [])) as api:
        env = {**os.environ, **api.env(), **spec.get("env", {})}
        env.pop("PYTHONPATH", None)
        args = [str(python), spec["driver"], "after"] if "driver" in spec else [str(python), "after.py", *spec.get("args", [])]
        result = subprocess.run(args, cwd=folder, env=env, input=spec.get("stdin", ""), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected.stdout


def test_newest_sdk_version_is_newer_than_the_pinned_one() -> None:
    import openai

    version = subprocess.run([str(newest_python()), "-c", "import openai; print(openai.__version__)"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert tuple(map(int, version.split(".")[:2])) > tuple(map(int, openai.__version__.split(".")[:2]))
