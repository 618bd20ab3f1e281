"""codemods.notebook: a notebook is written back in its own layout, only changed `source` values differ.

The oracle: the same document, with the new sources, serialised by the writer that wrote the file
(nbformat, json.dump with indent 2 and ensure_ascii, compact JSON, CRLF, a BOM, string sources, ...)
must be byte for byte what the rewrite produced, and `nbformat.validate` must accept it.
"""

from __future__ import annotations

import copy
import difflib
import json
from typing import Any, Callable, Dict, List

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codemods import notebook as nbfile
from codemods.results import Status
from codemods.runner import process_data
from tests.engine_support import make_job, rename_bytes

Doc = Dict[str, Any]


def doc_of(cells: List[Dict[str, Any]], **metadata: Any) -> Doc:
    return {
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}, **metadata},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def code(source: Any, number: int, outputs=None, **metadata: Any) -> Dict[str, Any]:
    return {
        "cell_type": "code", "execution_count": number, "id": f"c{number}", "metadata": metadata,
        "outputs": outputs or [], "source": source,
    }


def markdown(source: Any, number: int) -> Dict[str, Any]:
    return {"cell_type": "markdown", "id": f"m{number}", "metadata": {}, "source": source}


def lines(text: str) -> List[str]:
    return text.splitlines(keepends=True)


def as_lists(doc: Doc) -> Doc:
    doc = copy.deepcopy(doc)
    for cell in doc["cells"]:
        if isinstance(cell["source"], str):
            cell["source"] = lines(cell["source"])
    return doc


def as_strings(doc: Doc) -> Doc:
    doc = copy.deepcopy(doc)
    for cell in doc["cells"]:
        if isinstance(cell["source"], list):
            cell["source"] = "".join(cell["source"])
    return doc


WRITERS: Dict[str, Callable[[Doc], bytes]] = {
    # nbformat itself: indent 1, sorted keys, non-ASCII as is, sources as lists, final newline.
    "nbformat": lambda doc: (nbformat.writes(nbformat.from_dict(doc)) + "\n").encode("utf-8"),
    # json.dump as many tools call it: indent 2, key order kept, \u escapes.
    "indent2-ascii": lambda doc: json.dumps(as_lists(doc), indent=2).encode("utf-8"),
    "indent2-utf8-strings": lambda doc: (json.dumps(as_strings(doc), indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
    "compact": lambda doc: json.dumps(as_lists(doc)).encode("utf-8"),
    "compact-tight": lambda doc: json.dumps(as_lists(doc), separators=(",", ":"), ensure_ascii=False).encode("utf-8"),
    "indent4-crlf": lambda doc: (json.dumps(as_lists(doc), indent=4, ensure_ascii=False) + "\n").replace("\n", "\r\n").encode("utf-8"),
    "bom-indent1": lambda doc: b"\xef\xbb\xbf" + (json.dumps(as_lists(doc), indent=1, ensure_ascii=False) + "\n").encode("utf-8"),
}

HIT = "from openai import OpenAI\nclient = OpenAI()\nstore = client.beta.vector_stores.create(name=\"docs\")\nprint(store.id)"
NON_ASCII = "# Déjà vu: naïve café ✓ 日本\nlabel = \"größe → 🎉\"\nclient.beta.vector_stores.list()"
QUOTES = "s = 'a \"quoted\" \\\\ back\\tslash'\nclient.beta.vector_stores.retrieve(\"vs_1\")\n"


def sample() -> Doc:
    return doc_of(
        [
            markdown("# Vector stores\n\nSee `client.beta.vector_stores` in the old docs.", 0),
            code(HIT, 1, outputs=[{"name": "stdout", "output_type": "stream", "text": ["vs_123\n"]}], tags=["setup"]),
            {"cell_type": "raw", "id": "r1", "metadata": {}, "source": "client.beta.vector_stores stays raw"},
            code(NON_ASCII, 2),
            code("", 3),
            code(QUOTES, 4),
            code("x = 1", 5),
        ],
        language_info={"name": "python"},
    )


def migrated(doc: Doc) -> Doc:
    """What the rename transform makes of ``doc``: code cells renamed, the rest as it was."""
    doc = copy.deepcopy(doc)
    for cell in doc["cells"]:
        if cell["cell_type"] == "code":
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            new = rename_bytes(text.encode("utf-8")).decode("utf-8")
            cell["source"] = lines(new) if isinstance(cell["source"], list) else new
    return doc


def apply(data: bytes, name: str = "nb.ipynb") -> bytes:
    result = process_data(name, data, make_job())
    assert result.status in (Status.CHANGED, Status.UNCHANGED), result.error
    return (result.new_data if result.new_data is not None else data)


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_written_as_its_writer_would_write_it(writer: str) -> None:
    write = WRITERS[writer]
    before = write(sample())
    after = apply(before)
    assert after != before
    assert after == write(migrated(sample()))
    nbformat.validate(nbformat.reads(after.decode("utf-8-sig"), as_version=nbformat.NO_CONVERT))
    assert apply(after) == after, "a second run must change nothing"


@pytest.mark.parametrize("writer", ["nbformat", "indent2-ascii", "indent4-crlf"])
def test_git_diff_shows_only_the_changed_lines(writer: str) -> None:
    before = WRITERS[writer](sample()).decode("utf-8-sig")
    after = apply(WRITERS[writer](sample())).decode("utf-8-sig")
    changed = [(tag, before.splitlines()[i1:i2], after.splitlines()[j1:j2])
               for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before.splitlines(), after.splitlines()).get_opcodes()
               if tag != "equal"]
    # Three cells call the API, one line each: three JSON lines replaced, nothing else.
    assert [tag for tag, _, _ in changed] == ["replace"] * len(changed)
    old = [line for _, removed, _ in changed for line in removed]
    new = [line for _, _, added in changed for line in added]
    assert len(old) == len(new) == 3, changed
    assert all("beta.vector_stores" in line for line in old) and not any("beta." in line for line in new)


def test_a_notebook_without_a_change_is_returned_as_it_was() -> None:
    doc = doc_of([markdown("`client.beta.vector_stores` only in prose", 0), code("x = 1", 1)])
    data = WRITERS["indent2-ascii"](doc)
    result = process_data("nb.ipynb", data, make_job())
    assert result.status is Status.UNCHANGED and result.new_data is None


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_new_lines_take_the_list_layout(writer: str) -> None:
    """More lines than before, in a one-line and in an empty source: still the writer's layout."""
    doc = doc_of([code(["x = 1"], 1), code([], 2), markdown(["a\n", "b"], 3)], language_info={"name": "python"})
    if writer == "indent2-utf8-strings":
        doc = as_strings(doc)
    data = WRITERS[writer](doc)
    notebook = nbfile.load(data)
    new_text = {0: "import os\nx = 1\nprint(x)", 1: "y = 2\nz = 3"}
    written = notebook.with_sources(new_text)
    expected = copy.deepcopy(doc)
    for index, text in new_text.items():
        source = expected["cells"][index]["source"]
        expected["cells"][index]["source"] = lines(text) if isinstance(source, list) else text
    assert written == WRITERS[writer](expected)


def test_escapes_follow_the_file() -> None:
    escaped = json.dumps(doc_of([code("x = 'é'\ny = 1", 1)]), indent=1)
    assert "\\u00e9" in escaped
    written = nbfile.load(escaped.encode()).with_sources({0: "x = 'é'\ny = 'ü'"}).decode()
    assert "\\u00fc" in written and "ü" not in written
    raw = json.dumps(doc_of([code("x = 'é'\ny = 1", 1)]), indent=1, ensure_ascii=False)
    written = nbfile.load(raw.encode()).with_sources({0: "x = 'é'\ny = 'ü'"}).decode()
    assert "ü" in written and "\\u00fc" not in written


def test_an_unchanged_line_keeps_its_exact_json_text() -> None:
    """A writer that escapes `/` (some JavaScript ones do): the lines that did not change keep it."""
    text = '{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": [\n' \
           '"url = \\"https:\\/\\/example.com\\"\\n", "client.beta.vector_stores.list()"]}],\n' \
           '"metadata": {}, "nbformat": 4, "nbformat_minor": 2}\n'
    after = apply(text.encode()).decode()
    assert '"url = \\"https:\\/\\/example.com\\"\\n"' in after
    assert '"client.vector_stores.list()"' in after


CELL_TEXTS = st.sampled_from([
    HIT, NON_ASCII, QUOTES, "x = 1", "", "client.beta.vector_stores.list()\n", "# \x0c form feed\nclient.beta.vector_stores.list()",
    "tab\t= 1\nclient.beta.vector_stores.delete('vs')", "emoji = '🎉'", "ctl = '\\x01'",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["code", "markdown"]), CELL_TEXTS), max_size=6), st.sampled_from(sorted(WRITERS)))
def test_any_notebook_any_writer(cells, writer) -> None:
    doc = doc_of([
        code(text, i) if kind == "code" else markdown(text, i) for i, (kind, text) in enumerate(cells)
    ])
    data = WRITERS[writer](doc)
    after = apply(data)
    assert after == WRITERS[writer](migrated(doc))
    nbformat.validate(nbformat.reads(after.decode("utf-8-sig"), as_version=nbformat.NO_CONVERT))
    assert apply(after) == after


@pytest.mark.parametrize(
    "data, message",
    [
        pytest.param(b'{"cells": [', "not a notebook: invalid JSON at line 1, column 12", id="truncated"),
        pytest.param(b"\xff\xfe{}", "not a notebook: not UTF-8", id="not-utf8"),
        pytest.param(b"[]", "not a notebook: the JSON is not an object", id="array"),
        pytest.param(b'{"cells": []}', "not a notebook: no nbformat version", id="no-version"),
        pytest.param(b'{"nbformat": 3, "nbformat_minor": 0, "worksheets": []}', "nbformat 3 notebook: only nbformat 4 and newer", id="v3"),
        pytest.param(b'{"nbformat": 4, "cells": {}}', "not a notebook: `cells` is not a list", id="cells-object"),
        pytest.param(b'{"nbformat": 4, "cells": [{"source": "x"}]}', "not a notebook: cell 0 has no cell_type", id="no-type"),
        pytest.param(b'{"nbformat": 4, "cells": [{"cell_type": "code", "source": 3}]}', "the source of cell 0 is neither", id="bad-source"),
    ],
)
def test_what_is_not_a_notebook(data: bytes, message: str) -> None:
    with pytest.raises(nbfile.NotebookError, match=message.replace("(", r"\(")):
        nbfile.load(data)


def test_code_cells_are_numbered_from_one_markdown_and_raw_skipped() -> None:
    notebook = nbfile.load(WRITERS["nbformat"](sample()))
    assert [(c.index, c.number) for c in notebook.code_cells] == [(1, 1), (3, 2), (4, 3), (5, 4), (6, 5)]
    assert notebook.language == "python"
