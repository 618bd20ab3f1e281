# assistants-to-responses: skip-file (test driver: calls the old API on purpose for before.py)
import importlib, sys
app = importlib.import_module(sys.argv[1])
print(app.answer("Where is my order?", "asst_orders"))
