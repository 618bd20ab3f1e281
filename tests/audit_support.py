"""One real `audit --format json` over the fixtures and the examples, shared by the report tests
(it takes a while: run once per test session)."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from typing import Any, Dict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = ("tests/fixtures", "examples")


@functools.lru_cache(maxsize=None)
def audit_output(fmt: str = "json") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "codemods", "audit", "--format", fmt, "--jobs", "2", *CORPUS],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return done.stdout


def audit_json() -> Dict[str, Any]:
    return json.loads(audit_output("json"))
