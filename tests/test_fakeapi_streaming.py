"""Streaming from the fake API through the SDK's own stream helpers, in both families, sync and async."""

from __future__ import annotations

import asyncio

from openai import AssistantEventHandler, AsyncAssistantEventHandler

from tests.fakeapi_fixtures import TIME, WEATHER, flat_tool

TOOLS = [flat_tool(WEATHER), flat_tool(TIME)]


class Recorder(AssistantEventHandler):
    def __init__(self) -> None:
        super().__init__()
        self.hooks: list = []
        self.text = ""

    def on_text_created(self, text) -> None:
        self.hooks.append("text_created")

    def on_text_delta(self, delta, snapshot) -> None:
        self.text += delta.value

    def on_text_done(self, text) -> None:
        self.hooks.append("text_done")

    def on_message_done(self, message) -> None:
        self.hooks.append("message_done")

    def on_tool_call_created(self, tool_call) -> None:
        self.hooks.append(f"tool_call_created:{tool_call.type}")

    def on_tool_call_done(self, tool_call) -> None:
        self.hooks.append(f"tool_call_done:{tool_call.type}")

    def on_tool_call_delta(self, delta, snapshot) -> None:
        # As the real API streams code: the call first (no delta hook), then its code, then its outputs.
        if delta.type == "code_interpreter" and delta.code_interpreter.input:
            self.hooks.append(f"code:{delta.code_interpreter.input}")
        if delta.type == "code_interpreter" and delta.code_interpreter.outputs:
            self.hooks.append("logs:" + "".join(o.logs for o in delta.code_interpreter.outputs if o.type == "logs"))

    def on_end(self) -> None:
        self.hooks.append("end")


def _reply(oai, **kwargs) -> str:
    return oai.responses.create(model="gpt-4o", instructions="Be brief.", **kwargs).output_text


def test_event_handler_until_done(oai):
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "tell me a story"}])
    with oai.beta.threads.runs.stream(thread_id=thread.id, assistant_id="asst_t", event_handler=Recorder()) as stream:
        stream.until_done()
    assert stream.text == _reply(oai, input="tell me a story")
    assert stream.hooks == ["text_created", "text_done", "message_done", "end"]
    assert stream.get_final_run().status == "completed"
    assert stream.get_final_messages()[0].content[0].text.value == stream.text
    assert oai.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value == stream.text


def test_raw_stream_event_sequence(oai):
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "tell me a story"}])
    events = list(oai.beta.threads.runs.create(thread_id=thread.id, assistant_id="asst_t", stream=True))
    names = [e.event for e in events]
    assert names[:7] == ["thread.run.created", "thread.run.queued", "thread.run.in_progress",
                         "thread.run.step.created", "thread.run.step.in_progress", "thread.message.created",
                         "thread.message.in_progress"]
    assert names[-3:] == ["thread.message.completed", "thread.run.step.completed", "thread.run.completed"]
    deltas = [e.data.delta.content[0].text.value for e in events if e.event == "thread.message.delta"]
    assert len(deltas) == 8 and deltas[1] == "#1 "
    assert "".join(deltas) == _reply(oai, input="tell me a story")


def test_create_and_run_streams(oai):
    events = list(oai.beta.threads.create_and_run(
        assistant_id="asst_t", thread={"messages": [{"role": "user", "content": "tell me a story"}]}, stream=True))
    assert events[0].event == "thread.created" and events[-1].event == "thread.run.completed"
    with oai.beta.threads.create_and_run_stream(
            assistant_id="asst_t", thread={"messages": [{"role": "user", "content": "tell me a story"}]}) as stream:
        text = "".join(stream.text_deltas)
    assert text == _reply(oai, input="tell me a story")


def test_streamed_tool_calls_and_submit_tool_outputs_stream(oai):
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "get_weather and get_time in Oslo"}])
    handler = Recorder()
    with oai.beta.threads.runs.stream(thread_id=thread.id, assistant_id="asst_tools", event_handler=handler) as stream:
        stream.until_done()
    run = handler.get_final_run()
    assert run.status == "requires_action"
    assert handler.hooks == ["tool_call_created:function", "tool_call_done:function", "tool_call_created:function",
                             "tool_call_done:function", "end"]
    calls = run.required_action.submit_tool_outputs.tool_calls
    steps = handler.get_final_run_steps()
    assert [c.id for c in steps[0].step_details.tool_calls] == [c.id for c in calls]
    follow = Recorder()
    with oai.beta.threads.runs.submit_tool_outputs_stream(
            run_id=run.id, thread_id=thread.id, event_handler=follow,
            tool_outputs=[{"tool_call_id": c.id, "output": c.function.name.upper()} for c in calls]) as stream:
        stream.until_done()
    assert follow.text.endswith("#1 Tool results: get_weather=GET_WEATHER; get_time=GET_TIME")
    assert follow.get_final_run().status == "completed"
    raw_thread = oai.beta.threads.create(messages=[{"role": "user", "content": "get_time"}])
    events = list(oai.beta.threads.runs.create(thread_id=raw_thread.id, assistant_id="asst_tools", stream=True))
    assert events[-1].event == "thread.run.requires_action"
    call = events[-1].data.required_action.submit_tool_outputs.tool_calls[0]
    after = list(oai.beta.threads.runs.submit_tool_outputs(
        run_id=events[-1].data.id, thread_id=raw_thread.id, tool_outputs=[{"tool_call_id": call.id, "output": "9"}],
        stream=True))
    assert after[0].event == "thread.run.step.completed" and after[-1].event == "thread.run.completed"


def test_code_interpreter_stream_hooks(oai):
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "plot it"}])
    with oai.beta.threads.runs.stream(thread_id=thread.id, assistant_id="asst_code", event_handler=Recorder()) as stream:
        stream.until_done()
    assert stream.hooks[:4] == ["tool_call_created:code_interpreter", "code:print(42)", "logs:42",
                                "tool_call_done:code_interpreter"]
    assert stream.text == "[gpt-4o|-] #1 Result: 42"


def test_responses_code_interpreter_stream_events(oai):
    tools = [{"type": "code_interpreter", "container": {"type": "auto"}}]
    with oai.responses.stream(model="gpt-4o", tools=tools, input="plot it", include=["code_interpreter_call.outputs"]) as stream:
        events = [e for e in stream if "code_interpreter" in e.type or getattr(getattr(e, "item", None), "type", "") == "code_interpreter_call"]
    assert [e.type for e in events] == [
        "response.output_item.added", "response.code_interpreter_call.in_progress",
        "response.code_interpreter_call_code.delta", "response.code_interpreter_call_code.done",
        "response.code_interpreter_call.interpreting", "response.code_interpreter_call.completed",
        "response.output_item.done",
    ]
    assert events[2].delta == events[3].code == "print(42)"
    assert [(o.type, o.logs) for o in events[-1].item.outputs] == [("logs", "42")]


def test_responses_raw_stream(oai):
    events = list(oai.responses.create(model="gpt-4o", instructions="Be brief.", input="tell me a story", stream=True))
    types = [e.type for e in events]
    assert types[:4] == ["response.created", "response.in_progress", "response.output_item.added",
                         "response.content_part.added"]
    assert types[-4:] == ["response.output_text.done", "response.content_part.done", "response.output_item.done",
                          "response.completed"]
    assert [e.sequence_number for e in events] == list(range(len(events)))
    text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert text == events[-1].response.output_text == _reply(oai, input="tell me a story")


def test_responses_stream_helper_final_response(oai):
    with oai.responses.stream(model="gpt-4o", instructions="Be brief.", input="tell me a story") as stream:
        snapshots = [e.snapshot for e in stream if e.type == "response.output_text.delta"]
        final = stream.get_final_response()
    assert final.output_text == snapshots[-1] == _reply(oai, input="tell me a story")
    assert final.status == "completed" and final.usage.total_tokens == 4 + 8


def test_responses_stream_function_calls(oai):
    with oai.responses.stream(model="m", tools=TOOLS, input="get_weather and get_time in Oslo") as stream:
        events = list(stream)
        final = stream.get_final_response()
    types = [e.type for e in events]
    assert types.count("response.function_call_arguments.delta") == 2
    done = [e for e in events if e.type == "response.function_call_arguments.done"]
    calls = [i for i in final.output if i.type == "function_call"]
    assert [d.arguments for d in done] == [c.arguments for c in calls] and len(calls) == 2
    added = [e.item for e in events if e.type == "response.output_item.added"]
    assert [(i.call_id, i.name) for i in added] == [(c.call_id, c.name) for c in calls]
    with oai.responses.stream(model="m", tools=TOOLS, previous_response_id=final.id, input=[
            {"type": "function_call_output", "call_id": c.call_id, "output": "x"} for c in calls]) as stream:
        assert stream.get_final_response().output_text == "[m|-] #1 Tool results: get_weather=x; get_time=x"


def test_file_search_stream_annotation(oai):
    events = list(oai.responses.create(model="m", input="policy?", stream=True,
                                          tools=[{"type": "file_search", "vector_store_ids": ["vs_docs"]}]))
    annotations = [e.annotation for e in events if e.type == "response.output_text.annotation.added"]
    assert annotations[0]["filename"] == "faq.txt"
    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "policy?"}])
    with oai.beta.threads.runs.stream(thread_id=thread.id, assistant_id="asst_docs") as stream:
        stream.until_done()
    message = stream.get_final_messages()[0]
    assert message.content[0].text.annotations[0].file_citation.file_id == "file-faq-txt"


class AsyncRecorder(AsyncAssistantEventHandler):
    def __init__(self) -> None:
        super().__init__()
        self.text = ""

    async def on_text_delta(self, delta, snapshot) -> None:
        self.text += delta.value


def test_async_streams_in_both_families(aoai, oai):
    async def main():
        thread = await aoai.beta.threads.create(messages=[{"role": "user", "content": "tell me a story"}])
        async with aoai.beta.threads.runs.stream(thread_id=thread.id, assistant_id="asst_t",
                                                    event_handler=AsyncRecorder()) as stream:
            await stream.until_done()
        old = stream.text
        raw = await aoai.beta.threads.create_and_run(
            assistant_id="asst_t", thread={"messages": [{"role": "user", "content": "tell me a story"}]}, stream=True)
        raw_text = "".join([e.data.delta.content[0].text.value async for e in raw if e.event == "thread.message.delta"])
        async with aoai.responses.stream(model="gpt-4o", instructions="Be brief.", input="tell me a story") as rs:
            async for _ in rs:
                pass
            final = await rs.get_final_response()
        created = await aoai.responses.create(model="gpt-4o", instructions="Be brief.", input="tell me a story",
                                                 stream=True)
        new_raw = "".join([e.delta async for e in created if e.type == "response.output_text.delta"])
        return old, raw_text, final.output_text, new_raw

    results = asyncio.run(main())
    assert len(set(results)) == 1 and results[0] == _reply(oai, input="tell me a story")


def test_tool_outputs_submitted_from_inside_the_stream_match_a_responses_loop(oai):
    """OpenAI's streaming function-calling example answers requires_action from on_event, mid-stream."""
    seen: list = []

    class Answering(AssistantEventHandler):
        def on_event(self, event) -> None:
            seen.append(event.event)
            if event.event == "thread.run.requires_action":
                outputs = [{"tool_call_id": c.id, "output": c.function.name.upper()}
                           for c in event.data.required_action.submit_tool_outputs.tool_calls]
                with oai.beta.threads.runs.submit_tool_outputs_stream(
                        thread_id=self.current_run.thread_id, run_id=self.current_run.id, tool_outputs=outputs,
                        event_handler=Answering()) as stream:
                    seen.append("".join(stream.text_deltas))

    thread = oai.beta.threads.create(messages=[{"role": "user", "content": "get_weather and get_time in Oslo"}])
    with oai.beta.threads.runs.stream(thread_id=thread.id, assistant_id="asst_tools", event_handler=Answering()) as stream:
        stream.until_done()
    # The outer stream ends at requires_action; the nested one streams the follow-up run to completion.
    at = seen.index("thread.run.requires_action")
    assert seen[at + 1] == "thread.run.step.completed" and seen[-2] == "thread.run.completed"
    old_text = seen[-1]
    with oai.responses.stream(model="gpt-4o", instructions="Use tools.", tools=TOOLS,
                              input="get_weather and get_time in Oslo") as stream:
        events = list(stream)
        response = stream.get_final_response()
    assert events[-1].type == "response.completed"
    calls = [i for i in events[-1].response.output if i.type == "function_call"]
    assert [c.name for c in calls] == ["get_weather", "get_time"]
    assert [e.type for e in events].count("response.function_call_arguments.done") == 2
    with oai.responses.stream(model="gpt-4o", instructions="Use tools.", tools=TOOLS, previous_response_id=response.id,
                              input=[{"type": "function_call_output", "call_id": c.call_id, "output": c.name.upper()}
                                     for c in calls]) as stream:
        new_text = "".join(e.delta for e in stream if e.type == "response.output_text.delta")
    assert new_text == old_text
