"""Every Assistants API use in a module, for `audit`: the call sites plus beta types and handlers."""

from __future__ import annotations

from typing import List, Tuple

import libcst as cst

from libcst.metadata import MetadataWrapper, ScopeProvider

from transforms import api
from transforms.collect import collect
from transforms.leftovers import AUTOMATIC, MESSAGES


class _Extras(cst.CSTVisitor):
    """Uses that are not calls: `openai.types.beta` imports and AssistantEventHandler subclasses."""

    def __init__(self) -> None:
        self.found: List[Tuple[cst.CSTNode, str, str, str]] = []

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = cst.Module(body=[]).code_for_node(node.module) if node.module is not None else ""
        if module.startswith("openai.types.beta"):
            self.found.append((node, "types", "Responses / Conversations types (transform types)", f"import from {module}: use the Responses / Conversations types"))

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        for base in node.bases:
            code = cst.Module(body=[]).code_for_node(base.value)
            if code.endswith("AssistantEventHandler"):
                self.found.append((node, "streaming", "a plain class driven from a responses.stream event loop", f"{node.name.value} subclasses {code}: use a responses.stream event loop"))


def find_uses(module: cst.Module) -> List[Tuple[cst.CSTNode, str, str, str]]:
    """(node, kind, what it becomes when rewritten, what to do when it is not)."""
    collected = collect(module)
    scopes = MetadataWrapper(module, unsafe_skip_copy=True).resolve(ScopeProvider)
    uses: List[Tuple[cst.CSTNode, str, str, str]] = []
    for site in collected.sites:
        path = ".".join(site.api.path)
        if api.is_look_alike(site.api, scopes.get(site.stmt), collected.classes, collected.values):
            continue
        uses.append((site.api.call, path, AUTOMATIC.get(path, "rewritten"), MESSAGES.get(path, path)))
    extras = _Extras()
    module.visit(extras)
    uses.extend(extras.found)
    return uses
