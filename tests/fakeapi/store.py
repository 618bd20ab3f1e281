"""State of one fake server: plain dicts, deterministic ids and a deterministic clock.

Ids come from counters rather than uuid so that two runs of the same program see the same ids,
which lets a test compare the output of an Assistants program with its Responses rewrite.
"""

from __future__ import annotations

import itertools
import re
import threading
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from .errors import not_found


class Store:
    def __init__(
        self,
        assistants: Sequence[dict] = (),
        files: Optional[Mapping[str, Union[str, bytes]]] = None,
        vector_stores: Sequence[dict] = (),
        prompts: Optional[Mapping[str, dict]] = None,
    ) -> None:
        # Re-entrant: a route may call a helper that takes the lock again (background responses).
        self.lock = threading.RLock()
        self._ids = itertools.count(1)
        self._calls = itertools.count(1)
        self._clock = itertools.count(1_750_000_000)
        self.assistants: Dict[str, dict] = {}
        self.threads: Dict[str, dict] = {}
        self.messages: Dict[str, List[dict]] = {}
        self.runs: Dict[str, dict] = {}
        self.steps: Dict[str, List[dict]] = {}
        self.responses: Dict[str, dict] = {}
        self.conversations: Dict[str, dict] = {}
        self.items: Dict[str, List[dict]] = {}
        self.files: Dict[str, dict] = {}
        self.file_bytes: Dict[str, bytes] = {}
        self.vector_stores: Dict[str, dict] = {}
        self.vector_store_files: Dict[str, List[dict]] = {}
        self.file_batches: Dict[str, dict] = {}
        self.prompts: Dict[str, dict] = dict(prompts or {})
        for assistant in assistants:
            self.assistants[assistant["id"]] = assistant_object(dict(assistant), created_at=0)
        for filename, content in (files or {}).items():
            data = content.encode() if isinstance(content, str) else content
            self.add_file(filename, data, "assistants", file_id="file-" + re.sub(r"[^A-Za-z0-9]+", "-", filename))
        for seed in vector_stores:
            self.add_vector_store(seed.get("name"), seed.get("file_ids") or [], store_id=seed.get("id"))

    def new_id(self, prefix: str) -> str:
        return f"{prefix}_{next(self._ids):06d}"

    def new_call_id(self) -> str:
        return f"call_{next(self._calls)}"

    def now(self) -> int:
        return next(self._clock)

    def add_file(self, filename: str, data: bytes, purpose: str, file_id: Optional[str] = None) -> dict:
        file_id = file_id or "file-" + f"{next(self._ids):06d}"
        self.files[file_id] = {
            "id": file_id, "object": "file", "bytes": len(data), "created_at": self.now(), "filename": filename,
            "purpose": purpose, "status": "processed", "status_details": None, "expires_at": None,
        }
        self.file_bytes[file_id] = data
        return self.files[file_id]

    def get_file(self, file_id: str) -> dict:
        if file_id not in self.files:
            raise not_found(f"No such File object: {file_id}")
        return self.files[file_id]

    def add_vector_store(self, name: Optional[str], file_ids: List[str], store_id: Optional[str] = None,
                         metadata: Optional[dict] = None) -> dict:
        store_id = store_id or self.new_id("vs")
        self.vector_stores[store_id] = {
            "id": store_id, "object": "vector_store", "created_at": self.now(), "name": name or "",
            "usage_bytes": 0, "status": "completed", "metadata": metadata or {}, "expires_after": None,
            "expires_at": None, "last_active_at": None, "file_counts": _counts(0),
        }
        self.vector_store_files[store_id] = []
        for file_id in file_ids:
            self.attach_file(store_id, file_id)
        return self.vector_stores[store_id]

    def attach_file(self, store_id: str, file_id: str) -> dict:
        file = self.get_file(file_id)
        entry = {
            "id": file_id, "object": "vector_store.file", "created_at": self.now(), "vector_store_id": store_id,
            "status": "completed", "usage_bytes": file["bytes"], "last_error": None, "attributes": {},
        }
        files = self.vector_store_files[store_id]
        files[:] = [f for f in files if f["id"] != file_id] + [entry]
        self.refresh_counts(store_id)
        return entry

    def refresh_counts(self, store_id: str) -> None:
        files = self.vector_store_files[store_id]
        self.vector_stores[store_id]["file_counts"] = _counts(len(files))
        self.vector_stores[store_id]["usage_bytes"] = sum(f["usage_bytes"] for f in files)

    def searchable_files(self, store_ids: List[str]) -> List[dict]:
        """Files of the given vector stores in attachment order: the fake's "retrieval" takes the first."""
        found = []
        for store_id in store_ids:
            for entry in self.vector_store_files.get(store_id, []):
                if entry["id"] in self.files:
                    found.append(self.files[entry["id"]])
        return found


def _counts(completed: int) -> dict:
    return {"in_progress": 0, "completed": completed, "failed": 0, "cancelled": 0, "total": completed}


def assistant_object(body: dict, created_at: int) -> dict:
    return {
        "object": "assistant", "created_at": created_at, "name": None, "description": None, "instructions": None,
        "metadata": {}, "tools": [], "tool_resources": None, "temperature": None, "top_p": None,
        "response_format": "auto", **body,
    }


def page(data: List[dict], query: Mapping[str, Any], default_order: str = "desc") -> dict:
    """One page of a cursor list as both families return them (order, after, before, limit)."""
    data = list(data)
    if query.get("order", default_order) == "desc":
        data.reverse()
    ids = [item["id"] for item in data]
    if query.get("after"):
        data = data[ids.index(query["after"]) + 1:] if query["after"] in ids else []
    if query.get("before"):
        ids = [item["id"] for item in data]
        data = data[: ids.index(query["before"])] if query["before"] in ids else data
    limit = int(query.get("limit", 20))
    chunk = data[:limit]
    return {"object": "list", "data": chunk, "first_id": chunk[0]["id"] if chunk else None,
            "last_id": chunk[-1]["id"] if chunk else None, "has_more": len(data) > limit}
