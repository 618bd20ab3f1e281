"""Small constructors for the nodes the transforms write, so that call sites read like the output."""

from __future__ import annotations

from typing import Iterable, Optional, Sequence, Set, Union

import libcst as cst

_COMMA_SPACE = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def name(value: str) -> cst.Name:
    return cst.Name(value)


def attr(base: Union[str, cst.BaseExpression], *names: str) -> cst.BaseExpression:
    node: cst.BaseExpression = cst.Name(base) if isinstance(base, str) else base
    for part in names:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


def string(value: str) -> cst.SimpleString:
    return cst.SimpleString(repr_double(value))


def repr_double(value: str) -> str:
    body = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"'


def kwarg(key: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(
        keyword=cst.Name(key),
        value=value,
        equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")),
    )


def dict_of(items: Sequence[tuple]) -> cst.Dict:
    elements = []
    for index, (key, value) in enumerate(items):
        key_node = string(key) if isinstance(key, str) else key
        comma = _COMMA_SPACE if index < len(items) - 1 else cst.MaybeSentinel.DEFAULT
        elements.append(cst.DictElement(key=key_node, value=value, comma=comma))
    return cst.Dict(elements=elements)


def equals(left: cst.BaseExpression, text: str, negate: bool = False) -> cst.Comparison:
    """`<left> == "text"` (or `!=`)."""
    operator = cst.NotEqual() if negate else cst.Equal()
    return cst.Comparison(left=left, comparisons=[cst.ComparisonTarget(operator=operator, comparator=string(text))])


def list_of(values: Sequence[cst.BaseExpression]) -> cst.List:
    elements = []
    for index, value in enumerate(values):
        comma = _COMMA_SPACE if index < len(values) - 1 else cst.MaybeSentinel.DEFAULT
        elements.append(cst.Element(value=value, comma=comma))
    return cst.List(elements=elements)


def call(func: cst.BaseExpression, args: Iterable[cst.Arg]) -> cst.Call:
    """A call whose arguments are separated by ", " (the original's layout is not kept)."""
    args = list(args)
    laid_out = []
    for index, arg in enumerate(args):
        comma = _COMMA_SPACE if index < len(args) - 1 else cst.MaybeSentinel.DEFAULT
        laid_out.append(arg.with_changes(comma=comma))
    return cst.Call(func=func, args=laid_out)


def maybe_await(expr: cst.BaseExpression, awaited: bool) -> cst.BaseExpression:
    return cst.Await(expression=expr) if awaited else expr


def assign(target: str, value: cst.BaseExpression) -> cst.Assign:
    return cst.Assign(targets=[cst.AssignTarget(target=cst.Name(target))], value=value)


def line(small: cst.BaseSmallStatement, like: Optional[cst.SimpleStatementLine] = None) -> cst.SimpleStatementLine:
    """A statement line; ``like`` lends its leading comments and trailing whitespace."""
    if like is None:
        return cst.SimpleStatementLine(body=[small])
    return like.with_changes(body=[small])


def dict_literal_items(node: cst.BaseExpression) -> Optional[dict]:
    """{"key": value} for a dict literal whose keys are all plain strings, else None."""
    if not isinstance(node, cst.Dict):
        return None
    out = {}
    for element in node.elements:
        if not isinstance(element, cst.DictElement) or not isinstance(element.key, cst.SimpleString):
            return None
        out[element.key.evaluated_value] = element.value
    return out


def literal_string(node: Optional[cst.BaseExpression]) -> Optional[str]:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def call_multiline(func: cst.BaseExpression, args: Sequence[cst.Arg], limit: int = 88, indent: str = "") -> cst.Call:
    """The call on one line when it fits in ``limit`` columns, else one argument per line."""
    flat = call(func, args)
    if len(indent) + len(cst.Module(body=[]).code_for_node(flat)) <= limit or not args:
        return flat

    def newline(extra: str) -> cst.ParenthesizedWhitespace:
        return cst.ParenthesizedWhitespace(
            first_line=cst.TrailingWhitespace(), empty_lines=[], indent=True, last_line=cst.SimpleWhitespace(extra)
        )

    laid_out = []
    for index, arg in enumerate(args):
        last = index == len(args) - 1
        laid_out.append(arg.with_changes(comma=cst.Comma(whitespace_after=newline("" if last else "    "))))
    return cst.Call(func=func, args=laid_out, whitespace_before_args=newline("    "))


class Requote(cst.CSTTransformer):
    """Strings in the quote the f-strings around them do not use: before Python 3.12, code inside
    an f-string cannot use its quote (``forbidden``)."""

    def __init__(self, forbidden: Set[str]) -> None:
        super().__init__()
        self.forbidden = forbidden

    def leave_SimpleString(self, original_node: cst.SimpleString, updated_node: cst.SimpleString) -> cst.SimpleString:
        value = updated_node.value
        prefix_end = len(value) - len(value.lstrip("rRbBuU"))
        quote = value[prefix_end]
        if quote not in self.forbidden or value[prefix_end:prefix_end + 3] == quote * 3:
            return updated_node
        other = "'" if quote == '"' else '"'
        body = value[prefix_end + 1:-1]
        if other in self.forbidden or other in body:
            return updated_node
        return updated_node.with_changes(value=f"{value[:prefix_end]}{other}{body}{other}")
