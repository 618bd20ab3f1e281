"""Import bookkeeping decided from the scope analysis the transforms already did.

libcst's AddImportsVisitor / RemoveImportsVisitor each walk the module again with fresh
metadata, which costs a hit file more than ten parses; the planners already know which
references they removed, so the same decisions are taken here from that knowledge.
"""

from __future__ import annotations

from typing import Callable, Collection, Optional

import libcst as cst

from transforms.collect import Collected
from transforms.edits import Edits


def _bound_name(alias: cst.ImportAlias) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    node = alias.name
    while isinstance(node, cst.Attribute):
        node = node.value
    return node.value if isinstance(node, cst.Name) else ""


def drop_unused(collected: Collected, scope_of: Callable, edits: Edits, candidates: Collection[str]) -> None:
    """Remove top-level imports of ``candidates`` whose every use lies in code the edits remove."""
    removed = edits.removals | edits.dropped
    for stmt in collected.module.body:
        if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
            continue
        small = stmt.body[0]
        if not isinstance(small, (cst.Import, cst.ImportFrom)) or isinstance(small.names, cst.ImportStar):
            continue
        if isinstance(small, cst.ImportFrom) and (small.relative or small.module is None):
            continue
        scope = scope_of(stmt)
        if scope is None:
            continue
        dead = []
        for alias in small.names:
            name = _bound_name(alias)
            module = cst.Module(body=[]).code_for_node(small.module) if isinstance(small, cst.ImportFrom) else name
            if module not in candidates and name not in candidates:
                continue
            references = [a.node for assignment in scope.assignments[name] for a in assignment.references]
            # Only an import the rewrite made unused goes; one that was unused before stays.
            if references and all(any(collected.inside(node, gone) for gone in removed) for node in references):
                dead.append(alias)
        if not dead:
            continue
        if len(dead) == len(small.names):
            edits.removals.add(stmt)
            continue
        kept = [a for a in small.names if a not in dead]

        def rebuild(updated: cst.SimpleStatementLine, kept_names=tuple(_bound_name(a) for a in kept)) -> cst.SimpleStatementLine:
            node = updated.body[0]
            names = [a for a in node.names if _bound_name(a) in kept_names]
            names[-1] = names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            return updated.with_changes(body=[node.with_changes(names=names)])

        edits.statements[stmt] = rebuild


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
