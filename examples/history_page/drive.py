# assistants-to-responses: skip-file (test driver: calls the old API on purpose for before.py)
import importlib, sys
from openai import OpenAI
app = importlib.import_module(sys.argv[1])
client = OpenAI()
# Two turns of history, written with the API the program itself uses.
if sys.argv[1] == "before":
    thread_id = client.beta.threads.create().id
    for text in ("first question", "second question"):
        client.beta.threads.messages.create(thread_id=thread_id, role="user", content=text)
        client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id="asst_support")
else:
    thread_id = client.conversations.create().id
    for text in ("first question", "second question"):
        client.responses.create(model="gpt-4o", instructions="You are a friendly support agent for Acme.",
                                conversation=thread_id, input=[{"role": "user", "content": text}])
print(app.history(thread_id))
print(app.last_words(thread_id))
