"""One walk over the module that records what the planners ask about, so none of them walks again.

Parents of nodes, the value of every `name = value`, each Assistants API call with the statement,
block and function around it, module-level classes and functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Collection, Dict, List, Optional, Set, Tuple, Union, cast

import libcst as cst

from transforms import api

Owner = Union[cst.Module, cst.FunctionDef, cst.ClassDef]
Block = Union[cst.Module, cst.IndentedBlock]


@dataclass
class Site:
    api: api.ApiCall
    stmt: cst.BaseStatement
    block: Block
    owner: Owner
    # Compound statements between the owner and ``stmt``, outermost first.
    enclosing: Tuple[cst.CSTNode, ...]
    awaited: bool
    # `target = <call>` or `target = await <call>` as a whole statement line.
    target: Optional[str]
    # The call is the whole statement (assignment or expression statement).
    whole: bool

    @property
    def loops(self) -> Tuple[cst.CSTNode, ...]:
        return tuple(n for n in self.enclosing if isinstance(n, (cst.For, cst.While)))


@dataclass
class Collected:
    module: cst.Module
    parents: Dict[cst.CSTNode, cst.CSTNode] = field(default_factory=dict)
    values: Dict[cst.CSTNode, cst.BaseExpression] = field(default_factory=dict)
    # Names bound to lists somewhere in the module (assigned one, appended to): not message text.
    list_names: Set[str] = field(default_factory=set)
    sites: List[Site] = field(default_factory=list)
    site_by_call: Dict[cst.Call, Site] = field(default_factory=dict)
    classes: List[str] = field(default_factory=list)
    functions: Dict[str, cst.FunctionDef] = field(default_factory=dict)
    owner_of_stmt: Dict[cst.CSTNode, Owner] = field(default_factory=dict)
    block_of_stmt: Dict[cst.CSTNode, Block] = field(default_factory=dict)
    # Statements numbered in source order, to tell before from after.
    order: Dict[cst.CSTNode, int] = field(default_factory=dict)
    _owner_code: Dict[cst.CSTNode, str] = field(default_factory=dict)

    def name_is_free(self, owner: Owner, name: str) -> bool:
        """True when ``name`` appears nowhere in ``owner``'s code, so a new variable cannot shadow anything."""
        code = self._owner_code.get(owner)
        if code is None:
            code = self._owner_code[owner] = self.module.code_for_node(owner)
        return re.search(rf"\b{re.escape(name)}\b", code) is None

    def free_name(self, owner: Owner, *candidates: str, taken: Collection[str] = ()) -> str:
        """The first candidate ``owner``'s code does not use (nor ``taken``, names the rewrite gave
        already), else the last one numbered (`x_2`, ...)."""
        for name in candidates:
            if name not in taken and self.name_is_free(owner, name):
                return name
        number = 2
        while f"{candidates[-1]}_{number}" in taken or not self.name_is_free(owner, f"{candidates[-1]}_{number}"):
            number += 1
        return f"{candidates[-1]}_{number}"

    def parent(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        return self.parents.get(node)

    def statement_of(self, node: Optional[cst.CSTNode]) -> Optional[cst.CSTNode]:
        while node is not None and not isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            node = self.parents.get(node)
        return node

    def inside(self, node: Optional[cst.CSTNode], ancestor: cst.CSTNode) -> bool:
        while node is not None:
            if node is ancestor:
                return True
            node = self.parents.get(node)
        return False


class _Collector(cst.CSTVisitor):
    def __init__(self, out: Collected) -> None:
        self.out = out
        self.stack: List[cst.CSTNode] = []
        self.owners: List[Owner] = [out.module]
        self.blocks: List[Block] = [out.module]
        self.statements: List[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.stack:
            self.out.parents[node] = self.stack[-1]
        self.stack.append(node)
        if isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            self.out.owner_of_stmt[node] = self.owners[-1]
            self.out.block_of_stmt[node] = self.blocks[-1]
            self.out.order[node] = len(self.out.order)
            self.statements.append(node)
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            if len(self.owners) == 1 or isinstance(self.owners[-1], cst.ClassDef):
                if isinstance(node, cst.FunctionDef):
                    self.out.functions.setdefault(node.name.value, node)
                elif len(self.owners) == 1:
                    self.out.classes.append(node.name.value)
            self.owners.append(node)
        elif isinstance(node, cst.IndentedBlock):
            self.blocks.append(node)
        elif isinstance(node, cst.Assign) and len(node.targets) == 1:
            self.out.values[node.targets[0].target] = node.value
            self._note_list(node.targets[0].target, node.value)
        elif isinstance(node, cst.AnnAssign) and node.value is not None:
            self.out.values[node.target] = node.value
            self._note_list(node.target, node.value)
        elif isinstance(node, cst.AugAssign):
            self._note_list(node.target, node.value)
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            if node.func.attr.value in ("append", "extend", "insert") and isinstance(node.func.value, cst.Name):
                self.out.list_names.add(node.func.value.value)
            found = api.match(node)
            if found is not None:
                self._site(found)
        return True

    def _note_list(self, target: cst.CSTNode, value: cst.BaseExpression) -> None:
        listish = isinstance(value, (cst.List, cst.ListComp)) or (
            isinstance(value, cst.BinaryOperation) and any(isinstance(side, (cst.List, cst.ListComp)) for side in (value.left, value.right))
        ) or (isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == "list")
        if listish and isinstance(target, cst.Name):
            self.out.list_names.add(target.value)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.stack.pop()
        if isinstance(original_node, (cst.FunctionDef, cst.ClassDef)):
            self.owners.pop()
        elif isinstance(original_node, cst.IndentedBlock):
            self.blocks.pop()
        if self.statements and self.statements[-1] is original_node:
            self.statements.pop()

    def _site(self, found: api.ApiCall) -> None:
        call = found.call
        parent = self.stack[-2] if len(self.stack) > 1 else None
        awaited = isinstance(parent, cst.Await)
        value_node: Optional[cst.CSTNode] = parent if awaited else call
        stmt = cast(cst.BaseStatement, self.statements[-1])
        owner = self.owners[-1]
        enclosing = tuple(
            s for s in self.statements[:-1]
            if isinstance(s, cst.BaseCompoundStatement) and self.out.owner_of_stmt.get(s) is owner
        )
        target = None
        whole = False
        if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1:
            small = stmt.body[0]
            if isinstance(small, cst.Assign) and small.value is value_node and len(small.targets) == 1:
                whole = True
                if isinstance(small.targets[0].target, cst.Name):
                    target = small.targets[0].target.value
            elif isinstance(small, cst.AnnAssign) and small.value is value_node:
                # `run: Run = ...`: the annotation names the old type (the types transform follows it).
                whole = True
                if isinstance(small.target, cst.Name):
                    target = small.target.value
            elif isinstance(small, cst.Expr) and small.value is value_node:
                whole = True
        site = api_site = Site(
            api=found, stmt=stmt, block=self.blocks[-1], owner=owner, enclosing=enclosing,
            awaited=awaited, target=target, whole=whole,
        )
        self.out.sites.append(api_site)
        self.out.site_by_call[call] = site


def binding_reads(scope_of, target: cst.Name) -> Optional[List[cst.CSTNode]]:
    """The reads of the binding made at ``target`` (a loop variable, ...), each once; None without
    scope information. A read reached through several assignments of the name is listed once."""
    scope = scope_of(target)
    if scope is None:
        return None
    reads: List[cst.CSTNode] = []
    seen: Set[int] = set()
    for assignment in scope.assignments[target.value]:
        if assignment.node is not target:
            continue
        for access in assignment.references:
            if id(access.node) not in seen:
                seen.add(id(access.node))
                reads.append(access.node)
    return reads


def collect(module: cst.Module) -> Collected:
    out = Collected(module=module)
    module.visit(_Collector(out))
    return out


def foreign_callee(collected: Collected, func: cst.BaseExpression, scope) -> Optional[str]:
    """`ask` / `helpers.ask` / `agent.chat` (agent = an imported class's instance): code from another module."""
    root = func
    while isinstance(root, cst.Attribute):
        root = root.value
    if not isinstance(root, cst.Name) or root.value in ("self", "cls"):
        return None
    bindings = list(scope[root.value]) if root.value in scope else []
    if not bindings:
        return None
    for binding in bindings:
        node = getattr(binding, "node", None)  # builtins (print, str, ...) have none
        if node is None:
            return None
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            if _from_openai(collected, node):
                return None  # the SDK itself (`openai.beta...`): the rewrite's own business
            continue
        target = collected.parent(node)  # a binding's node is the Name bound: `agent = Agent()`
        assign = collected.parent(target) if isinstance(target, cst.AssignTarget) else None
        value = assign.value if isinstance(assign, cst.Assign) else None
        made = value.func if isinstance(value, cst.Call) else None
        makers = [getattr(b, "node", None) for b in scope[made.value]] if isinstance(made, cst.Name) and made.value in scope else []
        if not makers or not all(isinstance(m, (cst.Import, cst.ImportFrom)) for m in makers):
            return None  # defined here, or made from something defined here
        if any(m is not None and _from_openai(collected, m) for m in makers):
            return None  # a client of the SDK (`client = OpenAI()`)
    return collected.module.code_for_node(func).strip()


def _from_openai(collected: Collected, node: cst.CSTNode) -> bool:
    """`import openai` / `from openai import OpenAI` / `from openai.x import y`."""
    if isinstance(node, cst.ImportFrom):
        module = collected.module.code_for_node(node.module) if node.module is not None else ""
        return not node.relative and (module == "openai" or module.startswith("openai."))
    if isinstance(node, cst.Import):
        return any(collected.module.code_for_node(a.name).split(".")[0] == "openai" for a in node.names)
    return False


class _VariableNames(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found: List[cst.Name] = []

    def visit_Name(self, node: cst.Name) -> None:
        self.found.append(node)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False  # `x.attr`: the attribute's name is not a variable

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False  # nor is a keyword argument's name


def variable_names(node: cst.CSTNode) -> List[cst.Name]:
    """The names ``node``'s code uses as variables, in source order."""
    visitor = _VariableNames()
    node.visit(visitor)
    return visitor.found
