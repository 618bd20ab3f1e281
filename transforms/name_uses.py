"""Every use of a variable, from the facts: the reads that resolve to it, in any order of execution.

The types transform asks "is every use of this imported name an annotation?" and "what is read off
this annotated value?". Both need every read of the variable wherever it runs, not the reads one
binding reaches (`Facts.reads_of`): a name rebound later is still the same variable for an
annotation. A read in the same scope before any binding of the name there is the enclosing
scope's (as Python resolves it). A string annotation (`def f(run: "Run")`, `cast("Run", x)`,
`List["Run"]`) uses the names it spells: it is listed as the use, so an import used only there is
neither moved nor dropped.
"""

from __future__ import annotations

import ast
from typing import Dict, FrozenSet, List, Mapping, Optional, Set, Tuple

import libcst as cst

from transforms.facts import Facts
from transforms.facts.walk import Binding, Scope, dotted

TYPING = ("typing", "typing_extensions")
# Bindings whose own statement reads the name before binding it (`x = x.y` reads the old `x`).
_BOUND_AFTER_READ = frozenset({"assign", "annassign", "augassign", "import"})


class NameUses:
    def __init__(self, facts: Facts, parents: Mapping[cst.CSTNode, cst.CSTNode]) -> None:
        self.facts = facts
        self.parents = parents
        self._by_name: Optional[Dict[str, List[Tuple[cst.CSTNode, Scope, int]]]] = None
        self._resolved: Dict[str, Dict[int, List[cst.CSTNode]]] = {}

    def of(self, scope: Scope, name: str) -> List[cst.CSTNode]:
        """The uses of the variable ``name`` bound in ``scope``: Name reads and string annotations, in source order."""
        if name not in self._resolved:
            found: Dict[int, List[Tuple[Tuple[int, int], cst.CSTNode]]] = {}
            for node, where, index in self._uses_by_name().get(name, ()):
                order = self._order(node)
                home = self._resolve(name, where, order)
                if home is not None:
                    found.setdefault(id(home), []).append(((order, index), node))
            self._resolved[name] = {key: [node for _, node in sorted(uses, key=lambda u: u[0])] for key, uses in found.items()}
        return self._resolved[name].get(id(scope), [])

    def _order(self, node: Optional[cst.CSTNode]) -> int:
        """The place of the statement holding ``node`` in source order."""
        while node is not None and not isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            node = self.parents.get(node)
        return self.facts.order(node) if node is not None else -1

    def _resolve(self, name: str, where: Scope, order: int) -> Optional[Scope]:
        found = self.facts.lookup(where, name)
        if not found:
            return None
        home = found[0].scope
        if home is where and not any(self._before(binding, order) for binding in found):
            # read before the scope binds it: the name of the scope around
            outer = where.parent
            found = self.facts.lookup(outer, name) if outer is not None else []
            return found[0].scope if found else None
        return home

    def _before(self, binding: Binding, order: int) -> bool:
        at = self.facts.order(binding.statement) if binding.statement is not None else -1
        return at < order or (at == order and binding.how not in _BOUND_AFTER_READ)

    def _uses_by_name(self) -> Dict[str, List[Tuple[cst.CSTNode, Scope, int]]]:
        if self._by_name is None:
            by_name: Dict[str, List[Tuple[cst.CSTNode, Scope, int]]] = {}
            for index, (read, scope) in enumerate(self.facts.w.reads):
                by_name.setdefault(read.value, []).append((read, scope, index))
            index = len(self.facts.w.reads)
            for string, scope, names in _StringAnnotations(self.facts, self.parents).found():
                for name in names:
                    by_name.setdefault(name, []).append((string, scope, index))
                index += 1
            self._by_name = by_name
        return self._by_name


class _StringAnnotations:
    """Strings read as types: in annotations, in `cast`'s first argument, in `TypeVar` / `NewType`
    arguments after the name, and in subscripts of `typing` names (`List["Run"]`); never inside
    `Literal[...]`."""

    def __init__(self, facts: Facts, parents: Mapping[cst.CSTNode, cst.CSTNode]) -> None:
        self.facts = facts
        self.parents = parents
        self.typing = self._typing_names()
        self.out: List[Tuple[cst.CSTNode, Scope, FrozenSet[str]]] = []
        self.seen: Set[int] = set()

    def found(self) -> List[Tuple[cst.CSTNode, Scope, FrozenSet[str]]]:
        facts = self.facts
        for binding in facts.w.bindings_at.values():
            if binding.how == "param" and binding.annotation is not None and binding.scope.parent is not None:
                self._scan(binding.annotation, binding.scope.parent, True, False)
        for function in facts.w.returns:
            if isinstance(function, cst.FunctionDef) and function.returns is not None:
                self._scan(function.returns.annotation, facts.scope_at(function), True, False)
        for statement in facts.w.statements:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.AnnAssign):
                        self._scan(small.annotation.annotation, facts.scope_at(small), True, False)
        if self.typing:
            for call, scope in facts.w.calls:
                qualified = self._qualified(call.func, scope)
                if qualified == "typing.cast" and call.args:
                    self._scan(call.args[0].value, scope, False, True)
                elif qualified in ("typing.TypeVar", "typing.NewType"):
                    for arg in call.args[1:]:
                        self._scan(arg.value, scope, False, True)
            for read, scope in facts.w.reads:
                subscript = self.parents.get(read)
                if isinstance(subscript, cst.Subscript) and subscript.value is read and self._typing_subscript(subscript, scope):
                    self._scan(subscript, scope, False, True)
        return self.out

    def _scan(self, node: cst.CSTNode, scope: Scope, annotation: bool, hint: bool) -> None:
        """The strings under ``node`` read as types: everywhere in an annotation; in a type hint
        until a call or another subscript starts."""
        stack = [(node, hint)]
        while stack:
            current, hint = stack.pop()
            if isinstance(current, (cst.SimpleString, cst.ConcatenatedString)):
                if (annotation or hint) and id(current) not in self.seen:
                    self.seen.add(id(current))
                    names = _names_in(current.evaluated_value)
                    if names:
                        self.out.append((current, scope, names))
                continue
            if isinstance(current, cst.Subscript):
                if self._literal(current, scope):
                    continue
                hint = self._typing_subscript(current, scope)
            elif isinstance(current, cst.Call):
                hint = False
            for child in reversed(current.children):
                stack.append((child, hint))

    def _typing_names(self) -> Set[str]:
        """Names bound by imports from typing (or the module itself): without one, nothing is a type hint
        outside annotations."""
        found = set()
        for binding in self.facts.w.bindings_at.values():
            if binding.how == "import" and _qualified_import(self.facts, binding).startswith(TYPING):
                found.add(binding.name)
        return found

    def _qualified(self, node: cst.BaseExpression, scope: Scope) -> str:
        """`typing.cast` for `cast` (from typing import cast) or `t.cast` (import typing as t); else ""."""
        base, attrs = node, []
        while isinstance(base, cst.Attribute):
            attrs.append(base.attr.value)
            base = base.value
        if not isinstance(base, cst.Name) or base.value not in self.typing:
            return ""
        for binding in self.facts.lookup(scope, base.value):
            if binding.how == "import":
                qualified = _qualified_import(self.facts, binding)
                if qualified.startswith(TYPING):
                    return ".".join([qualified, *reversed(attrs)])
        return ""

    def _typing_subscript(self, subscript: cst.Subscript, scope: Scope) -> bool:
        value = subscript.value
        return isinstance(value, cst.Name) and self._qualified(value, scope).startswith(("typing.", "typing_extensions."))

    def _literal(self, subscript: cst.Subscript, scope: Scope) -> bool:
        value = subscript.value
        return isinstance(value, cst.Name) and self._qualified(value, scope) in ("typing.Literal", "typing_extensions.Literal")


def _qualified_import(facts: Facts, binding: Binding) -> str:
    """`typing.cast` for the binding of `from typing import cast`, `typing` for `import typing as t`."""
    alias = binding.node
    if not isinstance(alias, cst.ImportAlias):
        return ""
    statement = facts.parents.get(alias)
    if isinstance(statement, cst.ImportFrom):
        if statement.relative or statement.module is None:
            return ""
        return f"{dotted(statement.module)}.{dotted(alias.name)}"
    return dotted(alias.name) if alias.asname is not None else dotted(alias.name).split(".")[0]


def _names_in(text: object) -> FrozenSet[str]:
    """The names a string annotation's code reads (nested strings too); none if it does not parse."""
    if not isinstance(text, str) or not text:
        return frozenset()
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return frozenset()
    found: Set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found |= _names_in(node.value)
    return frozenset(found)
