"""Seeds and fixtures of the fake API's own tests, loaded as a plugin by tests/conftest.py.

checked_api: a seeded FakeOpenAI whose every answer is checked against the SDK's types.
oai / aoai:  OpenAI / AsyncOpenAI clients pointed at it, without retries.
"""

from __future__ import annotations

from typing import Iterator

import pytest
from openai import AsyncOpenAI, OpenAI

from tests.fakeapi import FakeOpenAI
from tests.fakeapi_shapes import ShapeChecker

WEATHER = {"type": "function", "function": {"name": "get_weather", "description": "Weather in a city", "parameters": {
    "type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"},
                                     "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
    "required": ["city", "days", "unit"]}}}
TIME = {"type": "function", "function": {"name": "get_time", "parameters": {
    "type": "object", "properties": {"zone": {"type": "string"}, "exact": {"type": "boolean"},
                                     "tags": {"type": "array"}, "extra": {"type": "object"}}}}}
FAQ = "Returns are accepted within 30 days of purchase with a receipt. Shipping is free."
SEED = {
    "assistants": [
        {"id": "asst_t", "model": "gpt-4o", "instructions": "Be   brief."},
        {"id": "asst_tools", "model": "gpt-4o", "instructions": "Use tools.", "tools": [WEATHER, TIME]},
        {"id": "asst_docs", "model": "gpt-4o", "instructions": "Cite files.", "tools": [{"type": "file_search"}],
         "tool_resources": {"file_search": {"vector_store_ids": ["vs_docs"]}}},
        {"id": "asst_code", "model": "gpt-4o", "tools": [{"type": "code_interpreter"}]},
    ],
    "files": {"faq.txt": FAQ},
    "vector_stores": [{"id": "vs_docs", "name": "docs", "file_ids": ["file-faq-txt"]}],
    "prompts": {"pmpt_support": {"model": "gpt-4o-mini", "instructions": "Be brief."}},
}


def flat_tool(tool: dict) -> dict:
    """The Responses form of an Assistants function tool."""
    function = tool["function"]
    return {"type": "function", "name": function["name"], "parameters": function.get("parameters"), "strict": False}


def _checked_api() -> Iterator[FakeOpenAI]:
    checker = ShapeChecker()
    with FakeOpenAI(**SEED) as server:
        server.observers.append(checker)
        yield server
    assert checker.seen, "the test never reached the fake API"
    assert not checker.problems, "\n".join(checker.problems)


@pytest.fixture
def checked_api() -> Iterator[FakeOpenAI]:
    """A seeded fake whose every answer is checked against the SDK's types when the test ends."""
    yield from _checked_api()


@pytest.fixture
def oai(checked_api: FakeOpenAI) -> OpenAI:
    return OpenAI(base_url=checked_api.base_url, api_key="sk-fake", max_retries=0)


@pytest.fixture
def aoai(checked_api: FakeOpenAI) -> AsyncOpenAI:
    return AsyncOpenAI(base_url=checked_api.base_url, api_key="sk-fake", max_retries=0)
