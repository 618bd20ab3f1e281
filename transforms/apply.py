"""Planned edits keyed by the original nodes, applied bottom-up in one pass over the paths that need them.

Rules decide on the untouched tree (with its facts); each edit builds its node from the node as
the edits below it left it, so a call's replacement holds its rewritten arguments. Only the nodes
on the way to an edit are visited: the rest of the tree is handed back as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Mapping, Optional, Set, Union

import libcst as cst

from transforms import markers

StmtResult = Union[cst.BaseStatement, cst.FlattenSentinel, cst.RemovalSentinel]


@dataclass
class Edits:
    expressions: Dict[cst.CSTNode, Callable[[cst.CSTNode], cst.CSTNode]] = field(default_factory=dict)
    statements: Dict[cst.CSTNode, Callable[[cst.CSTNode], StmtResult]] = field(default_factory=dict)
    removals: Set[cst.CSTNode] = field(default_factory=set)
    # Marker texts per statement, and the statements whose old markers are replaced (they still
    # hold Assistants code, or held it before this run).
    markers: Dict[cst.CSTNode, List[str]] = field(default_factory=dict)
    refresh: Set[cst.CSTNode] = field(default_factory=set)
    # Statements that hold no Assistants call but still carry a marker of this transform (the
    # user migrated the call by hand): the marker goes.
    sweep: Set[cst.CSTNode] = field(default_factory=set)
    module: Optional[Callable[[cst.Module], cst.Module]] = None

    def mark(self, statement: cst.CSTNode, text: str) -> None:
        found = self.markers.setdefault(statement, [])
        if text not in found:
            found.append(text)

    def targets(self) -> List[cst.CSTNode]:
        return [*self.expressions, *self.statements, *self.removals, *self.markers, *self.refresh, *self.sweep]

    def __bool__(self) -> bool:
        return bool(
            self.expressions or self.statements or self.removals or self.markers or self.refresh or self.sweep or self.module
        )


def hot_nodes(parents: Mapping[cst.CSTNode, cst.CSTNode], edits: Edits) -> Set[cst.CSTNode]:
    """Every node on the path from the module to an edit."""
    hot: Set[cst.CSTNode] = set()
    for node in edits.targets():
        current: Optional[cst.CSTNode] = node
        while current is not None and current not in hot:
            hot.add(current)
            current = parents.get(current)
    return hot


class Applier(cst.CSTTransformer):
    def __init__(self, edits: Edits, hot: Set[cst.CSTNode]) -> None:
        super().__init__()
        self.edits = edits
        self.hot = hot

    def on_visit(self, node: cst.CSTNode) -> bool:
        # Nothing inside a removed statement is built (its rewrites would ask for helpers in vain).
        return (node in self.hot or isinstance(node, cst.Module)) and node not in self.edits.removals

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):  # type: ignore[override]
        edits = self.edits
        if isinstance(updated_node, cst.IndentedBlock) and not updated_node.body:
            updated_node = updated_node.with_changes(body=[cst.SimpleStatementLine(body=[cst.Pass()])])
        if original_node in edits.removals:
            return cst.RemoveFromParent()
        build = edits.expressions.get(original_node)
        if build is not None:
            return build(updated_node)
        build_stmt = edits.statements.get(original_node)
        result = build_stmt(updated_node) if build_stmt is not None else updated_node
        texts = edits.markers.get(original_node, ())
        if (texts or original_node in edits.refresh) and isinstance(result, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            result = markers.refresh(result, texts, original_node in edits.refresh)
        elif (texts or original_node in edits.refresh) and isinstance(result, cst.FlattenSentinel) and result.nodes:
            # A statement rebuilt as several: its markers go above the first of them.
            first = result.nodes[0]
            if isinstance(first, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
                result = cst.FlattenSentinel([markers.refresh(first, texts, original_node in edits.refresh), *result.nodes[1:]])
        if original_node in edits.sweep and isinstance(result, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            result = markers.refresh(result, (), True, markers.swept)
        if isinstance(original_node, cst.Module) and edits.module is not None:
            assert isinstance(result, cst.Module)
            result = edits.module(result)
        return result


def apply(module: cst.Module, parents: Mapping[cst.CSTNode, cst.CSTNode], edits: Edits) -> cst.Module:
    if not edits:
        return module
    result = module.visit(Applier(edits, hot_nodes(parents, edits)))
    assert isinstance(result, cst.Module)
    return result
