"""Shared helpers for the example tests: examples/<name>/example.toml and running its programs.

An example folder holds before.py (Assistants API), after.py (what `apply` made of it) and
example.toml; a notebook example holds before.ipynb and after.ipynb instead, whose code cells
tests/run_notebook.py runs in order (args after the notebook's name):

    description = "one line"
    args = ["--question", "..."]        # optional argv
    stdin = "hello\\nbye\\n"              # optional
    env = { NAME = "value" }            # optional, besides OPENAI_BASE_URL / OPENAI_API_KEY
    azure = true                        # optional: AZURE_OPENAI_ENDPOINT / AZURE_OPENAI_API_KEY too
    driver = "drive.py"                 # optional: run `python drive.py before|after` instead
    [[assistants]]                      # seeded into the fake API
    id = "asst_..."
    model = "gpt-4o"
    instructions = "..."
"""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple

ROOT = pathlib.Path(__file__).resolve().parent.parent / "examples"
NOTEBOOK_RUNNER = pathlib.Path(__file__).resolve().parent / "run_notebook.py"
TIMEOUT = 60
VARIANTS = ("before", "after")


@dataclass(frozen=True)
class Example:
    folder: pathlib.Path
    description: str
    args: List[str] = field(default_factory=list)
    stdin: str = ""
    env: Dict[str, str] = field(default_factory=dict)
    driver: Optional[str] = None
    assistants: List[Dict[str, Any]] = field(default_factory=list)
    # The program talks to an Azure OpenAI resource: the fake's address goes in Azure's variables too.
    azure: bool = False

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def is_notebook(self) -> bool:
        return (self.folder / "before.ipynb").exists()

    def program(self, variant: str) -> pathlib.Path:
        return self.folder / f"{variant}{'.ipynb' if self.is_notebook else '.py'}"

    def command(self, variant: str, python: str = sys.executable) -> List[str]:
        if variant not in VARIANTS:
            raise ValueError(f"variant must be one of {VARIANTS}, not {variant!r}")
        if self.driver:
            return [python, self.driver, variant]
        if self.is_notebook:
            return [python, str(NOTEBOOK_RUNNER), f"{variant}.ipynb", *self.args]
        return [python, f"{variant}.py", *self.args]


def load(folder: pathlib.Path) -> Example:
    spec = tomllib.loads((folder / "example.toml").read_text(encoding="utf-8"))
    unknown = set(spec) - {"description", "args", "stdin", "env", "driver", "assistants", "azure"}
    if unknown:
        raise ValueError(f"{folder / 'example.toml'}: unknown keys {sorted(unknown)}")
    return Example(
        folder=folder,
        description=spec["description"],
        args=[str(a) for a in spec.get("args", [])],
        stdin=spec.get("stdin", ""),
        env={k: str(v) for k, v in spec.get("env", {}).items()},
        driver=spec.get("driver"),
        assistants=list(spec.get("assistants", [])),
        azure=spec.get("azure", False) is True,
    )


def folders() -> List[pathlib.Path]:
    """Every examples/<name> folder with an example.toml, by name."""
    return sorted(p for p in ROOT.iterdir() if (p / "example.toml").is_file())


def examples() -> List[Example]:
    return [load(folder) for folder in folders()]


def run(
    example: Example,
    variant: str,
    api_env: Mapping[str, str],
    python: str = sys.executable,
    extra_env: Optional[Mapping[str, str]] = None,
) -> Tuple[int, str, str]:
    """Run before.py / after.py (or the driver) with the fake API's env; (returncode, stdout, stderr)."""
    # api_env is the fake's FakeOpenAI.env(): os.environ minus proxies, plus its URL and key.
    env = {**api_env, **example.env, **(extra_env or {})}
    # The SDK's deprecation warnings on client.beta.threads are noise here, not output.
    env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONIOENCODING"] = "utf-8"
    try:
        result = subprocess.run(
            example.command(variant, python),
            cwd=example.folder,
            env=env,
            input=example.stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        return -1, out, err + f"\n[timed out after {TIMEOUT} s]"
    return result.returncode, result.stdout, result.stderr


def run_against_fake(example: Example, variant: str, python: str = sys.executable,
                     extra_env: Optional[Mapping[str, str]] = None) -> Tuple[int, str, str]:
    """Run one variant against a fresh fake OpenAI server seeded with the example's assistants."""
    return run_and_record(example, variant, python=python, extra_env=extra_env)[:3]  # type: ignore[return-value]


def run_and_record(example: Example, variant: str, python: str = sys.executable,
                   extra_env: Optional[Mapping[str, str]] = None) -> Tuple[int, str, str, List[Tuple[str, str]]]:
    """As run_against_fake, plus the (method, path) of every request the fake API answered."""
    from tests.fakeapi import FakeOpenAI

    with FakeOpenAI(assistants=example.assistants) as api:
        returncode, stdout, stderr = run(example, variant, api.env(azure=example.azure), python=python, extra_env=extra_env)
        requests = [(method, path) for method, path, _ in api.requests]
    return returncode, stdout, stderr, requests


def assistants_api_requests(requests: List[Tuple[str, str]]) -> List[str]:
    """The requests that went to the Assistants API family (/assistants, /threads), switched off in 2026
    (at OpenAI's /v1, or at an Azure resource's /openai)."""
    return [f"{method} {path}" for method, path in requests
            if re.match(r"^(/v1|/openai(/v1)?)?/(assistants|threads)(/|$)", path)]


# Examples whose after.py, exactly as `apply` wrote it, does not run like before.py. The run test
# is a strict xfail for these: fix the transform, regenerate after.py, then drop the entry.
KNOWN_TRANSFORM_PROBLEMS: Dict[str, str] = {}


# Examples whose after.py adds type errors (tests/test_examples_typecheck.py), for the same reasons.
KNOWN_TYPE_PROBLEMS: Dict[str, str] = {}


# Examples whose after.py still calls the Assistants API when it runs (prints the same only because
# the fake still serves that family): what the transforms left under markers for a human.
KNOWN_LEFT_ON_ASSISTANTS: Dict[str, str] = {}
