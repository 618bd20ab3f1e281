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


DYNAMIC = '''from openai import OpenAI

client = OpenAI()


def analyse(text, helper):
    assistant = client.beta.assistants.create(
        model="gpt-4o", instructions="You are an analyst. " + helper, tools=[{"type": "code_interpreter"}]
    )
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=text)
    client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    return client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value
'''

CONSTANT = '''from openai import OpenAI

client = OpenAI()
INSTRUCTIONS = "You are a helpful tutor."

assistant = client.beta.assistants.create(model="gpt-4o", instructions=INSTRUCTIONS, name="Tutor")


def ask(q):
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=q)
    client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    return client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value
'''

# Prints each entry's name and settings, and that lookup still fails with its own message.
PROBE = (
    "import prompt_registry as r\n"
    "for e in r.ENTRIES:\n    print(e.name, repr(e.settings))\n"
    "try:\n    r.lookup('asst_x')\nexcept r.MissingPromptSettings as e:\n    print('MISSING', e)\n"
)


def _mypy(folder: pathlib.Path) -> subprocess.CompletedProcess:
    # As tests/test_examples_typecheck.py checks the examples' registries.
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--show-error-codes", "--ignore-missing-imports",
         "--cache-dir", str(folder / ".mypy_cache"), "prompt_registry.py"],
        cwd=folder, capture_output=True, text=True,
    )


def test_registry_copies_static_settings_only(tmp_path: pathlib.Path):
    (tmp_path / "dyn.py").write_text(DYNAMIC)
    (tmp_path / "bot.py").write_text(CONSTANT)
    result = run_cli(["prompts", ".", "--write"], cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    probe = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True, text=True)
    assert probe.returncode == 0, probe.stderr
    assert "dyn.py:7: assistant: definition 'assistant': created in code, settings to fill in (instructions at dyn.py:8" in result.stdout
    assert "bot.py:6: tutor: definition 'Tutor': created in code (settings copied)" in result.stdout
    text = (tmp_path / "prompt_registry.py").read_text()
    assert "helper" not in text and "INSTRUCTIONS" not in text
    assert "# Could not copy instructions (dyn.py:8): known only when the code runs." in text
    assert "assistant None\n" in probe.stdout
    assert "tutor PromptSettings(model='gpt-4o', instructions='You are a helpful tutor.'," in probe.stdout
    assert "MISSING no prompt settings for assistant 'asst_x'" in probe.stdout
    checked = _mypy(tmp_path)
    assert checked.returncode == 0 and not checked.stdout, checked.stdout + checked.stderr


EDGES = '''import os
from openai import OpenAI

client = OpenAI()
LONG = """You are careful.
    This line keeps its indentation.
Done."""
MODEL: str = "gpt-4o-mini"
WEATHER = {"type": "function", "function": {"name": "weather", "parameters": {"type": "object", "properties": {}}}}
TOOLS = [WEATHER, {"type": "code_interpreter"}]
TWICE = "a"
TWICE = "b"
GROWN = [{"type": "file_search"}]
GROWN.append({"type": "code_interpreter"})
SWITCHED = "x"
CONFIG = {"model": "gpt-4o"}


def switch():
    global SWITCHED
    SWITCHED = "y"


good = client.beta.assistants.create(
    model=MODEL, instructions=LONG, temperature=-0.5, top_p=1, tools=TOOLS, response_format={"type": "json_object"}
)
twice = client.beta.assistants.create(model="gpt-4o", instructions=TWICE)
grown = client.beta.assistants.create(model="gpt-4o", tools=GROWN)
switched = client.beta.assistants.create(model="gpt-4o", instructions=SWITCHED)
spread = client.beta.assistants.create(**CONFIG, instructions="Hi")
fstring = client.beta.assistants.create(model="gpt-4o", instructions=f"Today is {os.getcwd()}")
nomodel = client.beta.assistants.create(instructions="x")


def shadowed(LONG):
    inner = client.beta.assistants.create(model="gpt-4o", instructions=LONG)
    return inner


searcher = client.beta.assistants.create(
    model="gpt-4o", tools=[{"type": "file_search"}], tool_resources={"file_search": {"vector_store_ids": ["vs_1"]}}
)
store = client.vector_stores.create(name="docs")
store_searcher = client.beta.assistants.create(
    model="gpt-4o", tools=[{"type": "file_search"}], tool_resources={"file_search": {"vector_store_ids": [store.id]}}
)
'''


def test_registry_settings_edge_cases(tmp_path: pathlib.Path):
    (tmp_path / "edges.py").write_text(EDGES)
    result = run_cli(["prompts", ".", "--write"], cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr
    probe = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True, text=True)
    assert probe.returncode == 0, probe.stderr
    settings = dict(line.split(" ", 1) for line in probe.stdout.splitlines() if not line.startswith("MISSING"))
    assert set(settings) == {"good", "twice", "grown", "switched", "spread", "fstring", "nomodel", "inner", "searcher", "store_searcher"}
    assert all(settings[name] == "None" for name in settings if name not in ("good", "searcher")), settings
    assert "tools=[{'type': 'file_search', 'vector_store_ids': ['vs_1']}]" in settings["searcher"]
    good = settings["good"]
    assert "model='gpt-4o-mini'" in good and "temperature=-0.5" in good and "top_p=1" in good
    # The constant's value, not its name, and a multi-line string keeps its exact text.
    assert repr("You are careful.\n    This line keeps its indentation.\nDone.") in good
    assert "'name': 'weather'" in good and "'container': {'type': 'auto'}" in good
    assert "{'format': {'type': 'json_object'}}" in good
    text = (tmp_path / "prompt_registry.py").read_text()
    for note in ("instructions (edges.py:27)", "tools (edges.py:28)", "instructions (edges.py:29)",
                 "**CONFIG (edges.py:30)", "instructions (edges.py:31)", "model (not given) (edges.py:32)",
                 "instructions (edges.py:36)", "tool_resources (edges.py:45)"):
        assert f"# Could not copy {note}: known only when the code runs." in text, note
    checked = _mypy(tmp_path)
    assert checked.returncode == 0 and not checked.stdout, checked.stdout + checked.stderr
