"""Recipe helper web app: the thread id lives in Flask's signed session cookie."""
import os

from flask import Flask, jsonify, request, session
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
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    run = client.responses.create(
        conversation=session["thread_id"],
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(CHEF_ASSISTANT_ID),
    )
    if _run_status(run) != "completed":
        return jsonify(error=f"chef is busy ({_run_status(run)})"), 503

    session["turns"] += 1
    answer = run.output_text
    return jsonify(answer=answer, turns=session["turns"])


@app.route("/forget", methods=["POST"])
def forget():
    thread_id = session.pop("thread_id", None)
    session.pop("turns", None)
    if thread_id:
        # assistants-to-responses: note [stored-thread-id] this thread ID may come from
        #     storage or a caller: IDs saved before the migration name threads, and the
        #     Conversations API answers 404 for them (start a new conversation for
        #     those)
        client.conversations.delete(thread_id)
    return jsonify(forgotten=bool(thread_id))
