"""Tools in the fake API: function calls (single, parallel, forced) and their follow-up, file search, code interpreter."""

from __future__ import annotations

import json

from tests.fakeapi_fixtures import TIME, WEATHER, flat_tool

TOOLS = [flat_tool(WEATHER), flat_tool(TIME)]


def _run_until_action(oai, thread_id, **kwargs):
    return oai.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id="asst_tools", **kwargs)


def test_assistants_function_call_and_follow_up(oai):
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "Call get_weather for Paris"}])
    run = _run_until_action(oai, thread.id)
    assert run.status == "requires_action" and run.usage is None
    calls = run.required_action.submit_tool_outputs.tool_calls
    assert [(c.id, c.function.name) for c in calls] == [("call_1", "get_weather")]
    assert json.loads(calls[0].function.arguments) == {"city": "Paris", "days": 4, "unit": "celsius"}
    step = oai.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id).data[0]
    assert step.type == "tool_calls" and step.status == "in_progress"
    run = oai.beta.threads.runs.submit_tool_outputs_and_poll(
        run_id=run.id, thread_id=thread.id, tool_outputs=[{"tool_call_id": "call_1", "output": "sunny"}])
    assert run.status == "completed"
    text = oai.beta.threads.messages.list(thread_id=thread.id, limit=1).data[0].content[0].text.value
    assert text.endswith("#1 Tool results: get_weather=sunny")
    steps = oai.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id, order="asc").data
    assert [s.type for s in steps] == ["tool_calls", "message_creation"]
    assert steps[0].step_details.tool_calls[0].function.output == "sunny"


def test_responses_function_call_and_follow_up_match_assistants(oai):
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "Call get_weather for Paris"}])
    run = _run_until_action(oai, thread.id)
    run = oai.beta.threads.runs.submit_tool_outputs_and_poll(
        run_id=run.id, thread_id=thread.id,
        tool_outputs=[{"tool_call_id": c.id, "output": "sunny"} for c in run.required_action.submit_tool_outputs.tool_calls])
    old = oai.beta.threads.messages.list(thread_id=thread.id, limit=1).data[0].content[0].text.value

    first = oai.responses.create(model="gpt-4o", instructions="Use tools.", tools=TOOLS,
                                    input="Call get_weather for Paris")
    calls = [i for i in first.output if i.type == "function_call"]
    assert [(c.call_id, c.name, c.id.startswith("fc_")) for c in calls] == [("call_2", "get_weather", True)]
    assert json.loads(calls[0].arguments) == {"city": "Paris", "days": 4, "unit": "celsius"}
    second = oai.responses.create(model="gpt-4o", instructions="Use tools.", tools=TOOLS, previous_response_id=first.id,
                                     input=[{"type": "function_call_output", "call_id": c.call_id, "output": "sunny"}
                                            for c in calls])
    assert second.output_text == old
    assert (second.usage.input_tokens, second.usage.output_tokens) == (run.usage.prompt_tokens, run.usage.completion_tokens)


def test_parallel_calls_in_tool_order_and_all_outputs_in_reply(oai):
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "get_time and get_weather for Rome"}])
    run = _run_until_action(oai, thread.id)
    calls = run.required_action.submit_tool_outputs.tool_calls
    assert [c.function.name for c in calls] == ["get_weather", "get_time"]
    assert json.loads(calls[1].function.arguments) == {"zone": "Rome", "exact": True, "tags": [], "extra": {}}
    run = oai.beta.threads.runs.submit_tool_outputs_and_poll(
        run_id=run.id, thread_id=thread.id, tool_outputs=[{"tool_call_id": calls[1].id, "output": "noon"},
                                                          {"tool_call_id": calls[0].id, "output": "rain"}])
    old = oai.beta.threads.messages.list(thread_id=thread.id, limit=1).data[0].content[0].text.value
    assert old.endswith("#1 Tool results: get_weather=rain; get_time=noon")

    conversation = oai.conversations.create()
    first = oai.responses.create(model="gpt-4o", instructions="Use tools.", tools=TOOLS, conversation=conversation.id,
                                    input="get_time and get_weather for Rome")
    calls = {i.name: i.call_id for i in first.output if i.type == "function_call"}
    second = oai.responses.create(model="gpt-4o", instructions="Use tools.", tools=TOOLS, conversation=conversation.id,
                                     input=[{"type": "function_call_output", "call_id": calls["get_weather"], "output": "rain"},
                                            {"type": "function_call_output", "call_id": calls["get_time"], "output": "noon"}])
    assert second.output_text == old
    kinds = [i.type for i in oai.conversations.items.list(conversation.id, order="asc")]
    assert kinds == ["message", "function_call", "function_call", "function_call_output", "function_call_output",
                     "message"]


def test_stateless_loop_resends_history(oai):
    history = [{"role": "user", "content": "weather please, get_weather"}]
    first = oai.responses.create(model="m", tools=TOOLS, input=history)
    history += [item.model_dump(exclude_none=True) for item in first.output]
    history += [{"type": "function_call_output", "call_id": first.output[0].call_id, "output": "fog"}]
    assert oai.responses.create(model="m", tools=TOOLS, input=history).output_text == \
        "[m|-] #1 Tool results: get_weather=fog"


def test_tool_choice(oai):
    def names(**kwargs):
        response = oai.responses.create(model="m", tools=TOOLS, input="hello", **kwargs)
        return [i.name for i in response.output if i.type == "function_call"]

    assert names() == []
    assert names(tool_choice="required") == ["get_weather"]
    assert names(tool_choice={"type": "function", "name": "get_time"}) == ["get_time"]
    assert oai.responses.create(model="m", tools=TOOLS, tool_choice="none", input="get_weather").output_text == \
        "[m|-] #1 You said: get_weather"
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "hello"}])
    run = _run_until_action(oai, thread.id, tool_choice={"type": "function", "function": {"name": "get_time"}})
    assert [c.function.name for c in run.required_action.submit_tool_outputs.tool_calls] == ["get_time"]
    single = oai.responses.create(model="m", tools=TOOLS, input="get_weather get_time", parallel_tool_calls=False)
    assert [i.name for i in single.output] == ["get_weather"]


def test_file_search_both_families(oai):
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "What is the return policy?"}])
    oai.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_docs")
    message = oai.beta.threads.messages.list(thread_id=thread.id, limit=1).data[0]
    text = message.content[0].text
    expected = "#1 From faq.txt: Returns are accepted within 30 days of p"
    assert text.value.endswith(expected + "【0†faq.txt】")
    annotation = text.annotations[0]
    assert annotation.type == "file_citation" and annotation.file_citation.file_id == "file-faq-txt"
    assert text.value[annotation.start_index:annotation.end_index] == annotation.text == "【0†faq.txt】"

    response = oai.responses.create(model="gpt-4o", instructions="Cite files.", input="What is the return policy?",
                                       tools=[{"type": "file_search", "vector_store_ids": ["vs_docs"]}])
    assert [i.type for i in response.output] == ["file_search_call", "message"]
    part = response.output[1].content[0]
    assert part.text == text.value.replace(annotation.text, "")
    cited = part.annotations[0]
    assert (cited.type, cited.file_id, cited.filename, cited.index) == ("file_citation", "file-faq-txt", "faq.txt",
                                                                        len(part.text))


def test_file_search_via_thread_resources(oai):
    thread = oai.beta.threads.create(
        messages=[{"role": "user", "content": "policy?"}],
        tool_resources={"file_search": {"vector_stores": [{"file_ids": ["file-faq-txt"]}]}})
    assert thread.tool_resources.file_search.vector_store_ids
    run = oai.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_tools",
                                                   tools=[{"type": "file_search"}])
    steps = oai.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id, order="asc").data
    assert steps[0].step_details.tool_calls[0].type == "file_search"
    assert "From faq.txt:" in oai.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value


def test_code_interpreter_both_families(oai):
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "calculate six times seven"}])
    run = oai.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_code")
    steps = oai.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id, order="asc").data
    call = steps[0].step_details.tool_calls[0]
    assert call.type == "code_interpreter" and call.code_interpreter.input == "print(42)"
    assert call.code_interpreter.outputs[0].logs == "42"
    old = oai.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value
    assert old == "[gpt-4o|-] #1 Result: 42"
    response = oai.responses.create(model="gpt-4o", input="calculate six times seven",
                                       tools=[{"type": "code_interpreter", "container": {"type": "auto"}}],
                                       include=["code_interpreter_call.outputs"])
    assert [i.type for i in response.output] == ["code_interpreter_call", "message"]
    assert response.output[0].code == "print(42)" and response.output[0].outputs[0].logs == "42"
    assert response.output_text == old
    plain = oai.responses.create(model="gpt-4o", input="hello",
                                    tools=[{"type": "code_interpreter", "container": "cntr_1"}])
    assert plain.output_text == "[gpt-4o|-] #1 You said: hello"


def test_file_search_over_message_attachments(oai):
    upload = oai.files.create(file=("hours.txt", b"Open nine to five."), purpose="assistants")
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "hours?", "attachments": [
        {"file_id": upload.id, "tools": [{"type": "file_search"}]}]}])
    store_ids = oai.beta.threads.retrieve(thread.id).tool_resources.file_search.vector_store_ids
    assert [f.id for f in oai.vector_stores.files.list(store_ids[0])] == [upload.id]
    oai.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_t", tools=[{"type": "file_search"}])
    text = oai.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value
    assert text.endswith("#1 From hours.txt: Open nine to five.【0†hours.txt】")


def test_code_interpreter_outputs_only_when_included(oai):
    tools = [{"type": "code_interpreter", "container": {"type": "auto"}}]
    bare = oai.responses.create(model="gpt-4o", input="calculate six times seven", tools=tools)
    assert bare.output[0].type == "code_interpreter_call" and bare.output[0].outputs is None
    assert bare.output[0].code == "print(42)"
    full = oai.responses.create(model="gpt-4o", input="calculate six times seven", tools=tools,
                                include=["code_interpreter_call.outputs"])
    assert [(o.type, o.logs) for o in full.output[0].outputs] == [("logs", "42")]


def test_run_steps_and_output_items_tell_the_same_story(oai):
    """A run's tool_calls steps and a response's *_call items carry the same code and logs."""
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "calculate six times seven"}])
    run = oai.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_code")
    newest_first = oai.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id).data
    assert [s.step_details.type for s in newest_first] == ["message_creation", "tool_calls"]
    old = [(c.code_interpreter.input, [o.logs for o in c.code_interpreter.outputs])
           for s in newest_first if s.step_details.type == "tool_calls" for c in s.step_details.tool_calls]
    response = oai.responses.create(model="gpt-4o", input="calculate six times seven",
                                    tools=[{"type": "code_interpreter", "container": {"type": "auto"}}],
                                    include=["code_interpreter_call.outputs"])
    new = [(i.code, [o.logs for o in i.outputs or [] if o.type == "logs"])
           for i in response.output if i.type == "code_interpreter_call"]
    assert old == new == [("print(42)", ["42"])]
