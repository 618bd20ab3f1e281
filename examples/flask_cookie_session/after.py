"""Recipe helper web app: the thread id lives in Flask's signed session cookie."""
import os

from flask import Flask, jsonify, request, session
from openai import OpenAI
import prompt_registry

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
        session["thread_id"] = client.conversations.create().id
        session["turns"] = 0
    prompt = prompt_registry.lookup(CHEF_ASSISTANT_ID)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        conversation=session["thread_id"],
        input=[{"role": "user", "content": question}],
        truncation="auto",
    )
    if response.status != "completed":
        return jsonify(error=f"chef is busy ({response.status})"), 503

    session["turns"] += 1
    answer = response.output_text
    return jsonify(answer=answer, turns=session["turns"])


@app.route("/forget", methods=["POST"])
def forget():
    thread_id = session.pop("thread_id", None)
    session.pop("turns", None)
    if thread_id:
        client.conversations.delete(thread_id)
    return jsonify(forgotten=bool(thread_id))
