"""Running the real command line in a subprocess, as users and pre-commit do."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Optional, Sequence


def run_cli(args: Sequence[str], cwd: Optional[str] = None, env: Optional[dict] = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("PYTHONWARNINGS", None)
    return subprocess.run(
        [sys.executable, "-m", "codemods", *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300
    )


HIT = '''from openai import OpenAI

client = OpenAI()


def ask(question):
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id="asst_1")
    return client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value
'''

NO_HIT = "import os\n\n\ndef f():\n    return os.getcwd()\n"
