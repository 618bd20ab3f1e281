"""The step after the files: the prompt registry module the migrated code imports.

Each file's pass reports the assistants it names and whether its rewrite imports the registry
(`facts`); this step, run once per `apply` / `audit`, says what the registry module must become:
written when it is missing and needed, merged when entries are missing, and each entry not
filled in yet as a finding (the first call through it raises MissingPromptSettings).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Tuple

from transforms import registry_module
from transforms.options import SOURCE, STATEMENT_LINES
from transforms.registry_module import AssistantRef

if TYPE_CHECKING:
    from transforms.facts import Facts

UNFILLED = "unfilled-entry"
CANNOT_MERGE = "registry-unmerged"


def facts(facts_: "Facts", options: Mapping[str, object], imports_registry: bool) -> Optional[Dict[str, Any]]:
    """What one file tells the project step (picklable), or None when it has nothing to say."""
    from transforms.registry_refs import find  # libcst: only in the workers that parse

    source = options.get(SOURCE)
    lines = options.get(STATEMENT_LINES)
    refs = find(facts_, module_name(options), source if isinstance(source, str) else None,
                lines if isinstance(lines, list) else None)
    if not refs and not imports_registry:
        return None
    return {"refs": [ref.as_tuple() for ref in refs], "imports": imports_registry}


def module_name(options: Mapping[str, object]) -> str:
    return str(options.get("prompt-registry") or "prompt_registry")


def module_path(options: Mapping[str, object], root: str) -> str:
    return os.path.normpath(os.path.join(root, module_name(options).replace(".", os.sep) + ".py"))


def located(collected: Sequence[Tuple[str, Mapping[str, Any]]]) -> List[Tuple[str, AssistantRef]]:
    return [(path, AssistantRef(*ref)) for path, told in collected for ref in told.get("refs", ())]


def finish(root: str, options: Mapping[str, object], collected: Sequence[Tuple[str, Mapping[str, Any]]]) -> List[Dict[str, Any]]:
    """The registry file as it must be (``after``; None: no registry) and its findings, as records
    for the engine: ``apply`` writes ``after``, a dry run shows its diff, ``audit`` its findings."""
    path = module_path(options, root)
    found = [(os.path.relpath(where, root), ref) for where, ref in located(collected)]
    # Written when the rewritten code imports it; brought up to date when it exists. Assistants named
    # only by calls the run leaves do not make one (`prompts --write` does, when asked).
    needed = any(told.get("imports") for _, told in collected)
    existing = _read(path)
    if existing is None and not needed:
        return []
    display = os.path.relpath(path)
    if display.startswith(".."):
        display = os.path.abspath(path)
    try:
        after = registry_module.write_text(existing, found)
        unfilled = registry_module.unfilled(after) if after is not None else []
    except registry_module.RegistryError as exc:
        return [{"path": display, "before": existing, "after": existing, "findings": [{
            "line": 1, "col": 1, "kind": "registry", "code": CANNOT_MERGE, "level": "manual",
            "message": f"{display} cannot be brought up to date: {exc}",
        }]}]
    findings = [{
        # The entry's own "Not filled in yet" comment marks it: a known to-do for --allow-marked.
        "line": u.line, "col": 5, "kind": "registry", "code": UNFILLED, "level": "manual", "marked": True,
        "message": f"assistant {u.id!r} is not filled in yet (used at {u.referenced_at or 'unknown'}): copy its "
                   "model, instructions and tools into this entry; until then its calls raise MissingPromptSettings",
    } for u in unfilled]
    return [{"path": display, "before": existing, "after": after, "findings": findings}]


def _read(path: str) -> Optional[str]:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        return None
