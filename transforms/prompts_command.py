"""The `prompts` subcommand's OpenAI half: assistants found in the sources, and the files to write."""

from __future__ import annotations

from typing import List, Mapping, Sequence, Tuple

import libcst as cst

from transforms.assistant_refs import Reference, entry_name, find_references
from transforms.registry_module import render

KIND_TEXT = {
    "definition": "created in code (settings copied)",
    "literal": "literal ID (settings to fill in)",
    "env": "ID from environment variable (settings to fill in)",
    "dynamic": "ID known only at run time: add its ID to an entry, or use prompt-function",
}


def references(sources: Sequence[Tuple[str, str]]) -> List[Tuple[str, Reference]]:
    """(file:line, Reference) for every assistant in the (path, text) sources; unparsable files are skipped."""
    found = []
    for path, text in sources:
        try:
            module = cst.parse_module(text)
        except cst.ParserSyntaxError:
            continue
        for ref in find_references(module):
            found.append((f"{path}:{ref.line}", ref))
    return found


def listing(found: Sequence[Tuple[str, Reference]]) -> List[str]:
    return [f"{where}: {entry_name(ref)}: {ref.kind} {ref.key!r}: {_text(where, ref)}" for where, ref in found]


def _text(where: str, ref: Reference) -> str:
    if not ref.uncopied:
        return KIND_TEXT[ref.kind]
    path = where.rpartition(":")[0]
    settings = ", ".join(f"{setting} at {path}:{line}" for setting, line in ref.uncopied)
    return f"created in code, settings to fill in ({settings}: only running the code gives the value)"


def module_path(options: Mapping[str, object]) -> str:
    dotted = str(options.get("prompt-registry", "prompt_registry"))
    return dotted.replace(".", "/") + ".py"


def registry_text(found: Sequence[Tuple[str, Reference]], options: Mapping[str, object]) -> str:
    if options.get("prompt-target", "code") == "id":
        lines = ["[tool.assistants-to-responses.prompts]",
                 "# Map each assistant ID to the hosted prompt that replaces it; no ID is invented here.",
                 "# Hosted prompts stop on 2026-11-30: prefer prompt-target = \"code\"."]
        for where, ref in found:
            if ref.kind == "literal":
                lines.append(f'# "{ref.key}" = {{ id = "pmpt_...", version = "1" }}  # {where}')
        return "\n".join(lines) + "\n"
    return render(found)
