"""The spliced print of a rewritten module (codemods.splice) is exactly libcst's ``module.code``.

Generated modules mix header comments, blank lines, form feeds, comments between and inside
statements, decorators (one parenthesized over lines), semicolons, multi-line strings, backslash
continuations, with LF, CRLF or CR newlines and sometimes no final newline; some top-level
statements are then replaced, dropped or added, as a rewrite does.
"""

from __future__ import annotations

import ast
import re

import libcst as cst
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codemods.splice import first_lines, laid_out, spliced

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

STATEMENTS = [
    "import os\n",
    "x = 1\n",
    "a = 1; b = 2\n",
    "a = 1; b = 2;\n",
    "def f(a,\n      b):\n    return a + b\n",
    "def g():\n    pass\n    # trailing, indented\n",
    "def h():\n    x = 1\n\n    # inside, after a blank line\n    return x\n",
    "@decorate\ndef d():\n    pass\n",
    "@one\n# between decorators\n@two(3)\nclass C:\n    y = 2\n",
    "@(\n    decorate\n)\ndef p():\n    pass\n",
    "s = '''\nmulti\n\n# not a comment\n'''\n",
    "t = (1,\n     2)\n",
    "u = 1 + \\\n    2\n",
    "if x:\n    y = 1\nelse:\n    y = 2\n",
    "class K: pass\n",
    "async def co():\n    await thing()\n",
    "for i in range(3): print(i); print(-i)\n",
    "(\n    value\n)\n",
    "try:\n    pass\nexcept OSError :\n    pass\n",
    "try:\n    pass\nexcept (A,\n        B) :\n    pass\n",
    "try:\n    pass\nexcept OSError as e :\n    pass\n",
    "try:\n    pass\nexcept errors[0:1] :\n    pass\n",
    "try:\n    pass\nexcept (lambda: E)() :\n    pass\n",
    "d = {'a' : 1}\n",
]
BETWEEN = ["", "\n", "# comment\n", "\n\n", "\x0c\n", "  # indented comment\n", "\\\n", "\x0c# after a form feed\n"]
HEADERS = ["", "#!/usr/bin/env python\n", "# -*- coding: utf-8 -*-\n\n", "# header\n\n# more\n"]
FOOTERS = ["", "# footer\n", "\n# footer\n"]
NEW = ["y = 42\n", "# a marker\ndef new():\n    return 1\n", "\nz = 3\n", "@dec\nclass New:\n    pass\n"]


@st.composite
def modules(draw):
    parts = [draw(st.sampled_from(HEADERS))]
    for _ in range(draw(st.integers(1, 8))):
        parts.append(draw(st.sampled_from(BETWEEN)))
        parts.append(draw(st.sampled_from(STATEMENTS)))
    parts.append(draw(st.sampled_from(FOOTERS)))
    text = "".join(parts)
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = text.replace("\n", newline)
    if draw(st.booleans()) and draw(st.booleans()):
        text = text[: -len(newline)]
    return text


def _parsed(text):
    try:
        tree = compile(text, "<test>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError:
        return None, None
    try:
        return cst.parse_module(text), first_lines(tree)
    except cst.ParserSyntaxError:  # (a line of a lone backslash before a compound statement)
        return None, None


@SETTINGS
@given(modules(), st.data())
def test_spliced_print_is_libcsts_print(text, data):
    module, starts = _parsed(text)
    if module is None:
        return
    printed = laid_out(module, text, starts)
    if printed is None:
        return
    for i, stmt in enumerate(module.body):
        assert text[printed.offsets[i]: printed.offsets[i + 1]] == module.code_for_node(stmt)
    body = list(module.body)
    for i in range(len(body)):
        if data.draw(st.booleans()):
            body[i] = body[i].deep_clone()  # same code, new object: printed by libcst
    if data.draw(st.booleans()):
        newline = module.default_newline
        new = cst.parse_module(data.draw(st.sampled_from(NEW)).replace("\n", newline)).body[0]
        body.insert(data.draw(st.integers(0, len(body))), new)
    if len(body) > 1 and data.draw(st.booleans()):
        body.pop(data.draw(st.integers(0, len(body) - 1)))
    header = module.header if data.draw(st.booleans()) else [*module.header, cst.EmptyLine(comment=cst.Comment("# added"))]
    rewritten = module.with_changes(body=body, header=header)
    result = spliced(rewritten, printed)
    assert result is not None
    assert result.text == rewritten.code
    assert module.code == text  # (what is copied is what libcst would print)
    # Its lines are those of its offsets (a next stage's layout is this one).
    for offset, line in zip(result.offsets, result.lines):
        assert line == len(re.findall(r"\r\n|\r|\n", result.text[:offset])) + 1
    for i, stmt in enumerate(rewritten.body):
        assert result.text[result.offsets[i]: result.offsets[i + 1]] == rewritten.code_for_node(stmt)


def test_a_plain_module_is_laid_out():
    text = "# header\n\nimport os\n\n\n@decorate\ndef f():\n    pass\n# footer\n"
    module, starts = _parsed(text)
    printed = laid_out(module, text, starts)
    assert printed is not None
    assert printed.lines == [3, 4, 9]  # (blank lines lead the statement below them)
    changed = module.with_changes(body=[module.body[0], cst.parse_statement("x = 1\n")])
    assert spliced(changed, printed).text == "# header\n\nimport os\nx = 1\n# footer\n"


def test_what_does_not_line_up_is_refused():
    # A backslash line joins two physical lines in one of libcst's empty lines; a parenthesized
    # decorator starts a line above what CPython reports; no final newline is libcst's to drop;
    # libcst prints `except X :` as `except X:`.
    for text in ("x = 1\n\\\n\ny = 2\n", "@(\n    d\n)\ndef f(): pass\n", "x = 1\ny = 2",
                 "try:\n    pass\nexcept OSError :\n    pass\n", "try:\n    pass\nexcept errors[0:1] :\n    pass\n"):
        module, starts = _parsed(text)
        assert laid_out(module, text, starts) is None, text
