"""Regenerate examples/<name>/after.py and prompt_registry.py, then run both programs and compare.

    python -m tests.examples_refresh [NAME ...] [--check]

after.py is before.py as `apply` rewrites it (never edited by hand). prompt_registry.py is the
registry `prompts --write` writes, filled in the way a user fills it: each entry gets the settings
of the assistant the example seeds into the fake API (example.toml). With --check nothing is
written: it only reports which examples' files differ from what they would be.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
from typing import Any, Dict, List

from tests import examples_support
from tests.examples_support import Example


def registry_text(example: Example) -> str:
    from transforms.registry_runtime import HEADER, RUNTIME

    lines = ["ENTRIES: List[Assistant] = ["]
    for seeded in example.assistants:
        lines.append("    Assistant(")
        for key in ("id", "model", "name", "instructions", "tools", "tool_resources", "temperature", "top_p",
                    "response_format"):
            if key in seeded:
                lines.append(f"        {key}={_literal(seeded[key])},")
        lines.append("    ),")
    lines.append("]")
    return HEADER + "\n".join(lines) + "\n" + RUNTIME


def _literal(value: Any) -> str:
    return repr(value)


def migrated(example: Example) -> str:
    if example.is_notebook:
        return _migrated_notebook(example)
    from codemods import pipeline
    from transforms import REGISTRY
    from transforms.options import DEFAULTS

    text = example.program("before").read_text(encoding="utf-8")
    stages = [pipeline.Stage(info.name, info.load(), info.triggers) for info in REGISTRY]
    return pipeline.transform(text, text.encode("utf-8"), "before.py", stages, dict(DEFAULTS)).code


def _migrated_notebook(example: Example) -> str:
    """A notebook as `apply` writes it (the engine's notebook handling, through the command line)."""
    import shutil
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        copy = pathlib.Path(scratch) / "after.ipynb"
        shutil.copyfile(example.program("before"), copy)
        subprocess.run([sys.executable, "-m", "codemods", "apply", str(copy)], capture_output=True, check=False)
        return copy.read_text(encoding="utf-8")


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--no-run", action="store_true")
    args = parser.parse_args(argv)
    examples = [e for e in examples_support.examples() if not args.names or e.name in args.names]
    status = 0
    for example in examples:
        try:
            after = migrated(example)
        except Exception as exc:  # a transform bug: report it, go on with the others
            print(f"{example.name}: ERROR {exc}")
            status = 1
            continue
        registry = registry_text(example) if example.assistants or "prompt_registry" in after else None
        files: Dict[pathlib.Path, str] = {example.program("after"): after}
        if registry is not None:
            files[example.folder / "prompt_registry.py"] = registry
        stale = [p.name for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        if args.check:
            if stale:
                print(f"{example.name}: stale {', '.join(stale)}")
                status = 1
            continue
        for path, text in files.items():
            path.write_text(text, encoding="utf-8")
        if args.no_run:
            continue
        before = examples_support.run_against_fake(example, "before")
        result = examples_support.run_and_record(example, "after")
        left = examples_support.assistants_api_requests(result[3])
        same = before[0] == 0 and result[0] == 0 and before[1] == result[1]
        print(f"{example.name}: {'same' if same else 'DIFFERENT'}{'' if not left else f' (still {len(left)} Assistants requests)'}")
        if not same:
            status = 1
            print(f"  before exit {before[0]}; after exit {result[0]}")
            if result[0] != 0:
                print("  " + result[2].strip().splitlines()[-1] if result[2].strip() else "")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
