"""The transforms and their registry, the only door the engine uses.

Importing this package must stay cheap: no libcst here. Each entry names its module and class,
loaded only in the workers that parse a file; its trigger strings feed the engine's prefilter.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Tuple

from transforms.options import OPTIONS, NOTICES
from transforms.reasons import HOME, describe, marker_reason, once_notes

MARKER = "# assistants-to-responses:"
# A file holding this comment is left alone (like Fixit's lint-ignore, for a whole file).
SKIP_FILE = b"# assistants-to-responses: skip-file"
# Run once after the files (codemods.project): the prompt registry the migrated code imports.
PROJECT = "transforms.registry_project:finish"


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
# A file whose calls were all migrated since the last run, by hand, still holds their `[code]`
# markers: they bring the pass in too, which then removes them (notes stay, and need no pass).
_MARKED = (b"# assistants-to-responses: [",)
# The rules share one pass over the module: any Assistants call brings them all in.
_ASSISTANTS_API = _THREADS + _ASSISTANTS + _MARKED

_MIGRATE = "transforms.migrate:Migrate"

# One pass carries out the rules below it (they share the facts of the module); each is still its
# own transform for --only / --skip: a call whose rule does not run stays, under a marker.
REGISTRY: Tuple[TransformInfo, ...] = (
    TransformInfo(
        name="threads-to-conversations",
        summary="threads become conversations: threads.create/retrieve/update/delete -> client.conversations.*",
        triggers=_ASSISTANTS_API,
        target=_MIGRATE,
    ),
    TransformInfo(
        name="messages-to-items",
        summary="a thread's messages become conversation items (messages.create/list/retrieve/delete -> "
        "client.conversations.items.*), read as message items",
        triggers=_ASSISTANTS_API,
        target=_MIGRATE,
    ),
    TransformInfo(
        name="runs-to-responses",
        summary="runs become responses in the thread's conversation: runs.create -> a background response, "
        "create_and_poll -> responses.create, retrieve/cancel -> responses.*, submit_tool_outputs -> the next "
        "response with function_call_output items; the run's reads follow",
        triggers=_ASSISTANTS_API,
        target=_MIGRATE,
    ),
    TransformInfo(
        name="run-steps",
        summary="runs.steps.list/retrieve -> the response's output items (a step reads through to the item "
        "that did the work; code interpreter outputs are included)",
        triggers=_ASSISTANTS_API,
        target=_MIGRATE,
    ),
    TransformInfo(
        name="streaming",
        summary="streamed runs become streamed responses: runs.stream / create_and_stream / create_and_run_stream -> "
        "client.responses.stream with the event handler's hooks driven from its events (or text_deltas read from "
        "them), runs.create(stream=True) -> client.responses.create(stream=True) with its event loops' reads; tool "
        "rounds answered in the stream stream the next response with the function_call_output items",
        triggers=_THREADS + _MARKED,
        target=_MIGRATE,
    ),
    TransformInfo(
        name="assistants-to-registry",
        summary="assistants.create/retrieve/update/delete/list -> the code-managed prompt registry "
        "(prompt_registry.*), whose settings() gives a run's responses.create arguments",
        triggers=_ASSISTANTS_API,
        target=_MIGRATE,
    ),
    TransformInfo(
        name="vector-stores",
        summary="client.beta.vector_stores.* becomes client.vector_stores.* (the resource left beta)",
        triggers=(b"beta.vector_stores",),
        target=_MIGRATE,
    ),
    TransformInfo(
        name="fold-messages",
        summary="simplification: messages added just before a run become that response's input instead of "
        "separate conversation items",
        triggers=_ASSISTANTS_API,
        target=_MIGRATE,
    ),
    TransformInfo(
        name="wait-loops",
        summary="simplification: a loop or helper that only waits for a run goes, and its response is made in "
        "the foreground (no background=True)",
        triggers=_ASSISTANTS_API,
        target=_MIGRATE,
    ),
    TransformInfo(
        name="reply-text",
        summary="simplification: the newest message's text read after a run becomes the response's output_text",
        triggers=_ASSISTANTS_API,
        target=_MIGRATE,
    ),
    TransformInfo(
        name="one-shot-threads",
        summary="simplification: a thread made for one run and dropped becomes that response's input, "
        "with no conversation",
        triggers=_ASSISTANTS_API,
        target=_MIGRATE,
    ),
    TransformInfo(
        name="types",
        summary="openai.types.beta imports used only in annotations become their Responses / Conversations "
        "types once no Assistants call is left in the module; unused ones (and unused AssistantEventHandler "
        "imports) go; the rest are marked",
        triggers=(b"openai.types.beta", b"AssistantEventHandler"),
        target="transforms.beta_types:Types",
    ),
)

# The reports read each finding's reason through these two (transforms/reasons.py): its title, what
# to do, its anchor in docs/reference.md and a rough effort; and the code a marker's text carries.
# HOME is where docs/ is published, for absolute links; once_notes what a Markdown report says once.
__all__ = ["REGISTRY", "TransformInfo", "OPTIONS", "NOTICES", "MARKER", "SKIP_FILE", "PROJECT", "describe", "marker_reason", "once_notes", "HOME"]
