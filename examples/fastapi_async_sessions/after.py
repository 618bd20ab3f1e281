"""Async FastAPI chat service: AsyncOpenAI, a thread per session id, a transcript endpoint."""
import os

from fastapi import FastAPI, HTTPException
from openai import AsyncOpenAI
from pydantic import BaseModel
import prompt_registry

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
        conversation = await client.conversations.create()
        thread_id = threads[message.session_id] = conversation.id
    prompt = prompt_registry.lookup(ASSISTANT_ID)
    response = await client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        conversation=thread_id,
        input=[{"role": "user", "content": message.text}],
        truncation="auto",
    )
    if response.status != "completed":
        raise HTTPException(503, "assistant unavailable")
    return {"session_id": message.session_id, "answer": response.output_text}


@app.get("/sessions/{session_id}/transcript")
async def transcript(session_id: str) -> dict:
    if session_id not in threads:
        raise HTTPException(404, "unknown session")
    lines = []
    async for msg in client.conversations.items.list(threads[session_id], order="asc"):
        if msg.type != "message":
            continue
        lines.append({"role": msg.role, "text": msg.content[0].text})
    return {"session_id": session_id, "messages": lines}
