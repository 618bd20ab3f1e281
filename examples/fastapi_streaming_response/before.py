"""A FastAPI endpoint streaming the assistant's reply to the browser with StreamingResponse."""

import os

from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from openai import OpenAI
from pydantic import BaseModel

app = FastAPI()
client = OpenAI()
ASSISTANT_ID = os.environ["SUPPORT_ASSISTANT_ID"]


class Question(BaseModel):
    text: str


def reply_chunks(text):
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=text)
    stream = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=ASSISTANT_ID, stream=True)
    for event in stream:
        if event.event == "thread.message.delta":
            yield event.data.delta.content[0].text.value
        elif event.event == "thread.run.failed":
            yield "\n[the assistant could not answer]"


@app.post("/ask")
def ask(question: Question):
    return StreamingResponse(reply_chunks(question.text), media_type="text/plain")
