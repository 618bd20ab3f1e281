"""Azure OpenAI clients: which calls go through one, the api_version rule, the option, and the
file's one Foundry note (the rewrites themselves are golden cases named azure_*)."""

from __future__ import annotations

import re
import textwrap

import libcst as cst
import pytest

from codemods.config import ConfigError, load
from tests import golden
from transforms.facts import facts_of
from transforms.facts.clients import AZURE, AZURE_V1, too_old
from transforms.options import OPTIONS, OptionError


@pytest.mark.parametrize("version, old", [
    ("2024-02-15-preview", True),
    ("2024-05-01-preview", True),
    ("2024-10-21", True),  # the last dated GA version: no /responses
    ("2025-02-01-preview", True),
    ("2025-03-01-preview", False),  # the Responses API's first preview
    ("2025-04-01-preview", False),
    ("preview", False),  # the v1 API's api-version values
    ("latest", False),
    ("v1", False),
    ("2024-13", False),  # not a shape the rule knows: nothing said
])
def test_api_version_too_old_for_responses(version: str, old: bool) -> None:
    assert too_old(version) is old


def _kinds(source: str):
    facts = facts_of(cst.parse_module(textwrap.dedent(source)))
    return [facts.clients.kind(site) for site in facts.sites]


@pytest.mark.parametrize("source, kinds", [
    pytest.param("""
        from openai import AzureOpenAI as Azure
        client = Azure(api_version="2025-04-01-preview")
        client.beta.threads.create()
    """, [AZURE], id="aliased-import"),
    pytest.param("""
        import openai
        client = openai.AsyncAzureOpenAI()
        client.beta.threads.create()
    """, [AZURE], id="module-attribute"),
    pytest.param("""
        client = make_client(azure_endpoint=ENDPOINT)
        client.beta.threads.create()
    """, [AZURE], id="factory-given-azure-endpoint"),
    pytest.param("""
        from openai import OpenAI
        client = OpenAI(base_url="https://contoso.openai.azure.com/openai/v1/")
        client.beta.threads.create()
    """, [AZURE_V1], id="v1-endpoint"),
    pytest.param("""
        from openai import OpenAI
        client = OpenAI(base_url="https://proxy.example.com/v1")
        client.beta.threads.create()
    """, [None], id="other-base-url"),
    pytest.param("""
        from openai import AzureOpenAI, OpenAI
        client = AzureOpenAI() if USE_AZURE else OpenAI()
        client.beta.threads.create()
    """, [AZURE], id="either-may-be-azure"),
    pytest.param("""
        from openai import AzureOpenAI
        class Bot:
            def __init__(self):
                self.client = None
                self.client = AzureOpenAI()
            def start(self):
                return self.client.beta.threads.create()
    """, [AZURE], id="self-attribute"),
    pytest.param("""
        def start(client: "Optional[AsyncAzureOpenAI]"):
            return client.beta.threads.create()
    """, [AZURE], id="annotated-parameter"),
    pytest.param("""
        from openai import AzureOpenAI
        def start(client):
            return client.beta.threads.create()
    """, [AZURE], id="parameter-in-an-azure-module"),
    pytest.param("""
        from openai import AzureOpenAI, OpenAI
        azure = AzureOpenAI()
        plain = OpenAI()
        def start(client):
            return client.beta.threads.create()
    """, [None], id="parameter-in-a-mixed-module"),
    pytest.param("""
        import openai
        openai.api_type = "azure"
        openai.beta.threads.create()
    """, [AZURE], id="module-client-configured"),
    pytest.param("""
        import openai
        openai.beta.threads.create()
    """, [None], id="module-client-plain"),
])
def test_client_kind_per_call(source: str, kinds) -> None:
    assert _kinds(source) == kinds


def test_option_is_a_boolean(tmp_path) -> None:
    check = OPTIONS["azure-conversations"]
    assert check("azure-conversations", True) is True
    with pytest.raises(OptionError, match="azure-conversations"):
        check("azure-conversations", "true")
    (tmp_path / "pyproject.toml").write_text('[tool.assistants-to-responses]\nazure-conversations = "yes"\n')
    with pytest.raises(ConfigError, match="azure-conversations"):
        load([str(tmp_path)], OPTIONS)
    (tmp_path / "pyproject.toml").write_text("[tool.assistants-to-responses]\nazure-conversations = true\n")
    assert load([str(tmp_path)], OPTIONS).options == {"azure-conversations": True}


def test_foundry_note_once_when_the_option_is_turned_on_later() -> None:
    """A first run leaves the kept threads (and notes the file); a later run with the option on migrates
    them without a second note."""
    case = next(c for c in golden.cases() if c.path.name == "azure_kept_thread.py")
    first = golden.run_all(case.path.read_text(encoding="utf-8"))
    assert "[azure-conversations]" in first
    second = golden.run_all(first, {"azure-conversations": True})
    assert "[azure-conversations]" not in second and "client.conversations.create" in second
    assert second.count("note [azure-foundry]") == 1


def test_conversations_held_back_only_on_azure_calls() -> None:
    """The same kept thread on OpenAI's client becomes a conversation whatever the option says."""
    source = textwrap.dedent("""
        from openai import OpenAI
        client = OpenAI()
        def turn(thread_id, text):
            client.beta.threads.messages.create(thread_id=thread_id, role="user", content=text)
            return client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id="asst_a").status
    """)
    out = golden.run_all(source)
    assert "conversation=thread_id" in out and "azure" not in out
    azure = golden.run_all(source.replace("OpenAI", "AzureOpenAI"))
    assert "conversation=" not in azure and azure.count("[azure-conversations]") == 2


def _on_azure(source: str) -> str:
    return re.sub(r"\b(Async)?OpenAI\b", lambda m: (m.group(1) or "") + "AzureOpenAI", source)


AZURE_SWAPPED = [c for c in golden.cases() if "OpenAI(" in c.path.read_text(encoding="utf-8")
                 and not c.path.name.startswith("azure_") and c.id != "types/migrated"]


@pytest.mark.parametrize("case", AZURE_SWAPPED, ids=[c.id for c in AZURE_SWAPPED])
def test_every_golden_input_on_an_azure_client(case: golden.Case) -> None:
    """Each golden input with its client made by AzureOpenAI: with the option off, no call of the output
    creates or uses a conversation; with it on, the output is the OpenAI one's, Azure's notes aside.
    Both outputs compile, and a second run changes neither."""
    source = _on_azure(case.path.read_text(encoding="utf-8"))
    held = golden.run_all(source, case.options)
    code_lines = [line for line in held.splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in code_lines if ".conversations." in line or "conversation=" in line]
    allowed = golden.run_all(source, {**case.options, "azure-conversations": True})
    for out, options in ((held, case.options), (allowed, {**case.options, "azure-conversations": True})):
        compile(out, case.id, "exec")
        assert golden.run_all(out, options) == out

    def without_azure(text: str) -> list:
        out, inside = [], False
        for line in re.sub(r"\b(Async)?AzureOpenAI\b", lambda m: (m.group(1) or "") + "OpenAI", text).splitlines():
            # An Azure marker, with the lines it wraps onto.
            inside = "[azure-" in line or (inside and re.match(r"\s*#     ", line) is not None)
            if not inside:
                out.append(line)
        return out

    assert without_azure(allowed) == without_azure(golden.run(case.transform, case.path.read_text(encoding="utf-8"), case.options))
