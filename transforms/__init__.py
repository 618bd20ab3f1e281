"""The transforms and their registry, the only door the engine uses.

Importing this package must stay cheap: no libcst here. Each entry names its module and class,
loaded only in the workers that parse a file; its trigger strings feed the engine's prefilter.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Tuple

from transforms.options import OPTIONS, NOTICES

MARKER = "# assistants-to-responses:"
# A file holding this comment is left alone (like Fixit's lint-ignore, for a whole file).
SKIP_FILE = b"# assistants-to-responses: skip-file"
DETECTOR = "transforms.audit:find_uses"


@dataclass(frozen=True)
class TransformInfo:
    name: str
    summary: str
    triggers: Tuple[bytes, ...]
    target: str

    def load(self) -> Any:
        module, _, cls = self.target.partition(":")
        return getattr(importlib.import_module(module), cls)


# The chain `.beta.threads` / `.beta.assistants` is what identifies the Assistants API.
_THREADS = (b"beta.threads",)
_ASSISTANTS = (b"beta.assistants",)

REGISTRY: Tuple[TransformInfo, ...] = (
    TransformInfo(
        name="threads-and-runs",
        summary="thread/message/run/poll/reply sequences become responses.create, with a conversation "
        "where the thread outlives the call; assistant IDs become prompt registry lookups",
        triggers=_THREADS + _ASSISTANTS,
        target="transforms.threads_and_runs:ThreadsAndRuns",
    ),
    TransformInfo(
        name="types",
        summary="openai.types.beta imports used only in annotations become their Responses / Conversations "
        "types once no Assistants call is left in the module; unused ones (and unused AssistantEventHandler "
        "imports) go; the rest are marked",
        triggers=(b"openai.types.beta", b"AssistantEventHandler"),
        target="transforms.beta_types:Types",
    ),
    TransformInfo(
        name="vector-stores",
        summary="client.beta.vector_stores.* becomes client.vector_stores.* (the resource left beta)",
        triggers=(b"beta.vector_stores",),
        target="transforms.vector_stores:VectorStores",
    ),
)

__all__ = ["REGISTRY", "TransformInfo", "OPTIONS", "NOTICES", "MARKER", "SKIP_FILE", "DETECTOR"]
