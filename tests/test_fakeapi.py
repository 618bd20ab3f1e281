"""The fake API itself: both families agree, state carries across turns, wrong shapes are refused."""

from __future__ import annotations

import openai
import pytest
from openai import OpenAI
from openai.types.beta.threads import Message, Run
from openai.types.conversations import Conversation
from openai.types.responses import Response

from tests.fakeapi import FakeOpenAI

ASSISTANT = {"id": "asst_t", "model": "gpt-4o", "instructions": "Be   brief."}


@pytest.fixture
def api():
    with FakeOpenAI([ASSISTANT]) as server:
        yield server


@pytest.fixture
def client(api):
    return OpenAI(base_url=api.base_url, api_key="sk-fake", max_retries=0)


def test_both_families_give_the_same_reply_and_count_turns(client):
    thread = client.beta.threads.create()
    replies = []
    for text in ("one", "two"):
        client.beta.threads.messages.create(thread_id=thread.id, role="user", content=text)
        run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_t")
        assert run.status == "completed" and run.usage is not None
        replies.append(client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value)
    conversation = client.conversations.create()
    responses = [
        client.responses.create(model="gpt-4o", instructions="Be brief.", conversation=conversation.id,
                                input=[{"role": "user", "content": text}]).output_text
        for text in ("one", "two")
    ]
    assert replies == responses
    assert replies[1].startswith("[gpt-4o|") and " #2 You said: two" in replies[1]


def test_runs_advance_over_retrieves(client):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
    run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id="asst_t")
    statuses = [run.status]
    while run.status != "completed":
        run = client.beta.threads.runs.retrieve(run.id, thread_id=thread.id)
        statuses.append(run.status)
    assert statuses == ["queued", "in_progress", "completed"]


def test_replies_parse_as_the_sdk_types(api, client):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_t")
    response = client.responses.create(model="gpt-4o", input="hi")
    conversation = client.conversations.create(items=[{"role": "user", "content": "x"}])
    message = client.beta.threads.messages.list(thread_id=thread.id).data[0]
    for model, value in ((Run, run), (Response, response), (Conversation, conversation), (Message, message)):
        parsed = model.model_validate(value.model_dump())
        missing = [name for name, field in model.model_fields.items() if field.is_required() and name not in value.model_fields_set]
        assert not missing, (model.__name__, missing)
        assert parsed.id == value.id


@pytest.mark.parametrize(
    "kwargs",
    [
        {"model": "m", "input": [{"role": "user", "content": [{"type": "text", "text": "old part"}]}]},
        {"model": "m", "input": "x", "tools": [{"type": "function", "function": {"name": "f"}}]},
        {"model": "m", "input": "x", "conversation": "conv_1", "previous_response_id": "resp_1"},
        {"model": "m", "input": "x", "tools": [{"type": "code_interpreter"}]},
        {"input": "no model"},
        {"model": "m", "input": "x", "tool_choice": {"type": "function", "function": {"name": "f"}}},
    ],
)
def test_refuses_what_the_real_api_refuses(client, kwargs):
    with pytest.raises(openai.BadRequestError):
        client.responses.create(**kwargs)


def test_conversation_limits_and_update(client):
    with pytest.raises(openai.BadRequestError):
        client.conversations.create(items=[{"role": "user", "content": str(i)} for i in range(21)])
    conversation = client.conversations.create()
    with pytest.raises(openai.BadRequestError):
        client.post(f"/conversations/{conversation.id}", body={}, cast_to=Conversation)


def test_unknown_route_and_assistant_are_404(client):
    with pytest.raises(openai.NotFoundError):
        client.get("/nothing/here", cast_to=dict)
    thread = client.beta.threads.create()
    with pytest.raises(openai.NotFoundError):
        client.beta.threads.runs.create(thread_id=thread.id, assistant_id="asst_missing")


def test_fixture_serves_a_fresh_server(fake_openai):
    client = OpenAI(base_url=fake_openai.base_url, api_key="sk-fake", max_retries=0)
    client.conversations.create()
    assert [path for _, path, _ in fake_openai.requests] == ["/v1/conversations"]
    assert fake_openai.env()["OPENAI_BASE_URL"] == fake_openai.base_url


def test_command_line_server_prints_its_url():
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "tests.fakeapi", "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
        client = OpenAI(base_url=url, api_key="sk-fake", max_retries=0)
        assert client.conversations.create().id.startswith("conv_")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
