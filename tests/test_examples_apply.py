"""`apply` turns every examples/<name>/before.py into exactly its after.py, and after.py is final
(likewise before.ipynb / after.ipynb, through the notebook path, byte for byte).

Every transform of transforms.REGISTRY runs, in order, with the default settings, as
`python -m codemods apply` does. What the transforms could not migrate must stay visible: a
leftover `beta.threads` / `beta.assistants` call is allowed only in a statement that sits right
below an `# assistants-to-responses:` marker comment.
"""

from __future__ import annotations

import ast
import re
from typing import Iterator, List, Optional

import pytest

import transforms
from codemods import pipeline
from codemods.cells import join
from codemods.notebook import load as load_notebook
from codemods.results import Status
from codemods.runner import Job, StageSpec, process_data
from tests import examples_support
from tests.examples_support import Example
from transforms import REGISTRY
from transforms.options import DEFAULTS

MARKER = "# assistants-to-responses:"
OLD_API = re.compile(r"\bbeta\s*\.\s*(threads|assistants)\b")
ALL = examples_support.examples()
WITH_AFTER = [pytest.param(e, id=e.name) for e in ALL if e.program("after").exists() and not e.is_notebook]
NOTEBOOKS = [pytest.param(e, id=e.name) for e in ALL if e.program("after").exists() and e.is_notebook]
JOB = Job(
    stages=tuple(StageSpec(info.name, info.target, info.triggers) for info in REGISTRY),
    options=dict(DEFAULTS), marker=transforms.MARKER, opt_out=transforms.SKIP_FILE,
)


def migrate(text: str) -> str:
    stages = [pipeline.Stage(info.name, info.load(), info.triggers) for info in REGISTRY]
    return pipeline.transform(text, text.encode("utf-8"), "example.py", stages, dict(DEFAULTS)).code


def statements(body: List[ast.stmt]) -> Iterator[ast.stmt]:
    for node in body:
        yield node
        for name in ("body", "orelse", "finalbody", "handlers"):
            yield from statements(getattr(node, name, []) or [])
        for case in getattr(node, "cases", []) or []:
            yield from statements(case.body)


def header_end(node: ast.stmt) -> int:
    """Last line of a statement's own text: the header of a compound statement, else all of it."""
    children = [c for name in ("body", "orelse", "finalbody", "handlers") for c in getattr(node, name, []) or []]
    if not children:
        return node.end_lineno or node.lineno
    return max(node.lineno, min(child.lineno for child in children) - 1)


def owning_statement(tree: ast.Module, line: int) -> Optional[ast.stmt]:
    """The innermost statement whose own text (a compound statement's header only) holds `line`."""
    best, best_start = None, 0
    for node in statements(tree.body):
        start = min([node.lineno, *[d.lineno for d in getattr(node, "decorator_list", [])]])
        if start <= line <= header_end(node) and start >= best_start:
            best, best_start = node, start
    return best


def unmarked_old_api(text: str) -> List[str]:
    lines = text.splitlines()
    tree = ast.parse(text)
    problems = []
    for number, line in enumerate(lines, start=1):
        code = line.split("#", 1)[0]
        if not OLD_API.search(code):
            continue
        statement = owning_statement(tree, number)
        first = statement.lineno if statement is not None else number
        # The comment block right above the statement (markers may stack) must hold a marker.
        above = first - 2
        comments = []
        while above >= 0 and lines[above].strip().startswith("#"):
            comments.append(lines[above].strip())
            above -= 1
        if not any(comment.startswith(MARKER) for comment in comments):
            problems.append(f"line {number}: {line.strip()}")
    return problems


def test_there_are_enough_examples() -> None:
    assert len(ALL) >= 12


@pytest.mark.parametrize("example", WITH_AFTER)
def test_before_becomes_after(example: Example) -> None:
    before = example.program("before").read_text(encoding="utf-8")
    after = example.program("after").read_text(encoding="utf-8")
    assert migrate(before) == after, "after.py is not what apply makes of before.py: regenerate it"


@pytest.mark.parametrize("example", WITH_AFTER)
def test_after_is_final(example: Example) -> None:
    after = example.program("after").read_text(encoding="utf-8")
    compile(after, str(example.program("after")), "exec")
    assert migrate(after) == after, "a second run must change nothing"


@pytest.mark.parametrize("example", WITH_AFTER)
def test_no_assistants_api_left_unmarked(example: Example) -> None:
    problems = unmarked_old_api(example.program("after").read_text(encoding="utf-8"))
    assert not problems, "Assistants API calls left without a marker right above them:\n" + "\n".join(problems)


def migrate_notebook(path, data: bytes) -> bytes:
    result = process_data(str(path), data, JOB)
    assert result.status in (Status.CHANGED, Status.UNCHANGED), result.error
    return (result.new_data if result.new_data is not None else data)


def test_there_are_notebook_examples() -> None:
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("example", NOTEBOOKS)
def test_notebook_before_becomes_after(example: Example) -> None:
    before = example.program("before").read_bytes()
    after = example.program("after").read_bytes()
    assert migrate_notebook(example.program("before"), before) == after, (
        "after.ipynb is not what apply makes of before.ipynb: regenerate it"
    )


@pytest.mark.parametrize("example", NOTEBOOKS)
def test_notebook_after_is_final(example: Example) -> None:
    import nbformat

    after = example.program("after").read_bytes()
    nbformat.validate(nbformat.reads(after.decode("utf-8"), as_version=nbformat.NO_CONVERT))
    assert migrate_notebook(example.program("after"), after) == after, "a second run must change nothing"


@pytest.mark.parametrize("example", NOTEBOOKS)
def test_notebook_no_assistants_api_left_unmarked(example: Example) -> None:
    joined = join(load_notebook(example.program("after").read_bytes()))
    problems = [
        f"{cell.cell.label} {problem}" for cell in joined.cells for problem in unmarked_old_api(cell.aside.python)
    ]
    assert not problems, "Assistants API calls left without a marker right above them:\n" + "\n".join(problems)


def test_the_marker_check_sees_unmarked_calls() -> None:
    text = (
        "def f(client, t):\n"
        "    # assistants-to-responses: kept\n"
        "    for m in client.beta.threads.messages.list(\n"
        "        thread_id=t,\n"
        "    ):\n"
        "        client.beta.threads.delete(t)\n"
        "    x = 1\n"
        "    # a plain comment\n"
        "    return client.beta.assistants.retrieve(\"asst_1\")\n"
    )
    assert unmarked_old_api(text) == [
        "line 6: client.beta.threads.delete(t)",
        "line 9: return client.beta.assistants.retrieve(\"asst_1\")",
    ]
