"""State of one fake server: plain dicts, deterministic ids and clock."""

from __future__ import annotations

import itertools
import threading
from typing import Any, Dict, List


class Store:
    def __init__(self, assistants=()) -> None:
        self.lock = threading.Lock()
        self._ids = itertools.count(1)
        self._clock = itertools.count(1_750_000_000)
        self.assistants: Dict[str, dict] = {}
        self.threads: Dict[str, dict] = {}
        self.messages: Dict[str, List[dict]] = {}
        self.runs: Dict[str, dict] = {}
        self.responses: Dict[str, dict] = {}
        self.conversations: Dict[str, dict] = {}
        self.items: Dict[str, List[dict]] = {}
        for assistant in assistants:
            self.assistants[assistant["id"]] = {"object": "assistant", "created_at": 0, "tools": [], "metadata": {},
                                                "name": None, "description": None, "instructions": None, **assistant}

    def new_id(self, prefix: str) -> str:
        return f"{prefix}_{next(self._ids):06d}"

    def now(self) -> int:
        return next(self._clock)
