"""Hypothesis properties of the engine, through the real registry and through the test transform.

Generated files mix real-looking code (functions, classes, decorators, comments, strings,
f-strings, look-alike mentions of the API in comments and strings) with optional Assistants
snippets, in utf-8, utf-8 with a BOM, or latin-1 with a coding cookie, with LF or CRLF newlines.

- a file with no Assistants use comes back byte for byte;
- every output compiles, keeps its encoding, BOM and newline style;
- a second run changes nothing.
"""

from __future__ import annotations

import codecs
from typing import List, NamedTuple

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import transforms
from codemods.results import Status
from codemods.runner import Job, StageSpec, process_data
from codemods.source import decode
from tests.engine_support import make_job, rename_bytes
from transforms.options import DEFAULTS

REAL = Job(
    stages=tuple(StageSpec(info.name, info.target, info.triggers) for info in transforms.REGISTRY),
    options=dict(DEFAULTS),
    marker=transforms.MARKER,
    opt_out=transforms.SKIP_FILE,
)
TEST = make_job()
SETTINGS = settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NAMES = ["alpha", "beta_value", "compute", "handler", "items", "total", "runs", "threads", "store", "message"]
LATIN1_TEXT = ["café", "naïve", "Ünïcödé", "© 2024", "plain", "größe"]
WIDE_TEXT = LATIN1_TEXT + ["日本語", "✓ done", "emoji 🎉"]

# Mentions of the API that are not uses: they pass the prefilter but must never be changed.
LOOK_ALIKES = [
    "# client.beta.threads.create() is what we used to call\n",
    "DOC = \"see beta.vector_stores.create(name='x') in the old docs\"\n",
    "# TODO: beta.assistants are gone\n",
    "NOTE = '''\nclient.beta.threads.runs.create(thread_id=t.id, assistant_id=\"asst_1\")\n'''\n",
]

USES = [
    "def start_{n}():\n    thread = client.beta.threads.create()\n    return thread.id\n",
    "def kick_{n}(t):\n    run = client.beta.threads.runs.create(thread_id=t.id, assistant_id=\"asst_1\")\n    return run\n",
    "store_{n} = client.beta.vector_stores.create(name=\"x\")\n",
    "def make_store_{n}():\n    return client.beta.vector_stores.create(name=\"docs\")\n",
    (
        "def ask_{n}(question):\n"
        "    thread = client.beta.threads.create()\n"
        "    client.beta.threads.messages.create(thread_id=thread.id, role=\"user\", content=question)\n"
        "    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=\"asst_1\")\n"
        "    return client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value\n"
    ),
    (
        "def go_{n}(tid):\n"
        "    run = client.beta.threads.runs.create(thread_id=tid, assistant_id=\"asst_2\")\n"
        "    while run.status in (\"queued\", \"in_progress\"):\n"
        "        run = client.beta.threads.runs.retrieve(run.id, thread_id=tid)\n"
        "    return run.status\n"
    ),
    "def admin_{n}(a):\n    client.beta.assistants.update(a, instructions=\"x\")\n",
    (
        "def tools_{n}(tid, outs, r):\n"
        "    return client.beta.threads.runs.submit_tool_outputs(run_id=r, thread_id=tid, tool_outputs=outs)\n"
    ),
]


class Generated(NamedTuple):
    data: bytes
    encoding: str  # utf-8, utf-8-sig or latin-1
    newline: str
    uses: bool


@st.composite
def chunks(draw, texts: List[str]) -> str:
    name = draw(st.sampled_from(NAMES))
    other = draw(st.sampled_from(NAMES))
    text = draw(st.sampled_from(texts))
    number = draw(st.integers(0, 999))
    kind = draw(st.integers(0, 8))
    if kind == 0:
        return f"def {name}_{number}({other}, *args, **kwargs):\n    \"\"\"{text}.\"\"\"\n    return {other} + {number}\n"
    if kind == 1:
        return f"@staticmethod\n@decorate({number})\ndef {name}_{number}():\n    pass  # {text}\n"
    if kind == 2:
        return f"class {name.title()}{number}:\n    {other} = {number}\n\n    def method(self):\n        return self.{other}\n"
    if kind == 3:
        return f"# {text}: {name} {number}\n"
    if kind == 4:
        return f"{name} = {text!r}\n"
    if kind == 5:
        return f"{name} = f\"{{{other}!r}} {text} {{{number} * 2:>{number % 9 + 1}}}\"\n"
    if kind == 6:
        return f"if {name}:\n    {other} = [{number}, {text!r}]\nelse:\n    {other} = {{}}\n"
    if kind == 7:
        return f"try:\n    import json as {name}\nexcept ImportError:  # {text}\n    {name} = None\n"
    return draw(st.sampled_from(LOOK_ALIKES))


@st.composite
def sources(draw, with_uses: bool) -> Generated:
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    texts = LATIN1_TEXT if encoding == "latin-1" else WIDE_TEXT
    parts = draw(st.lists(chunks(texts), min_size=0, max_size=8))
    if with_uses:
        uses = draw(st.lists(st.sampled_from(USES), min_size=1, max_size=3))
        for n, use in enumerate(uses):
            parts.insert(draw(st.integers(0, len(parts))), use.format(n=n))
        parts.insert(0, "from openai import OpenAI\n\nclient = OpenAI()\n")
    if draw(st.booleans()):
        parts.insert(0, "import os\nimport sys\n")
    text = "\n\n".join(parts)
    if text and not draw(st.booleans()):
        text = text.rstrip("\n")  # no final newline
    if encoding == "latin-1":
        text = "# -*- coding: latin-1 -*-\n" + text
    text = text.replace("\n", newline)
    data = text.encode(encoding)
    return Generated(data=data, encoding=encoding, newline=newline, uses=with_uses)


def check_shape(before: Generated, after: bytes) -> None:
    """Output compiles, with the input's encoding, BOM, newline style and final newline."""
    source = decode(after)
    assert codecs.lookup(source.encoding).name == codecs.lookup(before.encoding).name
    assert source.encoding == decode(before.data).encoding
    assert after.startswith(codecs.BOM_UTF8) == before.data.startswith(codecs.BOM_UTF8)
    compile(source.text, "out.py", "exec", dont_inherit=True)
    if before.newline == "\r\n":
        assert after.count(b"\n") == after.count(b"\r\n"), "a bare LF crept into a CRLF file"
    else:
        assert b"\r" not in after
    assert after.endswith(b"\n") == before.data.endswith(b"\n")


def run_twice(gen: Generated, job: Job) -> bytes:
    result = process_data("gen.py", gen.data, job)
    assert result.status in (Status.CHANGED, Status.UNCHANGED), result.error
    assert result.error is None, result.error
    out = getattr(result, "new_data", None)
    if result.status is Status.UNCHANGED:
        assert out is None
        return gen.data
    assert out is not None and out != gen.data
    check_shape(gen, out)
    again = process_data("gen.py", out, job)
    assert again.status is Status.UNCHANGED, again.diff or again.error
    return out


# ---------------------------------------------------------------------------------------------


@SETTINGS
@given(sources(with_uses=False))
def test_real_registry_leaves_files_without_uses_byte_for_byte(gen):
    compile(decode(gen.data).text, "in.py", "exec", dont_inherit=True)  # the generator makes valid code
    result = process_data("gen.py", gen.data, REAL)
    assert result.status is Status.UNCHANGED, result.diff or result.error
    assert getattr(result, "new_data", None) is None


@SETTINGS
@given(sources(with_uses=True))
def test_real_registry_output_compiles_keeps_shape_and_is_idempotent(gen):
    out = run_twice(gen, REAL)
    assert out != gen.data, "every generated use is one the registry migrates or marks"


@SETTINGS
@given(sources(with_uses=False))
def test_test_transform_leaves_files_without_uses_byte_for_byte(gen):
    result = process_data("gen.py", gen.data, TEST)
    assert result.status is Status.UNCHANGED, result.diff or result.error


@SETTINGS
@given(sources(with_uses=True))
def test_test_transform_rewrites_exactly_and_keeps_shape(gen):
    out = run_twice(gen, TEST)
    # The test transform's edit is known exactly, so the engine's bytes-out path can be checked.
    assert out == rename_bytes(gen.data)


# ---------------------------------------------------------------------------------------------
# where a dry run cites a finding: the line on disk, not the line in the rewritten text


@SETTINGS
@given(
    st.lists(st.sampled_from(["x = 1", "y = f(x)", "", "    return y", "pass", "z = [", "]"]), max_size=40),
    st.lists(st.integers(min_value=0, max_value=40), max_size=6),
)
def test_inserted_lines_are_cited_at_the_line_they_mark(lines, places):
    from codemods.diff import line_in_before

    # Insert marker comments (unique, like a marker's message) in front of original lines.
    places = sorted(min(p, len(lines)) for p in places)
    after: List[str] = []
    expected: List[int] = []
    for index, line in enumerate(lines + [None]):
        for n, place in enumerate(places):
            if place == index:
                after.append(f"# marker {n}")
                expected.append(min(index + 1, max(len(lines), 1)))
        if line is not None:
            after.append(line)
            expected.append(index + 1)
    original = line_in_before("\n".join(lines) + "\n", "\n".join(after) + "\n")
    assert [original(j) for j in range(1, len(after) + 1)] == expected
