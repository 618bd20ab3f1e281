"""Golden before/after pairs: tests/fixtures/<transform>/<case>.py and <case>.expected.py.

A case without an expected file is a no-op case: the transform must leave it byte for byte.
"""

from __future__ import annotations

import pathlib
from dataclasses import dataclass
from typing import Dict, List, Optional

from codemods import pipeline
from transforms import REGISTRY, TransformInfo
from transforms.options import DEFAULTS

FIXTURES = pathlib.Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class Case:
    transform: TransformInfo
    path: pathlib.Path

    @property
    def expected_path(self) -> pathlib.Path:
        return self.path.with_name(self.path.stem + ".expected.py")

    @property
    def expected(self) -> str:
        target = self.expected_path if self.expected_path.exists() else self.path
        return target.read_text(encoding="utf-8")

    @property
    def options(self) -> dict:
        """Settings from `<case>.toml` beside the case, as [tool.assistants-to-responses] would give them."""
        path = self.path.with_suffix(".toml")
        if not path.exists():
            return {}
        import tomllib

        from transforms.options import OPTIONS

        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        return {key: OPTIONS[key](key, value) for key, value in raw.items()}

    @property
    def is_noop(self) -> bool:
        return not self.expected_path.exists()

    @property
    def id(self) -> str:
        return f"{self.transform.name}/{self.path.stem}"


def by_folder() -> Dict[str, TransformInfo]:
    return {info.name.replace("-", "_"): info for info in REGISTRY}


def cases() -> List[Case]:
    found = []
    registry = by_folder()
    for folder in sorted(FIXTURES.iterdir()) if FIXTURES.exists() else []:
        info = registry.get(folder.name)
        if info is None:
            continue
        for path in sorted(folder.glob("*.py")):
            if not path.name.endswith(".expected.py"):
                found.append(Case(info, path))
    return found


def run(info: TransformInfo, text: str, options: Optional[dict] = None) -> str:
    """The case as `apply` rewrites it: the transforms share one pass over the module (their rules
    need each other's values), so a case filed under one transform runs with all of them."""
    return run_all(text, options)


def run_only(names, text: str, options: Optional[dict] = None) -> str:
    """The case with only the transforms ``names`` (as `--only` gives them)."""
    stages = [pipeline.Stage(info.name, info.load(), info.triggers) for info in REGISTRY if info.name in names]
    return pipeline.transform(text, text.encode("utf-8"), "case.py", stages, {**DEFAULTS, **(options or {})}).code


def run_all(text: str, options: Optional[dict] = None) -> str:
    """Every registered transform, in order, as `apply` runs them."""
    stages = [pipeline.Stage(info.name, info.load(), info.triggers) for info in REGISTRY]
    return pipeline.transform(text, text.encode("utf-8"), "case.py", stages, {**DEFAULTS, **(options or {})}).code
