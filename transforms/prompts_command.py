"""The `prompts` subcommand's OpenAI half: the assistants the sources name, and the registry text."""

from __future__ import annotations

from typing import List, Mapping, Optional, Sequence, Tuple

import libcst as cst

from transforms import registry_module
from transforms.facts import facts_of
from transforms.registry_project import module_name
from transforms.registry_module import AssistantRef
from transforms.registry_refs import find

Located = Tuple[str, AssistantRef]


def references(sources: Sequence[Tuple[str, str]], options: Mapping[str, object]) -> List[Located]:
    """(path, ref) for every assistant the (path, text) sources name; unparsable files are skipped."""
    found: List[Located] = []
    for path, text in sources:
        try:
            module = cst.parse_module(text)
        except (cst.ParserSyntaxError, RecursionError):
            continue
        found.extend((path, ref) for ref in find(facts_of(module), module_name(options), text))
    return found


def listing(found: Sequence[Located]) -> List[str]:
    lines = []
    for path, ref in found:
        where = f"{path}:{ref.line}"
        if ref.kind == "literal":
            lines.append(f"{where}: literal ID {ref.key!r}: its entry holds the settings")
        elif ref.kind == "env":
            default = f" (default {ref.default!r})" if ref.default else ""
            lines.append(f"{where}: ID from environment variable {ref.key!r}{default}: its entry holds the settings")
        elif ref.kind == "created":
            name = f" {ref.key!r}" if ref.key else ""
            lines.append(f"{where}: assistant{name} created in code: prompt_registry.create() keeps its settings for "
                         "the process that runs it; an ID it printed or stored for another process needs an entry")
        else:
            lines.append(f"{where}: ID known only at run time ({ref.key}): add the IDs it can hold to an entry's "
                         "assistant_ids (or env)")
    return lines


def registry_text(existing: Optional[str], found: Sequence[Located], fresh: bool = False) -> str:
    """The registry to write: ``existing`` brought up to date, or a new one (``fresh``: start over)."""
    return registry_module.render(found) if fresh else registry_module.write_text(existing, found)


def problems(existing: Optional[str], found: Sequence[Located], target: str) -> List[str]:
    """Why the registry is not ready (for `prompts --check`): missing, missing entries, unfilled."""
    needed = any(ref.kind in ("literal", "env") for _, ref in found)
    if existing is None:
        return [f"{target}: missing: run `prompts --write` (or `apply`) to write it"] if needed else []
    try:
        if registry_module.merge(existing, found) != existing:
            out = [f"{target}: not up to date: run `prompts --write` to add the entries the code needs"]
        else:
            out = []
        out += [f"{target}:{u.line}: assistant {u.id!r} is not filled in yet (used at {u.referenced_at or 'unknown'})"
                for u in registry_module.unfilled(existing)]
    except registry_module.RegistryError as exc:
        return [f"{target}: {exc}"]
    return out
