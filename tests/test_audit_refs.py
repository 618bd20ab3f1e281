"""`audit` reports API methods that are referenced, not called, as uses needing a hand."""

from __future__ import annotations

import json
import pathlib

import libcst as cst

from tests.clihelp import run_cli
from transforms.facts.infer import Facts
from transforms.facts.walk import walk

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
    uses = [(u["line"], u["col"], u["kind"], u["migration"], u["code"]) for u in json.loads(proc.stdout)["uses"]
            if u["path"] == str(path)]
    assert uses == [
        (10, 34, "threads.create", "manual", "api-reference"),
        (13, 14, "threads.runs.create", "manual", "api-reference"),
        (17, 30, "threads.messages.create", "manual", "api-reference"),
        # The sequence beside them still migrates.
        (21, 14, "threads.create", "automatic", ""),
        (22, 5, "threads.messages.create", "automatic", ""),
        (23, 5, "threads.runs.create_and_poll", "automatic", ""),
        (24, 12, "threads.messages.list", "automatic", ""),
    ], uses
    text = run_cli(["audit", str(path)])
    # The plan lists the three under their reason; the four that migrate are counted on the file's line.
    assert f"{path}: 4 automatic, 3 need a hand" in text.stdout, text.stdout
    assert "[api-reference] An API method named, not called: 3 findings in 1 file" in text.stdout, text.stdout
    assert f"  {path}:13:14: the method `threads.runs.create` is named here" in text.stdout, text.stdout
    # apply marks each reference where it is named.
    run_cli(["apply", str(path)])
    assert path.read_text().count("[api-reference]") == 3


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
    facts = Facts(walk(cst.parse_module(LOOK_ALIKES)))
    assert facts.references() == [] and facts.sites == []


def test_references_are_found_inside_calls_and_on_any_receiver():
    module = cst.parse_module(
        "wrap(self.client.beta.threads.create).result()\n"
        "get().beta.threads.with_raw_response.retrieve\n"
        "stores = openai.beta.vector_stores\n"
    )
    found = [(ref.path, cst.Module(body=[]).code_for_node(ref.node)) for ref in Facts(walk(module)).references()]
    assert found == [
        (("threads", "create"), "self.client.beta.threads.create"),
        (("threads", "retrieve"), "get().beta.threads.with_raw_response.retrieve"),
        (("vector_stores",), "openai.beta.vector_stores"),
    ]


FIXTURES = pathlib.Path(__file__).parent / "fixtures"


def test_uses_held_back_name_the_call_that_holds_them(tmp_path: pathlib.Path):
    """A run on a thread that stays is left too, and says which use is its root cause."""
    path = tmp_path / "held.py"
    path.write_text(
        "from openai import OpenAI\n"
        "client = OpenAI()\n"
        "def cancel_latest(thread_id):\n"
        "    latest = client.beta.threads.runs.list(thread_id=thread_id).data[0]\n"
        "    client.beta.threads.runs.cancel(thread_id=thread_id, run_id=latest.id)\n"
    )
    uses = json.loads(run_cli(["audit", "--format", "json", str(path)]).stdout)["uses"]
    by_kind = {u["kind"]: u for u in uses}
    listed = by_kind["threads.runs.list"]
    assert listed["migration"] == "manual" and listed["code"] == "runs-list" and "blocked_by" not in listed
    run = by_kind["threads.runs.cancel"]
    assert run["migration"] == "manual" and run["code"] == "kept-with", run
    assert run["blocked_by"] == {"line": 4, "col": 14}, run
    assert run["transform"] == "runs-to-responses"
