"""The fake API under the newest openai release (3.57.0): the same tour prints the same as under the pinned one.

The newest SDK is installed once into a virtualenv of its own under .cache/ (gitignored), so a clean
machine builds it on the first run and reuses it afterwards.
"""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

from tests.fakeapi import FakeOpenAI

ROOT = pathlib.Path(__file__).resolve().parent.parent
NEWEST = "3.57.0"
CACHE = ROOT / ".cache" / f"fakeapi-openai-{NEWEST}"
SCRIPT = pathlib.Path(__file__).with_name("fakeapi_sdk_check.py")


def newest_python() -> pathlib.Path:
    python = CACHE / "bin" / "python"
    marker = CACHE / "installed"
    if not marker.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(CACHE)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", f"openai=={NEWEST}"], check=True)
        marker.write_text(NEWEST)
    return python


def tour(python: pathlib.Path) -> subprocess.CompletedProcess:
    with FakeOpenAI() as api:
        return subprocess.run([str(python), str(SCRIPT)], env=api.env(), capture_output=True, text=True, timeout=120)


@pytest.mark.newest_sdk
def test_newest_sdk_sees_what_the_pinned_one_sees():
    python = newest_python()
    version = subprocess.run([str(python), "-c", "import openai; print(openai.__version__)"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert version == NEWEST
    pinned, newest = tour(pathlib.Path(sys.executable)), tour(python)
    assert pinned.returncode == 0, pinned.stderr
    assert newest.returncode == 0, newest.stderr
    lines = pinned.stdout.splitlines()
    assert lines[0].startswith("run completed ") and lines[2].endswith("#2 You said: two")
    assert "refused 400 tools[0].function" in lines and "refused 400 input[0].content[0].type" in lines
    assert newest.stdout == pinned.stdout


@pytest.mark.newest_sdk
def test_newest_sdk_types_accept_every_body():
    checked = subprocess.run([str(newest_python()), str(SCRIPT), "--check-shapes"], capture_output=True, text=True,
                             timeout=120, cwd=ROOT)
    assert checked.returncode == 0, checked.stderr
    assert "refused 400 tools[0].function" in checked.stdout
