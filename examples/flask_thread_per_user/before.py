"""Acme help desk: a small Flask backend for the chat widget.

Each signed-in user gets an Assistants thread the first time they write; the thread id is
kept in memory (a dict), so the assistant sees the whole conversation on every turn.
"""
import os

from flask import Flask, jsonify, request
from openai import OpenAI

app = Flask(__name__)
client = OpenAI()

ASSISTANT_ID = os.environ["HELPDESK_ASSISTANT_ID"]

# user id -> thread id
user_threads: dict[str, str] = {}


def get_thread_id(user_id: str) -> str:
    thread_id = user_threads.get(user_id)
    if thread_id is None:
        thread = client.beta.threads.create(metadata={"user_id": user_id})
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
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=text)
    run = client.beta.threads.runs.create_and_poll(
        thread_id=thread_id,
        assistant_id=ASSISTANT_ID,
    )
    if run.status != "completed":
        app.logger.warning("run ended with %s", run.status)
        return jsonify({"error": "the assistant is unavailable, try again"}), 502

    messages = client.beta.threads.messages.list(thread_id=thread_id, limit=1)
    reply = messages.data[0].content[0].text.value
    return jsonify({"user_id": user_id, "reply": reply})


@app.post("/reset")
def reset():
    user_id = request.get_json(force=True).get("user_id")
    thread_id = user_threads.pop(user_id, None)
    if thread_id is not None:
        client.beta.threads.delete(thread_id)
    return jsonify({"user_id": user_id, "reset": thread_id is not None})


if __name__ == "__main__":
    app.run(port=int(os.getenv("PORT", "5000")))
