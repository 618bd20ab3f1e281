"""Tools lists held in a module constant or returned by a helper, flattened where they are written.

    _TOOLS = [{"type": "function", "function": {"name": "f", "parameters": P}}]; ...runs.create(..., tools=_TOOLS)
    ->  _TOOLS = [{"type": "function", "name": "f", "parameters": P, "strict": False}]; ...responses.create(..., tools=_TOOLS)
    (a public list, or one Chat Completions also uses, stays nested: `tools=_responses_tools(TOOLS)`, the helper added once)

A list is flattened in place only when it is private to the module (`_TOOLS`) and every use of
it (and of each schema constant in it) is a call this rewrite moves to Responses; any other use
(Chat Completions, an unknown function, a mutation, a call left on the Assistants API, another
module importing a public name) keeps the nested form, which that use needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Set, Union

import libcst as cst

from transforms import build, convert
from transforms.collect import Collected
from transforms.convert import Blocked, ToolSource
from transforms.edits import Edits

HELPER = "_responses_tools"
HELPER_CODE = '''def {name}(tools: typing.Iterable[typing.Mapping[str, typing.Any]]) -> typing.List[typing.Any]:
    """Tools in the Responses form: nested function tools flattened (strict off unless it was set),
    a code interpreter given an automatic container, nested file_search options lifted."""
    flat: typing.List[typing.Any] = []
    for tool in tools:
        kind = tool.get("type")
        if kind == "function" and "function" in tool:
            function = tool["function"]
            strict = function.get("strict") or False
            flat.append({{"type": "function", **function, "parameters": function.get("parameters"), "strict": strict}})
        elif kind == "code_interpreter" and "container" not in tool:
            flat.append({{**tool, "container": {{"type": "auto"}}}})
        elif kind == "file_search" and "file_search" in tool:
            flat.append({{**{{k: v for k, v in tool.items() if k != "file_search"}}, **tool["file_search"]}})
        else:
            flat.append(tool)
    return flat
'''


@dataclass
class _Source:
    public: ToolSource
    definition: cst.CSTNode  # the assignment statement or the function
    items: cst.List
    elements: List[str] = field(default_factory=list)  # schema constants among the items


@dataclass
class _Schema:
    """A module constant holding one tool dict, an item of a source list or of a literal `tools=[...]`."""

    public: ToolSource
    value: cst.Dict


@dataclass
class Sources:
    lists: Dict[str, _Source] = field(default_factory=dict)
    schemas: Dict[str, _Schema] = field(default_factory=dict)
    # Names given as `tools=` (or as items of a literal `tools=[...]`), and whether their call migrates.
    migrated: Dict[cst.CSTNode, bool] = field(default_factory=dict)
    # The call-site helper's name in this module (HELPER unless the module uses that name already).
    helper: str = HELPER

    @property
    def public(self) -> Dict[str, ToolSource]:
        found = {name: source.public for name, source in self.lists.items()}
        found.update((name, schema.public) for name, schema in self.schemas.items())
        return found

    def all(self) -> List[Union[_Source, _Schema]]:
        return [*self.lists.values(), *self.schemas.values()]


def _single_assignment(scope, name: str):
    assignments = list(scope.assignments[name]) if scope is not None else []
    return assignments[0] if len(assignments) == 1 else None


def _constant(stmt: cst.CSTNode):
    """(name, value) of `NAME = value` / `NAME: T = value` as a whole module statement."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return None
    small = stmt.body[0]
    if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
        return small.targets[0].target.value, small.value
    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) and small.value is not None:
        return small.target.value, small.value
    return None


def _returned_list(func: cst.FunctionDef) -> Optional[cst.List]:
    """The list literal of `def f(): return [...]` (a docstring may come first)."""
    params = func.params
    if func.decorators or func.asynchronous or params.params or params.kwonly_params or params.posonly_params \
            or isinstance(params.star_arg, cst.Param) or params.star_kwarg is not None or not isinstance(func.body, cst.IndentedBlock):
        return None
    body = list(func.body.body)
    if body and isinstance(body[0], cst.SimpleStatementLine) and isinstance(body[0].body[0], cst.Expr) \
            and isinstance(body[0].body[0].value, (cst.SimpleString, cst.ConcatenatedString)):
        body = body[1:]
    if len(body) != 1 or not isinstance(body[0], cst.SimpleStatementLine) or len(body[0].body) != 1:
        return None
    ret = body[0].body[0]
    return ret.value if isinstance(ret, cst.Return) and isinstance(ret.value, cst.List) else None


def find(collected: Collected, scope_of: Callable) -> Sources:
    """Module-level literal tools lists (constants and helpers) and the schema constants in them."""
    out = Sources(helper=helper_name(collected, HELPER, HELPER_CODE))
    dicts: Dict[str, tuple] = {}
    candidates = []
    for stmt in collected.module.body:
        scope = scope_of(stmt)
        found = _constant(stmt)
        if found is not None:
            name, value = found
            assignment = _single_assignment(scope, name)
            if assignment is None:
                continue  # reassigned: what the list holds depends on the moment (marked as before)
            if isinstance(value, cst.Dict):
                dicts[name] = (value, assignment)
            elif isinstance(value, cst.List):
                candidates.append((name, "constant", stmt, value, assignment))
        elif isinstance(stmt, cst.FunctionDef):
            items = _returned_list(stmt)
            assignment = _single_assignment(scope, stmt.name.value)
            if items is not None and assignment is not None:
                candidates.append((stmt.name.value, "helper", stmt, items, assignment))
    for name, kind, definition, items, assignment in candidates:
        elements = []
        for element in items.elements:
            value = element.value if isinstance(element, cst.Element) else None
            if isinstance(value, cst.Name) and value.value in dicts:
                elements.append(value.value)
                value = dicts[value.value][0]
            if value is None or _not_a_tool(value):
                break
            converted = convert.tool(value)
            if isinstance(converted, Blocked):
                break
        else:
            uses = {access.node for access in assignment.references}
            out.lists[name] = _Source(ToolSource(name, kind, uses, items=items, helper=out.helper), definition, items, elements)
    for name, (value, assignment) in dicts.items():
        if name in out.lists or _not_a_tool(value):
            continue
        converted = convert.tool(value)
        if isinstance(converted, Blocked):
            continue
        uses = {a.node for a in assignment.references}
        public = ToolSource(name, "schema", uses, items=cst.List(elements=[cst.Element(value=value)]), helper=out.helper)
        out.schemas[name] = _Schema(public, value)
    for source in list(out.lists.values()):
        if any(element not in out.schemas for element in source.elements):
            del out.lists[source.public.name]  # pragma: no cover - its items were checked as tools above
    return out


def _not_a_tool(value: cst.BaseExpression) -> bool:
    """Only the Assistants tool types make a tools list (content parts, formats and the like are left alone)."""
    items = build.dict_literal_items(value)
    return items is None or build.literal_string(items.get("type")) not in ("function", "file_search", "code_interpreter")


def settle(collected: Collected, sources: Sources, edits: Edits) -> bool:
    """Decide, from the planned edits, what is flattened where written; True if the module must be planned again.

    A use is migrated when it is the `tools=` of a run the edits rebuild as responses.create, or
    of an assistants.create the edits inline and drop (a schema constant: an item of such a
    literal list, or of a list flattened in place).
    """
    migrated = sources.migrated
    migrated.clear()
    in_assistant: Set[cst.CSTNode] = set()
    for site in collected.sites:
        arg = site.api.arg("tools")
        if arg is None:
            continue
        done = site.stmt in edits.removals if site.api.is_("assistants.create") else site.stmt in edits.statements
        nodes = [arg.value.func if isinstance(arg.value, cst.Call) else arg.value]
        if isinstance(arg.value, cst.List):
            nodes += [e.value for e in arg.value.elements if isinstance(e, cst.Element)]
        for node in nodes:
            migrated[node] = done
            if site.api.is_("assistants.create"):
                in_assistant.add(node)
    before = [(s.public.wrap, s.public.blocked) for s in sources.all()]
    for source in sources.lists.values():
        public = source.public
        public.wrap = public.wrap or _importable(public.name) or not all(migrated.get(node, False) for node in public.uses)
    holders = {
        name: [s for s in sources.lists.values() if name in s.elements] for name in sources.schemas
    }
    changed = True
    while changed:  # a schema used where the nested form is needed keeps every list holding it nested
        changed = False
        for name, schema in sources.schemas.items():
            public = schema.public
            if not public.wrap:
                public.wrap = _importable(name) or not all(
                    migrated.get(node, False) or any(collected.inside(node, h.items) and not h.public.wrap for h in holders[name])
                    for node in public.uses
                )
                changed = changed or public.wrap
            if public.wrap:
                for holder in holders[name]:
                    if not holder.public.wrap:
                        holder.public.wrap = changed = True
    after = [(s.public.wrap, s.public.blocked) for s in sources.all()]
    # Run calls read `wrap` when they are built; only an inlined assistant's settings and a
    # newly blocked source were fixed while planning, and need the module planned again.
    return any(
        old[1] != new[1] or (old[0] != new[0] and source.public.uses & in_assistant)
        for old, new, source in zip(before, after, sources.all())
    )


def _importable(name: str) -> bool:
    """A public module-level name: another module may import it for Chat Completions or the old
    API, which this file cannot see, so it keeps its nested form and calls here convert it."""
    return not name.startswith("_")


def add_edits(collected: Collected, sources: Sources, edits: Edits) -> None:
    """The lists flattened where they are written, and the call-site helper once if some call needs it."""
    wrapped_calls = False
    flattened: List[cst.List] = []
    for held in sources.all():  # lists first: their schema constants follow them
        public = held.public
        used = any(sources.migrated.get(n, False) or any(collected.inside(n, f) for f in flattened) for n in public.uses)
        if public.blocked or not used:
            continue
        if public.wrap:
            wrapped_calls = True
        elif isinstance(held, _Schema):
            edits.expressions[held.value] = _flat
        else:
            edits.expressions[held.items] = _flat_items
            flattened.append(held.items)
    if wrapped_calls:
        add_helper(collected, edits, sources.helper, HELPER_CODE)


def _flat_items(updated: cst.CSTNode) -> cst.CSTNode:
    """The list's dicts flattened; its schema constants are flattened where they are assigned."""
    assert isinstance(updated, cst.List)
    return updated.with_changes(
        elements=[e if isinstance(e.value, cst.Name) else e.with_changes(value=_flat(e.value)) for e in updated.elements]
    )


def _flat(node: cst.CSTNode) -> cst.CSTNode:
    """One tool in the Responses form, laid out over lines like the original when it was."""
    converted = convert.tool(node) if isinstance(node, cst.Dict) else node
    if not isinstance(node, cst.Dict) or not isinstance(converted, cst.Dict) or converted is node or len(node.elements) < 2:
        return node if isinstance(converted, Blocked) else converted
    between, last = node.elements[0].comma, node.elements[-1].comma
    if not isinstance(between, cst.Comma) or "\n" not in cst.Module(body=[]).code_for_node(between):
        return converted  # written on one line
    count = len(converted.elements)
    elements = [e.with_changes(comma=between if i < count - 1 else last) for i, e in enumerate(converted.elements)]
    return converted.with_changes(lbrace=node.lbrace, rbrace=node.rbrace, elements=elements)


def helper_name(collected: Collected, base: str, code: str) -> str:
    """``base`` (or ``base_2``, ...): the first name the module does not use yet, or whose module-level
    def is this very helper (added by an earlier run). A user's own function of that name is never
    called in its place, nor hidden by ours."""
    ours = {}
    for stmt in collected.module.body:
        if isinstance(stmt, cst.FunctionDef):
            ours[stmt.name.value] = stmt
    number = 1
    while True:
        name = base if number == 1 else f"{base}_{number}"
        existing = ours.get(name)
        if existing is not None and _same_def(existing, code.format(name=name)):
            return name
        if collected.name_is_free(collected.module, name):
            return name
        number += 1


def _same_def(existing: cst.FunctionDef, code: str) -> bool:
    wanted = cst.parse_module(code).body[0]
    render = cst.Module(body=[]).code_for_node
    return render(existing.with_changes(leading_lines=[])).strip() == render(wanted.with_changes(leading_lines=[])).strip()


def add_helper(collected: Collected, edits: Edits, name: str, code: str) -> None:
    """`def <name>(...)` (``code``, formatted with the name) right after the module's imports, before
    any code that could call it; once per module."""
    module = collected.module
    if name in edits.added_helpers or any(isinstance(s, cst.FunctionDef) and s.name.value == name for s in module.body):
        return  # added by an earlier run, or already on its way
    edits.added_helpers.add(name)
    helper = cst.parse_module(code.format(name=name)).body[0]
    helper = helper.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
    edits.added_imports.append("typing")
    earlier = edits.statements.get(module)

    def insert(updated: Any) -> Any:
        if earlier is not None:
            updated = earlier(updated)
        assert isinstance(updated, cst.Module)
        body = list(updated.body)
        at = 0
        while at < len(body) and _is_header(body[at]):
            at += 1
        if at < len(body):
            following = body[at]
            comments = [line for line in following.leading_lines if line.comment is not None]
            body[at] = following.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine(), *comments])
        body.insert(at, helper if at else helper.with_changes(leading_lines=[]))
        return updated.with_changes(body=body)

    edits.statements[module] = insert


def _is_header(stmt: cst.CSTNode) -> bool:
    if not isinstance(stmt, cst.SimpleStatementLine):
        return False
    small = stmt.body[0]
    if isinstance(small, (cst.Import, cst.ImportFrom)):
        return True
    return isinstance(small, cst.Expr) and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString))
