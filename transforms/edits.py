"""Planned edits keyed by the original nodes, and the transformer mixin that applies them.

Planners decide on the untouched tree (with its metadata); the edits are applied bottom-up in
the same pass, so a statement's replacement is built from its already-edited children.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Set, Tuple, Union

import libcst as cst

from transforms.markers import add_marker, refresh

StmtResult = Union[cst.BaseStatement, cst.FlattenSentinel, cst.RemovalSentinel]


@dataclass
class Edits:
    statements: Dict[cst.CSTNode, Callable[[cst.CSTNode], StmtResult]] = field(default_factory=dict)
    removals: Set[cst.CSTNode] = field(default_factory=set)
    # Statements that vanish inside a statement edit (a polling loop reduced to its status checks).
    dropped: Set[cst.CSTNode] = field(default_factory=set)
    expressions: Dict[cst.CSTNode, Callable[[cst.CSTNode], cst.CSTNode]] = field(default_factory=dict)
    renames: Dict[cst.Name, str] = field(default_factory=dict)
    markers: Dict[cst.CSTNode, str] = field(default_factory=dict)
    # Statements whose markers this transform owns: they are replaced by the one in ``markers``
    # (or go, if it has none), so that a stale one does not outlive its reason. The value limits
    # the markers replaced to those codes (None: every marker other than notes).
    refresh: Dict[cst.CSTNode, Optional[Tuple[str, ...]]] = field(default_factory=dict)
    # Imported names that may have become unused (transforms.imports checks before removing).
    maybe_unused: Set[str] = field(default_factory=set)
    added_imports: List[str] = field(default_factory=list)
    # Module helper functions already scheduled for insertion (transforms.tool_sources.add_helper).
    added_helpers: Set[str] = field(default_factory=set)

    def mark(self, stmt: cst.CSTNode, message: str) -> None:
        self.markers.setdefault(stmt, message)

    def __bool__(self) -> bool:
        return bool(self.statements or self.removals or self.expressions or self.renames or self.markers or self.refresh)


def apply_edit(edits: Edits, original: cst.CSTNode, updated: cst.CSTNode):
    if original in edits.removals:
        return cst.RemoveFromParent()
    if isinstance(original, cst.Name) and original in edits.renames:
        return updated.with_changes(value=edits.renames[original])
    build = edits.expressions.get(original)
    if build is not None:
        return build(updated)
    build = edits.statements.get(original)
    result = build(updated) if build is not None else updated
    message = edits.markers.get(original)
    if not isinstance(result, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
        return result
    if original in edits.refresh:
        codes = edits.refresh[original]
        only = None if codes is None else (lambda group: group.code in codes)
        result = refresh(result, [message] if message else [], True, only)
    elif message is not None:
        result = add_marker(result, message)
    return result


def keep_blocks_valid(updated: cst.IndentedBlock) -> cst.IndentedBlock:
    """A block whose statements were all removed gets `pass`, so the output still parses."""
    if updated.body:
        return updated
    return updated.with_changes(body=[cst.SimpleStatementLine(body=[cst.Pass()])])
