"""Markers within 88 columns, read back as one message, and refreshed on every run.

The layout (codemods/markers.py) is checked as a property: any message at any indentation wraps
and reads back to the same message, every line within the width unless a word is too long for a
line of its own. Then the same through libcst (transforms/markers.py), the engine's findings, and
the whole pipeline: a stale marker is replaced after the user's fix, a marker on code that now
migrates goes (all its lines), and a person's own comments beside a marker stay as they were.
"""

from __future__ import annotations

import textwrap

import libcst as cst
from hypothesis import given, settings
from hypothesis import strategies as st

import transforms
from codemods import markers as layout
from codemods.results import Status
from codemods.runner import Job, StageSpec, _marked_lines, marker_findings, process_data
from tests import golden
from transforms import markers
from transforms.options import DEFAULTS

PREFIX = markers.PREFIX
WIDTH = layout.WIDTH

# Words hold no whitespace (a marker's message is normalised to single spaces) and no control
# characters, which would end a comment line.
WORD = st.text(st.characters(blacklist_categories=("Zs", "Zl", "Zp", "Cc", "Cs")), min_size=1, max_size=30)
WORDS = st.lists(WORD, max_size=40)
INDENT = st.one_of(st.integers(0, 48).map(" ".__mul__), st.integers(0, 6).map("\t".__mul__))


def _fits(words, indent: str) -> bool:
    """Whether every word fits on a line of its own (the first after the prefix)."""
    if not words:
        return layout.columns(indent + PREFIX) <= WIDTH
    first = layout.columns(f"{indent}{PREFIX} {words[0]}") <= WIDTH
    return first and all(layout.columns(indent + layout.CONTINUATION + word) <= WIDTH for word in words)


@given(WORDS, INDENT)
def test_wrap_reads_back_as_the_same_message_within_the_width(words, indent):
    message = " ".join(words)
    lines = layout.wrap(PREFIX, message, indent)
    found = layout.find(lines, PREFIX)
    assert found == [layout.Marker(0, len(lines) - 1, len(indent), message)]
    if _fits(words, indent):
        assert all(layout.columns(line) <= WIDTH for line in lines), lines
    # Greedy: no line could have taken the next line's first word.
    for line, following in zip(lines, lines[1:]):
        assert layout.columns(line) + 1 + len(following.split()[1]) > WIDTH
    assert all(line.startswith(indent) for line in lines)


def test_a_word_longer_than_a_line_stays_whole_on_a_line_of_its_own():
    url = "https://platform.openai.com/docs/guides/migrate-to-responses#" + "x" * 60
    lines = layout.wrap(PREFIX, f"[code] read {url} before you start", "    ")
    assert lines[1] == f"    {layout.CONTINUATION}{url}"  # longer than the width: a broken URL is no link
    assert layout.columns(lines[1]) > WIDTH
    assert all(layout.columns(line) <= WIDTH for line in lines if url not in line)
    assert layout.find(lines, PREFIX)[0].message == f"[code] read {url} before you start"


def test_a_comment_is_a_continuation_only_right_below_a_marker_at_its_indentation():
    lines = [
        "    #     a user's indented comment, no marker above it",
        f"    {PREFIX} [x] first",
        "    #     second",
        "  #     at another indentation: the user's",
        f"    {PREFIX} [y] one line",
        "    # a user's comment",
        "    #     and its own indented line",
        "    #      six spaces: not the layout",
    ]
    assert [(m.first, m.last, m.message) for m in layout.find(lines, PREFIX)] == [(1, 2, "[x] first second"), (4, 4, "[y] one line")]
    assert layout.ends_above(lines, 3, PREFIX) and layout.ends_above(lines, 5, PREFIX)
    assert not layout.ends_above(lines, 2, PREFIX) and not layout.ends_above(lines, 7, PREFIX)
    assert not layout.ends_above(lines, 1, PREFIX)  # a continuation-like line with no marker above


# ------------------------------------------------------------------------------------------------
# Through libcst: the transforms' layout pass.


def _nested(depth: int, comments: str) -> str:
    """A statement ``depth`` blocks deep with ``comments`` (lines, no indentation) above it."""
    lines, indent = [], ""
    for level in range(depth):
        lines.append(f"{indent}if x{level}:")
        indent += "    "
    lines.extend(f"{indent}{comment}" for comment in comments.splitlines())
    lines.append(f"{indent}y = 1")
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(WORDS, st.integers(0, 8))
def test_layout_wraps_at_the_statements_indentation_and_reads_back(words, depth):
    message = " ".join(["[code]", *words])
    module = cst.parse_module(_nested(depth, f"{PREFIX} {message}"))
    laid = markers.layout(module)
    code = laid.code
    again = cst.parse_module(code)
    assert markers.layout(again) is again, "a second layout changes nothing"
    statement = again.body[0]
    for _ in range(depth):
        statement = statement.body.body[0]  # type: ignore[attr-defined]
    # Above a module's first statement, comments parse into the module's header.
    lines = again.header if depth == 0 else statement.leading_lines
    assert [group.text for group in markers.groups(lines)] == [message]
    assert [f.message for f in marker_findings(code, PREFIX)] == [message]
    if _fits(["[code]", *words], "    " * depth):
        assert all(layout.columns(line) <= WIDTH for line in code.splitlines()[depth:])


def test_layout_leaves_short_markers_and_user_comments_alone():
    comments = f"# mine, long: {'z' * 90}\n{PREFIX} [code] short\n# mine, right below\n#     and indented"
    module = cst.parse_module(_nested(2, comments))
    assert markers.layout(module) is module
    statement = module.body[0].body.body[0].body.body[0]  # type: ignore[attr-defined]
    assert markers.marker_texts(statement) == ["[code] short"]
    assert len(markers.user_comments(statement.leading_lines)) == 3


def test_a_users_comment_in_the_continuation_layout_right_below_a_marker_is_read_as_part_of_it():
    """The one ambiguity of the layout (docs/pre-commit.md says so): such a line is the marker's."""
    module = cst.parse_module(_nested(1, f"{PREFIX} [code] short\n#     mine"))
    statement = module.body[0].body.body[0]  # type: ignore[attr-defined]
    assert markers.marker_texts(statement) == ["[code] short mine"]
    assert markers.user_comments(statement.leading_lines) == []


def test_an_old_one_line_marker_is_wrapped_and_a_rewrapped_one_gets_one_line_per_width():
    long = "[code] " + " ".join(f"word{i}" for i in range(40))
    once = markers.layout(cst.parse_module(f"def f():\n    {PREFIX} {long}\n    return 1\n")).code
    assert len(once.splitlines()) > 3 and all(len(line) <= WIDTH for line in once.splitlines())
    # Moved one level deeper by the user: the next layout rewraps it for the new indentation.
    deeper = "class C:\n" + textwrap.indent(once, "    ")
    again = markers.layout(cst.parse_module(deeper)).code
    assert all(len(line) <= WIDTH for line in again.splitlines())
    assert [f.message for f in marker_findings(again, PREFIX)] == [long]


# ------------------------------------------------------------------------------------------------
# The engine's reading: one finding per marker, cited at its first line.


def test_a_wrapped_marker_is_one_finding_with_the_whole_message():
    message = "[runs-list] " + " ".join(["responses cannot be listed"] * 8)
    code = "\n".join(["def f(client):", *layout.wrap(PREFIX, message, "    "), "    return client.x()", ""])
    [finding] = marker_findings(code, PREFIX)
    assert (finding.line, finding.col, finding.message, finding.marked) == (2, 5, message, True)
    assert _marked_lines(code, PREFIX)(2) == len(code.splitlines())  # the statement below all its lines


# ------------------------------------------------------------------------------------------------
# Refresh, through the whole pipeline.

ASK = '''from openai import OpenAI

client = OpenAI()


def ask(thread_id):
    # keep: agreed with the data team
{markers}    run = client.beta.threads.runs.create_and_poll(
        thread_id=thread_id, assistant_id="asst_1"{extra}
    )
    return run.status
'''
TRUNCATION = ', truncation_strategy={"type": "last_messages", "last_messages": 4}'
TOKENS = ", max_prompt_tokens=500"


def _apply(text: str) -> str:
    once = golden.run_all(text)
    assert golden.run_all(once) == once, "a second run changes nothing"
    return once


def _markers_of(text: str):
    return [f.message for f in marker_findings(text, PREFIX)]


def test_a_stale_reason_is_replaced_after_the_users_fix_then_the_marker_goes():
    first = _apply(ASK.format(markers="", extra=TOKENS + TRUNCATION))
    assert [m.split("]")[0] for m in _markers_of(first)] == ["[max-prompt-tokens"]
    assert all(len(line) <= WIDTH for line in first.splitlines() if line.lstrip().startswith("#"))
    # The user drops max_prompt_tokens: the call is still held back, by the other argument now.
    second = _apply(first.replace(TOKENS, ""))
    assert [m.split("]")[0] for m in _markers_of(second)] == ["[truncation-last-messages"]
    assert "max_prompt_tokens" not in "".join(line for line in second.splitlines() if line.lstrip().startswith("#"))
    # ... and drops the truncation strategy: the call migrates and its marker goes, every line of it.
    third = _apply(second.replace(TRUNCATION, ""))
    assert "client.responses.create(" in third and "beta.threads.runs" not in third
    assert not [m for m in _markers_of(third) if not m.startswith("note ")]
    assert "truncation" not in third
    assert "    # keep: agreed with the data team\n" in third


STALE = f"""    {PREFIX} [old-reason] a reason an earlier version gave, long enough that it was
    #     wrapped over two lines by the layout
"""


def test_a_wrapped_stale_marker_on_code_that_now_migrates_disappears_with_all_its_lines():
    text = ASK.format(markers=STALE, extra="")
    after = _apply(text)
    assert "old-reason" not in after and "wrapped over two lines" not in after
    assert "client.responses.create(" in after


def test_a_wrapped_stale_marker_is_replaced_whole_and_user_comments_beside_it_stay():
    mine_below = "    # TODO(ann): check the quota\n    #     an indented line of the user's own\n"
    text = ASK.format(markers=STALE + mine_below, extra=TRUNCATION)
    after = _apply(text)
    assert "old-reason" not in after and "wrapped over two lines" not in after
    assert [m.split("]")[0] for m in _markers_of(after)] == ["[truncation-last-messages"]
    assert "    # keep: agreed with the data team\n" + mine_below in after  # in their order, byte for byte
    head = after.index(mine_below) + len(mine_below)
    assert after[head:].startswith(f"    {PREFIX} [truncation-last-messages]")  # the new marker: right above the call


def test_a_marker_that_still_says_the_right_thing_keeps_its_place_among_the_comments():
    first = _apply(ASK.format(markers="", extra=TRUNCATION))
    marker_lines = "".join(line for line in first.splitlines(keepends=True) if line.lstrip().startswith("#") and "keep:" not in line)
    moved = first.replace(marker_lines, "").replace(
        "    # keep: agreed with the data team\n", "    # keep: agreed with the data team\n" + marker_lines + "    # mine, below\n"
    )
    assert _apply(moved) == moved


def test_the_stored_thread_note_is_not_given_again_when_a_later_fix_lets_another_call_migrate():
    """Once per function: the run that migrates the run call after the user's fix finds the note
    an earlier run gave above the message call, and gives no second one."""
    text = ASK.format(markers="", extra=TRUNCATION).replace(
        "    run = client", "    client.beta.threads.messages.create(thread_id=thread_id, role='user', content='hi')\n    run = client"
    )
    first = _apply(text)
    assert len([m for m in _markers_of(first) if m.startswith("note [stored-thread-id]")]) == 1
    assert "beta.threads.runs" in first  # held back by truncation_strategy
    fixed = _apply(first.replace(TRUNCATION, ""))
    assert "beta.threads" not in fixed
    assert len([m for m in _markers_of(fixed) if m.startswith("note [stored-thread-id]")]) == 1


def test_wrapped_notes_are_not_added_twice():
    text = ASK.format(markers="", extra="").replace("run = client", "client.beta.threads.messages.create(thread_id=thread_id, role='user', content='hi')\n    run = client")
    once = _apply(text)
    notes = [m for m in _markers_of(once) if m.startswith("note [stored-thread-id]")]
    assert len(notes) == 1 and any(line.startswith("    #     ") for line in once.splitlines())


# ------------------------------------------------------------------------------------------------
# Notebooks: markers wrapped in their cells, read back one per marker, cited by cell.

REAL = Job(
    stages=tuple(StageSpec(info.name, info.target, info.triggers) for info in transforms.REGISTRY),
    options=dict(DEFAULTS), marker=transforms.MARKER, opt_out=transforms.SKIP_FILE,
)


def _cells(data: bytes):
    import json

    return ["".join(cell["source"]) for cell in json.loads(data)["cells"]]


def test_wrapped_markers_in_notebook_cells():
    from tests.test_precommit import _notebook

    data = _notebook(
        "from openai import OpenAI\nclient = OpenAI()",
        "def runs(thread_id):\n    return client.beta.threads.runs.list(thread_id=thread_id)",
        "%time client.beta.threads.runs.list(thread_id='t')",
    ).encode()
    result = process_data("nb.ipynb", data, REAL)
    assert result.status is Status.CHANGED, result.error
    cells = _cells(result.new_data)
    for cell in cells[1:]:
        assert any(line.startswith(("    #     ", "#     ")) for line in cell.splitlines()), cell  # wrapped
        assert all(len(line) <= WIDTH for line in cell.splitlines() if line.lstrip().startswith("#"))
    assert [(f.cell, f.line) for f in result.findings] == [(2, 2), (3, 1)]
    for finding in result.findings:  # the whole message, not its first line
        last_line = [line for line in cells[finding.cell - 1].splitlines() if line.lstrip().startswith("#")][-1]
        assert last_line.lstrip().startswith(layout.CONTINUATION) and finding.message.endswith(last_line.split(None, 1)[1])
    again = process_data("nb.ipynb", result.new_data, REAL)
    assert again.status is Status.UNCHANGED and again.findings == result.findings


CLAUSES = '''
class C:
    def f(self):
        if a:
            {m}
            x = 1
        elif b:
            {m}
            x = 2
        else:
            {m}
            x = 3
        try:
            {m}
            x = 4
        except E:
            {m}
            x = 5
        else:
            {m}
            x = 6
        finally:
            {m}
            x = 7
        for i in y:
            {m}
            x = 8
        else:
            {m}
            x = 9
        while z:
            {m}
            x = 10
        with w:
            {m}
            x = 11
        match v:
            case 1:
                {m}
                x = 12
async def g():
\t{m}
\tx = 13
{m}
x = 14
'''


def test_markers_in_every_kind_of_block_are_found_and_wrapped_at_their_indentation():
    message = "[code] " + " ".join(f"w{i}" for i in range(30))
    code = CLAUSES.replace("{m}", f"{PREFIX} {message}")
    module = cst.parse_module(code)
    assert len(markers.marked_statements(module, markers.swept)) == 14
    laid = markers.layout(module).code
    lines = laid.splitlines()
    found = layout.find(lines, PREFIX)
    assert len(found) == 14 and all(marker.message == message for marker in found)
    for marker in found:
        statement = lines[marker.last + 1]
        indent = statement[: len(statement) - len(statement.lstrip())]
        assert statement.lstrip().startswith("x = ")
        assert all(line.startswith(indent) and not line[len(indent)].isspace() for line in lines[marker.first:marker.last + 1])
        assert all(layout.columns(line) <= WIDTH for line in lines[marker.first:marker.last + 1])
    assert markers.layout(cst.parse_module(laid)).code == laid


HANDLER = '''from openai import AssistantEventHandler, OpenAI

client = OpenAI()


class Plain(AssistantEventHandler):
    def on_text_done(self, text):
        print(text.value)


def final_run(thread_id):
    with client.beta.threads.runs.stream(thread_id=thread_id, assistant_id="asst_m", event_handler=Plain()) as stream:
        stream.until_done()
    return stream.get_final_run().status
'''


def test_the_types_markers_go_when_the_handler_they_were_about_is_migrated():
    first = _apply(HANDLER)
    texts = _markers_of(first)
    assert any(t.startswith("AssistantEventHandler: no Responses counterpart") for t in texts)  # on the import
    assert any(t.startswith("[handler-class] Plain subclasses AssistantEventHandler") for t in texts)  # on the class
    # The user drops the read that held the stream back: the stream and its handler migrate.
    fixed = _apply(first.replace("    return stream.get_final_run().status\n", "    return None\n"))
    assert "AssistantEventHandler" not in fixed and "class Plain:" in fixed
    assert [t for t in _markers_of(fixed) if not t.startswith("note ")] == []


HAND_MIGRATED = '''from openai import OpenAI

client = OpenAI()


def listing(thread_id):
    # mine: the ids come from the audit table now
{marker}    return [r.id for r in stored_responses(thread_id)]


def other(thread_id):
{note}    return client.beta.threads.retrieve(thread_id)
'''


def test_a_code_marker_goes_when_its_call_was_migrated_by_hand_and_notes_and_hand_markers_stay():
    marker = "".join(line + "\n" for line in layout.wrap(PREFIX, "[runs-list] " + "responses cannot be listed " * 4, "    "))
    note = f"    {PREFIX} note [stored-thread-id] checked: these IDs are all conversations\n"
    mine = f"    {PREFIX} kept as it is until the archive job is retired\n"
    after = _apply(HAND_MIGRATED.format(marker=marker + mine, note=note))
    assert "[runs-list]" not in after and "responses cannot be listed" not in after
    assert "    # mine: the ids come from the audit table now\n" + mine + "    return [r.id" in after
    assert after.count("note [stored-thread-id]") == 1  # a note stays, and is not given twice
    # Without any Assistants call left, the [code] marker alone brings the file into the pass.
    alone = HAND_MIGRATED.format(marker=marker, note="").replace("client.beta.threads.retrieve", "client.conversations.retrieve")
    assert "beta.threads" not in alone
    assert "[runs-list]" not in _apply(alone)
