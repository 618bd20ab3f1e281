"""Acme help desk: a small Flask backend for the chat widget.

Each signed-in user gets an Assistants thread the first time they write; the thread id is
kept in memory (a dict), so the assistant sees the whole conversation on every turn.
"""
import os

from flask import Flask, jsonify, request
from openai import OpenAI
import prompt_registry

app = Flask(__name__)
client = OpenAI()

ASSISTANT_ID = os.environ["HELPDESK_ASSISTANT_ID"]

# user id -> thread id
user_threads: dict[str, str] = {}


def get_thread_id(user_id: str) -> str:
    thread_id = user_threads.get(user_id)
    if thread_id is None:
        conversation = client.conversations.create(metadata={"user_id": user_id})
        thread_id = conversation.id
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
    prompt = prompt_registry.lookup(ASSISTANT_ID)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        conversation=thread_id,
        input=[{"role": "user", "content": text}],
        truncation="auto",
    )
    if response.status != "completed":
        app.logger.warning("run ended with %s", response.status)
        return jsonify({"error": "the assistant is unavailable, try again"}), 502
    reply = response.output_text
    return jsonify({"user_id": user_id, "reply": reply})


@app.post("/reset")
def reset():
    user_id = request.get_json(force=True).get("user_id")
    thread_id = user_threads.pop(user_id, None)
    if thread_id is not None:
        client.conversations.delete(thread_id)
    return jsonify({"user_id": user_id, "reset": thread_id is not None})


if __name__ == "__main__":
    app.run(port=int(os.getenv("PORT", "5000")))
