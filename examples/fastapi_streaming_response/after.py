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
    prompt = prompt_registry.lookup(ASSISTANT_ID)
    stream = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        input=[{"role": "user", "content": text}],
        truncation="auto",
        stream=True,
    )
    for event in stream:
        if event.type == "response.output_text.delta":
            yield event.delta
        elif event.type == "response.failed":
            yield "\n[the assistant could not answer]"


@app.post("/ask")
def ask(question: Question):
    return StreamingResponse(reply_chunks(question.text), media_type="text/plain")
