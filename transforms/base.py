"""What every transform shares: options, planned edits applied in one pass, import bookkeeping."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Set

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from transforms.edits import Edits, apply_edit, keep_blocks_valid
from transforms.imports import add_import
from transforms import markers
from transforms.markers import PREFIX, layout
from transforms.options import REPORT_USES


class MigrationTransform(cst.MetadataDependent):
    """A stage that plans on the untouched module (``plan``) and applies the edits in one pass.

    The pass only descends into nodes on the way to an edit: everything else is handed back as
    it is, which keeps the cost of a hit file close to that of its analysis.
    """

    NAME = ""

    # Not libcst's Codemod: importing libcst.codemod (its matchers) costs every run that parses
    # about 0.15 s of start-up, for nothing this uses; ``context`` is the engine's (``filename``,
    # ``scratch``).
    def __init__(self, context: Any, options: Optional[Mapping[str, Any]] = None) -> None:
        super().__init__()
        self.context = context
        self.options: Mapping[str, Any] = options or {}

    def plan(self, module: cst.Module) -> Edits:  # pragma: no cover - every transform overrides it
        raise NotImplementedError

    def transform_module(self, tree: cst.Module) -> cst.Module:
        tree = _header_marker_to_first_statement(tree)
        # Each stage receives a tree no one else holds (the parser's, or the previous stage's
        # output), so the defensive deep copy MetadataWrapper makes by default buys nothing.
        wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
        with self.resolve(wrapper):
            edits = self.plan(tree)
        if self.options.get(REPORT_USES) and edits.markers:
            self.context.scratch[REPORT_USES] = self._marked_uses(wrapper, edits)
        if not edits:
            return layout(tree)
        result = tree.visit(_Applier(edits, _hot_nodes(self._parents, edits)))
        for dotted in dict.fromkeys(edits.added_imports):
            result = add_import(result, dotted)
        first = tree.body[0] if tree.body else None
        if result.body and first is not None and result.body[0] is not first:
            result = _without_leading_blank_lines(result)
        return layout(result)

    def _marked_uses(self, wrapper: MetadataWrapper, edits: Edits) -> List[Dict[str, object]]:
        """What an audit reports of this transform: the statements it marks."""
        positions = wrapper.resolve(PositionProvider)
        out: List[Dict[str, object]] = []
        for stmt, message in edits.markers.items():
            start = positions[stmt].start
            found = markers.codes([message])
            out.append({"line": start.line, "col": start.column + 1, "kind": self.NAME, "level": "manual",
                        "code": found[0] if found else self.NAME, "message": message, "transform": self.NAME,
                        "marked": markers.has_marker(stmt)})
        return out

    # Planners record parents while they walk; the applier uses them to find the edits' paths.
    _parents: Mapping[cst.CSTNode, cst.CSTNode] = {}


def _hot_nodes(parents: Mapping[cst.CSTNode, cst.CSTNode], edits: Edits) -> Optional[Set[cst.CSTNode]]:
    """Every node on the path from the module to an edit; None when the parents are unknown."""
    if not parents:
        return None
    hot: Set[cst.CSTNode] = set()
    targets = [*edits.statements, *edits.removals, *edits.expressions, *edits.renames, *edits.markers, *edits.refresh]
    for node in targets:
        while node is not None and node not in hot:
            hot.add(node)
            node = parents.get(node)
    return hot


class _Applier(cst.CSTTransformer):
    def __init__(self, edits: Edits, hot: Optional[Set[cst.CSTNode]]) -> None:
        super().__init__()
        self.edits = edits
        self.hot = hot

    def on_visit(self, node: cst.CSTNode) -> bool:
        return self.hot is None or node in self.hot or isinstance(node, cst.Module)

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):
        if isinstance(updated_node, cst.IndentedBlock):
            updated_node = keep_blocks_valid(updated_node)
        return apply_edit(self.edits, original_node, updated_node)


def _header_marker_to_first_statement(module: cst.Module) -> cst.Module:
    """A marker above the first statement parses into the module header: hand it back to the
    statement (the code is the same), so that the marker is seen there and never added twice."""
    if not module.body:
        return module
    header = list(module.header)
    marked = [i for i, line in enumerate(header) if line.comment is not None and line.comment.value.startswith(PREFIX)]
    if not marked:
        return module
    start = marked[0]
    first = module.body[0]
    return module.with_changes(
        header=header[:start],
        body=[first.with_changes(leading_lines=[*header[start:], *first.leading_lines]), *module.body[1:]],
    )


def _without_leading_blank_lines(module: cst.Module) -> cst.Module:
    """Removing a file's first statement (often `import time`) must not leave it opening on a blank line."""
    head = module.body[0]
    lines = list(head.leading_lines)
    while lines and lines[0].comment is None and not module.header:
        lines.pop(0)
    return module.with_changes(body=[head.with_changes(leading_lines=lines), *module.body[1:]])
