"""`audit` reports API methods that are referenced, not called, as uses needing a hand."""

from __future__ import annotations

import json
import pathlib

import libcst as cst

from tests.clihelp import run_cli
from transforms.audit import find_uses

REFERENCES = '''import functools

from asgiref.sync import sync_to_async
from openai import OpenAI

client = OpenAI()


async def new_thread():
    thread = await sync_to_async(client.beta.threads.create)()
    return thread.id

create_run = client.beta.threads.runs.create


def poster(thread_id):
    return functools.partial(client.beta.threads.messages.create, thread_id=thread_id, role="user")


def ask(question):
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_1")
    return client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value
'''


def test_method_references_are_manual_uses(tmp_path: pathlib.Path):
    path = tmp_path / "ref.py"
    path.write_text(REFERENCES)
    proc = run_cli(["audit", "--format", "json", str(path)])
    assert proc.returncode == 1, proc.stderr
    uses = [(u["line"], u["col"], u["kind"], u["migration"]) for u in json.loads(proc.stdout)["uses"]]
    assert uses == [
        (10, 34, "threads.create", "manual"),
        (13, 14, "threads.runs.create", "manual"),
        (17, 30, "threads.messages.create", "manual"),
        # The one-shot sequence beside them still migrates.
        (21, 14, "threads.create", "automatic"),
        (22, 5, "threads.messages.create", "automatic"),
        (23, 5, "threads.runs.create_and_poll", "automatic"),
        (24, 12, "threads.messages.list", "automatic"),
    ], uses
    text = run_cli(["audit", str(path)])
    assert f"{path}:13:14: threads.runs.create: manual: client.beta.threads.runs.create is referenced, not called" in text.stdout


LOOK_ALIKES = '''import threading
from types import SimpleNamespace

import openai.types.beta.threads
from openai.resources.beta.threads import Threads


class FakeBeta:
    def create(self):
        return "not openai"


class Fake:
    beta = SimpleNamespace(threads=FakeBeta())


fake = Fake()
fake_create = fake.beta.threads.create
fake.beta.threads.create()
runner = threading.Thread(target=print)
text = "client.beta.threads.runs.create"
# create = client.beta.threads.create in a comment


def annotated(run: openai.types.beta.threads.Run, threads: Threads) -> None:
    print(run, threads, client.beta)
'''


def test_look_alike_references_are_not_uses():
    assert find_uses(cst.parse_module(LOOK_ALIKES)) == []


def test_references_are_found_inside_calls_and_on_any_receiver():
    module = cst.parse_module(
        "wrap(self.client.beta.threads.create).result()\n"
        "get().beta.threads.with_raw_response.retrieve\n"
        "stores = openai.beta.vector_stores\n"
    )
    found = [(kind, cst.Module(body=[]).code_for_node(node)) for node, kind, _, _ in find_uses(module)]
    assert found == [
        ("threads.create", "self.client.beta.threads.create"),
        ("threads.retrieve", "get().beta.threads.with_raw_response.retrieve"),
        ("vector_stores", "openai.beta.vector_stores"),
    ]


FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "threads_and_runs"


def test_tool_uses_are_classified_and_manual_ones_say_why():
    """Tool rounds that migrate are automatic; one that stays names the reason its marker gives."""
    proc = run_cli([
        "audit", "--format", "json", str(FIXTURES / "docs_function_calling.py"), str(FIXTURES / "tool_round_helper.py"),
        str(FIXTURES / "tool_round_helper_marked.py"),
    ])
    uses = json.loads(proc.stdout)["uses"]
    by_kind = {(pathlib.Path(u["path"]).name, u["kind"]): u for u in uses}
    submit = by_kind[("docs_function_calling.py", "threads.runs.submit_tool_outputs_and_poll")]
    assert submit["migration"] == "automatic", submit
    helper_round = by_kind[("tool_round_helper.py", "threads.runs.submit_tool_outputs_and_poll")]
    assert helper_round["migration"] == "automatic", helper_round
    runs = [u for u in uses if pathlib.Path(u["path"]).name == "tool_round_helper_marked.py" and u["kind"] == "threads.runs.create_and_poll"]
    assert runs and all(u["migration"] == "manual" for u in runs), runs
    # The marker's reason, not the generic text for the method.
    assert any("handle_logged()" in u["message"] and "run.status" in u["message"] for u in runs), runs
