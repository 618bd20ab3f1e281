"""Hypothesis properties of notebooks through the real registry.

Generated notebooks mix the engine property tests' Assistants snippets (one per cell or several),
look-alike mentions, IPython lines (also inside blocks), cell magics, markdown and raw cells, with
outputs and metadata, written by the writers of test_notebook_format:
- a notebook with no Assistants use comes back byte for byte, and is never written;
- otherwise the output is valid for nbformat, only code cells' sources changed, every IPython line
  and every non-Python cell magic is where it was, and each cell compiles on its own;
- a second run changes nothing.
"""

from __future__ import annotations

import ast
import copy
import json

import nbformat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codemods import ipython
from codemods.results import Status
from codemods.runner import process_data
from tests.test_engine_properties import LOOK_ALIKES, REAL, USES
from tests.test_notebook_format import WRITERS, code, doc_of, markdown

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
IPYTHON = ["!pip install --quiet openai", "%matplotlib inline", "client?", "files = !ls", "%env A=1"]
PLAIN = ["x = 1", "print('héllo ✓')", "for i in range(2):\n    !echo {i}\n    print(i)", "async def f():\n    return 1\nawait f()"]
OPAQUE = ["%%bash\necho client.beta.threads.create()", "%%writefile t.py\nclient.beta.vector_stores.list()\n"]


@st.composite
def notebooks(draw, with_uses: bool):
    cells = [code(("!pip install openai\n" if draw(st.booleans()) else "") + "from openai import OpenAI\nclient = OpenAI()", 0)]
    pool = PLAIN + LOOK_ALIKES + OPAQUE + [line + "\nx = 2" for line in IPYTHON]
    for number, text in enumerate(draw(st.lists(st.sampled_from(pool), max_size=5)), start=1):
        cells.append(code(text.rstrip("\n") if draw(st.booleans()) else text, number))
    if with_uses:
        for n, use in enumerate(draw(st.lists(st.sampled_from(USES), min_size=1, max_size=3))):
            lines = use.format(n=n).splitlines(keepends=True)
            if draw(st.booleans()):  # a magic line inside the snippet, at its indentation
                at = draw(st.integers(1, len(lines)))
                follower = lines[at] if at < len(lines) else lines[-1]
                indent = follower[: len(follower) - len(follower.lstrip())]
                lines.insert(at, indent + draw(st.sampled_from(["%time\n", "!echo step\n"])))
            cells.insert(draw(st.integers(1, len(cells))), code("".join(lines), 100 + n))
    for _ in range(draw(st.integers(0, 2))):
        cells.insert(draw(st.integers(0, len(cells))), markdown("Uses `client.beta.threads` in prose ✓", 200 + len(cells)))
    for index, cell in enumerate(cells):
        cell["id"] = f"cell-{index}"
    return doc_of(cells, language_info={"name": "python"}), draw(st.sampled_from(sorted(WRITERS)))


def migrate(data: bytes):
    result = process_data("nb.ipynb", data, REAL)
    assert result.status in (Status.CHANGED, Status.UNCHANGED), result.error
    return result, (result.new_data if result.new_data is not None else data)


def code_text(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def ipython_lines(text: str):
    return [line.strip() for _, lines in sorted(ipython.set_aside(text, "__x", 0).originals.items()) for line in lines]


@SETTINGS
@given(notebooks(with_uses=False))
def test_no_uses_no_change(generated) -> None:
    document, writer = generated
    data = WRITERS[writer](document)
    result, after = migrate(data)
    assert after == data and result.new_data is None


@SETTINGS
@given(notebooks(with_uses=True))
def test_migrated_notebooks_keep_their_shape(generated) -> None:
    document, writer = generated
    data = WRITERS[writer](document)
    _, after = migrate(data)
    text = after.decode("utf-8-sig")
    nbformat.validate(nbformat.reads(text, as_version=nbformat.NO_CONVERT))
    old, new = json.loads(data.decode("utf-8-sig")), json.loads(text)
    stripped_old, stripped_new = copy.deepcopy(old), copy.deepcopy(new)
    for cell in stripped_old["cells"] + stripped_new["cells"]:
        if cell["cell_type"] == "code":
            cell["source"] = None
    assert stripped_old == stripped_new, "only code cells' sources may change"
    for old_cell, new_cell in zip(old["cells"], new["cells"]):
        if old_cell["cell_type"] != "code":
            assert new_cell["source"] == old_cell["source"]
            continue
        before, now = code_text(old_cell), code_text(new_cell)
        if ipython.is_opaque(before):
            assert now == before
            continue
        assert ipython_lines(now) == ipython_lines(before)
        compile(ipython.set_aside(now, "__x", 0).python, "cell", "exec", ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
    assert migrate(after)[1] == after, "a second run must change nothing"
