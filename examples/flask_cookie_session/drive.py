"""Drive the Flask app of before.py or after.py (argv[1]): two browsers, each with its own cookie jar."""
import importlib.util
import pathlib
import sys

variant = sys.argv[1]
spec = importlib.util.spec_from_file_location(f"chef_{variant}", pathlib.Path(__file__).with_name(f"{variant}.py"))
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)

browsers = {"alice": module.app.test_client(), "bruno": module.app.test_client()}
script = [
    ("alice", "/ask", "How long do I boil an egg?"),
    ("bruno", "/ask", "What goes into a pesto?"),
    ("alice", "/ask", "And for a soft yolk?"),
    ("alice", "/ask", ""),
    ("bruno", "/forget", None),
    ("bruno", "/ask", "Hello again"),
    ("alice", "/ask", "Thanks, chef"),
]
for who, path, question in script:
    data = {"q": question} if question is not None else {}
    response = browsers[who].post(path, data=data)
    print(who, path, response.status_code, response.get_json())
