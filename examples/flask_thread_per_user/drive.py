"""Drive the Flask app of before.py or after.py (argv[1]) through its test client."""
import importlib.util
import pathlib
import sys

variant = sys.argv[1]
path = pathlib.Path(__file__).with_name(f"{variant}.py")
spec = importlib.util.spec_from_file_location(f"helpdesk_{variant}", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)

client = module.app.test_client()
print(client.get("/healthz").get_json())
turns = [
    ("ann", "Hi, my order has not arrived"),
    ("bob", "Do you sell gift cards?"),
    ("ann", "It was order 1234"),
    ("bob", "How much are they?"),
    ("ann", "Thanks!"),
    ("carl", ""),
]
for user, message in turns:
    response = client.post("/chat", json={"user_id": user, "message": message})
    print(response.status_code, response.get_json())
print(client.get("/healthz").get_json())
print(client.post("/reset", json={"user_id": "bob"}).get_json())
print(client.post("/reset", json={"user_id": "zoe"}).get_json())
response = client.post("/chat", json={"user_id": "bob", "message": "Back again"})
print(response.status_code, response.get_json())
