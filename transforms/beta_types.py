"""`openai.types.beta` names used in annotations become their Responses / Conversations types.

    from openai.types.beta.threads import Run
    def ask(q: str) -> Run: ...
    ->  from openai.types.responses import Response ... def ask(q: str) -> Response: ...

Runs after the threads-and-runs transform, on its output: a type moves only when no Assistants
API call is left in the module (a left-over call still returns the old type) and every use of the
name is an annotation, a `cast` or an `isinstance` check. Anything else keeps the import, marked
with what replaces it.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import libcst as cst
from libcst.metadata import ScopeProvider

from transforms import api
from transforms.base import MigrationTransform
from transforms.collect import collect
from transforms.edits import Edits

# (old module, old name) -> (new module, new name)
MOVED: Dict[Tuple[str, str], Tuple[str, str]] = {
    ("openai.types.beta", "Thread"): ("openai.types.conversations", "Conversation"),
    ("openai.types.beta", "ThreadDeleted"): ("openai.types.conversations", "ConversationDeletedResource"),
    ("openai.types.beta.thread", "Thread"): ("openai.types.conversations", "Conversation"),
    ("openai.types.beta.threads", "Run"): ("openai.types.responses", "Response"),
    ("openai.types.beta.threads", "RunStatus"): ("openai.types.responses", "ResponseStatus"),
    ("openai.types.beta.threads.run", "Run"): ("openai.types.responses", "Response"),
}
# What replaces the names that have no one-to-one type, for the marker.
INSTEAD = {
    "Message": "openai.types.conversations.Message (history) or openai.types.responses.ResponseOutputMessage (a reply)",
    "Assistant": "the prompt registry's PromptSettings (no API object any more)",
    "AssistantStreamEvent": "openai.types.responses.ResponseStreamEvent",
    "TextDelta": "the str in ResponseTextDeltaEvent.delta",
    "MessageDeltaEvent": "openai.types.responses.ResponseTextDeltaEvent",
    "RequiredActionFunctionToolCall": "openai.types.responses.ResponseFunctionToolCall",
    "RunStep": "openai.types.responses.ResponseOutputItem",
}


class Types(MigrationTransform):
    """openai.types.beta imports whose every use is an annotation follow the migrated code.

    from openai.types.beta.threads import Run; def ask() -> Run: ...
    ->  from openai.types.responses import Response; def ask() -> Response: ...
    """

    NAME = "types"
    METADATA_DEPENDENCIES = (ScopeProvider,)

    def plan(self, module: cst.Module) -> Edits:
        edits = Edits()
        collected = collect(module)
        self._parents = collected.parents
        left_on_old_api = any(
            site.api.path[0] in ("threads", "assistants")
            and not api.is_look_alike(site.api, self.get_metadata(ScopeProvider, site.stmt, None), collected.classes, collected.values)
            for site in collected.sites
        )
        for stmt in module.body:
            imported = _beta_import(stmt)
            if imported is None:
                continue
            old_module, aliases = imported
            scope = self.get_metadata(ScopeProvider, stmt, None)
            moved: List[Tuple[cst.ImportAlias, str, str]] = []
            problems: List[str] = []
            for alias in aliases:
                name = alias.evaluated_name
                local = alias.evaluated_alias or name
                target = MOVED.get((old_module, name))
                if target is None:
                    problems.append(f"{name}: {INSTEAD.get(name, 'see the migration reference, section 9')}")
                    continue
                if left_on_old_api:
                    problems.append(f"{name}: becomes {target[0]}.{target[1]} once the calls here are migrated")
                    continue
                uses = _uses(collected, scope, local)
                if uses is None:
                    problems.append(f"{name} is used other than in annotations: {target[0]}.{target[1]} is its Responses type")
                    continue
                new_local = target[1] if collected.name_is_free(collected.module, target[1]) else local
                for node in uses:
                    if new_local != local:
                        edits.renames[node] = new_local
                moved.append((alias, target[0], target[1] if new_local == target[1] else f"{target[1]} as {local}"))
            if problems:
                edits.mark(stmt, "openai.types.beta " + "; ".join(problems))
                continue
            if moved:
                edits.statements[stmt] = lambda updated, moved=moved: _new_imports(updated, moved)
        return edits


def _beta_import(stmt: cst.CSTNode) -> Optional[Tuple[str, List[cst.ImportAlias]]]:
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.ImportFrom)):
        return None
    node = stmt.body[0]
    if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
        return None
    module = cst.Module(body=[]).code_for_node(node.module)
    if not module.startswith("openai.types.beta"):
        return None
    return module, list(node.names)


def _uses(collected, scope, name: str) -> Optional[List[cst.Name]]:
    """The references to ``name``, if each sits in an annotation, a cast() or an isinstance() check."""
    if scope is None:
        return None
    nodes = []
    for assignment in scope.assignments[name]:
        for access in assignment.references:
            node = access.node
            if not isinstance(node, cst.Name) or not _typing_position(collected, node):
                return None
            nodes.append(node)
    return nodes


def _typing_position(collected, node: cst.CSTNode) -> bool:
    parent = collected.parent(node)
    while parent is not None and not isinstance(parent, cst.BaseStatement):
        if isinstance(parent, cst.Annotation):
            return True
        if isinstance(parent, cst.Arg):
            call = collected.parent(parent)
            if isinstance(call, cst.Call) and isinstance(call.func, cst.Name):
                position = next((i for i, arg in enumerate(call.args) if arg is parent), -1)
                if (call.func.value == "cast" and position == 0) or (call.func.value == "isinstance" and position == 1):
                    return True
            return False
        parent = collected.parent(parent)
    return False


def _new_imports(updated: cst.SimpleStatementLine, moved) -> cst.SimpleStatementLine:
    lines = []
    for _, module, name in moved:
        alias, _, asname = name.partition(" as ")
        names = [cst.ImportAlias(name=cst.Name(alias), asname=cst.AsName(name=cst.Name(asname)) if asname else None)]
        module_node = cst.parse_expression(module)
        lines.append(cst.SimpleStatementLine(body=[cst.ImportFrom(module=module_node, names=names)]))
    first = lines[0].with_changes(leading_lines=updated.leading_lines)
    return cst.FlattenSentinel([first, *lines[1:]]) if len(lines) > 1 else first
