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
ASSISTANT_ID = os.getenv("ASSISTANT_ID", "asst_default")
sessions = {}


@app.post("/chat")
def chat():
    data = request.get_json()
    user = data["user"]
    thread_id = sessions.get(user)
    if thread_id is None:
        thread_id = client.conversations.create().id
        sessions[user] = thread_id
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    run = client.responses.create(
        conversation=thread_id,
        input=[{"role": "user", "content": data["message"]}],
        **prompt_registry.settings(ASSISTANT_ID),
    )
    if _run_status(run) == "completed":
        response = run.output_text
        return jsonify({"reply": response})
    return jsonify({"error": _run_status(run)}), 500
