"""What every transform shares: options, planned edits applied in one pass, import bookkeeping."""

from __future__ import annotations

from typing import Any, Mapping, Optional

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

from transforms.edits import Edits, apply_edit, keep_blocks_valid


class MigrationTransform(VisitorBasedCodemodCommand):
    """A codemod that plans on the untouched module (``plan``) and applies the edits on the way out."""

    NAME = ""

    def __init__(self, context: CodemodContext, options: Optional[Mapping[str, Any]] = None) -> None:
        super().__init__(context)
        self.options: Mapping[str, Any] = options or {}
        self.edits = Edits()

    def plan(self, module: cst.Module) -> Edits:  # pragma: no cover - every transform overrides it
        raise NotImplementedError

    def visit_Module(self, node: cst.Module) -> bool:
        self.edits = self.plan(node)
        for module in self.edits.added_imports:
            AddImportsVisitor.add_needed_import(self.context, module)
        for module in self.edits.maybe_unused:
            RemoveImportsVisitor.remove_unused_import(self.context, module)
            RemoveImportsVisitor.remove_unused_import(self.context, module, "sleep")
        return bool(self.edits)

    def transform_module(self, tree: cst.Module) -> cst.Module:
        first = tree.body[0] if tree.body else None
        result = super().transform_module(tree)
        if result.body and result.body[0] is not first and first is not None:
            result = _without_leading_blank_lines(result)
        return result

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):
        updated = super().on_leave(original_node, updated_node)
        if not self.edits or not isinstance(updated, cst.CSTNode):
            return updated
        if isinstance(updated, cst.IndentedBlock):
            updated = keep_blocks_valid(updated)
        return apply_edit(self.edits, original_node, updated)


def _without_leading_blank_lines(module: cst.Module) -> cst.Module:
    """Removing a file's first statement (often `import time`) must not leave it opening on a blank line."""
    head = module.body[0]
    lines = list(head.leading_lines)
    while lines and lines[0].comment is None and not module.header:
        lines.pop(0)
    return module.with_changes(body=[head.with_changes(leading_lines=lines), *module.body[1:]])
