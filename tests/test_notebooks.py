"""Jupyter notebooks through the engine: golden notebooks, the cell structure, the command line.

Golden notebooks are tests/notebooks/<case>.ipynb and <case>.expected.ipynb, what `apply` (every
transform of the registry, default settings) writes; a case without an expected file must come
back byte for byte and never be written. To regenerate one after a transform changed:

    cp tests/notebooks/CASE.ipynb tests/notebooks/CASE.expected.ipynb
    python -m codemods apply tests/notebooks/CASE.expected.ipynb

Each golden is also checked for what must hold whatever the transforms do: valid for nbformat,
a second run changes nothing, only code cells' sources differ, every IPython line is still in its
cell, cell magics that are not Python are untouched, and each cell compiles on its own.
"""

from __future__ import annotations

import ast
import copy
import json
import os
import pathlib
import re
import shutil
import subprocess
from typing import Dict, List

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import transforms
from codemods import ipython
from codemods.cells import join
from codemods.notebook import load
from codemods.results import Status
from codemods.runner import Job, StageSpec, process_data
from tests import notebook_support
from tests.engine_support import BROKEN, HIT, HIT_AFTER, cli, make_job
from transforms.options import DEFAULTS

GOLDEN = pathlib.Path(__file__).parent / "notebooks"
REAL = Job(
    stages=tuple(StageSpec(info.name, info.target, info.triggers) for info in transforms.REGISTRY),
    options=dict(DEFAULTS), marker=transforms.MARKER, opt_out=transforms.SKIP_FILE,
)
CASES = sorted(p.stem for p in GOLDEN.glob("*.ipynb") if not p.name.endswith(".expected.ipynb") and not p.stem.startswith(("bad_", "nbformat3")))
# The findings each golden reports (what a person must look at), as `cell_N:line:col`.
FINDINGS: Dict[str, List[str]] = {
    "magics": ["cell_3:3:1"],  # `%time client.beta.vector_stores.list()`: a magic running API code
    "top_level_await": ["cell_5:1:1"],  # `%time run = await client.beta.threads.runs...`
    "spread_over_cells": [],  # `!echo "created {thread.id}"`: `thread` keeps its name, so the line stays right
    "cell_magics": [],
    "no_assistants": [],
}
BAD = {
    "bad_json": "not a notebook: invalid JSON at line 8, column 2: Expecting ',' delimiter",
    "bad_cell": "cell_2: syntax error at line 2, column 5: invalid syntax (with its IPython lines set aside)",
    "nbformat3": "nbformat 3 notebook: only nbformat 4 and newer are read (open and save it in Jupyter to upgrade it)",
}


def run(path: pathlib.Path, data: bytes, job: Job = REAL):
    return process_data(str(path), data, job)


def written(path: pathlib.Path, data: bytes, job: Job = REAL) -> bytes:
    result = run(path, data, job)
    assert result.status in (Status.CHANGED, Status.UNCHANGED), result.error
    return (result.new_data if result.new_data is not None else data)


def without_code_sources(document: dict) -> dict:
    document = copy.deepcopy(document)
    for cell in document["cells"]:
        if cell["cell_type"] == "code" and not ipython.is_opaque("".join(cell["source"])):
            cell["source"] = None
    return document


def ipython_lines(text: str) -> List[str]:
    return [line.strip() for _, lines in sorted(ipython.set_aside(text, "__x", 0).originals.items()) for line in lines]


# ------------------------------------------------------------------------------------------------
# Golden notebooks


def test_the_goldens_the_issue_asks_for_exist() -> None:
    assert {"magics", "cell_magics", "top_level_await", "spread_over_cells", "no_assistants"} <= set(CASES)
    assert set(FINDINGS) == set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    source = GOLDEN / f"{case}.ipynb"
    expected_path = GOLDEN / f"{case}.expected.ipynb"
    before = source.read_bytes()
    expected = expected_path.read_bytes() if expected_path.exists() else before
    result = run(source, before)
    assert (result.new_data if result.new_data is not None else before) == expected, f"regenerate {expected_path.name} (see this module's docstring)"
    assert [f"cell_{f.cell}:{f.line}:{f.col}" for f in result.findings] == FINDINGS[case], [f.message for f in result.findings]
    if not expected_path.exists():
        assert result.status is Status.UNCHANGED and result.new_data is None


@pytest.mark.parametrize("case", [c for c in CASES if (GOLDEN / f"{c}.expected.ipynb").exists()])
def test_a_rewritten_golden_passes_the_prefilter(case: str) -> None:
    """The byte prefilter reads notebooks' JSON as it is: code is not escaped there."""
    from codemods.prefilter import Prefilter

    assert Prefilter(REAL.triggers)((GOLDEN / f"{case}.ipynb").read_bytes())


@pytest.mark.parametrize("case", CASES)
def test_golden_invariants(case: str) -> None:
    expected_path = GOLDEN / f"{case}.expected.ipynb"
    if not expected_path.exists():
        pytest.skip("no rewrite")
    before, after = (GOLDEN / f"{case}.ipynb").read_bytes(), expected_path.read_bytes()
    nbformat.validate(nbformat.reads(after.decode("utf-8"), as_version=nbformat.NO_CONVERT))
    assert written(expected_path, after) == after, "a second run must change nothing"
    old, new = json.loads(before), json.loads(after)
    assert without_code_sources(old) == without_code_sources(new), "only code cells' sources may change"
    for old_cell, new_cell in zip(old["cells"], new["cells"]):
        if old_cell["cell_type"] != "code":
            continue
        old_text, new_text = "".join(old_cell["source"]), "".join(new_cell["source"])
        if ipython.is_opaque(old_text):
            assert new_text == old_text
            continue
        assert ipython_lines(new_text) == ipython_lines(old_text), "IPython lines must stay, in their cell, in order"
        python = ipython.set_aside(new_text, "__x", 0).python
        compile(python, f"{case}:cell", "exec", ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)


def test_magics_golden_keeps_every_kind_of_ipython_line() -> None:
    after = json.loads((GOLDEN / "magics.expected.ipynb").read_text(encoding="utf-8"))
    text = "".join("".join(c["source"]) for c in after["cells"])
    for line in ("!pip install --quiet openai", "%matplotlib inline", "store?", "?client.beta.threads",
                 "client.beta.assistants.create??", "    %time\n", '    !echo "run finished"', "files = !ls *.md",
                 "    !echo {name}", "%config Completer.use_jedi = \\\n    False", "!this line is text in a string"):
        assert line in text, line
    assert "client.responses.create(" in text  # the function around `%time` / `!echo` was migrated


def test_top_level_await_golden_migrates_awaited_calls() -> None:
    after = (GOLDEN / "top_level_await.expected.ipynb").read_text(encoding="utf-8")
    assert "await client.vector_stores.create(" in after
    assert "async for listed in client.vector_stores.list()" in after
    assert "await client.responses.create(" in after


def moved_across_cells(before: dict, after: dict) -> List[str]:
    """String literals that left one code cell and turned up in another: code moved across cells."""

    def literals(cell: dict) -> List[str]:
        text = ipython.set_aside("".join(cell["source"]), "__x", 0).python
        return [n.value for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Constant) and isinstance(n.value, str)]

    pairs = [(literals(a), literals(b)) for a, b in zip(before["cells"], after["cells"]) if a["cell_type"] == "code"]
    moved = []
    for i, (old_i, new_i) in enumerate(pairs):
        for value in set(old_i) - set(new_i):
            for j, (old_j, new_j) in enumerate(pairs):
                if j != i and new_j.count(value) > old_j.count(value):
                    moved.append(f"{value!r}: code cell {i + 1} -> {j + 1}")
    return moved


def test_the_move_check_sees_a_move() -> None:
    before = {"cells": [new_code_cell('a = "x"'), new_code_cell("b = 1")]}
    after = {"cells": [new_code_cell(""), new_code_cell('b = "x"')]}
    assert moved_across_cells(before, after) == ["'x': code cell 1 -> 2"]


def test_spread_over_cells_moves_no_code_across_cells() -> None:
    before = json.loads((GOLDEN / "spread_over_cells.ipynb").read_text(encoding="utf-8"))
    after = json.loads((GOLDEN / "spread_over_cells.expected.ipynb").read_text(encoding="utf-8"))
    assert moved_across_cells(before, after) == []


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_notebook_is_one_error(case: str) -> None:
    path = GOLDEN / f"{case}.ipynb"
    result = run(path, path.read_bytes())
    assert result.status is Status.ERROR
    assert result.error == BAD[case]


# ------------------------------------------------------------------------------------------------
# The cell structure, through test transforms


def notebook_bytes(*sources: str, markdown_first: bool = True) -> bytes:
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}})
    cells = [new_markdown_cell("intro")] if markdown_first else []
    nb.cells = cells + [new_code_cell(source) for source in sources]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def test_segments_name_each_cell_in_the_module() -> None:
    notebook_support.SEEN.clear()
    data = notebook_bytes("import os\n!ls", "%%bash\necho hi", "", "x = client.beta.vector_stores.list()\ny = 1\n", "%%time\nz = 2")
    result = run(pathlib.Path("nb.ipynb"), data, make_job(notebook_support.RECORD))
    assert result.status is Status.CHANGED, result.error
    (seen,) = notebook_support.SEEN
    lines = seen["code"].splitlines()
    segments = seen["options"]["segments"]
    # Python cells only (the %%bash cell is not Python): cell_1, cell_3 (empty), cell_4, cell_5.
    assert segments == ((1, 2), (4, 3), (5, 6), (8, 9))
    assert lines[0] == "import os" and lines[1].startswith("import __ipython")
    assert lines[4:6] == ["x = client.beta.vector_stores.list()", "y = 1"]
    assert lines[7].startswith("import __ipython") and lines[8] == "z = 2"
    for line in (lines[2], lines[3], lines[6]):  # the lines between cells belong to none
        assert re.fullmatch(r"__ipython_cell_\d+__", line)


def test_segments_follow_the_lines_an_earlier_stage_added() -> None:
    notebook_support.SEEN.clear()
    data = notebook_bytes("x = client.beta.vector_stores.list()", "y = 1\nz = 2")
    joined = join(load(data))
    assert joined.segments == ((1, 1), (3, 4)) == joined.segments_of(joined.text)
    result = run(pathlib.Path("nb.ipynb"), data, make_job(notebook_support.PREPEND, notebook_support.RECORD))
    assert result.status is Status.CHANGED, result.error
    assert notebook_support.SEEN[0]["options"]["segments"] == ((1, 3), (5, 6))
    assert json.loads(result.new_data)["cells"][1]["source"] == ["import json\n", "import math\n", "x = client.vector_stores.list()"]


def test_a_stage_after_one_that_merged_cells_is_not_run() -> None:
    notebook_support.SEEN.clear()
    data = notebook_bytes("x = client.beta.vector_stores.list()", "y = 1")
    result = run(pathlib.Path("nb.ipynb"), data, make_job(notebook_support.DROP_CELL_LINES, notebook_support.RECORD))
    assert result.status is Status.ERROR and not notebook_support.SEEN
    assert result.error == (
        "internal error in transform drop-cell-lines: its output does not keep the module's parts apart "
        "(a line between them was lost or moved); file left unchanged"
    )


def test_a_rewrite_that_merges_cells_is_refused() -> None:
    data = notebook_bytes("x = client.beta.vector_stores.list()", "y = 1", "z = 2")
    result = run(pathlib.Path("nb.ipynb"), data, make_job(notebook_support.DROP_CELL_LINES))
    assert result.status is Status.ERROR
    assert result.error == (
        "internal error in transform drop-cell-lines: its output does not compile (the rewrite broke the "
        "notebook's cell structure (the line between cell_1 and cell_2 was lost)); file left unchanged"
    )


def test_a_rewrite_that_drops_an_ipython_line_is_refused() -> None:
    data = notebook_bytes("!pip install openai\nx = client.beta.vector_stores.list()")
    result = run(pathlib.Path("nb.ipynb"), data, make_job(notebook_support.DROP_IPYTHON_LINES))
    assert result.status is Status.ERROR
    assert "the rewrite moved or removed an IPython line of cell_1" in result.error


def test_a_rewrite_that_does_not_compile_names_the_cell() -> None:
    data = notebook_bytes("x = client.beta.vector_stores.list()", "y = 1")
    result = run(pathlib.Path("nb.ipynb"), data, make_job(BROKEN))
    assert result.status is Status.ERROR
    assert "internal error in transform broken: its output does not compile (cell_2: syntax error at line 2" in result.error
    assert "'return' outside function" in result.error


def test_top_level_await_is_valid_in_a_cell() -> None:
    data = notebook_bytes("x = await client.beta.vector_stores.list()\nasync for s in x:\n    print(s)")
    result = run(pathlib.Path("nb.ipynb"), data, make_job())
    assert result.status is Status.CHANGED, result.error
    assert b"await client.vector_stores.list()" in result.new_data


def test_a_late_future_import_is_valid_in_its_own_cell() -> None:
    data = notebook_bytes("x = 1", "from __future__ import annotations\ny = client.beta.vector_stores.list()")
    result = run(pathlib.Path("nb.ipynb"), data, make_job())
    assert result.status is Status.CHANGED, result.error


def test_opted_out_and_generated_look_at_code_cells_only() -> None:
    skip = notebook_bytes("# assistants-to-responses: skip-file\nx = client.beta.vector_stores.list()")
    assert run(pathlib.Path("nb.ipynb"), skip, make_job(opt_out=transforms.SKIP_FILE)).status is Status.SKIPPED
    nb = json.loads(notebook_bytes("x = client.beta.vector_stores.list()"))
    nb["cells"][1]["outputs"] = [new_output("stream", text="@" + "generated by a tool we printed\n")]
    result = run(pathlib.Path("nb.ipynb"), json.dumps(nb, indent=1).encode(), make_job())
    assert result.status is Status.CHANGED


def test_a_notebook_in_another_language_is_skipped() -> None:
    nb = json.loads(notebook_bytes("x <- client.beta.vector_stores"))
    nb["metadata"] = {"kernelspec": {"name": "ir", "language": "R", "display_name": "R"}}
    result = run(pathlib.Path("nb.ipynb"), json.dumps(nb).encode(), make_job())
    assert (result.status, result.error) == (Status.SKIPPED, "not a Python notebook (kernel language: r)")


# ------------------------------------------------------------------------------------------------
# The command line


@pytest.fixture
def project(tmp_path: pathlib.Path) -> pathlib.Path:
    """A git work tree with a .py file, a notebook to migrate, bad notebooks and a notebook without triggers."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "store.py").write_text(HIT)
    shutil.copy(GOLDEN / "spread_over_cells.ipynb", tmp_path / "tutorial.ipynb")
    shutil.copy(GOLDEN / "no_assistants.ipynb", tmp_path / "chat.ipynb")
    (tmp_path / "other.ipynb").write_text("{ not even JSON, and no API in it")
    (tmp_path / "bad").mkdir()
    for case in BAD:
        shutil.copy(GOLDEN / f"{case}.ipynb", tmp_path / "bad" / f"{case}.ipynb")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    shutil.copy(GOLDEN / "magics.ipynb", tmp_path / ".ipynb_checkpoints" / "tutorial-checkpoint.ipynb")
    return tmp_path


def test_dry_run_keeps_stdout_a_patch_and_labels_cell_diffs(project: pathlib.Path) -> None:
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and ".git" not in p.parts}
    proc = cli(["apply", "--dry-run", "store.py", "tutorial.ipynb", "chat.ipynb"], cwd=str(project))
    assert proc.returncode == 1, proc.stderr
    assert {p: p.read_bytes() for p in before} == before, "a dry run writes nothing"
    # The registry the migrated code imports is a new file of the same patch.
    assert re.findall(r"^\+\+\+ (.+)$", proc.stdout, re.M) == ["b/store.py", "b/prompt_registry.py"]
    check = subprocess.run(["git", "apply", "--check", "-"], input=proc.stdout, text=True, cwd=project, capture_output=True)
    assert check.returncode == 0, check.stderr
    headers = re.findall(r"^--- (.+)$", proc.stderr, re.M)
    assert headers and all(re.fullmatch(r"a/tutorial\.ipynb:cell_\d+", h) for h in headers), proc.stderr
    assert "+thread = client.conversations.create()" in proc.stderr
    assert "tutorial.ipynb:cell_2" not in proc.stderr.split("3 files scanned")[-1], proc.stderr  # nothing to look at there
    assert "chat.ipynb" not in proc.stdout + proc.stderr.replace("3 files scanned", "")


def test_apply_writes_notebooks_and_skips_checkpoints(project: pathlib.Path) -> None:
    chat = (project / "chat.ipynb").stat()
    checkpoint = (project / ".ipynb_checkpoints" / "tutorial-checkpoint.ipynb").read_bytes()
    proc = cli(["apply", "--diff", "."], cwd=str(project))
    assert proc.returncode == 2, proc.stderr  # the bad notebooks
    errors = sorted(line for line in proc.stderr.splitlines() if ": error: " in line)
    assert errors == sorted(f"bad/{case}.ipynb: error: {message}" for case, message in BAD.items())
    assert (project / "store.py").read_text() == HIT_AFTER
    assert (project / "tutorial.ipynb").read_bytes() == (GOLDEN / "spread_over_cells.expected.ipynb").read_bytes()
    assert (project / "chat.ipynb").stat().st_mtime_ns == chat.st_mtime_ns, "a notebook with nothing to migrate is never written"
    assert (project / ".ipynb_checkpoints" / "tutorial-checkpoint.ipynb").read_bytes() == checkpoint
    assert "--- a/tutorial.ipynb:cell_3" in proc.stderr and "+++ b/store.py" in proc.stdout
    # The registry the migrated code imports is written too, its entry still to fill in (cited by cell).
    assert re.search(r"^\d+ files scanned, 3 changed, 1 findings, 3 errors$", proc.stderr, re.M), proc.stderr
    assert "(used at tutorial.ipynb:cell_" in proc.stderr
    again = cli(["apply", "tutorial.ipynb", "chat.ipynb", "store.py"], cwd=str(project))
    # A second run changes nothing; the registry entry still to fill in is what remains to do.
    assert again.returncode == 1 and "0 changed, 1 findings" in again.stderr, again.stderr


def test_audit_cites_cells(project: pathlib.Path) -> None:
    text = cli(["audit", "tutorial.ipynb"], cwd=str(project))
    assert text.returncode == 1, text.stderr
    assert re.search(r"^tutorial\.ipynb: \d+ automatic, 0 need a hand", text.stdout, re.M), text.stdout
    assert "  prompt_registry.py:68:5: assistant 'asst_tutor' is not filled in yet (used at tutorial.ipynb:cell_4:1)" in text.stdout
    as_json = cli(["audit", "--format", "json", "tutorial.ipynb", "store.py"], cwd=str(project))
    document = json.loads(as_json.stdout)
    cells = {(u["path"], u.get("cell")) for u in document["uses"]}
    assert ("store.py", None) in cells and ("tutorial.ipynb", 2) in cells
    first = next(u for u in document["uses"] if u["path"] == "tutorial.ipynb")
    assert list(first)[:4] == ["path", "cell", "line", "col"]


def test_prompts_cite_cells(project: pathlib.Path) -> None:
    proc = cli(["prompts", "tutorial.ipynb"], cwd=str(project))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("tutorial.ipynb:cell_4:1: "), proc.stdout
    bad = cli(["prompts", "bad"], cwd=str(project))
    assert bad.returncode == 2
    assert sorted(line for line in bad.stderr.splitlines() if ": error: " in line) == sorted(
        f"bad/{case}.ipynb: error: {message}" for case, message in BAD.items()
    )
    wrote = cli(["prompts", "tutorial.ipynb", "--write"], cwd=str(project))
    assert wrote.returncode == 0, wrote.stderr
    assert "tutorial.ipynb:cell_4:1" in (project / "prompt_registry.py").read_text()


def test_markers_in_a_notebook_the_prefilter_rejects_are_reported_by_cell(tmp_path: pathlib.Path) -> None:
    data = notebook_bytes("x = 1", "# assistants-to-responses: do this by hand\ny = client.responses.create()")
    (tmp_path / "nb.ipynb").write_bytes(data)
    proc = cli(["apply", "nb.ipynb"], cwd=str(tmp_path))
    assert proc.returncode == 1
    assert "nb.ipynb:cell_2:1:1: do this by hand" in proc.stderr


def test_git_discovery_lists_notebooks(project: pathlib.Path) -> None:
    subprocess.run(["git", "add", "tutorial.ipynb", "store.py"], cwd=project, check=True)
    proc = cli(["audit", "--format", "json", "."], cwd=str(project))
    paths = {u["path"] for u in json.loads(proc.stdout)["uses"]}
    assert paths == {"tutorial.ipynb", "store.py", "prompt_registry.py"}  # the registry: its entry to fill in


def test_joined_module_of_a_golden_has_one_segment_per_python_cell() -> None:
    joined = join(load((GOLDEN / "cell_magics.ipynb").read_bytes()))
    assert [c.cell.label for c in joined.cells] == ["cell_1", "cell_4", "cell_5"]
    assert len(joined.segments) == 3
    assert os.linesep  # the module is text with "\n" between cells whatever the platform
