"""Prompt settings that lived in OpenAI assistants, kept in code.

Written by `assistants-to-responses prompts`. The Assistants API was switched off on 2026-08-26
and OpenAI's hosted prompt objects stop on 2026-11-30, so the settings live here and are
reviewed like code. `lookup(assistant_id)` keeps existing configuration working: an ID read
from the environment, a constant or a database resolves to the settings of its assistant.
"""

from __future__ import annotations

import dataclasses
import os
from typing import List, Optional, Tuple

from openai.types.responses import ResponseTextConfigParam, ToolParam


def _plain_text() -> ResponseTextConfigParam:
    return {"format": {"type": "text"}}


@dataclasses.dataclass(frozen=True)
class PromptSettings:
    model: str
    instructions: Optional[str] = None
    tools: List[ToolParam] = dataclasses.field(default_factory=list)
    temperature: Optional[float] = None
    top_p: Optional[float] = None
    text: ResponseTextConfigParam = dataclasses.field(default_factory=_plain_text)


@dataclasses.dataclass(frozen=True)
class Entry:
    name: str
    # None until someone copies the assistant's settings in: lookup() then says so.
    settings: Optional[PromptSettings]
    assistant_ids: Tuple[str, ...] = ()
    env: Tuple[str, ...] = ()
    referenced_at: str = ""


class MissingPromptSettings(LookupError):
    pass


ENTRIES: List[Entry] = [
    Entry(
        name='contract_desk',
        env=('CONTRACT_DESK_ASSISTANT_ID',),
        referenced_at='before.py:30, before.py:38',
        settings=PromptSettings(
            model="gpt-4o-mini",
            instructions="Answer from the customer's contract only.",
            # The stores and files come with each thread (tool_resources): none of the assistant's own.
            tools=[
                {"type": "file_search", "vector_store_ids": []},
                {"type": "code_interpreter", "container": {"type": "auto"}},
            ],
        ),
    ),
]


def lookup(assistant_id: str) -> PromptSettings:
    """The settings of the assistant ``assistant_id`` named, by literal ID or environment variable."""
    for entry in ENTRIES:
        if assistant_id in entry.assistant_ids or any(os.environ.get(name) == assistant_id for name in entry.env):
            if entry.settings is None:
                raise MissingPromptSettings(
                    f"assistant {assistant_id!r} ({entry.name}, used at {entry.referenced_at}) has no prompt "
                    f"settings yet: fill in its entry in {__file__}"
                )
            return entry.settings
    raise MissingPromptSettings(f"no prompt settings for assistant {assistant_id!r}: add an entry to ENTRIES in {__file__}")
