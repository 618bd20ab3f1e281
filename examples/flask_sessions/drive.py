# assistants-to-responses: skip-file (test driver: calls the old API on purpose for before.py)
import importlib, sys
app = importlib.import_module(sys.argv[1]).app
client = app.test_client()
for user, message in (("ann", "hi"), ("bob", "hello"), ("ann", "second turn"), ("ann", "third turn")):
    response = client.post("/chat", json={"user": user, "message": message})
    print(response.status_code, response.get_json())
