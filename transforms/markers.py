"""The one-line comment that says what to do by hand, placed above a statement, never twice."""

from __future__ import annotations

from typing import TypeVar, Union

import libcst as cst

PREFIX = "# assistants-to-responses:"

StatementT = TypeVar("StatementT", bound=Union[cst.SimpleStatementLine, cst.BaseCompoundStatement])


def has_marker(stmt: cst.CSTNode) -> bool:
    lines = getattr(stmt, "leading_lines", ())
    return any(line.comment is not None and line.comment.value.startswith(PREFIX) for line in lines)


def add_marker(stmt: StatementT, message: str) -> StatementT:
    """``stmt`` with ``# assistants-to-responses: message`` above it, unless a marker is there."""
    if has_marker(stmt):
        return stmt
    text = " ".join(message.split())
    line = cst.EmptyLine(comment=cst.Comment(f"{PREFIX} {text}"))
    return stmt.with_changes(leading_lines=[*stmt.leading_lines, line])


def marker_text(stmt: cst.CSTNode) -> Union[str, None]:
    """What the marker above ``stmt`` asks for, if it has one."""
    for line in getattr(stmt, "leading_lines", ()):
        if line.comment is not None and line.comment.value.startswith(PREFIX):
            return line.comment.value[len(PREFIX):].strip()
    return None
