"""Drive the FastAPI app of before.py or after.py (argv[1]) through TestClient."""
import importlib.util
import pathlib
import sys

from fastapi.testclient import TestClient

variant = sys.argv[1]
path = pathlib.Path(__file__).with_name(f"{variant}.py")
spec = importlib.util.spec_from_file_location(f"concierge_{variant}", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)

client = TestClient(module.app)
turns = [
    ("s-1", "Can you book a table for two?"),
    ("s-2", "Is the spa open on Sunday?"),
    ("s-1", "At eight, please"),
    ("s-1", "Make it a window seat"),
    ("s-2", "And on Monday?"),
]
for session, message in turns:
    response = client.post("/chat", json={"message": message}, headers={"X-Session-Id": session})
    print(response.status_code, response.json())
for session in ("s-1", "s-2", "s-3"):
    response = client.get("/history", headers={"X-Session-Id": session})
    print(f"--- history {session}: {response.status_code}")
    print(response.text)
