"""Hypothesis properties of the whole engine, with every registered transform.

For generated sources (real-looking code, optionally with Assistants snippets) in utf-8,
utf-8 with a BOM or latin-1 with a cookie, with LF or CRLF: files with no Assistants use come
back byte for byte; every output compiles; a second run changes nothing; encoding, BOM and
newline style survive.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from codemods.runner import Job, StageSpec, process_data
from codemods.results import Status
from transforms import MARKER, REGISTRY, SKIP_FILE
from transforms.options import DEFAULTS

JOB = Job(
    stages=tuple(StageSpec(i.name, i.target, i.triggers) for i in REGISTRY),
    options=DEFAULTS, marker=MARKER, opt_out=SKIP_FILE,
)

PLAIN = [
    "import os\nimport sys\n",
    "def add(a, b):\n    \"\"\"Sum.\"\"\"\n    return a + b\n",
    "class Store:\n    def __init__(self):\n        self.data = {}  # cache\n\n    def get(self, k):\n        return self.data.get(k)\n",
    "@staticmethod\ndef deco(x):\n    return f\"{x!r:>10}\"\n",
    "values = [i * 2 for i in range(10) if i % 3]\n",
    "text = 'caf\u00e9 \u00e0 la cr\u00e8me'  # accents\n",
    "try:\n    import json\nexcept ImportError:\n    json = None\n",
    "note = \"client.beta.threads.create() in a string\"\n",
]
SNIPPETS = [
    "def ask(client, q):\n    thread = client.beta.threads.create()\n"
    "    client.beta.threads.messages.create(thread_id=thread.id, role=\"user\", content=q)\n"
    "    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=\"asst_1\")\n"
    "    return client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value\n",
    "def go(client, tid):\n    run = client.beta.threads.runs.create(thread_id=tid, assistant_id=\"asst_2\")\n"
    "    while run.status in (\"queued\", \"in_progress\"):\n"
    "        run = client.beta.threads.runs.retrieve(run.id, thread_id=tid)\n    return run.status\n",
    "def vs(client):\n    return client.beta.vector_stores.create(name=\"docs\")\n",
    "def admin(client, a):\n    client.beta.assistants.update(a, instructions=\"x\")\n",
    "def tools(client, tid, outs, r):\n    return client.beta.threads.runs.submit_tool_outputs(run_id=r, thread_id=tid, tool_outputs=outs)\n",
]


def encode(text: str, encoding: str, newline: str) -> bytes:
    text = text.replace("\n", newline)
    if encoding == "latin-1":
        return ("# -*- coding: latin-1 -*-" + newline + text).encode("latin-1")
    return text.encode(encoding)


sources = st.tuples(
    st.lists(st.sampled_from(PLAIN), min_size=1, max_size=5),
    st.lists(st.sampled_from(SNIPPETS), max_size=3),
    st.sampled_from(["utf-8", "utf-8-sig", "latin-1"]),
    st.sampled_from(["\n", "\r\n"]),
    st.randoms(use_true_random=False),
)


def process(data: bytes):
    result = process_data("case.py", data, JOB)
    return result, getattr(result, "new_data", data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sources)
def test_engine_properties(case):
    plain, snippets, encoding, newline, rnd = case
    parts = plain + snippets
    rnd.shuffle(parts)
    data = encode("\n\n".join(parts), encoding, newline)
    result, out = process(data)
    assert result.status in (Status.CHANGED, Status.UNCHANGED), result.error
    if not snippets:
        assert out == data and result.status is Status.UNCHANGED
    # The output compiles, in the file's own encoding.
    compile(out, "case.py", "exec")
    # Encoding, BOM and newline style survive.
    assert out.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    if encoding == "latin-1":
        assert out.startswith(b"# -*- coding: latin-1 -*-")
        out.decode("latin-1")
    else:
        out.decode("utf-8")
    lone_lf = out.replace(b"\r\n", b"").count(b"\n")
    if newline == "\r\n":
        assert lone_lf == 0, "CRLF files keep CRLF"
    else:
        assert b"\r\n" not in out
    # A second run changes nothing.
    again, out2 = process(out)
    assert out2 == out and again.status is Status.UNCHANGED
