# assistants-to-responses: skip-file (test driver: calls the old API on purpose for before.py)
import importlib, sys
app = importlib.import_module(sys.argv[1])
print(app.chat("ann", "Hello"))
print(app.chat("bob", "Hi there"))
app.note("ann", "I prefer email")
print(app.chat("ann", "What did I say I prefer?"))
app.forget("bob")
print(sorted(app.user_threads))
