"""Async FastAPI chat service: AsyncOpenAI, a thread per session id, a transcript endpoint."""
import os

from fastapi import FastAPI, HTTPException
from openai import AsyncOpenAI
from pydantic import BaseModel

client = AsyncOpenAI()
app = FastAPI()

ASSISTANT_ID = os.environ["SHOP_ASSISTANT_ID"]
threads: dict[str, str] = {}


class Message(BaseModel):
    session_id: str
    text: str


@app.post("/messages")
async def post_message(message: Message) -> dict:
    thread_id = threads.get(message.session_id)
    if thread_id is None:
        thread = await client.beta.threads.create()
        thread_id = threads[message.session_id] = thread.id
    await client.beta.threads.messages.create(thread_id=thread_id, role="user", content=message.text)
    run = await client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=ASSISTANT_ID)
    if run.status != "completed":
        raise HTTPException(503, "assistant unavailable")
    page = await client.beta.threads.messages.list(thread_id=thread_id, limit=1)
    return {"session_id": message.session_id, "answer": page.data[0].content[0].text.value}


@app.get("/sessions/{session_id}/transcript")
async def transcript(session_id: str) -> dict:
    if session_id not in threads:
        raise HTTPException(404, "unknown session")
    lines = []
    async for msg in client.beta.threads.messages.list(thread_id=threads[session_id], order="asc"):
        lines.append({"role": msg.role, "text": msg.content[0].text.value})
    return {"session_id": session_id, "messages": lines}
