import os
from flask import Flask, jsonify, request
from openai import OpenAI
import prompt_registry

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
    prompt = prompt_registry.lookup(ASSISTANT_ID)
    run = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        conversation=thread_id,
        input=[{"role": "user", "content": data["message"]}],
        truncation="auto",
    )
    if run.status == "completed":
        response = run.output_text
        return jsonify({"reply": response})
    return jsonify({"error": run.status}), 500
