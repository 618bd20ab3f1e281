"""The fake API itself: both families agree, state carries across turns, every route answers in the SDK's shapes.

Every body the server returns in these tests is checked against the SDK's types (tests/fakeapi_shapes.py).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import subprocess
import sys

import openai
import pytest
from openai import OpenAI

from tests.fakeapi import FakeOpenAI


def digest(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode()).hexdigest()[:6]


def last_text(oai: OpenAI, thread_id: str) -> str:
    return oai.beta.threads.messages.list(thread_id=thread_id, limit=1).data[0].content[0].text.value


def test_reply_formula(oai):
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "hello there"}])
    oai.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_t")
    assert last_text(oai, thread.id) == f"[gpt-4o|{digest('Be brief.')}] #1 You said: hello there"
    assert oai.responses.create(model="m1", input="x").output_text == "[m1|-] #1 You said: x"


def test_both_families_give_the_same_reply_usage_and_turn_count(oai):
    thread = oai.beta.threads.create()
    replies, usages = [], []
    for text in ("one", "two words", "three"):
        oai.beta.threads.messages.create(thread_id=thread.id, role="user", content=text)
        run = oai.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_t")
        assert run.status == "completed" and run.usage is not None
        replies.append(last_text(oai, thread.id))
        usages.append((run.usage.prompt_tokens, run.usage.completion_tokens, run.usage.total_tokens))
    conversation = oai.conversations.create()
    responses = [oai.responses.create(model="gpt-4o", instructions="Be brief.", conversation=conversation.id,
                                         input=[{"role": "user", "content": text}])
                 for text in ("one", "two words", "three")]
    assert replies == [r.output_text for r in responses]
    assert usages == [(r.usage.input_tokens, r.usage.output_tokens, r.usage.total_tokens) for r in responses]
    assert replies[2].endswith(" #3 You said: three") and replies[0].endswith(" #1 You said: one")
    assert usages[0] == (1, 5, 6)


def test_previous_response_chain_counts_turns(oai):
    first = oai.responses.create(model="m", input="a")
    second = oai.responses.create(model="m", input="b", previous_response_id=first.id)
    third = oai.responses.create(model="m", input=[{"role": "user", "content": "c"}], previous_response_id=second.id)
    assert [r.output_text for r in (first, second, third)] == ["[m|-] #1 You said: a", "[m|-] #2 You said: b",
                                                               "[m|-] #3 You said: c"]
    assert third.previous_response_id == second.id


def test_run_instructions_and_additional_instructions_match_responses(oai):
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
    oai.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_t", instructions="Own.",
                                             additional_instructions="Extra   words.")
    old = last_text(oai, thread.id)
    new = oai.responses.create(model="gpt-4o", instructions="Own.\nExtra words.", input="hi").output_text
    as_developer = oai.responses.create(model="gpt-4o", instructions="Own.", input=[
        {"role": "developer", "content": "Extra words."}, {"role": "user", "content": "hi"}]).output_text
    assert old == new == as_developer == f"[gpt-4o|{digest('Own. Extra words.')}] #1 You said: hi"


def test_runs_advance_over_retrieves_and_poll(oai):
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
    run = oai.beta.threads.runs.create(thread_id=thread.id, assistant_id="asst_t")
    statuses = [run.status]
    while run.status not in ("completed", "failed"):
        run = oai.beta.threads.runs.retrieve(run.id, thread_id=thread.id)
        statuses.append(run.status)
    assert statuses == ["queued", "in_progress", "completed"]
    oai.beta.threads.messages.create(thread_id=thread.id, role="user", content="again")
    run = oai.beta.threads.runs.create(thread_id=thread.id, assistant_id="asst_t")
    assert oai.beta.threads.runs.poll(run.id, thread_id=thread.id).status == "completed"


def test_create_and_run_one_shot(oai):
    run = oai.beta.threads.create_and_run_poll(assistant_id="asst_t", thread={"messages": [
        {"role": "user", "content": [{"type": "text", "text": "look"}, {"type": "image_url", "image_url": {"url": "u"}}]}]})
    assert run.status == "completed"
    assert last_text(oai, run.thread_id).endswith("#1 You said: look [image]")
    same = oai.responses.create(model="gpt-4o", instructions="Be brief.", input=[{"role": "user", "content": [
        {"type": "input_text", "text": "look"}, {"type": "input_image", "image_url": "u", "detail": "auto"}]}])
    assert same.output_text == last_text(oai, run.thread_id)


def test_assistants_crud(oai):
    created = oai.beta.assistants.create(model="gpt-4o", name="A", instructions="x")
    assert oai.beta.assistants.retrieve(created.id).name == "A"
    assert oai.beta.assistants.update(created.id, name="B").name == "B"
    ids = [a.id for a in oai.beta.assistants.list(limit=100)]
    assert created.id in ids and "asst_t" in ids
    assert oai.beta.assistants.delete(created.id).deleted
    with pytest.raises(openai.NotFoundError):
        oai.beta.assistants.retrieve(created.id)


def test_threads_and_messages(oai):
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": str(i)} for i in range(5)],
                                        metadata={"k": "v"})
    assert oai.beta.threads.retrieve(thread.id).metadata == {"k": "v"}
    assert oai.beta.threads.update(thread.id, metadata={"k": "w"}).metadata == {"k": "w"}
    messages = oai.beta.threads.messages
    newest_first = [m.content[0].text.value for m in messages.list(thread_id=thread.id).data]
    assert newest_first == ["4", "3", "2", "1", "0"]
    page = messages.list(thread_id=thread.id, order="asc", limit=2)
    assert [m.content[0].text.value for m in page.data] == ["0", "1"] and page.has_more
    after = messages.list(thread_id=thread.id, order="asc", after=page.data[-1].id, limit=2)
    assert [m.content[0].text.value for m in after.data] == ["2", "3"]
    before = messages.list(thread_id=thread.id, order="asc", before=after.data[0].id)
    assert [m.content[0].text.value for m in before.data] == ["0", "1"]
    assert [m.content[0].text.value for m in messages.list(thread_id=thread.id, order="asc")] == list("01234")
    one = page.data[0]
    assert messages.retrieve(one.id, thread_id=thread.id).id == one.id
    assert messages.update(one.id, thread_id=thread.id, metadata={"a": "b"}).metadata == {"a": "b"}
    assert messages.delete(one.id, thread_id=thread.id).deleted
    run = oai.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_t")
    of_run = messages.list(thread_id=thread.id, run_id=run.id).data
    assert len(of_run) == 1 and of_run[0].role == "assistant" and of_run[0].assistant_id == "asst_t"
    assert of_run[0].content[0].text.value.endswith("#4 You said: 4")
    assert oai.beta.threads.delete(thread.id).deleted
    with pytest.raises(openai.NotFoundError):
        oai.beta.threads.retrieve(thread.id)


def test_runs_list_update_cancel_and_steps(oai):
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
    run = oai.beta.threads.runs.create(thread_id=thread.id, assistant_id="asst_t")
    cancelled = oai.beta.threads.runs.cancel(run.id, thread_id=thread.id)
    assert cancelled.status == "cancelling"
    assert oai.beta.threads.runs.retrieve(run.id, thread_id=thread.id).status == "cancelled"
    done = oai.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_t")
    assert [r.id for r in oai.beta.threads.runs.list(thread_id=thread.id)] == [done.id, run.id]
    assert oai.beta.threads.runs.update(done.id, thread_id=thread.id, metadata={"x": "1"}).metadata == {"x": "1"}
    steps = oai.beta.threads.runs.steps.list(run_id=done.id, thread_id=thread.id).data
    assert [s.type for s in steps] == ["message_creation"] and steps[0].status == "completed"
    message_id = steps[0].step_details.message_creation.message_id
    assert oai.beta.threads.messages.retrieve(message_id, thread_id=thread.id).run_id == done.id
    step = oai.beta.threads.runs.steps.retrieve(steps[0].id, thread_id=thread.id, run_id=done.id)
    assert step.run_id == done.id


def test_responses_retrieve_delete_and_input_items(oai):
    response = oai.responses.create(model="m", input=[{"role": "user", "content": "a"},
                                                         {"role": "assistant", "content": "b"},
                                                         {"role": "user", "content": "c"}])
    assert response.output_text == "[m|-] #2 You said: c"
    assert oai.responses.retrieve(response.id).output_text == response.output_text
    items = oai.responses.input_items.list(response.id)
    assert [i.role for i in items.data] == ["user", "assistant", "user"][::-1]
    assert [i.role for i in oai.responses.input_items.list(response.id, order="asc", limit=1).data] == ["user"]
    oai.responses.delete(response.id)
    with pytest.raises(openai.NotFoundError):
        oai.responses.retrieve(response.id)


def test_background_response_polls_and_cancels(oai):
    response = oai.responses.create(model="m", input="slow", background=True)
    statuses = [response.status]
    while response.status in ("queued", "in_progress"):
        response = oai.responses.retrieve(response.id)
        statuses.append(response.status)
    assert statuses == ["queued", "in_progress", "completed"]
    assert response.output_text == "[m|-] #1 You said: slow"
    other = oai.responses.create(model="m", input="stop", background=True)
    assert oai.responses.cancel(other.id).status == "cancelled"
    assert oai.responses.retrieve(other.id).output == []


def test_conversations_and_items(oai):
    conversation = oai.conversations.create(items=[{"type": "message", "role": "user", "content": "first"}],
                                               metadata={"user": "42"})
    assert oai.conversations.retrieve(conversation.id).metadata == {"user": "42"}
    assert oai.conversations.update(conversation.id, metadata={"user": "43"}).metadata == {"user": "43"}
    added = oai.conversations.items.create(conversation.id, items=[{"role": "user", "content": "second"}])
    assert len(added.data) == 1 and added.first_id == added.last_id
    reply = oai.responses.create(model="m", conversation=conversation.id, input="third")
    assert reply.output_text == "[m|-] #3 You said: third" and reply.conversation.id == conversation.id
    items = list(oai.conversations.items.list(conversation.id, order="asc"))
    texts = [(i.role, i.content[0].text) for i in items if i.type == "message"]
    assert texts == [("user", "first"), ("user", "second"), ("user", "third"), ("assistant", reply.output_text)]
    newest = oai.conversations.items.list(conversation.id, limit=1)
    assert newest.data[0].role == "assistant" and newest.has_more
    later = oai.conversations.items.list(conversation.id, limit=2, after=newest.data[0].id)
    assert [i.content[0].text for i in later.data] == ["third", "second"]
    item = oai.conversations.items.retrieve(items[0].id, conversation_id=conversation.id)
    assert item.id == items[0].id
    assert oai.conversations.items.delete(items[0].id, conversation_id=conversation.id).id == conversation.id
    assert oai.responses.create(model="m", conversation={"id": conversation.id}, input="x").output_text.startswith(
        "[m|-] #3 ")
    assert oai.conversations.delete(conversation.id).deleted
    with pytest.raises(openai.NotFoundError):
        oai.conversations.retrieve(conversation.id)


def test_seeded_prompt_settings(oai):
    response = oai.responses.create(prompt={"id": "pmpt_support"}, input="hi")
    assert response.output_text == f"[gpt-4o-mini|{digest('Be brief.')}] #1 You said: hi"
    assert oai.responses.create(prompt={"id": "pmpt_other"}, input="hi").output_text.startswith("[prompt:pmpt_other|-]")


def test_files_and_vector_stores(oai, tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("Notes about the product.")
    uploaded = oai.files.create(file=path.open("rb"), purpose="assistants")
    assert uploaded.filename == "notes.md" and uploaded.bytes == 24
    assert oai.files.retrieve(uploaded.id).purpose == "assistants"
    assert oai.files.content(uploaded.id).read() == b"Notes about the product."
    assert {f.id for f in oai.files.list()} == {uploaded.id, "file-faq-txt"}
    store = oai.vector_stores.create(name="kb", file_ids=[uploaded.id])
    assert store.file_counts.completed == 1
    assert oai.vector_stores.retrieve(store.id).name == "kb"
    assert store.id in [s.id for s in oai.vector_stores.list()]
    assert [f.id for f in oai.vector_stores.files.list(store.id)] == [uploaded.id]
    attached = oai.vector_stores.files.create(vector_store_id="vs_docs", file_id=uploaded.id)
    assert attached.status == "completed"
    assert oai.vector_stores.files.retrieve(uploaded.id, vector_store_id="vs_docs").id == uploaded.id
    assert oai.vector_stores.files.delete(uploaded.id, vector_store_id="vs_docs").deleted
    second = tmp_path / "more.txt"
    second.write_text("More.")
    batch = oai.vector_stores.file_batches.upload_and_poll(store.id, files=[second.open("rb")])
    assert batch.status == "completed" and batch.file_counts.completed == 1
    assert oai.vector_stores.file_batches.retrieve(batch.id, vector_store_id=store.id).id == batch.id
    assert len(oai.vector_stores.file_batches.list_files(batch.id, vector_store_id=store.id).data) == 1
    assert oai.vector_stores.delete(store.id).deleted
    assert oai.files.delete(uploaded.id).deleted


def test_async_client_both_families(aoai):
    async def main():
        thread = await aoai.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
        run = await aoai.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_t")
        page = await aoai.beta.threads.messages.list(thread_id=thread.id)
        conversation = await aoai.conversations.create()
        response = await aoai.responses.create(model="gpt-4o", instructions="Be brief.", input="hi",
                                                  conversation=conversation.id)
        items = [i async for i in aoai.conversations.items.list(conversation.id)]
        return run.status, page.data[0].content[0].text.value, response.output_text, len(items)

    status, old, new, count = asyncio.run(main())
    assert status == "completed" and old == new and count == 2


def test_unknown_route_and_assistant_are_404(oai, checked_api):
    with pytest.raises(openai.NotFoundError) as raised:
        oai.get("/nothing/here", cast_to=dict)
    assert raised.value.body["type"] == "invalid_request_error"
    thread = oai.beta.threads.create()
    with pytest.raises(openai.NotFoundError):
        oai.beta.threads.runs.create(thread_id=thread.id, assistant_id="asst_missing")
    with pytest.raises(openai.NotFoundError):
        oai.beta.threads.create_and_run(assistant_id="asst_missing")


def test_requests_log_reset_and_env(checked_api, oai):
    oai.conversations.create(metadata={"a": "b"})
    assert checked_api.requests == [("POST", "/v1/conversations", {"metadata": {"a": "b"}})]
    checked_api.reset()
    assert checked_api.requests == [] and not checked_api.store.conversations and "asst_t" in checked_api.store.assistants
    env = checked_api.env()
    assert env["OPENAI_BASE_URL"] == checked_api.base_url and env["OPENAI_API_KEY"] == "sk-fake"
    assert "127.0.0.1" in env["NO_PROXY"] and not env.get("HTTPS_PROXY")


def test_fixture_serves_a_fresh_server(fake_openai):
    oai = OpenAI(base_url=fake_openai.base_url, api_key="sk-fake", max_retries=0)
    oai.conversations.create()
    assert [path for _, path, _ in fake_openai.requests] == ["/v1/conversations"]


@pytest.mark.fake_openai(assistants=[{"id": "asst_marked", "model": "m"}])
def test_fixture_takes_seeds_from_a_marker(fake_openai):
    oai = OpenAI(base_url=fake_openai.base_url, api_key="sk-fake", max_retries=0)
    assert oai.beta.assistants.retrieve("asst_marked").model == "m"


def test_command_line_server_with_seed(tmp_path):
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"assistants": [{"id": "asst_cli", "model": "m"}], "files": {"a.txt": "A"}}))
    proc = subprocess.Popen([sys.executable, "-m", "tests.fakeapi", "--port", "0", "--seed", str(seed)],
                            stdout=subprocess.PIPE, text=True, cwd=os.path.dirname(os.path.dirname(__file__)))
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v1")
        oai = OpenAI(base_url=url, api_key="sk-fake", max_retries=0)
        assert oai.beta.assistants.retrieve("asst_cli").model == "m"
        assert oai.files.retrieve("file-a-txt").bytes == 1
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_env_points_a_subprocess_at_the_fake(checked_api):
    code = "import openai; print(openai.OpenAI().responses.create(model='m', input='sub').output_text)"
    out = subprocess.run([sys.executable, "-c", code], env=checked_api.env(), capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[m|-] #1 You said: sub", out.stderr


def test_two_servers_are_independent():
    with FakeOpenAI() as one, FakeOpenAI() as two:
        assert one.base_url != two.base_url
        OpenAI(base_url=one.base_url, api_key="k").conversations.create()
        assert len(one.requests) == 1 and two.requests == []


def test_echo_is_the_latest_user_message_and_unstored_responses_are_gone(oai):
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "question"},
                                               {"role": "assistant", "content": "earlier answer"}])
    oai.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_t")
    assert last_text(oai, thread.id).endswith("#1 You said: question")
    unstored = oai.responses.create(model="m", input="x", store=False)
    assert unstored.output_text == "[m|-] #1 You said: x"
    with pytest.raises(openai.NotFoundError):
        oai.responses.retrieve(unstored.id)
    with pytest.raises(openai.NotFoundError):
        oai.responses.create(model="m", input="y", previous_response_id=unstored.id)


def test_retrieve_as_a_stream_and_background_stream(oai):
    response = oai.responses.create(model="m", input="again")
    events = list(oai.responses.retrieve(response.id, stream=True))
    assert events[-1].type == "response.completed" and events[-1].response.output_text == response.output_text
    streamed = list(oai.responses.create(model="m", input="bg", background=True, stream=True))
    assert streamed[-1].response.output_text == "[m|-] #1 You said: bg" and streamed[-1].response.background


def test_a_bug_in_the_fake_is_a_500_that_the_sdk_does_not_retry(monkeypatch, capsys):
    from tests.fakeapi import server

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setitem(server.ROUTES, "files", broken)
    with FakeOpenAI() as fake:
        with pytest.raises(openai.InternalServerError, match="boom"):
            OpenAI(base_url=fake.base_url, api_key="k").files.list()  # default max_retries=2
        assert len(fake.requests) == 1
    assert "RuntimeError: boom" in capsys.readouterr().err
