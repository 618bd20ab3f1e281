"""Server-Sent Events as OpenAI frames them, and what a route returns when it streams.

The SDK's decoder keys Assistants events on the `event:` line (their payload has no type field) and
stops at a `data: [DONE]` frame; Responses events carry their `type` in the payload and the stream
simply ends, which is why only the Assistants family gets a `done` event.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, List, Tuple


@dataclass
class EventStream:
    events: List[Tuple[str, Any]] = field(default_factory=list)
    done: bool = False  # Assistants streams end with `event: done` / `data: [DONE]`

    def add(self, name: str, data: Any) -> None:
        self.events.append((name, json.loads(json.dumps(data))))  # a snapshot: later changes must not leak in

    def encode(self) -> bytes:
        chunks = [f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in self.events]
        if self.done:
            chunks.append("event: done\ndata: [DONE]\n\n")
        return "".join(chunks).encode()


@dataclass
class Raw:
    """A non-JSON body, such as file content."""

    data: bytes
    content_type: str = "application/octet-stream"
