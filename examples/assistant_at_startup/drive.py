# assistants-to-responses: skip-file (test driver: calls the old API on purpose for before.py)
import importlib, sys
app = importlib.import_module(sys.argv[1])
print(app.solve("3x + 11 = 14"))
