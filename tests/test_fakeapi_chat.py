"""Chat Completions in the fake API: the same model as both other families, nested tools only."""

from __future__ import annotations

import json

import openai
import pytest

from tests.fakeapi_fixtures import TIME, WEATHER, flat_tool


def test_chat_reply_matches_the_other_families(oai):
    chat = oai.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": "Be brief."},
                                                                 {"role": "user", "content": "hello there"}])
    response = oai.responses.create(model="gpt-4o", instructions="Be brief.", input="hello there")
    assert chat.choices[0].message.content == response.output_text
    assert chat.choices[0].finish_reason == "stop"


def test_chat_function_call_forced_and_answered(oai):
    messages = [{"role": "user", "content": "What now in Rome?"}]
    first = oai.chat.completions.create(model="gpt-4o", messages=messages, tools=[WEATHER, TIME],
                                        tool_choice={"type": "function", "function": {"name": "get_time"}})
    calls = first.choices[0].message.tool_calls
    assert first.choices[0].finish_reason == "tool_calls"
    assert [(c.id, c.function.name) for c in calls] == [("call_1", "get_time")]
    assert json.loads(calls[0].function.arguments)["zone"] == "Rome"
    messages += [first.choices[0].message.model_dump(exclude_none=True),
                 {"role": "tool", "tool_call_id": calls[0].id, "content": "noon"}]
    second = oai.chat.completions.create(model="gpt-4o", messages=messages, tools=[WEATHER, TIME])
    assert second.choices[0].message.content.endswith("#1 Tool results: get_time=noon")


def test_chat_refuses_flat_responses_tools(oai):
    with pytest.raises(openai.BadRequestError, match="tools\\[0\\].function"):
        oai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}], tools=[flat_tool(WEATHER)])
