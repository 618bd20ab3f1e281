"""Acme help desk: a small Flask backend for the chat widget.

Each signed-in user gets an Assistants thread the first time they write; the thread id is
kept in memory (a dict), so the assistant sees the whole conversation on every turn.
"""
import os

from flask import Flask, jsonify, request
from openai import OpenAI
import prompt_registry
import openai


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


app = Flask(__name__)
client = OpenAI()

ASSISTANT_ID = os.environ["HELPDESK_ASSISTANT_ID"]

# user id -> thread id
user_threads: dict[str, str] = {}


def get_thread_id(user_id: str) -> str:
    thread_id = user_threads.get(user_id)
    if thread_id is None:
        thread = client.conversations.create(metadata={"user_id": user_id})
        thread_id = thread.id
        user_threads[user_id] = thread_id
    return thread_id


@app.get("/healthz")
def healthz():
    return jsonify({"ok": True, "users": len(user_threads)})


@app.post("/chat")
def chat():
    payload = request.get_json(force=True)
    user_id = payload.get("user_id")
    text = (payload.get("message") or "").strip()
    if not user_id or not text:
        return jsonify({"error": "user_id and message are required"}), 400

    thread_id = get_thread_id(user_id)
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    run = client.responses.create(
        conversation=thread_id,
        input=[{"role": "user", "content": text}],
        **prompt_registry.settings(ASSISTANT_ID),
    )
    if _run_status(run) != "completed":
        app.logger.warning("run ended with %s", _run_status(run))
        return jsonify({"error": "the assistant is unavailable, try again"}), 502
    reply = run.output_text
    return jsonify({"user_id": user_id, "reply": reply})


@app.post("/reset")
def reset():
    user_id = request.get_json(force=True).get("user_id")
    thread_id = user_threads.pop(user_id, None)
    if thread_id is not None:
        # assistants-to-responses: note [stored-thread-id] this thread ID may come from
        #     storage or a caller: IDs saved before the migration name threads, and the
        #     Conversations API answers 404 for them (start a new conversation for
        #     those)
        client.conversations.delete(thread_id)
    return jsonify({"user_id": user_id, "reset": thread_id is not None})


if __name__ == "__main__":
    app.run(port=int(os.getenv("PORT", "5000")))
