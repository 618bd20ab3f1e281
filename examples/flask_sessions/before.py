import os
from flask import Flask, jsonify, request
from openai import OpenAI

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
        thread_id = client.beta.threads.create().id
        sessions[user] = thread_id
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=data["message"])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=ASSISTANT_ID)
    if run.status == "completed":
        messages = client.beta.threads.messages.list(thread_id=thread_id)
        response = messages.data[0].content[0].text.value
        return jsonify({"reply": response})
    return jsonify({"error": run.status}), 500
