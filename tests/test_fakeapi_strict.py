"""The fake API refuses what the real one refuses, in OpenAI's error shape, so a half-done migration fails loudly."""

from __future__ import annotations

import openai
import pytest
from openai.types.conversations import Conversation

FUNCTION = {"type": "function", "name": "f", "parameters": {"type": "object", "properties": {}}, "strict": False}


@pytest.mark.parametrize(
    "kwargs, param",
    [
        ({"input": "x", "tools": [{"type": "function", "function": {"name": "f"}}]}, "tools[0].function"),
        ({"input": "x", "tools": [FUNCTION, {"type": "function", "parameters": {}, "strict": False}]}, "tools[1].name"),
        ({"input": [{"role": "user", "content": [{"type": "text", "text": "old part"}]}]}, "input[0].content[0].type"),
        ({"input": [{"role": "user", "content": [{"type": "output_text", "text": "x"}]}]}, "input[0].content[0].type"),
        ({"input": [{"role": "assistant", "content": [{"type": "input_text", "text": "x"}]}]},
         "input[0].content[0].type"),
        ({"input": [{"role": "tool", "content": "x"}]}, "input[0].role"),
        ({"input": "x", "conversation": "conv_1", "previous_response_id": "resp_1"}, "conversation"),
        ({"input": "x", "tools": [{"type": "code_interpreter"}]}, "tools[0].container"),
        ({"input": "x", "tools": [{"type": "file_search"}]}, "tools[0].vector_store_ids"),
        ({"input": "x", "tool_choice": {"type": "function", "function": {"name": "f"}}, "tools": [FUNCTION]},
         "tool_choice.function"),
        ({"input": [{"type": "function_call_output", "call_id": "call_nowhere", "output": "1"}]}, "input"),
    ],
)
def test_responses_refuse_wrong_shapes(oai, kwargs, param):
    with pytest.raises(openai.BadRequestError) as raised:
        oai.responses.create(model="m", **kwargs)
    assert raised.value.body["type"] == "invalid_request_error"
    assert raised.value.body["param"] == param
    assert set(raised.value.body) == {"message", "type", "param", "code"}


def test_missing_model_without_prompt(oai):
    with pytest.raises(openai.BadRequestError, match="model"):
        oai.responses.create(input="no model")
    assert oai.responses.create(prompt={"id": "pmpt_support"}, input="fine").status == "completed"


def test_tool_output_must_answer_a_call_of_the_chain_or_conversation(oai):
    tools = [{**FUNCTION, "name": "lookup"}]
    first = oai.responses.create(model="m", tools=tools, input="lookup")
    call_id = first.output[0].call_id
    unrelated = oai.responses.create(model="m", input="other")
    with pytest.raises(openai.BadRequestError):
        oai.responses.create(model="m", tools=tools, previous_response_id=unrelated.id,
                                input=[{"type": "function_call_output", "call_id": call_id, "output": "1"}])
    conversation = oai.conversations.create()
    with pytest.raises(openai.BadRequestError):
        oai.responses.create(model="m", conversation=conversation.id,
                                input=[{"type": "function_call_output", "call_id": call_id, "output": "1"}])
    with pytest.raises(openai.BadRequestError):
        oai.conversations.items.create(conversation.id, items=[
            {"type": "function_call_output", "call_id": call_id, "output": "1"}])
    answered = oai.responses.create(model="m", tools=tools, previous_response_id=first.id,
                                       input=[{"type": "function_call_output", "call_id": call_id, "output": "1"}])
    assert answered.output_text == "[m|-] #1 Tool results: lookup=1"


def test_conversation_limits_and_update(oai):
    too_many = [{"role": "user", "content": str(i)} for i in range(21)]
    with pytest.raises(openai.BadRequestError, match="maximum length 20"):
        oai.conversations.create(items=too_many)
    conversation = oai.conversations.create(items=too_many[:20])
    with pytest.raises(openai.BadRequestError):
        oai.conversations.items.create(conversation.id, items=too_many)
    assert len(oai.conversations.items.create(conversation.id, items=too_many[:20]).data) == 20
    with pytest.raises(openai.BadRequestError, match="metadata"):
        oai.post(f"/conversations/{conversation.id}", body={}, cast_to=Conversation)


def test_cancel_needs_a_background_response(oai):
    response = oai.responses.create(model="m", input="x")
    with pytest.raises(openai.BadRequestError):
        oai.responses.cancel(response.id)


def test_one_active_run_per_thread(oai):
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
    run = oai.beta.threads.runs.create(thread_id=thread.id, assistant_id="asst_t")
    with pytest.raises(openai.BadRequestError, match="active run"):
        oai.beta.threads.runs.create(thread_id=thread.id, assistant_id="asst_t")
    assert oai.beta.threads.runs.poll(run.id, thread_id=thread.id).status == "completed"
    assert oai.beta.threads.runs.create(thread_id=thread.id, assistant_id="asst_t").status == "queued"


def test_assistants_family_refusals(oai):
    with pytest.raises(openai.NotFoundError):
        oai.beta.threads.create_and_run_poll(assistant_id="asst_nope")
    thread = oai.beta.threads.create()
    with pytest.raises(openai.BadRequestError):
        oai.beta.threads.messages.create(thread_id=thread.id, role="user",
                                            content=[{"type": "input_text", "text": "new part"}])
    oai.beta.threads.messages.create(thread_id=thread.id, role="user", content="get_time")
    run = oai.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_tools")
    assert run.status == "requires_action"
    with pytest.raises(openai.BadRequestError):
        oai.beta.threads.runs.submit_tool_outputs(run.id, thread_id=thread.id,
                                                     tool_outputs=[{"tool_call_id": "call_wrong", "output": "1"}])
    with pytest.raises(openai.NotFoundError):
        oai.beta.threads.runs.retrieve("run_nope", thread_id=thread.id)


def test_unknown_routes_are_404_in_the_error_shape(oai):
    for path in ("/nothing", "/threads/runs/x/y/z", "/responses/x/y"):
        with pytest.raises(openai.NotFoundError) as raised:
            oai.get(path, cast_to=dict)
        assert set(raised.value.body) == {"message", "type", "param", "code"}
