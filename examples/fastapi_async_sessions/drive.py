"""Drive the async FastAPI app of before.py or after.py (argv[1]) through TestClient."""
import importlib.util
import pathlib
import sys

from fastapi.testclient import TestClient

variant = sys.argv[1]
spec = importlib.util.spec_from_file_location(f"shop_{variant}", pathlib.Path(__file__).with_name(f"{variant}.py"))
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)

with TestClient(module.app) as client:
    for session, text in [("a", "Do you have red shoes?"), ("b", "Where is my parcel?"),
                          ("a", "Size 42"), ("a", "In leather"), ("b", "Tracking 77")]:
        response = client.post("/messages", json={"session_id": session, "text": text})
        print(response.status_code, response.json())
    for session in ("a", "b", "c"):
        response = client.get(f"/sessions/{session}/transcript")
        print(response.status_code, response.json())
