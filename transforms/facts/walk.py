"""The one walk over a module: scopes, bindings, reads, API calls, same-module calls, parents.

Everything the rules ask about a module is recorded here in a single pass over the libcst tree,
without libcst's visitor machinery (which rebuilds every node it passes) or its scope provider
(several parses' worth of time on its own): the walk reads each node's fields directly.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple, Union

import libcst as cst

from transforms import api

# Fields holding only layout (whitespace, brackets, commas, operators): never walked.
_LAYOUT = frozenset({
    "leading_lines", "lines_after_decorators", "lpar", "rpar", "comma", "semicolon", "header", "footer",
    "newline", "lbracket", "rbracket", "lbrace", "rbrace", "dot", "colon", "equal", "operator", "asynchronous",
    "trailing_whitespace", "first_line", "empty_lines", "last_line", "star_tok", "relative", "asname",
})
_FIELDS: Dict[type, Tuple[str, ...]] = {}

StatementNode = Union[cst.SimpleStatementLine, cst.BaseCompoundStatement]
ScopeNode = Union[cst.Module, cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp]
_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


def _fields(node: cst.CSTNode) -> Tuple[str, ...]:
    cls = type(node)
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(
            f.name for f in dataclasses.fields(cls) if f.name not in _LAYOUT and not f.name.startswith("whitespace")
        )
    return names


@dataclass(eq=False)
class Binding:
    """One place a name gets a value: `name = value`, a loop target, a parameter, an import, ..."""

    name: str
    node: cst.CSTNode = field(repr=False)  # the Name bound (or the def/class/import node)
    scope: "Scope" = field(repr=False)
    how: str  # assign | annassign | augassign | for | with | comp | param | import | def | class | walrus | except | del | other
    value: Optional[cst.BaseExpression] = field(default=None, repr=False)  # assigned value; for `for`/comp: the iterable; for `with`: the context
    path: Tuple[int, ...] = ()  # where in an unpacking: `a, (b, c) = x` gives b the path (1, 0)
    statement: Optional[cst.CSTNode] = field(default=None, repr=False)
    annotation: Optional[cst.BaseExpression] = field(default=None, repr=False)
    order: int = 0


@dataclass(eq=False)
class Scope:
    node: cst.CSTNode = field(repr=False)
    kind: str  # module | function | class | comprehension | lambda
    parent: Optional["Scope"] = field(repr=False)
    bindings: Dict[str, List[Binding]] = field(default_factory=dict, repr=False)
    globals: set = field(default_factory=set)
    nonlocals: set = field(default_factory=set)

    def bind(self, binding: Binding) -> None:
        self.bindings.setdefault(binding.name, []).append(binding)

    @property
    def function(self) -> Optional["Scope"]:
        """The nearest enclosing function scope (itself if it is one)."""
        scope: Optional[Scope] = self
        while scope is not None and scope.kind not in ("function", "lambda"):
            scope = scope.parent
        return scope


@dataclass(eq=False)
class ApiSite:
    """An Assistants API call and where it sits."""

    api: api.ApiCall
    scope: Scope
    statement: cst.CSTNode
    awaited: bool
    order: int

    @property
    def call(self) -> cst.Call:
        return self.api.call

    @property
    def value(self) -> cst.BaseExpression:
        """The expression that holds the call's result: the call, or the `await` around it."""
        return self.awaited_node or self.api.call

    awaited_node: Optional[cst.Await] = None
    index: int = 0  # position among the module's sites, in source order


@dataclass(eq=False)
class SelfAttr:
    """`self.<attr> = value` in a method of a class (or `self.<attr>` read there)."""

    cls: cst.ClassDef
    attr: str
    node: cst.Attribute
    value: Optional[cst.BaseExpression]
    statement: Optional[cst.CSTNode]
    path: Tuple[int, ...] = ()


@dataclass
class Walked:
    module: cst.Module
    module_scope: Scope
    parents: Dict[cst.CSTNode, cst.CSTNode]
    scope_of_node: Dict[cst.CSTNode, Scope]  # scope-making node -> its scope
    reads: List[Tuple[cst.Name, Scope]]  # every variable read, with the scope it is read in
    read_scope: Dict[cst.Name, Scope]
    bindings_at: Dict[cst.CSTNode, Binding]  # the Name (or def/import node) bound -> its binding
    sites: List[ApiSite]
    site_of_call: Dict[cst.Call, ApiSite]
    calls: List[Tuple[cst.Call, Scope]]  # every call (for same-module function calls)
    self_sets: Dict[Tuple[cst.ClassDef, str], List[SelfAttr]]
    self_reads: List[SelfAttr]
    returns: Dict[cst.CSTNode, List[cst.CSTNode]]  # function -> its Return / Yield nodes
    statements: List[cst.CSTNode]  # in source order
    order: Dict[cst.CSTNode, int]  # statement -> index in source order
    class_of_function: Dict[cst.FunctionDef, cst.ClassDef]
    self_name: Dict[cst.FunctionDef, str]  # method -> its first parameter's name
    attributes: List[cst.Attribute]  # every attribute read, in source order
    stores: List[cst.Attribute]  # every attribute assigned to (`x.attr = ...`)
    iterations: List[cst.BaseExpression]  # the iterables of `for` loops and comprehensions


class _Walker:
    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self.parents: Dict[cst.CSTNode, cst.CSTNode] = {}
        self.scope_of_node: Dict[cst.CSTNode, Scope] = {}
        self.reads: List[Tuple[cst.Name, Scope]] = []
        self.bindings_at: Dict[cst.CSTNode, Binding] = {}
        self.sites: List[ApiSite] = []
        self.calls: List[Tuple[cst.Call, Scope]] = []
        self.self_sets: Dict[Tuple[cst.ClassDef, str], List[SelfAttr]] = {}
        self.self_reads: List[SelfAttr] = []
        self.returns: Dict[cst.CSTNode, List[cst.CSTNode]] = {}
        self.statements: List[cst.CSTNode] = []
        self.order: Dict[cst.CSTNode, int] = {}
        self.class_of_function: Dict[cst.FunctionDef, cst.ClassDef] = {}
        self.self_name: Dict[cst.FunctionDef, str] = {}
        self.attributes: List[cst.Attribute] = []
        self.stores: List[cst.Attribute] = []
        self.iterations: List[cst.BaseExpression] = []
        self.root = Scope(module, "module", None)
        self.scope_of_node[module] = self.root

    # The walk keeps its own stack of (node, parent, scope, statement, function) so that deep
    # expressions cannot exhaust Python's recursion limit.
    def run(self) -> None:
        stack: List[tuple] = [(child, self.module, self.root, None) for child in reversed(self.module.body)]
        self.stack = stack
        while stack:
            node, parent, scope, statement = stack.pop()
            self.parents[node] = parent
            if isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
                statement = node
                self.order[node] = len(self.statements)
                self.statements.append(node)
            handler = _HANDLERS.get(type(node))
            if handler is not None:
                handler(self, node, scope, statement)
            else:
                self.children(node, scope, statement)

    def push(self, node: Optional[cst.CSTNode], parent: cst.CSTNode, scope: Scope, statement) -> None:
        if node is not None:
            self.stack.append((node, parent, scope, statement))

    def children(self, node: cst.CSTNode, scope: Scope, statement, skip: Sequence[str] = ()) -> None:
        pending = []
        for name in _fields(node):
            if name in skip:
                continue
            value = getattr(node, name)
            if isinstance(value, cst.CSTNode):
                pending.append(value)
            elif isinstance(value, (list, tuple)):
                pending.extend(v for v in value if isinstance(v, cst.CSTNode))
        for child in reversed(pending):
            self.stack.append((child, node, scope, statement))

    # -- binding targets ------------------------------------------------------------------
    def target(self, node: cst.CSTNode, parent: cst.CSTNode, scope: Scope, statement, how: str,
               value: Optional[cst.BaseExpression], path: Tuple[int, ...] = (), annotation=None) -> None:
        """Record the names ``node`` binds (a Name, a tuple/list of them, `*rest`), and walk the
        expressions inside it that are read (`obj.attr = ...` reads `obj`)."""
        self.parents[node] = parent
        if isinstance(node, cst.Name):
            binding = Binding(node.value, node, self.binding_scope(scope, node.value, how), how, value, path,
                              statement, annotation, len(self.statements))
            binding.scope.bind(binding)
            self.bindings_at[node] = binding
        elif isinstance(node, (cst.Tuple, cst.List)):
            for index, element in enumerate(node.elements):
                self.parents[element] = node
                inner = element.value
                if isinstance(element, cst.StarredElement):
                    self.parents[inner] = element
                    self.target(inner, element, scope, statement, how, value, (*path, -1))
                else:
                    self.target(inner, element, scope, statement, how, value, (*path, index))
        elif isinstance(node, cst.StarredElement):
            self.target(node.value, node, scope, statement, how, value, (*path, -1))
        elif isinstance(node, cst.Attribute):
            cls = self.method_class(scope)
            if cls is not None and isinstance(node.value, cst.Name) and node.value.value == cls[1]:
                self.parents[node.value] = node
                self.parents[node.attr] = node
                record = SelfAttr(cls[0], node.attr.value, node, value if how in ("assign", "annassign") else None,
                                  statement, path)
                self.self_sets.setdefault((cls[0], node.attr.value), []).append(record)
            else:
                self.push(node.value, node, scope, statement)
                self.parents[node.attr] = node
                self.stores.append(node)
        else:
            # subscripts and anything else: read in full
            self.push(node, parent, scope, statement)

    def binding_scope(self, scope: Scope, name: str, how: str) -> Scope:
        if how == "walrus":
            while scope.kind == "comprehension" and scope.parent is not None:
                scope = scope.parent
        if name in scope.globals:
            return self.root
        if name in scope.nonlocals:
            outer = scope.parent
            while outer is not None and not (outer.kind == "function" and name in outer.bindings):
                outer = outer.parent
            return outer or scope
        return scope

    def method_class(self, scope: Scope) -> Optional[Tuple[cst.ClassDef, str]]:
        """(class, self name) when ``scope`` is a method's body (or a function nested in one)."""
        while scope is not None and scope.kind in ("comprehension", "lambda"):
            scope = scope.parent
        while scope is not None and scope.kind == "function":
            func = scope.node
            if func in self.class_of_function and func in self.self_name:
                return self.class_of_function[func], self.self_name[func]
            scope = scope.parent
            while scope is not None and scope.kind in ("comprehension", "lambda"):
                scope = scope.parent
        return None


def _walk_name(w: _Walker, node: cst.Name, scope: Scope, statement) -> None:
    w.reads.append((node, scope))


def _walk_attribute(w: _Walker, node: cst.Attribute, scope: Scope, statement) -> None:
    w.parents[node.attr] = node
    w.attributes.append(node)
    value = node.value
    if isinstance(value, cst.Name):
        cls = w.method_class(scope)
        if cls is not None and value.value == cls[1]:
            w.self_reads.append(SelfAttr(cls[0], node.attr.value, node, None, statement))
    w.push(value, node, scope, statement)


def _walk_call(w: _Walker, node: cst.Call, scope: Scope, statement) -> None:
    found = api.match(node) if isinstance(node.func, cst.Attribute) else None
    if found is not None:
        site = ApiSite(found, scope, statement, False, len(w.sites), index=len(w.sites))
        w.sites.append(site)
    w.calls.append((node, scope))
    pending: List[cst.CSTNode] = [node.func]
    for arg in node.args:
        pending.append(arg)
    for child in reversed(pending):
        w.stack.append((child, node, scope, statement))


def _walk_arg(w: _Walker, node: cst.Arg, scope: Scope, statement) -> None:
    if node.keyword is not None:
        w.parents[node.keyword] = node
    w.push(node.value, node, scope, statement)


def _walk_await(w: _Walker, node: cst.Await, scope: Scope, statement) -> None:
    w.push(node.expression, node, scope, statement)


def _walk_assign(w: _Walker, node: cst.Assign, scope: Scope, statement) -> None:
    w.push(node.value, node, scope, statement)
    for target in node.targets:
        w.parents[target] = node
        w.target(target.target, target, scope, statement, "assign", node.value)


def _walk_annassign(w: _Walker, node: cst.AnnAssign, scope: Scope, statement) -> None:
    w.push(node.value, node, scope, statement)
    w.parents[node.annotation] = node
    w.push(node.annotation.annotation, node.annotation, scope, statement)
    w.target(node.target, node, scope, statement, "annassign", node.value, annotation=node.annotation.annotation)


def _walk_augassign(w: _Walker, node: cst.AugAssign, scope: Scope, statement) -> None:
    w.push(node.value, node, scope, statement)
    if isinstance(node.target, cst.Name):
        w.reads.append((node.target, scope))
    w.target(node.target, node, scope, statement, "augassign", node.value)


def _walk_for(w: _Walker, node: cst.For, scope: Scope, statement) -> None:
    # Pushed in reverse: the iterable first, then the target, the body and the else.
    w.push(node.orelse, node, scope, statement)
    w.push(node.body, node, scope, statement)
    w.target(node.target, node, scope, statement, "for", node.iter)
    w.push(node.iter, node, scope, statement)
    w.iterations.append(node.iter)


def _walk_with(w: _Walker, node: cst.With, scope: Scope, statement) -> None:
    w.push(node.body, node, scope, statement)
    for item in reversed(node.items):
        w.parents[item] = node
        if item.asname is not None:
            w.parents[item.asname] = item
            w.target(item.asname.name, item.asname, scope, statement, "with", item.item)
        w.push(item.item, item, scope, statement)


def _walk_named_expr(w: _Walker, node: cst.NamedExpr, scope: Scope, statement) -> None:
    w.push(node.value, node, scope, statement)
    w.target(node.target, node, scope, statement, "walrus", node.value)


def _walk_function(w: _Walker, node: cst.FunctionDef, scope: Scope, statement) -> None:
    binding = Binding(node.name.value, node, w.binding_scope(scope, node.name.value, "def"), "def", None, (),
                      statement, None, len(w.statements))
    binding.scope.bind(binding)
    w.bindings_at[node] = binding
    w.parents[node.name] = node
    inner = Scope(node, "function", scope)
    w.scope_of_node[node] = inner
    w.returns.setdefault(node, [])
    if scope.kind == "class":
        w.class_of_function[node] = scope.node  # type: ignore[assignment]
        params = [*node.params.posonly_params, *node.params.params]
        decorators = {d.decorator.value for d in node.decorators if isinstance(d.decorator, cst.Name)}
        if params and "staticmethod" not in decorators and "classmethod" not in decorators:
            w.self_name[node] = params[0].name.value
    w.push(node.body, node, inner, statement)
    w.parents[node.params] = node
    for param in _params(node.params):
        w.parents[param] = node.params
        w.parents[param.name] = param
        annotation = param.annotation.annotation if param.annotation is not None else None
        if param.annotation is not None:
            w.parents[param.annotation] = param
            w.push(annotation, param.annotation, scope, statement)
        if param.default is not None:
            w.push(param.default, param, scope, statement)
        b = Binding(param.name.value, param.name, inner, "param", param.default, (), statement, annotation, len(w.statements))
        inner.bind(b)
        w.bindings_at[param.name] = b
    if node.returns is not None:
        w.push(node.returns.annotation, node.returns, scope, statement)
    for decorator in reversed(node.decorators):
        w.parents[decorator] = node
        w.push(decorator.decorator, decorator, scope, statement)


def _params(params: cst.Parameters) -> List[cst.Param]:
    found = [*params.posonly_params, *params.params, *params.kwonly_params]
    if isinstance(params.star_arg, cst.Param):
        found.append(params.star_arg)
    if params.star_kwarg is not None:
        found.append(params.star_kwarg)
    return found


def _walk_lambda(w: _Walker, node: cst.Lambda, scope: Scope, statement) -> None:
    inner = Scope(node, "lambda", scope)
    w.scope_of_node[node] = inner
    w.push(node.body, node, inner, statement)
    w.parents[node.params] = node
    for param in _params(node.params):
        w.parents[param] = node.params
        w.parents[param.name] = param
        if param.default is not None:
            w.push(param.default, param, scope, statement)
        b = Binding(param.name.value, param.name, inner, "param", param.default, (), statement, None, len(w.statements))
        inner.bind(b)
        w.bindings_at[param.name] = b


def _walk_class(w: _Walker, node: cst.ClassDef, scope: Scope, statement) -> None:
    binding = Binding(node.name.value, node, w.binding_scope(scope, node.name.value, "class"), "class", None, (),
                      statement, None, len(w.statements))
    binding.scope.bind(binding)
    w.bindings_at[node] = binding
    w.parents[node.name] = node
    inner = Scope(node, "class", scope)
    w.scope_of_node[node] = inner
    w.push(node.body, node, inner, statement)
    for arg in reversed([*node.bases, *node.keywords]):
        w.push(arg, node, scope, statement)
    for decorator in reversed(node.decorators):
        w.parents[decorator] = node
        w.push(decorator.decorator, decorator, scope, statement)


def _walk_comprehension(w: _Walker, node, scope: Scope, statement) -> None:
    inner = Scope(node, "comprehension", scope)
    w.scope_of_node[node] = inner
    # The element last (pushed first), then the for-clauses in order.
    if isinstance(node, cst.DictComp):
        w.push(node.value, node, inner, statement)
        w.push(node.key, node, inner, statement)
    else:
        w.push(node.elt, node, inner, statement)
    clauses = []
    clause = node.for_in
    while clause is not None:
        clauses.append(clause)
        clause = clause.inner_for_in
    parent: cst.CSTNode = node
    for clause in clauses:
        w.parents[clause] = parent
        parent = clause
    for index in range(len(clauses) - 1, -1, -1):
        clause = clauses[index]
        for condition in reversed(clause.ifs):
            w.parents[condition] = clause
            w.push(condition.test, condition, inner, statement)
        w.target(clause.target, clause, inner, statement, "comp", clause.iter)
        w.iterations.append(clause.iter)
        # The first iterable is evaluated in the enclosing scope.
        w.push(clause.iter, clause, scope if index == 0 else inner, statement)


def _walk_return(w: _Walker, node, scope: Scope, statement) -> None:
    function = scope.function
    if function is not None:
        w.returns.setdefault(function.node, []).append(node)
    w.children(node, scope, statement)


def _walk_import(w: _Walker, node, scope: Scope, statement) -> None:
    names = node.names if not isinstance(node.names, cst.ImportStar) else []
    for alias in names:
        w.parents[alias] = node
        if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
            bound = alias.asname.name.value
        else:
            bound = dotted(alias.name).split(".")[0]
        binding = Binding(bound, alias, w.binding_scope(scope, bound, "import"), "import", None, (), statement, None,
                          len(w.statements))
        binding.scope.bind(binding)
        w.bindings_at[alias] = binding


def _walk_global(w: _Walker, node, scope: Scope, statement) -> None:
    for item in node.names:
        (scope.globals if isinstance(node, cst.Global) else scope.nonlocals).add(item.name.value)


def _walk_except(w: _Walker, node: cst.ExceptHandler, scope: Scope, statement) -> None:
    w.push(node.body, node, scope, statement)
    if node.name is not None and isinstance(node.name.name, cst.Name):
        w.target(node.name.name, node.name, scope, statement, "except", node.type)
    w.push(node.type, node, scope, statement)


def _walk_del(w: _Walker, node: cst.Del, scope: Scope, statement) -> None:
    w.children(node, scope, statement)


def _walk_skip(w: _Walker, node, scope: Scope, statement) -> None:
    """Leaves with no names in them (strings, numbers, operators)."""


def dotted(node: cst.CSTNode) -> str:
    """`a.b.c` for an attribute chain of names (a module path, an import's name)."""
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
    return ".".join(reversed(parts))


_HANDLERS = {
    cst.Name: _walk_name,
    cst.Attribute: _walk_attribute,
    cst.Call: _walk_call,
    cst.Arg: _walk_arg,
    cst.Await: _walk_await,
    cst.Assign: _walk_assign,
    cst.AnnAssign: _walk_annassign,
    cst.AugAssign: _walk_augassign,
    cst.For: _walk_for,
    cst.With: _walk_with,
    cst.NamedExpr: _walk_named_expr,
    cst.FunctionDef: _walk_function,
    cst.Lambda: _walk_lambda,
    cst.ClassDef: _walk_class,
    cst.ListComp: _walk_comprehension,
    cst.SetComp: _walk_comprehension,
    cst.DictComp: _walk_comprehension,
    cst.GeneratorExp: _walk_comprehension,
    cst.Return: _walk_return,
    cst.Yield: _walk_return,
    cst.Import: _walk_import,
    cst.ImportFrom: _walk_import,
    cst.Global: _walk_global,
    cst.Nonlocal: _walk_global,
    cst.ExceptHandler: _walk_except,
    cst.Del: _walk_del,
    cst.SimpleString: _walk_skip,
    cst.Integer: _walk_skip,
    cst.Float: _walk_skip,
    cst.Imaginary: _walk_skip,
    cst.Ellipsis: _walk_skip,
    cst.Pass: _walk_skip,
    cst.Break: _walk_skip,
    cst.Continue: _walk_skip,
    cst.Comment: _walk_skip,
}


def walk(module: cst.Module) -> Walked:
    w = _Walker(module)
    w.run()
    site_of_call = {}
    for site in w.sites:
        parent = w.parents.get(site.api.call)
        if isinstance(parent, cst.Await):
            site.awaited = True
            site.awaited_node = parent
        site.statement = _statement_of(w.parents, site.api.call) or site.statement
        site.order = w.order.get(site.statement, site.order)
        site_of_call[site.api.call] = site
    read_scope = {name: scope for name, scope in w.reads}
    return Walked(
        module=module, module_scope=w.root, parents=w.parents, scope_of_node=w.scope_of_node, reads=w.reads,
        read_scope=read_scope, bindings_at=w.bindings_at, sites=w.sites, site_of_call=site_of_call, calls=w.calls,
        self_sets=w.self_sets, self_reads=w.self_reads, returns=w.returns, statements=w.statements, order=w.order,
        class_of_function=w.class_of_function, self_name=w.self_name, attributes=w.attributes, stores=w.stores,
        iterations=w.iterations,
    )


def _statement_of(parents: Dict[cst.CSTNode, cst.CSTNode], node: Optional[cst.CSTNode]) -> Optional[cst.CSTNode]:
    while node is not None and not isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
        node = parents.get(node)
    return node
