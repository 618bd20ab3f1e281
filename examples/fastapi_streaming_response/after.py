"""A FastAPI endpoint streaming the assistant's reply to the browser with StreamingResponse."""

import os

from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from openai import OpenAI
from pydantic import BaseModel
import prompt_registry

app = FastAPI()
client = OpenAI()
ASSISTANT_ID = os.environ["SUPPORT_ASSISTANT_ID"]


class Question(BaseModel):
    text: str


def reply_chunks(text):
    stream = client.responses.create(
        input=[{"role": "user", "content": text}],
        stream=True,
        **prompt_registry.settings(ASSISTANT_ID),
    )
    for event in stream:
        if event.type == "response.output_text.delta":
            yield event.delta
        elif event.type == "response.failed":
            yield "\n[the assistant could not answer]"


@app.post("/ask")
def ask(question: Question):
    return StreamingResponse(reply_chunks(question.text), media_type="text/plain")
