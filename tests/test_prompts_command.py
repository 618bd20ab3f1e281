"""`prompts`, and the registry `apply` writes: the assistants a codebase names, and the module."""

from __future__ import annotations

import pathlib
import subprocess
import sys
import types

from hypothesis import given, settings, strategies as st

from tests.clihelp import run_cli
from transforms import registry_module
from transforms.registry_module import AssistantRef
from transforms.registry_runtime import USER_LINE

SOURCE = '''import os
from openai import OpenAI

client = OpenAI()
SUPPORT = os.environ["SUPPORT_ASSISTANT_ID"]


def make_tutor():
    return client.beta.assistants.create(name="Math Tutor", model="gpt-4o", instructions="Be brief.")


def a(t):
    return client.beta.threads.runs.create_and_poll(thread_id=t, assistant_id=SUPPORT)


def b(t):
    return client.beta.threads.runs.create_and_poll(thread_id=t, assistant_id="asst_legal")


def c(t, tenant):
    return client.beta.threads.runs.create_and_poll(thread_id=t, assistant_id=tenant.assistant_id)
'''

LOOKUP = (
    "import os, prompt_registry as r\n"
    "os.environ['SUPPORT_ASSISTANT_ID'] = 'asst_live'\n"
    "for key in ('asst_live', 'asst_legal', 'asst_unknown'):\n"
    "    try:\n        print(key, r.settings(key))\n"
    "    except r.MissingPromptSettings as e:\n        print(key, 'MISSING', e)\n"
)


def _lookup(folder: pathlib.Path) -> str:
    probe = subprocess.run([sys.executable, "-c", LOOKUP], cwd=folder, capture_output=True, text=True)
    assert probe.returncode == 0, probe.stderr
    return probe.stdout


def _fill(registry: pathlib.Path, entry_id: str, model: str) -> None:
    """Fill an entry the way a person does: a model (and instructions) in its Assistant(...)."""
    text = registry.read_text()
    needle = f"        id={entry_id!r},\n"
    assert needle in text
    registry.write_text(text.replace(needle, needle + f"        model={model!r}, instructions='Filled by hand.',\n", 1))


def test_listing_registry_check_and_fill(tmp_path: pathlib.Path):
    (tmp_path / "app.py").write_text(SOURCE)
    listed = run_cli(["prompts", "."], cwd=str(tmp_path))
    assert listed.returncode == 0, listed.stderr
    out = listed.stdout
    assert "app.py:9: assistant 'Math Tutor' created in code" in out  # returned from a helper: listed too
    assert "app.py:13: ID from environment variable 'SUPPORT_ASSISTANT_ID'" in out
    assert "app.py:17: literal ID 'asst_legal'" in out
    assert "app.py:21: ID known only at run time (tenant.assistant_id)" in out
    assert not (tmp_path / "prompt_registry.py").exists()
    missing = run_cli(["prompts", ".", "--check"], cwd=str(tmp_path))
    assert missing.returncode == 1 and "prompt_registry.py: missing" in missing.stderr

    wrote = run_cli(["prompts", ".", "--write"], cwd=str(tmp_path))
    assert wrote.returncode == 0 and "wrote prompt_registry.py" in wrote.stderr, wrote.stderr
    registry = tmp_path / "prompt_registry.py"
    looked = _lookup(tmp_path)
    assert "asst_live MISSING the settings of assistant 'asst_live' (SUPPORT_ASSISTANT_ID; used at app.py:13)" in looked
    assert "asst_unknown MISSING no settings for assistant 'asst_unknown'" in looked
    check = run_cli(["prompts", ".", "--check"], cwd=str(tmp_path))
    assert check.returncode == 1
    assert "assistant 'asst_legal' is not filled in yet (used at app.py:17)" in check.stderr
    assert "assistant 'SUPPORT_ASSISTANT_ID' is not filled in yet" in check.stderr

    _fill(registry, "asst_legal", "gpt-4o")
    again = run_cli(["prompts", ".", "--write"], cwd=str(tmp_path))
    assert again.returncode == 0 and "is up to date" in again.stderr, again.stderr
    assert "model='gpt-4o', instructions='Filled by hand.'" in registry.read_text()  # kept, no --force needed
    assert "asst_legal {'model': 'gpt-4o', 'truncation': 'auto', 'instructions': 'Filled by hand.'}" in _lookup(tmp_path)
    _fill(registry, "SUPPORT_ASSISTANT_ID", "gpt-4o-mini")
    assert run_cli(["prompts", ".", "--check"], cwd=str(tmp_path)).returncode == 0
    assert "asst_live {'model': 'gpt-4o-mini'" in _lookup(tmp_path)


def test_apply_writes_the_registry_in_either_order(tmp_path: pathlib.Path):
    first, second = tmp_path / "apply_first", tmp_path / "prompts_first"
    for folder in (first, second):
        folder.mkdir()
        (folder / "app.py").write_text(SOURCE)
    applied = run_cli(["apply", "."], cwd=str(first))
    assert applied.returncode == 1  # changed, and entries remain to fill in
    assert "prompt_registry.py:" in applied.stderr and "is not filled in yet" in applied.stderr
    assert "beta.threads" not in (first / "app.py").read_text()
    # Run after apply, prompts still finds the assistants: they are named in the registry calls now.
    assert "is up to date" in run_cli(["prompts", ".", "--write"], cwd=str(first)).stderr

    assert run_cli(["prompts", ".", "--write"], cwd=str(second)).returncode == 0
    written = (second / "prompt_registry.py").read_text()
    assert run_cli(["apply", "."], cwd=str(second)).returncode == 1
    assert (second / "prompt_registry.py").read_text() == written
    assert (first / "prompt_registry.py").read_text() == written
    audit = run_cli(["audit", "."], cwd=str(second))
    assert "prompt_registry.py:" in audit.stdout and "not filled in yet" in audit.stdout


def test_different_assistants_stay_different_entries(tmp_path: pathlib.Path):
    for name, variable, default in (("sales.py", "SALES_ID", ""), ("legal.py", "LEGAL_ID", "asst_legal")):
        (tmp_path / name).write_text(
            "import os\nfrom openai import OpenAI\n\nclient = OpenAI()\n"
            f"assistant = os.getenv({variable!r}, {default!r})\n\n\n"
            "def ask(t):\n    return client.beta.threads.runs.create_and_poll(thread_id=t, assistant_id=assistant)\n"
        )
    assert run_cli(["prompts", ".", "--write"], cwd=str(tmp_path)).returncode == 0
    text = (tmp_path / "prompt_registry.py").read_text()
    assert "id='SALES_ID',\n        env=('SALES_ID',)," in text
    assert "id='asst_legal',\n        env=('LEGAL_ID',)," in text
    assert "('',)" not in text  # an empty default names no assistant


def test_user_lines_are_kept_and_the_tool_part_is_brought_up_to_date(tmp_path: pathlib.Path):
    (tmp_path / "app.py").write_text(SOURCE)
    run_cli(["prompts", ".", "--write"], cwd=str(tmp_path))
    registry = tmp_path / "prompt_registry.py"
    text = registry.read_text()
    text = text.replace(USER_LINE + "\n", USER_LINE + "\nTONE = 'Answer in French.'\n", 1)
    text = text.replace("def retrieve(", "def retrieve_old_copy(", 1)  # a stale runtime
    registry.write_text(text)
    assert run_cli(["prompts", ".", "--write"], cwd=str(tmp_path)).returncode == 0
    updated = registry.read_text()
    assert "TONE = 'Answer in French.'" in updated and "retrieve_old_copy" not in updated and "def retrieve(" in updated


def test_a_registry_the_tool_cannot_merge_into_is_refused(tmp_path: pathlib.Path):
    (tmp_path / "app.py").write_text(SOURCE)
    (tmp_path / "prompt_registry.py").write_text("ENTRIES = load_from_yaml()\n")
    refused = run_cli(["prompts", ".", "--write"], cwd=str(tmp_path))
    assert refused.returncode == 2 and "ENTRIES is not a list display" in refused.stderr
    assert (tmp_path / "prompt_registry.py").read_text() == "ENTRIES = load_from_yaml()\n"
    assert run_cli(["prompts", ".", "--write", "--force"], cwd=str(tmp_path)).returncode == 0
    assert "asst_legal" in (tmp_path / "prompt_registry.py").read_text()


def test_the_written_registry_type_checks(tmp_path: pathlib.Path):
    (tmp_path / "app.py").write_text(SOURCE)
    run_cli(["prompts", ".", "--write"], cwd=str(tmp_path))
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--ignore-missing-imports",
         "--cache-dir", str(tmp_path / ".mypy_cache"), "prompt_registry.py"],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert checked.returncode == 0 and not checked.stdout, checked.stdout + checked.stderr


# Any text at all may be an ID, a variable name or a path (a registry must still compile and load).
_text = st.text(min_size=1, max_size=12)
_refs = st.lists(
    st.tuples(
        _text,
        st.builds(AssistantRef, st.sampled_from(["literal", "env", "dynamic", "created"]), _text,
                  st.integers(1, 10_000), st.one_of(st.none(), _text)),
    ),
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(first=_refs, second=_refs)
def test_any_registry_compiles_loads_and_merges_idempotently(first, second):
    written = registry_module.write_text(None, first)
    module = types.ModuleType("prompt_registry_probe")
    sys.modules[module.__name__] = module  # dataclasses look their module up while the class is made
    try:
        exec(compile(written, "prompt_registry.py", "exec"), module.__dict__)
    finally:
        del sys.modules[module.__name__]
    entries = module.ENTRIES
    named = {ref.key for _, ref in first if ref.kind in ("literal", "env") and ref.key}
    answered = {key for e in entries for key in (e.id, *e.assistant_ids, *e.env)}
    assert named <= answered
    assert all(not e.filled for e in entries) and len(registry_module.unfilled(written)) == len(entries)
    merged = registry_module.merge(written, second)
    compile(merged, "prompt_registry.py", "exec")
    assert registry_module.merge(merged, second) == merged
    assert registry_module.merge(merged, first) == merged  # nothing of the first run is lost or added twice
    assert merged.startswith(written[: written.index("ENTRIES")])


def test_hosted_prompt_settings_are_refused_with_the_reason(tmp_path: pathlib.Path):
    (tmp_path / "pyproject.toml").write_text('[tool.assistants-to-responses]\nprompt-target = "id"\n')
    (tmp_path / "app.py").write_text(SOURCE)
    refused = run_cli(["apply", "--dry-run", "."], cwd=str(tmp_path))
    assert refused.returncode == 2
    assert "`prompt-target` is no longer supported: OpenAI's hosted prompt objects stopped on 2026-11-30" in refused.stderr
