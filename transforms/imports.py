"""Imports a rewrite needs, added after the module's last top-level import (once).

libcst's AddImportsVisitor walks the module again with fresh metadata, which costs a hit file
more than ten parses; a look at the module's top-level statements is all it takes.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst


def _imports(module: cst.Module, dotted: str) -> bool:
    for stmt in module.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.Import) and any(
                    cst.Module(body=[]).code_for_node(a.name) == dotted and a.asname is None for a in small.names
                ):
                    return True
    return False


def _is_import(stmt: cst.CSTNode) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and any(isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body)


def _is_docstring(stmt: cst.CSTNode) -> bool:
    return (
        isinstance(stmt, cst.SimpleStatementLine)
        and isinstance(stmt.body[0], cst.Expr)
        and isinstance(stmt.body[0].value, (cst.SimpleString, cst.ConcatenatedString))
    )


def _imports_from(module: cst.Module, source: str, name: str) -> bool:
    for stmt in module.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if (
                    isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative
                    and not isinstance(small.names, cst.ImportStar)
                    and cst.Module(body=[]).code_for_node(small.module) == source
                    and any(a.evaluated_name == name and a.asname is None for a in small.names)
                ):
                    return True
    return False


def add_import(module: cst.Module, dotted: str) -> cst.Module:
    """`import <dotted>` (or `from <m> import <name>`, given as such) after the module's last top-level import."""
    if dotted.startswith("from "):
        source, _, name = dotted[len("from "):].partition(" import ")
        if _imports_from(module, source, name):
            return module
        line = cst.SimpleStatementLine(body=[cst.ImportFrom(
            module=cst.parse_expression(source), names=[cst.ImportAlias(name=cst.Name(name))],
        )])
        return _insert_import(module, line)
    if _imports(module, dotted):
        return module
    head, *rest = dotted.split(".")
    node: cst.BaseExpression = cst.Name(head)
    for part in rest:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return _insert_import(module, cst.SimpleStatementLine(body=[cst.Import(names=[cst.ImportAlias(name=node)])]))


def _insert_import(module: cst.Module, line: cst.SimpleStatementLine) -> cst.Module:
    body = list(module.body)
    position: Optional[int] = None
    for index, stmt in enumerate(body):
        if _is_import(stmt):
            position = index + 1
        elif isinstance(stmt, cst.SimpleStatementLine) or isinstance(stmt, cst.BaseCompoundStatement):
            if position is not None or not (index == 0 and _is_docstring(stmt)):
                break
    if position is None:
        position = 1 if body and _is_docstring(body[0]) else 0
    body.insert(position, line)
    return module.with_changes(body=body)
