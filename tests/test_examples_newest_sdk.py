"""after.py runs, with the same output, on the newest openai release: nothing it uses was dropped.

before.py keeps running on the pinned release of the test environment (it needs client.beta.threads);
the newest release is installed once into a virtualenv of its own under .cache/.
"""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

from tests import examples_support
from tests.examples_support import KNOWN_TRANSFORM_PROBLEMS, Example

CACHE = pathlib.Path(__file__).resolve().parent.parent / ".cache" / "newest-sdk"
ALL = examples_support.examples()


PACKAGES = ("openai", "flask", "fastapi", "httpx")  # what the examples' after.py and drivers import


def newest_python() -> pathlib.Path:
    python = CACHE / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(CACHE)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--upgrade", *PACKAGES], check=True)
    missing = [name for name in PACKAGES
               if subprocess.run([str(python), "-c", f"import {name}"], capture_output=True).returncode]
    if missing:  # a cache made before an example needed them
        subprocess.run([str(python), "-m", "pip", "install", "-q", *missing], check=True)
    return python


def params() -> list:
    return [
        pytest.param(
            example,
            id=example.name,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_TRANSFORM_PROBLEMS[example.name])]
            if example.name in KNOWN_TRANSFORM_PROBLEMS else [],
        )
        for example in ALL
        if example.program("after").exists()
    ]


@pytest.mark.newest_sdk
@pytest.mark.parametrize("example", params())
def test_after_runs_on_the_newest_sdk(example: Example) -> None:
    python = newest_python()
    expected = examples_support.run_against_fake(example, "before")
    assert expected[0] == 0, expected[2]
    # The newest SDK's own site-packages, not the dev environment's.
    result = examples_support.run_against_fake(example, "after", python=str(python), extra_env={"PYTHONPATH": ""})
    assert result[0] == 0, result[2]
    assert result[1] == expected[1]


def test_newest_sdk_version_is_newer_than_the_pinned_one() -> None:
    import openai

    version = subprocess.run([str(newest_python()), "-c", "import openai; print(openai.__version__)"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert tuple(map(int, version.split(".")[:2])) > tuple(map(int, openai.__version__.split(".")[:2]))
