"""Recipe helper web app: the thread id lives in Flask's signed session cookie."""
import os

from flask import Flask, jsonify, request, session
from openai import OpenAI

app = Flask(__name__)
app.secret_key = os.environ.get("FLASK_SECRET_KEY", "dev-only-secret")
client = OpenAI()

CHEF_ASSISTANT_ID = os.environ.get("CHEF_ASSISTANT_ID", "asst_chef")


@app.route("/ask", methods=["POST"])
def ask():
    question = request.form.get("q", "").strip()
    if not question:
        return jsonify(error="empty question"), 400

    if "thread_id" not in session:
        session["thread_id"] = client.beta.threads.create().id
        session["turns"] = 0

    client.beta.threads.messages.create(
        thread_id=session["thread_id"],
        role="user",
        content=question,
    )
    run = client.beta.threads.runs.create_and_poll(
        thread_id=session["thread_id"],
        assistant_id=CHEF_ASSISTANT_ID,
    )
    if run.status != "completed":
        return jsonify(error=f"chef is busy ({run.status})"), 503

    session["turns"] += 1
    messages = client.beta.threads.messages.list(thread_id=session["thread_id"])
    answer = messages.data[0].content[0].text.value
    return jsonify(answer=answer, turns=session["turns"])


@app.route("/forget", methods=["POST"])
def forget():
    thread_id = session.pop("thread_id", None)
    session.pop("turns", None)
    if thread_id:
        client.beta.threads.delete(thread_id)
    return jsonify(forgotten=bool(thread_id))
