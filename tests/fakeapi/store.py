"""State of one fake server: plain dicts, deterministic ids and clock."""

from __future__ import annotations

import itertools
import threading
from typing import Dict, List


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


def page(data: List[dict], query: Dict[str, str]) -> dict:
    """One page of a cursor list, as both families return them (order, after, limit)."""
    data = list(data)
    if query.get("order", "desc") == "desc":
        data.reverse()
    if query.get("after"):
        ids = [item["id"] for item in data]
        data = data[ids.index(query["after"]) + 1:] if query["after"] in ids else []
    limit = int(query.get("limit", 20))
    chunk = data[:limit]
    return {"object": "list", "data": chunk, "first_id": chunk[0]["id"] if chunk else None,
            "last_id": chunk[-1]["id"] if chunk else None, "has_more": len(data) > limit}
