"""`prompts`: the assistants a codebase names, and the registry module it writes."""

from __future__ import annotations

import pathlib
import subprocess
import sys

from tests.clihelp import run_cli

SOURCE = '''import os
from openai import OpenAI

client = OpenAI()
SUPPORT = os.environ["SUPPORT_ASSISTANT_ID"]
tutor = client.beta.assistants.create(name="Math Tutor", model="gpt-4o", instructions="Be brief.")


def a(t):
    return client.beta.threads.runs.create_and_poll(thread_id=t, assistant_id=SUPPORT)


def b(t):
    return client.beta.threads.runs.create_and_poll(thread_id=t, assistant_id="asst_legal")


def c(t, tenant):
    return client.beta.threads.runs.create_and_poll(thread_id=t, assistant_id=tenant.assistant_id)
'''


def test_listing_and_registry(tmp_path: pathlib.Path):
    (tmp_path / "app.py").write_text(SOURCE)
    result = run_cli(["prompts", ".", "--write"], cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "app.py:6: math_tutor: definition 'Math Tutor'" in out
    assert "app.py:10: support: env 'SUPPORT_ASSISTANT_ID'" in out
    assert "app.py:14: asst_legal: literal 'asst_legal'" in out
    assert "dynamic 'tenant.assistant_id'" in out
    registry = tmp_path / "prompt_registry.py"
    check = (
        "import os, prompt_registry as r\n"
        "os.environ['SUPPORT_ASSISTANT_ID'] = 'asst_live'\n"
        "try:\n    r.lookup('asst_live')\nexcept r.MissingPromptSettings as e:\n    print('MISSING', e)\n"
        "try:\n    r.lookup('asst_unknown')\nexcept r.MissingPromptSettings as e:\n    print('UNKNOWN', e)\n"
    )
    probe = subprocess.run([sys.executable, "-c", check], cwd=tmp_path, capture_output=True, text=True)
    assert "MISSING assistant 'asst_live' (support, used at app.py:10)" in probe.stdout, probe.stderr
    assert "UNKNOWN no prompt settings for assistant 'asst_unknown'" in probe.stdout
    assert 'model="gpt-4o"' in registry.read_text()
    again = run_cli(["prompts", ".", "--write"], cwd=str(tmp_path))
    assert again.returncode == 2 and "--force" in again.stderr


def test_id_target_prints_a_toml_skeleton(tmp_path: pathlib.Path):
    (tmp_path / "pyproject.toml").write_text('[tool.assistants-to-responses]\nprompt-target = "id"\nprompt-strategy = "table"\n')
    (tmp_path / "app.py").write_text(SOURCE)
    result = run_cli(["prompts", ".", "--write"], cwd=str(tmp_path))
    assert '# "asst_legal" = { id = "pmpt_...", version = "1" }' in result.stdout
    audit = run_cli(["audit", "."], cwd=str(tmp_path))
    assert "hosted prompt objects are scheduled to stop on 2026-11-30" in audit.stderr or "stopped on 2026-11-30" in audit.stderr
