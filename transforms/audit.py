"""Every Assistants API use in a module, for `audit`: the call sites plus beta types and handlers."""

from __future__ import annotations

from typing import Collection, List, Mapping, Optional, Set, Tuple

import libcst as cst

from libcst.metadata import MetadataWrapper, PositionProvider, Scope, ScopeProvider

from transforms import api
from transforms.collect import collect
from transforms.leftovers import AUTOMATIC, MESSAGES
from transforms.markers import marker_text

# `openai.types.beta.threads.Run`, `openai.resources.beta.threads.Runs`: module paths, not a client.
_MODULE_PATHS = ("types", "resources")


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


class _References(cst.CSTVisitor):
    """API methods and resources named but not called: `sync_to_async(client.beta.threads.create)`,
    `create_run = client.beta.threads.runs.create`, `functools.partial(client.beta.threads.messages.create, ...)`.

    The transforms rewrite calls only, so each of these stays on the Assistants API until a person
    migrates the call it stands for.
    """

    def __init__(self, scopes: Mapping[cst.CSTNode, Optional[Scope]], classes: Collection[str], values: Mapping[cst.CSTNode, cst.BaseExpression]) -> None:
        self.scopes = scopes
        self.classes = classes
        self.values = values
        self.inner: Set[cst.CSTNode] = set()
        self.found: List[Tuple[cst.CSTNode, str, str, str]] = []

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def visit_Call(self, node: cst.Call) -> None:
        self.inner.add(node.func)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        # Only the outermost link of a chain that is not called is a reference; the links inside
        # it are not looked at again (parents are visited before their children).
        self.inner.add(node.value)
        if node in self.inner:
            return
        reference = _reference(node)
        if reference is None:
            return
        receiver, path = reference
        probe = api.ApiCall(call=cst.Call(func=node), receiver=receiver, path=path)
        if api.is_look_alike(probe, self.scopes.get(node), self.classes, self.values):
            return
        dotted = ".".join(path)
        code = cst.Module(body=[]).code_for_node(node)
        what = MESSAGES.get(dotted, f"{dotted}: no automatic rewrite; see the migration reference")
        if path[0] == "vector_stores":
            what = f"{dotted}: moved out of beta, use client.{dotted}"
        self.found.append((
            node, dotted, "rewritten",
            f"{code} is referenced, not called: only calls are rewritten, migrate the call it stands for by hand ({what})",
        ))


def _reference(node: cst.Attribute) -> Optional[Tuple[cst.BaseExpression, Tuple[str, ...]]]:
    """(receiver, path after .beta without wrappers) for `<receiver>.beta.<resource>...`, else None."""
    names: List[str] = []
    current: cst.BaseExpression = node
    while isinstance(current, cst.Attribute):
        names.append(current.attr.value)
        if current.attr.value == "beta" and len(names) > 1:
            path = tuple(reversed(names[:-1]))
            if path[0] not in api.RESOURCES:
                return None
            receiver = current.value
            if isinstance(receiver, cst.Attribute) and receiver.attr.value in _MODULE_PATHS:
                return None
            return receiver, tuple(p for p in path if p not in api.WRAPPERS)
        current = current.value
    return None


def find_uses(module: cst.Module) -> List[Tuple[cst.CSTNode, str, str, str]]:
    """(node, kind, what it becomes when rewritten, what to do when it is not)."""
    collected = collect(module)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    scopes = wrapper.resolve(ScopeProvider)
    uses: List[Tuple[cst.CSTNode, str, str, str]] = []
    for site in collected.sites:
        path = ".".join(site.api.path)
        if api.is_look_alike(site.api, scopes.get(site.stmt), collected.classes, collected.values):
            continue
        # Run on the rewritten module, the marker above a use says why it stayed.
        manual = marker_text(site.stmt) or MESSAGES.get(path, path)
        uses.append((site.api.call, path, AUTOMATIC.get(path, "rewritten"), manual))
    extras = _Extras()
    module.visit(extras)
    uses.extend(extras.found)
    references = _References(scopes, collected.classes, collected.values)
    module.visit(references)
    uses.extend(references.found)
    # Source order (a stable sort keeps calls as they were): the pipeline matches uses in order.
    positions = wrapper.resolve(PositionProvider)
    uses.sort(key=lambda use: (positions[use[0]].start.line, positions[use[0]].start.column))
    return uses
