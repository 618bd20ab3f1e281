"""Test-only transforms for the notebook path of the engine (built as the pipeline builds stages).

- ``RecordOptions``: the rename of engine_support, and it keeps the options and module text it got;
- ``DropCellLines``: removes the engine's lines between cells (a rewrite that merges cells);
- ``DropIPythonLines``: removes the placeholders of IPython lines;
- ``PrependLines``: adds two imports at the top of the module (shifting every later line).
"""

from __future__ import annotations

from typing import Any, Dict, List

import libcst as cst

from codemods.runner import StageSpec
from tests.engine_support import TRIGGER, RenameBetaVectorStores, _TestTransform

SEEN: List[Dict[str, Any]] = []


class RecordOptions(RenameBetaVectorStores):
    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        SEEN.append({"options": dict(self.options), "code": tree.code})
        return super().transform_module_impl(tree)


def _is_cell_line(stmt: cst.CSTNode) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, cst.Name)
        and stmt.body[0].value.value.startswith("__ipython")
    )


def _is_placeholder(stmt: cst.CSTNode) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and isinstance(stmt.body[0], cst.Import)
        and cst.Module(body=[]).code_for_node(stmt.body[0].names[0].name).startswith("__ipython")
    )


class DropCellLines(_TestTransform):
    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        return tree.with_changes(body=[s for s in tree.body if not _is_cell_line(s)])


class DropIPythonLines(_TestTransform):
    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        return tree.with_changes(body=[s for s in tree.body if not _is_placeholder(s)])


class PrependLines(_TestTransform):
    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        added = [cst.parse_statement("import json"), cst.parse_statement("import math")]
        return tree.with_changes(body=[*added, *tree.body])


PREPEND = StageSpec("prepend-lines", "tests.notebook_support:PrependLines", (TRIGGER,))
RECORD = StageSpec("record-options", "tests.notebook_support:RecordOptions", (TRIGGER,))
DROP_CELL_LINES = StageSpec("drop-cell-lines", "tests.notebook_support:DropCellLines", (TRIGGER,))
DROP_IPYTHON_LINES = StageSpec("drop-ipython-lines", "tests.notebook_support:DropIPythonLines", (TRIGGER,))
