"""Acme concierge API (FastAPI): one thread per browser session and a history page."""
import os

from fastapi import FastAPI, Header, HTTPException
from fastapi.responses import PlainTextResponse
from openai import OpenAI
from pydantic import BaseModel
import prompt_registry

client = OpenAI()
app = FastAPI(title="Acme concierge")

ASSISTANT_ID = os.getenv("CONCIERGE_ASSISTANT_ID", "asst_concierge")

sessions: dict[str, str] = {}  # session id -> thread id


class ChatIn(BaseModel):
    message: str


class ChatOut(BaseModel):
    session: str
    reply: str


def thread_for(session_id: str) -> str:
    if session_id not in sessions:
        sessions[session_id] = client.conversations.create().id
    return sessions[session_id]


@app.post("/chat", response_model=ChatOut)
def chat(body: ChatIn, x_session_id: str = Header(...)) -> ChatOut:
    thread_id = thread_for(x_session_id)
    prompt = prompt_registry.lookup(ASSISTANT_ID)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        conversation=thread_id,
        input=[{"role": "user", "content": body.message}],
        truncation="auto",
    )
    if response.status != "completed":
        raise HTTPException(status_code=502, detail=f"run {response.status}")
    return ChatOut(session=x_session_id, reply=response.output_text)


@app.get("/history", response_class=PlainTextResponse)
def history(x_session_id: str = Header(...)) -> str:
    thread_id = sessions.get(x_session_id)
    if thread_id is None:
        raise HTTPException(status_code=404, detail="no such session")
    lines = []
    for message in client.conversations.items.list(thread_id, order="asc"):
        if message.type != "message":
            continue
        lines.append(f"{message.role}: {message.content[0].text}")
    return "\n".join(lines)
