"""Async FastAPI chat service: AsyncOpenAI, a thread per session id, a transcript endpoint."""
import os

from fastapi import FastAPI, HTTPException
from openai import AsyncOpenAI
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
        thread = await client.conversations.create()
        thread_id = threads[message.session_id] = thread.id
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    run = await client.responses.create(
        conversation=thread_id,
        input=[{"role": "user", "content": message.text}],
        **prompt_registry.settings(ASSISTANT_ID),
    )
    if _run_status(run) != "completed":
        raise HTTPException(503, "assistant unavailable")
    return {"session_id": message.session_id, "answer": run.output_text}


@app.get("/sessions/{session_id}/transcript")
async def transcript(session_id: str) -> dict:
    if session_id not in threads:
        raise HTTPException(404, "unknown session")
    lines = []
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    async for msg in (item async for item in client.conversations.items.list(threads[session_id], order="asc") if item.type == "message"):
        lines.append({"role": msg.role, "text": _text(msg.content[0])})
    return {"session_id": session_id, "messages": lines}
