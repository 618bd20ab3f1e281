"""The code-managed prompt registry module that `prompts` writes (the default prompt target).

Settings that lived server-side in assistants move into the team's own code: OpenAI's hosted
prompt objects, the other possible home, stop on 2026-11-30. Entries are keyed so that existing
configuration keeps working: an assistant ID read from an environment variable or written in a
constant still resolves to that assistant's settings.
"""

from __future__ import annotations

import io
import tokenize
from typing import Dict, List, Sequence, Set, Tuple

from transforms.assistant_refs import Reference, entry_name

HEADER = '''"""Prompt settings that lived in OpenAI assistants, kept in code.

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


'''

FOOTER = '''

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
'''


def _entries(references: Sequence[Tuple[str, Reference]]) -> Dict[str, dict]:
    merged: Dict[str, dict] = {}
    for where, ref in references:
        if ref.kind == "dynamic":
            continue
        name = entry_name(ref)
        entry = merged.setdefault(name, {"ids": [], "env": [], "settings": [], "where": [], "uncopied": []})
        if ref.kind == "literal" and ref.key not in entry["ids"]:
            entry["ids"].append(ref.key)
        elif ref.kind == "env" and ref.key not in entry["env"]:
            entry["env"].append(ref.key)
        if ref.kind == "env" and ref.default and ref.default not in entry["ids"]:
            entry["ids"].append(ref.default)
        elif ref.kind == "definition":
            path = where.rpartition(":")[0]
            for setting, line in ref.uncopied:
                if f"{setting} ({path}:{line})" not in entry["uncopied"]:
                    entry["uncopied"].append(f"{setting} ({path}:{line})")
            if not entry["settings"]:
                entry["settings"] = ref.settings
        entry["where"].append(where)
    return merged


def render(references: Sequence[Tuple[str, Reference]]) -> str:
    """The module text for every assistant in ``references`` ((file:line, Reference) pairs)."""
    lines: List[str] = ["ENTRIES: List[Entry] = ["]
    for name, entry in sorted(_entries(references).items()):
        lines.append("    Entry(")
        lines.append(f"        name={name!r},")
        if entry["ids"]:
            lines.append(f"        assistant_ids=({', '.join(repr(i) for i in entry['ids'])},),")
        if entry["env"]:
            lines.append(f"        env=({', '.join(repr(e) for e in entry['env'])},),")
        lines.append(f"        referenced_at={', '.join(entry['where'][:3])!r},")
        if entry["uncopied"]:
            # Copying these would give a module that fails on import (names it cannot see) or
            # settings other than the assistant's: a person fills the entry in instead.
            lines.append(f"        # Could not copy {', '.join(entry['uncopied'])}: known only when the code runs.")
            lines.append("        # Copy the assistant's model, instructions, tools, temperature and top_p here.")
            lines.append("        settings=None,")
        elif entry["settings"]:
            lines.append("        settings=PromptSettings(")
            for key, code in entry["settings"]:
                lines.append(f"            {key}={_indent(code)},")
            lines.append("        ),")
        else:
            lines.append("        # Copy the assistant's model, instructions, tools, temperature and top_p here.")
            lines.append("        settings=None,")
        lines.append("    ),")
    lines.append("]")
    return HEADER + "\n".join(lines) + "\n" + FOOTER


def _indent(code: str) -> str:
    """``code`` with its continuation lines indented, except lines inside a multi-line string."""
    inside: Set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            inside.update(range(token.start[0] + 1, token.end[0] + 1))
    except (tokenize.TokenError, SyntaxError):
        return code
    lines = code.split("\n")
    return "\n".join(line if number == 1 or number in inside else "        " + line for number, line in enumerate(lines, 1))
