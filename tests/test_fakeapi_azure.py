"""Azure OpenAI's URL shapes in the fake API, driven by the SDK's own Azure clients."""

from __future__ import annotations

import asyncio

import httpx
import openai
import pytest
from openai import AsyncAzureOpenAI, AzureOpenAI, OpenAI

from tests.fakeapi import FakeOpenAI

RECENT = "2025-04-01-preview"


def azure(api: FakeOpenAI, version: str = RECENT, **kwargs) -> AzureOpenAI:
    return AzureOpenAI(azure_endpoint=api.azure_endpoint, api_version=version, api_key="sk-fake", max_retries=0, **kwargs)


def test_both_families_under_openai_prefix_with_api_version(checked_api):
    client = azure(checked_api)
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "hello there"}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_t")
    old_reply = client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value
    response = client.responses.create(model="gpt-4o", instructions="Be brief.", input="hello there")
    assert run.status == "completed" and response.output_text == old_reply
    paths = [(method, path) for method, path, _ in checked_api.requests]
    assert ("POST", "/openai/threads") in paths and ("POST", "/openai/responses") in paths
    assert all(path.startswith("/openai/") for _, path in paths)


def test_api_version_is_sent_and_required(checked_api):
    seen = []
    checked_api.observers.append(lambda method, path, status, body: seen.append(status))
    azure(checked_api).responses.create(model="gpt-4o", input="x")
    assert seen == [200]
    # The SDK always sends api-version; a request without it is refused, as Azure refuses it.
    answer = httpx.post(f"{checked_api.azure_endpoint}/openai/responses", json={"model": "gpt-4o", "input": "x"})
    assert answer.status_code == 400 and "api-version" in answer.json()["error"]["message"]


def test_deployment_routed_chat_and_deployment_client(checked_api):
    client = azure(checked_api)
    chat = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    pinned = azure(checked_api, azure_deployment="gpt-4o")
    # With azure_deployment, endpoints that are not deployment-routed still go to /openai/<path>.
    response = pinned.responses.create(model="gpt-4o", input="hi")
    pinned_chat = pinned.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    assert chat.choices[0].message.content == response.output_text == pinned_chat.choices[0].message.content
    paths = [path for _, path, _ in checked_api.requests]
    assert paths == ["/openai/deployments/gpt-4o/chat/completions", "/openai/responses",
                     "/openai/deployments/gpt-4o/chat/completions"]


def test_old_api_version_has_no_responses_nor_conversations(checked_api):
    old = azure(checked_api, version="2024-05-01-preview")
    with pytest.raises(openai.NotFoundError):
        old.responses.create(model="gpt-4o", input="x")
    with pytest.raises(openai.NotFoundError):
        old.conversations.create()
    assert old.beta.threads.create().id.startswith("thread_")  # the Assistants API had those versions
    assert azure(checked_api).conversations.create().id.startswith("conv_")


def test_v1_endpoint_through_openai_client(checked_api):
    client = OpenAI(base_url=f"{checked_api.azure_endpoint}/openai/v1/", api_key="sk-fake", max_retries=0)
    conversation = client.conversations.create()
    response = client.responses.create(model="gpt-4o", conversation=conversation.id, input="hi")
    assert response.output_text.endswith("#1 You said: hi")
    assert [path for _, path, _ in checked_api.requests] == ["/openai/v1/conversations", "/openai/v1/responses"]


def test_async_azure_client(checked_api):
    async def go() -> str:
        client = AsyncAzureOpenAI(azure_endpoint=checked_api.azure_endpoint, api_version=RECENT, api_key="sk-fake",
                                  max_retries=0)
        response = await client.responses.create(model="gpt-4o", input="async hello")
        return response.output_text

    assert asyncio.run(go()).endswith("You said: async hello")


def test_environment_points_azure_clients_at_the_fake(checked_api, monkeypatch):
    assert "AZURE_OPENAI_ENDPOINT" not in {k for k, v in checked_api.env().items() if v}  # only on request
    for key, value in checked_api.env(azure=True).items():
        monkeypatch.setenv(key, value)
    client = AzureOpenAI(api_version=RECENT, max_retries=0)  # endpoint and key from the environment
    assert client.responses.create(model="gpt-4o", input="x").output_text.endswith("You said: x")
