"""Acme concierge API (FastAPI): one thread per browser session and a history page."""
import os

from fastapi import FastAPI, Header, HTTPException
from fastapi.responses import PlainTextResponse
from openai import OpenAI
from pydantic import BaseModel

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
        sessions[session_id] = client.beta.threads.create().id
    return sessions[session_id]


@app.post("/chat", response_model=ChatOut)
def chat(body: ChatIn, x_session_id: str = Header(...)) -> ChatOut:
    thread_id = thread_for(x_session_id)
    client.beta.threads.messages.create(
        thread_id=thread_id,
        role="user",
        content=body.message,
    )
    run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=ASSISTANT_ID)
    if run.status != "completed":
        raise HTTPException(status_code=502, detail=f"run {run.status}")
    latest = client.beta.threads.messages.list(thread_id=thread_id, order="desc", limit=1)
    return ChatOut(session=x_session_id, reply=latest.data[0].content[0].text.value)


@app.get("/history", response_class=PlainTextResponse)
def history(x_session_id: str = Header(...)) -> str:
    thread_id = sessions.get(x_session_id)
    if thread_id is None:
        raise HTTPException(status_code=404, detail="no such session")
    lines = []
    for message in client.beta.threads.messages.list(thread_id=thread_id, order="asc"):
        lines.append(f"{message.role}: {message.content[0].text.value}")
    return "\n".join(lines)
