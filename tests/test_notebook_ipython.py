"""codemods.ipython: which lines of a cell are IPython's, their placeholders, and putting them back.

The placeholders must keep the cell valid Python with the same number of lines, be recognised
only where IPython recognises its syntax (at the start of a logical line), and come back exactly.
"""

from __future__ import annotations

import ast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codemods import ipython

STEM = "__ipython"
FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


def aside(text: str) -> ipython.SetAside:
    return ipython.set_aside(text, STEM, 0)


def set_aside_lines(text: str) -> list:
    """The original lines each placeholder stands for, in order."""
    return ["".join(lines) for _, lines in sorted(aside(text).originals.items())]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("!pip install openai\nimport os", ["!pip install openai\n"], id="shell"),
        pytest.param("%matplotlib inline\nx = 1", ["%matplotlib inline\n"], id="line-magic"),
        pytest.param("x = 1\n%time y = x", ["%time y = x"], id="line-magic-with-code"),
        pytest.param("?client\nclient?\nclient.beta??\n", ["?client\n", "client?\n", "client.beta??\n"], id="help"),
        pytest.param("files = !ls\na, b = %sx ls\n", ["files = !ls\n", "a, b = %sx ls\n"], id="assigned"),
        pytest.param("for f in files:\n    !echo {f}\n", ["    !echo {f}\n"], id="indented-alone-in-block"),
        pytest.param("%config A.b = \\\n    False\nx = 1", ["%config A.b = \\\n    False\n"], id="continued"),
        pytest.param('NOTE = """\n!important\n%not a magic\n"""\n', [], id="in-a-string"),
        pytest.param("s = 'a\\\n!not magic'\n", [], id="in-a-continued-string"),
        pytest.param("x = f(\n    1,\n)\n!real\n", ["!real\n"], id="after-brackets"),
        pytest.param("total = 1 + \\\n    2\n%who\n", ["%who\n"], id="after-continuation"),
        pytest.param("x = 1  # why?\nprint('what?')\ny = \"a?\"\n", [], id="question-marks-in-python"),
        pytest.param("if x != 1:\n    y = x % 2\n", [], id="operators"),
        pytest.param("%%time\nx = 1\n", ["%%time\n"], id="transparent-cell-magic"),
        pytest.param("a = 1\r\n!ls\r\nb = 2", ["!ls\r\n"], id="crlf"),
    ],
)
def test_what_is_set_aside(text: str, expected: list) -> None:
    assert set_aside_lines(text) == expected
    result = aside(text)
    assert len(ipython.lines_of(result.python)) == len(ipython.lines_of(text))
    assert ipython.restore(result.python, STEM, result.originals) == text


@pytest.mark.parametrize(
    "text",
    [
        "!pip install openai\n%matplotlib inline\nfrom openai import OpenAI\n",
        "for f in files:\n    !echo {f}\n",
        "def f():\n    %time\n    if x:\n        ?x\n    return 1\n",
        "%config A.b = \\\n    False\n",
        "%%capture out\nx = await f()\n",
    ],
)
def test_placeholders_are_valid_python(text: str) -> None:
    python = aside(text).python
    compile(python, "cell", "exec", FLAGS, dont_inherit=True)  # raises SyntaxError if not
    # A placeholder takes its IPython line's place: the lines around it keep their numbers.
    assert python.count("\n") == text.count("\n")
    # Every line that is not IPython stays as it was.
    ipython_text = "".join(set_aside_lines(text))
    kept = [line for line in python.splitlines(True) if "__ipython_" not in line]
    assert "".join(kept) == "".join(line for line in text.splitlines(True) if line not in ipython_text)


def test_a_line_inside_brackets_is_python_not_ipython() -> None:
    """IPython does not see `!x` inside brackets either: the cell does not parse, as in IPython."""
    text = "y = f(\n  !x\n)\n"
    assert set_aside_lines(text) == []
    with pytest.raises(SyntaxError):
        compile(aside(text).python, "cell", "exec", FLAGS, dont_inherit=True)


def test_numbers_continue_across_cells_and_name_the_placeholder() -> None:
    result = ipython.set_aside("!a\n!b\n", STEM, 7)
    assert result.python == "import __ipython_7__\nimport __ipython_8__\n"
    assert ipython.placeholders(result.python, STEM) == [(7, 0), (8, 1)]


def test_cell_magics() -> None:
    assert ipython.cell_magic("%%bash\necho hi") == "bash"
    assert ipython.cell_magic("%%writefile a.py\nx = 1") == "writefile"
    assert ipython.cell_magic(" %%bash\n") is None
    assert ipython.cell_magic("x = 1\n%%bash\n") is None
    assert ipython.is_opaque("%%bash\necho hi")
    assert ipython.is_opaque("%%writefile helper.py\nimport os")
    assert ipython.is_opaque("%%html\n<b>x</b>")
    for transparent in ("%%time\nx = 1", "%%timeit -n1\nx = 1", "%%capture out\nx = 1"):
        assert not ipython.is_opaque(transparent)
    assert not ipython.is_opaque("%time x = 1")


def test_restore_follows_a_reindented_placeholder() -> None:
    result = aside("!echo hi\n")
    moved = "    " + result.python
    assert ipython.restore(moved, STEM, result.originals) == "    !echo hi\n"


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda python: python.replace("import __ipython_1__\n", ""), id="lost"),
        pytest.param(lambda python: python + "import __ipython_0__\n", id="repeated"),
        pytest.param(
            lambda python: python.replace("import __ipython_0__\n", "@@").replace("import __ipython_1__\n", "import __ipython_0__\n").replace("@@", "import __ipython_1__\n"),
            id="reordered",
        ),
        pytest.param(lambda python: python.replace("__ipython_2__1", "other"), id="continuation-changed"),
        pytest.param(lambda python: python + "import __ipython_9__\n", id="foreign"),
    ],
)
def test_restore_refuses_a_disturbed_placeholder(edit) -> None:
    result = aside("!a\n!b\n%config x = \\\n  1\nx = 1\n")
    assert ipython.restore(result.python, STEM, result.originals) is not None
    assert ipython.restore(edit(result.python), STEM, result.originals) is None


def test_free_stem_avoids_user_text() -> None:
    assert ipython.free_stem(["x = 1"]) == "__ipython"
    assert ipython.free_stem(["import __ipython_0__"]) == "__ipython__"
    assert ipython.free_stem(["__ipython", "x = '__ipython__'"]) == "__ipython___"


PYTHON_LINES = [
    "x = 1", "print(x)", "def f():", "    return 2", "s = 'it?'", "# a comment?", "y = [", "    1,", "]",
    "t = '''", "!inside", "'''", "z = 1 + \\", "    2", "if x:", "    pass", "async def g():", "    await h()",
]
IPYTHON_LINES = ["!ls", "%matplotlib inline", "?x", "x?", "files = !ls", "%time f()", "    !echo hi", "%config a = \\", "  1"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PYTHON_LINES + IPYTHON_LINES), max_size=20), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_round_trip_and_line_count(lines, newline, final_newline) -> None:
    text = newline.join(lines) + (newline if final_newline and lines else "")
    result = aside(text)
    assert ipython.restore(result.python, STEM, result.originals) == text
    assert len(ipython.lines_of(result.python)) == len(ipython.lines_of(text))
    # Lines that are not set aside are left exactly as they were.
    kept = [line for line in ipython.lines_of(result.python) if "__ipython_" not in line]
    assert all(line in ipython.lines_of(text) for line in kept)
