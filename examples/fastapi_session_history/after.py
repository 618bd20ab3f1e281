"""Acme concierge API (FastAPI): one thread per browser session and a history page."""
import os

from fastapi import FastAPI, Header, HTTPException
from fastapi.responses import PlainTextResponse
from openai import OpenAI
from pydantic import BaseModel
import prompt_registry
import openai


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


def _text(part: object) -> str:
    """The text of a conversation message part (what `.text.value` was on a text block)."""
    text = getattr(part, "text", None)
    return text if isinstance(text, str) else ""


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
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    run = client.responses.create(
        conversation=thread_id,
        input=[{"role": "user", "content": body.message}],
        **prompt_registry.settings(ASSISTANT_ID),
    )
    if _run_status(run) != "completed":
        raise HTTPException(status_code=502, detail=f"run {_run_status(run)}")
    return ChatOut(session=x_session_id, reply=run.output_text)


@app.get("/history", response_class=PlainTextResponse)
def history(x_session_id: str = Header(...)) -> str:
    thread_id = sessions.get(x_session_id)
    if thread_id is None:
        raise HTTPException(status_code=404, detail="no such session")
    lines = []
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    for message in (item for item in client.conversations.items.list(thread_id, order="asc") if item.type == "message"):
        lines.append(f"{message.role}: {_text(message.content[0])}")
    return "\n".join(lines)
