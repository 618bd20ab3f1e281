# assistants-to-responses: skip-file (test driver: calls the old API on purpose for before.py)
import importlib, sys, types
from openai import OpenAI
app = importlib.import_module(sys.argv[1])
client = OpenAI()
# The tenant's stored conversation: a thread before the migration, a conversation after it.
if sys.argv[1] == "before":
    thread_id = client.beta.threads.create().id
else:
    thread_id = client.conversations.create().id
acme = types.SimpleNamespace(assistant_id="asst_acme")
print(app.answer(acme, thread_id, "Who are you?"))
print(app.answer(acme, thread_id, "And again?"))
