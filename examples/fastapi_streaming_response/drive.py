# assistants-to-responses: skip-file (test driver: imports before.py, which calls the old API on purpose)
"""Drive the FastAPI app of before.py or after.py (argv[1]) through TestClient, reading the stream."""
import importlib.util
import pathlib
import sys

from fastapi.testclient import TestClient

variant = sys.argv[1]
spec = importlib.util.spec_from_file_location(f"support_{variant}", pathlib.Path(__file__).with_name(f"{variant}.py"))
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)

with TestClient(module.app) as client:
    for text in ("Hello, who are you?", "What are your opening hours?"):
        with client.stream("POST", "/ask", json={"text": text}) as response:
            chunks = [chunk for chunk in response.iter_text() if chunk]
            print(response.status_code, response.headers["content-type"], repr("".join(chunks)))
