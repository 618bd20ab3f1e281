"""A tour of the fake API through whichever openai SDK runs this script; prints one line per check.

tests/test_fakeapi_newest_sdk.py runs it with the pinned SDK and with the newest release and
compares the output, so a request or response shape that changed between releases shows up.
Reads OPENAI_BASE_URL / OPENAI_API_KEY from the environment, like any user program. With
`--check-shapes` it starts its own fake API and checks every body against this SDK's types.
"""

import asyncio
import io
import json
import os
import pathlib
import sys
import warnings

import openai
from openai import AssistantEventHandler, AsyncOpenAI, OpenAI

warnings.simplefilter("ignore", DeprecationWarning)
client: OpenAI
TOOL = {"type": "function", "name": "get_weather", "strict": False,
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}


class Printer(AssistantEventHandler):
    def on_text_delta(self, delta, snapshot):
        print(delta.value, end="")

    def on_end(self):
        print()


def assistants():
    assistant = client.beta.assistants.create(model="gpt-4o", instructions="Be brief.")
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "one"}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    print("run", run.status, run.usage.total_tokens)
    print("message", client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value)
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content="two")
    with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant.id,
                                         event_handler=Printer()) as stream:
        stream.until_done()


def responses():
    conversation = client.conversations.create(items=[{"role": "user", "content": "one"}])
    client.conversations.items.create(conversation.id, items=[{"role": "user", "content": "two"}])
    reply = client.responses.create(model="gpt-4o", instructions="Be brief.", conversation=conversation.id, input="three")
    print("response", reply.status, reply.output_text, reply.usage.total_tokens)
    first = client.responses.create(model="gpt-4o", tools=[TOOL], input="get_weather in Lima")
    call = first.output[0]
    print("call", call.type, call.name, json.loads(call.arguments))
    with client.responses.stream(model="gpt-4o", tools=[TOOL], previous_response_id=first.id,
                                 input=[{"type": "function_call_output", "call_id": call.call_id, "output": "warm"}]) as s:
        print("stream", s.get_final_response().output_text)
    kinds = [i.type for i in client.conversations.items.list(conversation.id, order="asc")]
    print("items", kinds)
    waiting = client.responses.create(model="gpt-4o", input="later", background=True)
    seen = [waiting.status]
    while waiting.status in ("queued", "in_progress"):
        waiting = client.responses.retrieve(waiting.id)
        seen.append(waiting.status)
    print("background", seen)


def files():
    upload = client.files.create(file=("notes.txt", io.BytesIO(b"Opening hours are nine to five daily.")),
                                 purpose="assistants")
    store = client.vector_stores.create(name="kb")
    batch = client.vector_stores.file_batches.upload_and_poll(store.id, files=[("more.txt", io.BytesIO(b"More."))])
    client.vector_stores.files.create(vector_store_id=store.id, file_id=upload.id)
    print("files", batch.status, client.vector_stores.retrieve(store.id).file_counts.completed)
    found = client.responses.create(model="gpt-4o", input="hours?",
                                    tools=[{"type": "file_search", "vector_store_ids": [store.id]}])
    print("search", [i.type for i in found.output], found.output_text)


def refusals():
    for kwargs in ({"input": "x", "tools": [{"type": "function", "function": {"name": "f"}}]},
                   {"input": [{"role": "user", "content": [{"type": "text", "text": "x"}]}]}):
        try:
            client.responses.create(model="gpt-4o", **kwargs)
        except openai.BadRequestError as error:
            print("refused", error.status_code, error.body["param"])


async def asynchronous():
    aclient = AsyncOpenAI(max_retries=0)
    events = await aclient.responses.create(model="gpt-4o", input="async", stream=True)
    print("async", "".join([e.delta async for e in events if e.type == "response.output_text.delta"]))


def tour():
    global client
    client = OpenAI(max_retries=0)
    assistants()
    responses()
    files()
    refusals()
    asyncio.run(asynchronous())


def tour_with_shape_checks():
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
    from tests.fakeapi import FakeOpenAI
    from tests.fakeapi_shapes import ShapeChecker

    checker = ShapeChecker()
    with FakeOpenAI() as api:
        api.observers.append(checker)
        os.environ.update(api.env())
        tour()
    for problem in checker.problems:
        print(problem[:3000], file=sys.stderr)
    sys.exit(1 if checker.problems or not checker.seen else 0)


if __name__ == "__main__":
    tour_with_shape_checks() if "--check-shapes" in sys.argv else tour()
