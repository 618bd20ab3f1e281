"""Which value holds which SDK object: `Facts.typed(expr)`, followed from the calls that make them.

A value is followed through names (every binding of the name in reach), `self.` attributes (every
assignment in the class), attributes and subscripts (the field table of `kinds`), `for` loops and
comprehensions, `with ... as`, `await`, parameters (annotated with an old type, or given the same
kind by every call in the module) and returns of the module's own functions. What the facts cannot
follow has no kind; a name bound to two different kinds has none either.

Each answer also says where the value came from (`origins`): the API calls that made it, and
EXTERNAL when part of it comes from outside what the module shows (a parameter no call of the
module gives, a name the code does not bind to an SDK object). Rules use the origins to decide
whether a value's producer was rewritten, and to say so when an ID comes from storage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Dict, FrozenSet, Iterable, List, Optional, Set, Tuple

import libcst as cst

from transforms import api
from transforms.facts import kinds
from transforms.facts.kinds import Kind
from transforms.facts.walk import ApiSite, Binding, Scope, SelfAttr, Walked, dotted, walk

if TYPE_CHECKING:
    from transforms.facts.clients import Clients

EXTERNAL = "external"


# Bindings that replace a name's value whenever their statement runs (a `for` or `with` target, an
# augmented assignment or a walrus does not, or not always).
_KILLS = frozenset({"assign", "annassign", "import", "def", "class", "with"})


@dataclass(frozen=True)
class Typed:
    kind: Kind
    origins: FrozenSet[object] = frozenset()
    # A tuple's items, each with its own origins (`thread, run = make()`).
    parts: Tuple[object, ...] = ()

    @property
    def sites(self) -> List[ApiSite]:
        """The API calls the value may come from, in source order."""
        return sorted((o for o in self.origins if isinstance(o, ApiSite)), key=lambda s: s.index)

    @property
    def external(self) -> bool:
        return EXTERNAL in self.origins


_NEUTRAL = object()  # a binding that says nothing about the kind (`x = None`, a cycle being computed)
_UNKNOWN = object()  # a value the module does not show (a call to another module, a parameter no call gives)
_OTHER = object()  # a value that is something else: a literal, a list display, a comprehension


# Names whose instances stand in for a client in tests and scripts: a call through one is not the API.
_STAND_INS = frozenset({"SimpleNamespace", "Mock", "MagicMock", "AsyncMock", "NonCallableMock"})
_LITERALS = (cst.Dict, cst.List, cst.Tuple, cst.Set, cst.SimpleString, cst.ConcatenatedString, cst.Integer,
             cst.Float, cst.FormattedString)
# `openai.types.beta.threads.Run`, `openai.resources.beta.threads.Threads`: module paths, not a client.
_MODULE_PATHS = frozenset({"types", "resources", "lib"})


@dataclass(frozen=True)
class ApiReference:
    """An Assistants API method or resource named but not called: `create = client.beta.threads.create`,
    `functools.partial(client.beta.threads.messages.create, ...)`, `threads = client.beta.threads`."""

    node: cst.Attribute
    path: Tuple[str, ...]  # after `.beta`, wrappers dropped: ("threads", "runs", "create")
    receiver: cst.BaseExpression


class Facts:
    def __init__(self, walked: Walked) -> None:
        self.w = walked
        self.module = walked.module
        self.parents = walked.parents
        self._typed: Dict[int, object] = {}
        self._busy: Set[int] = set()
        self._callers: Optional[Dict[cst.CSTNode, List[Tuple[cst.Call, Scope]]]] = None
        self._read_names: Optional[Set[int]] = None
        self._functions: Optional[Dict[cst.Call, cst.FunctionDef]] = None
        self._reads_of: Optional[Dict[int, List[cst.Name]]] = None
        self._self_reads_of: Optional[Dict[Tuple[cst.ClassDef, str], List[SelfAttr]]] = None
        self._imports: Optional[Dict[cst.CSTNode, str]] = None
        self._references: Optional[List[ApiReference]] = None
        # A call through a receiver that is provably not a client (a local class's instance, a
        # literal, a SimpleNamespace) only looks like the API.
        looks_alike = [s for s in walked.sites if self.stands_in(s.api.receiver)]
        # (kept: the types transform judges look-alikes by its own, older rule)
        self.look_alikes: List[ApiSite] = looks_alike
        if looks_alike:
            gone = set(looks_alike)
            walked.sites[:] = [s for s in walked.sites if s not in gone]
            for site in gone:
                walked.site_of_call.pop(site.call, None)
        self._clients: Optional["Clients"] = None

    # -- structure -----------------------------------------------------------------------
    @property
    def sites(self) -> List[ApiSite]:
        return self.w.sites

    def stands_in(self, receiver: cst.BaseExpression) -> bool:
        """True when ``receiver`` is provably not an OpenAI client. Only a plain name whose every
        binding in reach is a class of this module, an instance of one, a stand-in or a literal
        counts; parameters, attributes (`self.client`), imports and the unknown are clients,
        because the `.beta.threads` chain says so."""
        if not isinstance(receiver, cst.Name):
            return False
        found = self.bindings(receiver)
        if not found:
            return False
        for binding in found:
            if binding.how == "class":
                continue
            value = binding.value
            if binding.how not in ("assign", "annassign") or value is None:
                return False
            if isinstance(value, _LITERALS):
                continue
            if isinstance(value, cst.Call):
                callee = value.func.attr.value if isinstance(value.func, cst.Attribute) else \
                    value.func.value if isinstance(value.func, cst.Name) else None
                if callee in _STAND_INS or (callee is not None and self._module_class(callee)):
                    continue
            return False
        return True

    def _module_class(self, name: str) -> bool:
        found = self.w.module_scope.bindings.get(name, ())
        return bool(found) and all(b.how == "class" for b in found)

    def references(self) -> List[ApiReference]:
        """API methods and resources the module names without calling them, in source order."""
        if self._references is None:
            found: List[ApiReference] = []
            for node in self.w.attributes:
                parent = self.parents.get(node)
                if isinstance(parent, cst.Attribute) and parent.value is node:
                    continue  # a link inside a longer chain: the chain's end is what is named
                if isinstance(parent, cst.Call) and parent.func is node:
                    continue  # called: an API site
                reference = _reference(node)
                if reference is not None and not self.stands_in(reference.receiver):
                    found.append(reference)
            self._references = found
        return self._references
    @property
    def clients(self) -> "Clients":
        """Which client each API call goes through (OpenAI's or an Azure resource's)."""
        if self._clients is None:
            from transforms.facts.clients import Clients

            self._clients = Clients(self)
        return self._clients

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

    def order(self, statement: cst.CSTNode) -> int:
        return self.w.order.get(statement, -1)

    def scope_at(self, node: cst.CSTNode) -> Scope:
        """The scope an expression is evaluated in."""
        if isinstance(node, cst.Name) and node in self.w.read_scope:
            return self.w.read_scope[node]
        child: Optional[cst.CSTNode] = node
        parent = self.parents.get(node)
        while parent is not None:
            scope = self.w.scope_of_node.get(parent)
            if scope is not None and self._evaluated_inside(parent, child):
                return scope
            child, parent = parent, self.parents.get(parent)
        return self.w.module_scope

    @staticmethod
    def _evaluated_inside(owner: cst.CSTNode, child: Optional[cst.CSTNode]) -> bool:
        if isinstance(owner, cst.Module):
            return True
        if isinstance(owner, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            return child is owner.body
        if isinstance(owner, (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)):
            return child is not owner.for_in or True
        return True

    def function_of(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        """The function (or lambda) whose body holds ``node``; None at module or class level."""
        scope = self.scope_at(node).function
        return scope.node if scope is not None else None

    # -- names ---------------------------------------------------------------------------
    def bindings(self, name: cst.Name) -> List[Binding]:
        """Every binding a read of ``name`` may see (empty for builtins and unknown names)."""
        scope = self.w.read_scope.get(name) or self.scope_at(name)
        return self._reaching(name, scope, self.lookup(scope, name.value))

    def all_bindings(self, name: cst.Name) -> List[Binding]:
        """Every binding of the variable ``name`` names, wherever it is read (which variable, not
        which value: two reads of one variable have the same answer here)."""
        return self.lookup(self.w.read_scope.get(name) or self.scope_at(name), name.value)

    def _reaching(self, read: cst.Name, scope: Scope, found: List[Binding]) -> List[Binding]:
        """Of ``found``, the bindings that reach ``read`` in the straight-line code of their own module
        or function. Notebooks and scripts rebind `thread`, `run`, `messages` cell after cell: a read
        sees the last plain assignment made at the top level of that scope before the read's
        statement, and what is bound between the two, never an earlier or a later binding. Reads
        from a nested function (called at any time) and bindings made elsewhere (`global`) see all."""
        if len(found) < 2 or not self._is_read(read):
            return found  # a binding's own name asks for every value the name may hold
        home = found[0].scope
        if home.kind not in ("module", "function"):
            return found
        current: Optional[Scope] = scope
        while current is not home:
            if current is None or current.kind != "comprehension":
                return found  # a nested function, lambda or class reads whenever it runs
            current = current.parent
        container = home.node if isinstance(home.node, cst.Module) else getattr(home.node, "body", None)
        read_top = self._top(read, container)
        if read_top is None:
            return found
        at = self.order(read_top)
        placed = []  # (binding, its top-level statement: None for a parameter or a binding made elsewhere)
        kill = -1
        for binding in found:
            local = self._local(binding, home)
            top = self._top(binding.node, container) if local else None
            placed.append((binding, top, local))
            if (top is not None and top is binding.statement and binding.how in _KILLS
                    and (binding.how != "annassign" or binding.value is not None)):
                order = self.order(top)
                if kill < order < at:
                    kill = order
                elif order == at and binding.how == "with" and self.inside(read, top.body):  # type: ignore[attr-defined]
                    kill = order  # `with ... as name:` binds before its body runs
        kept = []
        for binding, top, local in placed:
            if top is None:
                # A parameter holds until a top-level assignment replaces it; other bindings made
                # elsewhere (`global` in a nested function) may happen at any time.
                if not (local and binding.how == "param" and kill >= 0):
                    kept.append(binding)
            elif kill <= self.order(top) <= at:
                kept.append(binding)
        return kept or found

    def _is_read(self, name: cst.Name) -> bool:
        if self._read_names is None:
            self._read_names = {id(read) for read, _ in self.w.reads}
        return id(name) in self._read_names

    def _top(self, node: Optional[cst.CSTNode], container: Optional[cst.CSTNode]) -> Optional[cst.CSTNode]:
        """The statement directly in ``container`` (a module, a function's body) that holds ``node``."""
        while node is not None:
            parent = self.parents.get(node)
            if parent is container:
                return node
            node = parent
        return None

    def _local(self, binding: Binding, home: Scope) -> bool:
        """Whether ``binding`` is made by the code of ``home`` itself (a comprehension in it included),
        not by a nested function declaring the name `global` or `nonlocal`."""
        if binding.how == "param":
            return binding.scope is home
        scope: Optional[Scope] = self.scope_at(binding.node)
        while scope is not None and scope is not home and scope.kind == "comprehension":
            scope = scope.parent
        return scope is home

    def lookup(self, scope: Scope, name: str) -> List[Binding]:
        if name in scope.globals:
            scope = self.w.module_scope
        current: Optional[Scope] = scope
        first = True
        while current is not None:
            if current.kind == "class" and not first:
                current = current.parent
                continue
            found = current.bindings.get(name)
            if found:
                return found
            first = False
            current = current.parent
        return []

    def reads_of(self, binding: Binding) -> List[cst.Name]:
        """The reads that may see ``binding`` (every read of its name that resolves to its scope)."""
        if self._reads_of is None:
            index: Dict[int, List[cst.Name]] = {}
            for name, scope in self.w.reads:
                for b in self._reaching(name, scope, self.lookup(scope, name.value)):
                    index.setdefault(id(b), []).append(name)
            self._reads_of = index
        return self._reads_of.get(id(binding), [])

    def self_reads(self, cls: cst.ClassDef, attr: str) -> List[SelfAttr]:
        if self._self_reads_of is None:
            index: Dict[Tuple[cst.ClassDef, str], List[SelfAttr]] = {}
            for read in self.w.self_reads:
                if not self._is_store(read.node):
                    index.setdefault((read.cls, read.attr), []).append(read)
            self._self_reads_of = index
        return self._self_reads_of.get((cls, attr), [])

    def self_sets(self, cls: cst.ClassDef, attr: str) -> List[SelfAttr]:
        return self.w.self_sets.get((cls, attr), [])

    def _is_store(self, node: cst.CSTNode) -> bool:
        parent = self.parents.get(node)
        return isinstance(parent, cst.AssignTarget) or (isinstance(parent, (cst.AnnAssign, cst.AugAssign)) and parent.target is node)

    def self_attr(self, node: cst.CSTNode) -> Optional[Tuple[cst.ClassDef, str]]:
        """(class, attr) for `self.attr` read or written in a method of a class."""
        if not isinstance(node, cst.Attribute) or not isinstance(node.value, cst.Name):
            return None
        func = self.function_of(node)
        while func is not None:
            cls = self.w.class_of_function.get(func)  # type: ignore[arg-type]
            me = self.w.self_name.get(func)  # type: ignore[arg-type]
            if cls is not None and me is not None:
                return (cls, node.attr.value) if node.value.value == me else None
            func = self.function_of(func)
        return None

    def imported_from(self, binding: Binding) -> Optional[str]:
        """`openai.types.beta.threads` for `from openai.types.beta.threads import Run`."""
        if binding.how != "import":
            return None
        statement = binding.statement
        small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and statement.body else None
        if isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
            return dotted(small.module)
        if isinstance(small, cst.Import):
            return dotted(binding.node.name) if isinstance(binding.node, cst.ImportAlias) else None
        return None

    # -- same-module functions -------------------------------------------------------------
    def function_called(self, call: cst.Call) -> Optional[cst.FunctionDef]:
        """The module's own function (or method of the same class, via `self.`) ``call`` calls."""
        if self._functions is None:
            self._index_calls()
        assert self._functions is not None
        return self._functions.get(call)

    def callers(self, func: cst.CSTNode) -> List[Tuple[cst.Call, Scope]]:
        if self._callers is None:
            self._index_calls()
        assert self._callers is not None
        return self._callers.get(func, [])

    def _index_calls(self) -> None:
        functions: Dict[cst.Call, cst.FunctionDef] = {}
        callers: Dict[cst.CSTNode, List[Tuple[cst.Call, Scope]]] = {}
        for call, scope in self.w.calls:
            target = self._target_function(call, scope)
            if target is not None:
                functions[call] = target
                callers.setdefault(target, []).append((call, scope))
        self._functions, self._callers = functions, callers

    def _target_function(self, call: cst.Call, scope: Scope) -> Optional[cst.FunctionDef]:
        func = call.func
        if isinstance(func, cst.Name):
            found = self.lookup(scope, func.value)
            if len(found) == 1 and found[0].how == "def" and isinstance(found[0].node, cst.FunctionDef):
                return found[0].node
            # `Entry(message)`: the module's own class, whose __init__ takes the value on
            if len(found) == 1 and found[0].how == "class" and isinstance(found[0].node, cst.ClassDef):
                return self.method(found[0].node, "__init__")
            return None
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
            owner = self.self_attr(func)
            if owner is not None:
                return self.method(owner[0], func.attr.value)
            found = self.lookup(scope, func.value.value)
            if len(found) == 1 and found[0].how == "class" and isinstance(found[0].node, cst.ClassDef):
                return self.method(found[0].node, func.attr.value)
        return None

    def method(self, cls: cst.ClassDef, name: str) -> Optional[cst.FunctionDef]:
        body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
        found = [s for s in body if isinstance(s, cst.FunctionDef) and s.name.value == name]
        return found[-1] if len(found) >= 1 else None

    def argument_for(self, call: cst.Call, func: cst.FunctionDef, param: cst.Param) -> Optional[cst.BaseExpression]:
        """The expression ``call`` passes for ``param`` (its default when it passes none); None when unclear."""
        positional = [*func.params.posonly_params, *func.params.params]
        bound_self = func in self.w.self_name and (isinstance(call.func, cst.Attribute) or func.name.value == "__init__")
        if bound_self:
            positional = positional[1:]
        if any(arg.star for arg in call.args):
            return None
        index = next((i for i, p in enumerate(positional) if p is param), None)
        position = 0
        for arg in call.args:
            if arg.keyword is None:
                if index is not None and position == index:
                    return arg.value
                position += 1
            elif arg.keyword.value == param.name.value:
                return arg.value
        return param.default

    # -- kinds ---------------------------------------------------------------------------
    def typed(self, node: Optional[cst.CSTNode]) -> Optional[Typed]:
        result = self._of(node)
        return result if isinstance(result, Typed) else None

    def kind(self, node: Optional[cst.CSTNode]) -> Optional[Kind]:
        t = self.typed(node)
        return t.kind if t is not None else None

    def _of(self, node: Optional[cst.CSTNode]) -> object:
        if node is None:
            return _UNKNOWN
        return self._memo(node, self._compute)

    def _memo(self, subject: Any, compute: Callable[[Any], object]) -> object:
        """``compute(subject)``, once per node or binding; a cycle (a name bound from itself) is neutral."""
        key = id(subject)
        cached = self._typed.get(key)
        if cached is not None:
            return cached
        if key in self._busy:
            return _NEUTRAL
        self._busy.add(key)
        try:
            result = compute(subject)
        finally:
            self._busy.discard(key)
        self._typed[key] = result
        return result

    def _compute(self, node: cst.CSTNode) -> object:
        if isinstance(node, cst.Await):
            return self._of(node.expression)
        if isinstance(node, cst.Call):
            return self._call(node)
        if isinstance(node, cst.Name):
            if node.value == "None":
                return _NEUTRAL
            return self._name(node)
        if isinstance(node, cst.Attribute):
            owner = self.self_attr(node)
            if owner is not None:
                return self._self_value(*owner)
            base = self._of(node.value)
            if isinstance(base, Typed):
                inner = kinds.field(base.kind, node.attr.value)
                if inner is not None:
                    return Typed(inner, base.origins)
            return _UNKNOWN
        if isinstance(node, cst.Subscript):
            base = self._of(node.value)
            if isinstance(base, Typed) and len(node.slice) == 1:
                part = node.slice[0].slice
                if isinstance(part, cst.Slice):
                    return base if base.kind.name == "List" else _UNKNOWN
                if base.kind.name == "List" and base.kind.of is not None:
                    return Typed(base.kind.of, base.origins)
                if base.kind.items and isinstance(part, cst.Index) and isinstance(part.value, cst.Integer):
                    return _unpack(base, (int(part.value.value),))
            return _UNKNOWN
        if isinstance(node, cst.IfExp):
            return _combine([self._of(node.body), self._of(node.orelse)])
        if isinstance(node, cst.BooleanOperation):
            return _combine([self._of(node.left), self._of(node.right)])
        if isinstance(node, cst.Tuple):
            items = [self._of(e.value) for e in node.elements]
            if any(isinstance(i, Typed) for i in items) and not any(isinstance(e, cst.StarredElement) for e in node.elements):
                origins: FrozenSet[object] = frozenset().union(*(i.origins for i in items if isinstance(i, Typed)))
                return Typed(Kind("Tuple", None, tuple(i.kind if isinstance(i, Typed) else None for i in items)), origins, tuple(items))
            return _OTHER
        if isinstance(node, _LITERALS):
            return _OTHER
        return _UNKNOWN

    def _call(self, node: cst.Call) -> object:
        site = self.w.site_of_call.get(node)
        if site is not None:
            stream = any(a.keyword is not None and a.keyword.value == "stream" and _truthy(a.value) for a in node.args)
            kind = kinds.returned_by(site.api.path, stream)
            return Typed(kind, frozenset([site])) if kind is not None else _UNKNOWN
        func = self.function_called(node)
        if func is not None:
            return self.returned(func)
        # reversed(x), list(x), sorted(x): the same elements
        if isinstance(node.func, cst.Name) and node.func.value in ("reversed", "list", "sorted", "tuple") and node.args:
            inner = self._of(node.args[0].value)
            if isinstance(inner, Typed) and inner.kind.name in ("List", "Page") and inner.kind.of is not None:
                return Typed(kinds.list_of(inner.kind.of), inner.origins)
        # filter(f, x): some of the same elements; min(x) / max(x): one of them
        if isinstance(node.func, cst.Name) and node.func.value in ("filter", "min", "max") and node.args:
            positional = [a for a in node.args if a.keyword is None and not a.star]
            source = positional[1] if node.func.value == "filter" and len(positional) == 2 else \
                positional[0] if node.func.value != "filter" and len(positional) == 1 else None
            inner = self._of(source.value) if source is not None else _UNKNOWN
            if isinstance(inner, Typed) and inner.kind.name in ("List", "Page") and inner.kind.of is not None:
                kind = kinds.list_of(inner.kind.of) if node.func.value == "filter" else inner.kind.of
                return Typed(kind, inner.origins)
        return _UNKNOWN

    def returned(self, func: cst.CSTNode) -> object:
        values = []
        for ret in self.w.returns.get(func, []):
            if isinstance(ret, cst.Return):
                values.append(self._of(ret.value) if ret.value is not None else _NEUTRAL)
            else:
                return _UNKNOWN  # generators
        if not values:
            return _UNKNOWN
        return _combine(values)

    def _name(self, node: cst.Name) -> object:
        found = self.bindings(node)
        if not found:
            return _UNKNOWN
        return _combine([self._binding(b) for b in found])

    def binding_kind(self, binding: Binding) -> Optional[Typed]:
        result = self._binding(binding)
        return result if isinstance(result, Typed) else None

    def _binding(self, b: Binding) -> object:
        return self._memo(b, self._compute_binding)

    def _compute_binding(self, b: Binding) -> object:
        if b.how in ("assign", "annassign", "walrus"):
            if b.how == "annassign":
                noted = self._annotation(b.annotation)
                if noted is not None:
                    return noted
            if b.value is None:
                return _NEUTRAL
            return _unpack(self._of(b.value), b.path)
        if b.how in ("for", "comp"):
            zipped = self._zipped(b.value)
            if zipped is not None:
                return _unpack(zipped, b.path)
            iterable = self._of(b.value)
            if isinstance(iterable, Typed) and iterable.kind.element is not None:
                return _unpack(Typed(iterable.kind.element, iterable.origins), b.path)
            return _UNKNOWN if iterable is not _NEUTRAL else _NEUTRAL
        if b.how == "with":
            return self._of(b.value)
        if b.how == "param":
            return self._param(b)
        if b.how == "augassign":
            return _NEUTRAL
        return _UNKNOWN

    def _zipped(self, value: Optional[cst.BaseExpression]) -> Optional[Typed]:
        """`zip(a, b)` / `enumerate(a)` iterated: tuples of their elements."""
        if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value in ("zip", "enumerate")):
            return None
        if any(a.star or a.keyword is not None for a in value.args):
            return None
        elements: List[Optional[Kind]] = []
        origins: Set[object] = set()
        if value.func.value == "enumerate":
            elements.append(None)
        for a in value.args[:1] if value.func.value == "enumerate" else value.args:
            typed = self._of(a.value)
            if isinstance(typed, Typed) and typed.kind.element is not None:
                elements.append(typed.kind.element)
                origins.update(typed.origins)
            else:
                elements.append(None)
        if not origins:
            return None
        parts: List[object] = [_UNKNOWN] if value.func.value == "enumerate" else []
        for a in value.args[:1] if value.func.value == "enumerate" else value.args:
            typed = self._of(a.value)
            parts.append(Typed(typed.kind.element, typed.origins) if isinstance(typed, Typed) and typed.kind.element is not None else _UNKNOWN)
        return Typed(Kind("Tuple", None, tuple(elements)), frozenset(origins), tuple(parts))

    def _param(self, b: Binding) -> object:
        noted = self._annotation(b.annotation)
        if noted is not None:
            return noted
        func = b.scope.node
        if isinstance(func, cst.Lambda):
            return self._lambda_param(func, b)
        if not isinstance(func, cst.FunctionDef):
            return _UNKNOWN
        param = self.parents.get(b.node)
        if not isinstance(param, cst.Param):
            return _UNKNOWN
        if self.w.self_name.get(func) == b.name:
            return _UNKNOWN
        found = []
        for call, _ in self.callers(func):
            value = self.argument_for(call, func, param)
            found.append(self._of(value) if value is not None else _UNKNOWN)
        if not found:
            return _UNKNOWN
        return _combine(found)

    def _lambda_param(self, func: cst.Lambda, b: Binding) -> object:
        """`sorted(page.data, key=lambda m: m.created_at)`, `filter(lambda m: ..., page)`: the lambda's
        one parameter is an element of what the builtin iterates."""
        arg = self.parents.get(func)
        call = self.parents.get(arg) if arg is not None else None
        params = func.params.params
        if not (isinstance(arg, cst.Arg) and isinstance(call, cst.Call) and isinstance(call.func, cst.Name)
                and len(params) == 1 and params[0].name is b.node):
            return _UNKNOWN
        positional = [a for a in call.args if a.keyword is None and not a.star]
        name = call.func.value
        if name in ("sorted", "min", "max") and arg.keyword is not None and arg.keyword.value == "key" and positional:
            source = positional[0].value
        elif name in ("filter", "map") and len(positional) == 2 and positional[0] is arg:
            source = positional[1].value
        else:
            return _UNKNOWN
        typed = self._of(source)
        if isinstance(typed, Typed) and typed.kind.element is not None:
            return Typed(typed.kind.element, typed.origins)
        return _UNKNOWN

    def _self_value(self, cls: cst.ClassDef, attr: str) -> object:
        sets = self.self_sets(cls, attr)
        if not sets:
            return _UNKNOWN
        values = []
        for s in sets:
            if s.value is None:
                values.append(_UNKNOWN)
            else:
                values.append(_unpack(self._of(s.value), s.path))
        return _combine(values)

    def _annotation(self, annotation: Optional[cst.BaseExpression]) -> Optional[Typed]:
        if annotation is None:
            return None
        inner = annotation
        if isinstance(inner, cst.Subscript) and isinstance(inner.value, cst.Name) and inner.value.value == "Optional":
            inner = inner.slice[0].slice.value if isinstance(inner.slice[0].slice, cst.Index) else inner
        if isinstance(inner, cst.BinaryOperation) and isinstance(inner.right, cst.Name) and inner.right.value == "None":
            inner = inner.left
        name = inner.attr.value if isinstance(inner, cst.Attribute) else inner.value if isinstance(inner, cst.Name) else None
        kind = kinds.ANNOTATIONS.get(name or "")
        if kind is None:
            return None
        if isinstance(inner, cst.Name):
            found = self.lookup(self.scope_at(annotation), inner.value)
            if not found or not all((self.imported_from(b) or "").startswith("openai.types.beta") for b in found):
                return None
        elif "beta" not in dotted(inner):
            return None
        return Typed(kind, frozenset([EXTERNAL]))


_LITERALS = (
    cst.SimpleString, cst.ConcatenatedString, cst.FormattedString, cst.Integer, cst.Float, cst.Imaginary, cst.List,
    cst.Dict, cst.Set, cst.ListComp, cst.DictComp, cst.SetComp, cst.Lambda, cst.Comparison, cst.UnaryOperation,
)


def _truthy(value: cst.BaseExpression) -> bool:
    return isinstance(value, cst.Name) and value.value == "True"


def _unpack(value: object, path: Tuple[int, ...]) -> object:
    for index in path:
        if not isinstance(value, Typed):
            return value
        if value.parts and -len(value.parts) <= index < len(value.parts):
            value = value.parts[index]
            continue
        if value.kind.items and 0 <= index < len(value.kind.items):
            inner = value.kind.items[index]
            value = Typed(inner, value.origins) if inner is not None else _UNKNOWN
        else:
            return _UNKNOWN
    return value


def _combine(values: Iterable[object]) -> object:
    """One answer for several possible values: their kind if they agree. `None` says nothing; a
    value the module does not show is taken to be of the same kind, from outside (EXTERNAL); a
    literal of another kind, or a second kind, leaves the answer unknown."""
    values = list(values)
    kind: Optional[Kind] = None
    origins: Set[object] = set()
    unknown = False
    tuples: List[Typed] = []
    for value in values:
        if value is _NEUTRAL:
            continue
        if isinstance(value, Typed):
            if kind is not None and value.kind != kind:
                return _OTHER
            kind = value.kind
            origins.update(value.origins)
            if value.parts:
                tuples.append(value)
        elif value is _OTHER:
            return _UNKNOWN
        else:
            unknown = True
    if kind is None:
        return _UNKNOWN if unknown else _NEUTRAL
    if unknown:
        origins.add(EXTERNAL)
    parts: Tuple[object, ...] = ()
    if tuples and len(tuples) == len([v for v in values if isinstance(v, Typed)]) and len({len(t.parts) for t in tuples}) == 1:
        parts = tuple(_combine([t.parts[i] for t in tuples] + ([_UNKNOWN] if unknown else [])) for i in range(len(tuples[0].parts)))
    return Typed(kind, frozenset(origins), parts)


def facts_of(module: cst.Module) -> Facts:
    return Facts(walk(module))


def _reference(node: cst.Attribute) -> Optional[ApiReference]:
    names: List[str] = []
    current: cst.BaseExpression = node
    while isinstance(current, cst.Attribute):
        names.append(current.attr.value)
        current = current.value
        if names[-1] == "beta" and len(names) > 1:
            before = current.attr.value if isinstance(current, cst.Attribute) else None
            if before in _MODULE_PATHS:
                return None
            path = tuple(n for n in reversed(names[:-1]) if n not in api.WRAPPERS)
            if not path or path[0] not in api.RESOURCES:
                return None
            return ApiReference(node, path, current)
    return None
