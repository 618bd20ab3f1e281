"""The catalogue of reason codes (transforms/reasons.py): every code the transforms can emit has a
title, a help text and an anchor in docs/reference.md, and the reference section matches it."""

from __future__ import annotations

import ast
import os
import re
from typing import Dict, Iterator, Set

import pytest

import transforms
from tests.audit_support import ROOT, audit_json
from transforms import reasons
from transforms.reasons import CATALOGUE, describe, marker_reason

TRANSFORMS = os.path.join(ROOT, "transforms")
# Calls whose first argument is a reason code (a finding, a field with no counterpart, a method with none).
CODE_CALLS = {"Finding", "none", "no_counterpart"}


def _sources() -> Iterator[str]:
    for folder, _, names in os.walk(TRANSFORMS):
        for name in names:
            if name.endswith(".py") and name != "reasons.py":
                yield os.path.join(folder, name)


def _constants(tree: ast.Module) -> Dict[str, str]:
    return {
        target.id: node.value.value
        for node in tree.body if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets if isinstance(target, ast.Name)
    }


def _code(node: ast.AST, constants: Dict[str, str]):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and node.id in constants:
        return constants[node.id]
    return None


def codes_in_sources() -> Set[str]:
    """Every literal code: first arguments of Finding/none/no_counterpart, `"code": X` entries of
    the records the transforms hand the engine (the types transform's CODE for a marker without
    one), `markers.text(CONST, ...)`."""
    found: Set[str] = set()
    for path in _sources():
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        constants = _constants(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in CODE_CALLS or name == "text" and getattr(node.func, "value", None) is not None:
                    code = _code(node.args[0], constants)
                    if code is not None:
                        found.add(code)
            elif isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values):
                    if isinstance(key, ast.Constant) and key.value == "code":
                        code = _code(value, constants)
                        if code is not None:
                            found.add(code)
    return found


def codes_in_tables() -> Set[str]:
    """The codes built at import time (`run-<field>`, `message-<field>`, `step-<field>`, ...): every
    Finding reachable from the rules' module-level tables."""
    import importlib
    import pkgutil

    from transforms.rules.context import Finding

    seen: Set[int] = set()
    found: Set[str] = set()

    def walk(value, depth=0):
        if id(value) in seen or depth > 6:
            return
        seen.add(id(value))
        if isinstance(value, Finding):
            found.add(value.code)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item, depth + 1)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                walk(item, depth + 1)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name, None), depth + 1)

    import transforms.rules as rules

    for info in pkgutil.iter_modules(rules.__path__):
        module = importlib.import_module(f"transforms.rules.{info.name}")
        for value in vars(module).values():
            walk(value)
    return found


def test_the_scan_finds_codes_of_every_kind():
    # The scan must see literal, constant and generated codes, or the next test proves nothing.
    literal, tables = codes_in_sources(), codes_in_tables()
    assert {"stored-thread-id", "unfilled-entry", "registry-unmerged", "handler-class", "types"} <= literal
    assert {"run-started-at", "message-created-at", "step-usage", "page-first-id"} <= tables


def test_every_code_in_the_sources_is_catalogued():
    missing = sorted((codes_in_sources() | codes_in_tables()) - set(CATALOGUE))
    assert not missing, f"add these reason codes to transforms/reasons.py: {missing}"


def test_every_code_a_real_audit_emits_is_catalogued():
    document = audit_json()
    emitted = set()
    for use in document["uses"]:
        if use["code"]:
            emitted.add(use["code"])
        code, _, _ = marker_reason(use["message"])
        if use["kind"] == "marker" and code:
            emitted.add(code)
    assert len(emitted) > 20  # the corpus exercises many reasons: an empty run would prove nothing
    assert not sorted(emitted - set(CATALOGUE))


def test_the_catalogue_codes_are_anchors():
    for code, reason in CATALOGUE.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code), code
        assert reason.title and reason.help and not reason.title.endswith(".")
        expected = f"{code}-reason" if code in transforms.reasons.TRANSFORM_NAMES else code
        assert reason.anchor == f"docs/reference.md#{expected}"
        assert reason.minutes >= 0


def test_describe_through_the_registry():
    title, help_text, anchor, minutes, follows = transforms.describe("stored-thread-id")
    assert not follows and transforms.describe("kept-with")[4]
    assert "404" in help_text and anchor == "docs/reference.md#stored-thread-id"
    assert title == CATALOGUE["stored-thread-id"].title and minutes == CATALOGUE["stored-thread-id"].minutes
    assert describe("no-such-reason") is None


@pytest.mark.parametrize("message, expected", [
    ("[run-params] runs.create with x: no counterpart known", ("run-params", False, "runs.create with x: no counterpart known")),
    ("note [stored-thread-id] this thread ID ...", ("stored-thread-id", True, "this thread ID ...")),
    ("a marker without a code", ("", False, "a marker without a code")),
])
def test_marker_reason(message, expected):
    assert marker_reason(message) == expected


def test_the_reference_section_matches_the_catalogue():
    with open(os.path.join(ROOT, "docs", "reference.md"), encoding="utf-8") as handle:
        text = handle.read()
    assert reasons.update_reference(text) == text, "run python scripts/reference_reasons.py"
    headings = re.findall(r"^### (.+)$", text.split("## Reasons", 1)[1].split("\n## ", 1)[0], re.M)
    assert headings == [CATALOGUE[code].heading for code in sorted(CATALOGUE)]


def test_reason_headings_do_not_take_a_transforms_anchor():
    assert reasons.TRANSFORM_NAMES == {info.name for info in transforms.REGISTRY}
    assert CATALOGUE["types"].anchor == "docs/reference.md#types-reason"


def test_update_reference_keeps_other_sections():
    text = "# Reference\n\n## Before\n\nmine\n\n## Reasons\n\nSTALE\n\n## After\n\ntheirs\n"
    updated = reasons.update_reference(text)
    assert "mine" in updated and "theirs" in updated and "STALE" not in updated
    assert updated.index("## Before") < updated.index("## Reasons") < updated.index("## After")
    assert reasons.update_reference(updated) == updated
    assert reasons.update_reference("# Reference\n").endswith(reasons.reference_section())
