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

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):
        updated = super().on_leave(original_node, updated_node)
        if not self.edits or not isinstance(updated, cst.CSTNode):
            return updated
        if isinstance(updated, cst.IndentedBlock):
            updated = keep_blocks_valid(updated)
        return apply_edit(self.edits, original_node, updated)
