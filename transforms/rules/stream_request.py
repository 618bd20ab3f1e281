"""The request of a streamed run: the same `responses.create` a run gets (rules/runs.py), streamed.

    client.beta.threads.runs.stream(thread_id=t, assistant_id=a, event_handler=H())
    ->  client.responses.stream(conversation=t, input=[], **prompt_registry.settings(a))
    client.beta.threads.runs.create(thread_id=t, assistant_id=a, stream=True)
    ->  client.responses.create(conversation=t, input=[], stream=True, **prompt_registry.settings(a))

The run's parameters are mapped by the runs rules themselves (a run that waits, `create_and_poll`,
has no `background=`), so a streamed run and a polled one with the same arguments ask for the same
response. Also here: the small questions the streaming rules share about names and their reads.
"""

from __future__ import annotations

from typing import Callable, List, Optional, Sequence, Set, Tuple, Union

import libcst as cst

from transforms import api, build
from transforms.facts.walk import ApiSite, Binding
from transforms.rules import runs
from transforms.rules.context import Context, Finding, Left, Rewrite, call_of, kwarg, new_call

STREAM = "stream"  # client.responses.stream(...)
CREATE = "create"  # client.responses.create(..., stream=True)
# Arguments of the old call that the request does not take: the loop handles them.
DROPPED = ("event_handler", "stream")
# The runs rule whose mapping a streamed call shares, by the old method: one that waits (no background).
_AS = {
    "stream": (("threads", "runs", "create_and_poll"), runs.create),
    "create_and_stream": (("threads", "runs", "create_and_poll"), runs.create),
    "create": (("threads", "runs", "create_and_poll"), runs.create),
    "create_and_run_stream": (("threads", "create_and_run_poll"), runs.create_and_run),
    "create_and_run": (("threads", "create_and_run_poll"), runs.create_and_run),
}


def request(site: ApiSite, ctx: Context, method: str, include: Sequence[str] = ()) -> Union[Rewrite, Left]:
    """The streamed response's request, decided by the runs rule of the same run: a Rewrite whose
    build gives `client.responses.stream(...)` (STREAM) or `client.responses.create(..., stream=True)`
    (CREATE), with ``include`` added; or why not."""
    path, rule = _AS[site.api.method]
    keep = [i for i, a in enumerate(site.call.args) if not (a.keyword is not None and a.keyword.value in DROPPED)]
    shadow = ApiSite(
        api=api.ApiCall(call=_only(site.call, keep), receiver=site.api.receiver, path=path),
        scope=site.scope, statement=site.statement, awaited=site.awaited, order=site.order,
        awaited_node=site.awaited_node,
    )
    ctx.aliases[shadow] = site  # what the simplifications decide for the stream holds for its request
    decided = rule(shadow, ctx)
    if isinstance(decided, Left):
        finding = decided.finding
        return Left(Finding(finding.code, finding.message.replace(path[-1], site.api.method)))
    if include and _given(site, "include") is not None and not isinstance(_given(site, "include").value, cst.List):  # type: ignore[union-attr]
        return Left(Finding("stream-include", "the handler reads code interpreter outputs, which the request must ask for "
                                              "with include=[\"code_interpreter_call.outputs\"]: add it to the include list by hand"))
    inner = decided.build
    # `async with client.beta...stream(...)`: an async client, whose other calls the request makes
    # (the conversation of create_and_run_stream) are awaited.
    asynchronous = isinstance(site.statement, cst.With) and site.statement.asynchronous is not None and not site.awaited

    def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
        trimmed = _trimmed(value, keep)
        made = inner(cst.Await(expression=trimmed) if asynchronous else trimmed)
        call = call_of(made)
        args = list(call.args)
        if include:
            extra = [build.string(i) for i in include]
            at = next((n for n, a in enumerate(args) if a.keyword is not None and a.keyword.value == "include"), None)
            if at is None:
                args.insert(len(args) - 1, kwarg("include", build.list_of(extra)))
            else:
                given = args[at].value
                assert isinstance(given, cst.List)
                elements = [e.value for e in given.elements if isinstance(e, cst.Element)]
                args[at] = args[at].with_changes(value=build.list_of([*elements, *extra]))
        if method == CREATE:
            args.insert(len(args) - 1, kwarg("stream", cst.Name("True")))
        func = call.func
        if method == STREAM:
            assert isinstance(func, cst.Attribute)
            func = func.with_changes(attr=cst.Name("stream"))
        return new_call(trimmed, func, [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args])

    return Rewrite(rebuild, "stream", decided.notes)


def _given(site: ApiSite, name: str) -> Optional[cst.Arg]:
    return next((a for a in site.call.args if a.keyword is not None and a.keyword.value == name), None)


def _only(call: cst.Call, keep: List[int]) -> cst.Call:
    """``call`` with the arguments at ``keep`` only, the closing parenthesis where it was."""
    args = [call.args[i] for i in keep]
    if args and keep[-1] != len(call.args) - 1:
        last = call.args[-1]
        args[-1] = args[-1].with_changes(comma=last.comma, whitespace_after_arg=last.whitespace_after_arg)
    return call.with_changes(args=args)


def _trimmed(value: cst.BaseExpression, keep: List[int]) -> cst.BaseExpression:
    call = call_of(value)
    trimmed = _only(call, keep)
    return value.with_changes(expression=trimmed) if isinstance(value, cst.Await) else trimmed


def keyword(call: cst.Call, name: str) -> Optional[cst.BaseExpression]:
    """The value of a keyword argument of a built call (`conversation=` of the new request)."""
    return next((a.value for a in call.args if a.keyword is not None and a.keyword.value == name), None)


# -- names ------------------------------------------------------------------------------------------


def free_name(ctx: Context, node: cst.CSTNode, *candidates: str, taken: Sequence[str] = ()) -> str:
    """A name the code around ``node`` (its function, else the module) does not use for anything."""
    func = ctx.facts.function_of(node)
    used = names_in(ctx, func if func is not None else ctx.facts.module)
    for name in candidates:
        if name not in used and name not in taken:
            return name
    number = 2
    while f"{candidates[-1]}_{number}" in used or f"{candidates[-1]}_{number}" in taken:
        number += 1
    return f"{candidates[-1]}_{number}"


def names_in(ctx: Context, owner: cst.CSTNode, leaving_out: Optional[cst.CSTNode] = None) -> Set[str]:
    """The variable names read or bound in ``owner`` (a function, a class, the module), nested
    scopes included, except in ``leaving_out``."""
    key = ("names-in", owner, leaving_out)
    found = ctx.memo.get(key)
    if found is None:
        facts = ctx.facts

        ours = ctx.memo.get("own-helpers")
        if ours is None:
            from transforms.helpers import own_helpers

            ours = ctx.memo["own-helpers"] = own_helpers(facts.module)

        def counts(node: cst.CSTNode) -> bool:
            return facts.inside(node, owner) and (leaving_out is None or not facts.inside(node, leaving_out)) \
                and not any(facts.inside(node, helper) for helper in ours)  # type: ignore[union-attr]

        names = {name.value for name, _ in facts.w.reads if counts(name)}
        for node, binding in facts.w.bindings_at.items():
            if binding.name not in names and counts(node):
                names.add(binding.name)
        found = ctx.memo[key] = names
    return found  # type: ignore[return-value]


def own_reads(ctx: Context, name: cst.Name) -> Optional[List[cst.Name]]:
    """The reads of the name bound at ``name`` (a `with ... as` or loop target) that may see this
    binding: not those after another binding of the name that always comes between."""
    binding = ctx.facts.w.bindings_at.get(name)
    if binding is None:
        return None
    return [read for read in ctx.facts.reads_of(binding) if binding in seen_bindings(ctx, read)]


def seen_bindings(ctx: Context, read: cst.Name) -> List[Binding]:
    """The bindings a read may see: those of its name in reach that come before it in the code (a
    read in the value a binding takes, `for event in f(event)`, comes before that binding), less
    those a later one always replaces before the read (one in a block that holds the read)."""
    facts = ctx.facts
    key = ("seen-bindings", read)
    found = ctx.memo.get(key)
    if found is not None:
        return found  # type: ignore[return-value]
    at = facts.order(facts.statement_of(read))  # type: ignore[arg-type]

    def place(b: Binding) -> tuple:
        return facts.order(b.statement), b.order  # type: ignore[arg-type]

    def before(b: Binding) -> bool:
        if b.statement is None:
            return False
        bound = facts.order(b.statement)
        return bound < at or (bound == at and not (b.value is not None and facts.inside(read, b.value)))

    found = facts.bindings(read)
    scope = facts.w.read_scope.get(read)
    while found and scope is not None and scope is not found[0].scope:
        if scope.kind in ("function", "lambda"):
            ctx.memo[key] = found  # read when the function runs: any of them
            return found
        scope = scope.parent
    candidates = [b for b in found if before(b)]
    seen = [b for b in candidates if not any(
        place(later) > place(b) and facts.inside(read, facts.parent(later.statement)) for later in candidates  # type: ignore[arg-type]
    )]
    ctx.memo[key] = seen
    return seen


def seen_binding(ctx: Context, read: cst.Name) -> Optional[Binding]:
    """The one binding a read sees, if it sees only one."""
    found = seen_bindings(ctx, read)
    return found[0] if len(found) == 1 else None


def param_reads(ctx: Context, func: cst.FunctionDef, position: int) -> Optional[List[cst.Name]]:
    """Where a function reads its parameter; None when the name is bound again in it."""
    param = func.params.params[position]
    binding = ctx.facts.w.bindings_at.get(param.name)
    if binding is None or len(binding.scope.bindings.get(binding.name, [])) != 1:
        return None
    return list(ctx.facts.reads_of(binding))


def binding_of(ctx: Context, name: cst.Name) -> Optional[Binding]:
    found = ctx.facts.bindings(name)
    return found[0] if len(found) == 1 else None


def module_class(ctx: Context, name: cst.Name) -> Optional[cst.ClassDef]:
    """The class of this module a name stands for (the one class statement it sees)."""
    binding = seen_binding(ctx, name)
    if binding is None or binding.how != "class" or not isinstance(binding.node, cst.ClassDef):
        return None
    return binding.node


def attribute_of(ctx: Context, node: cst.CSTNode) -> Optional[cst.Attribute]:
    """`node.<attr>` when ``node`` is read for an attribute."""
    parent = ctx.facts.parent(node)
    return parent if isinstance(parent, cst.Attribute) and parent.value is node else None


def written(ctx: Context, node: cst.CSTNode) -> bool:
    """``node`` is written (`x.a = ...`, `x.a += ...`, `del x.a`), not read."""
    parent = ctx.facts.parent(node)
    if isinstance(parent, (cst.AssignTarget, cst.Del)):
        return True
    return isinstance(parent, (cst.AugAssign, cst.AnnAssign)) and parent.target is node


def in_debug_fstring(ctx: Context, node: cst.CSTNode) -> bool:
    """Inside `f"{expr=}"`, which prints the expression's own text."""
    parent = ctx.facts.parent(node)
    while parent is not None and not isinstance(parent, cst.BaseStatement):
        if isinstance(parent, cst.FormattedStringExpression) and parent.equal is not None:
            return True
        parent = ctx.facts.parent(parent)
    return False


def chain_end(ctx: Context, node: cst.CSTNode, steps: Sequence[Tuple[str, str]]) -> Optional[cst.CSTNode]:
    """The outermost node of `node<steps>` (("attr", "data"), ("index", "0"), ...), when ``node`` is
    read through exactly that chain."""
    current = node
    for kind, value in steps:
        parent = ctx.facts.parent(current)
        if kind == "attr":
            if not (isinstance(parent, cst.Attribute) and parent.value is current and parent.attr.value == value):
                return None
        else:
            if not (isinstance(parent, cst.Subscript) and parent.value is current and len(parent.slice) == 1):
                return None
            index = parent.slice[0].slice
            if not (isinstance(index, cst.Index) and isinstance(index.value, cst.Integer) and index.value.value == value):
                return None
        current = parent
    return current


def call_statement(stmt: Optional[cst.CSTNode]) -> Optional[cst.Call]:
    """The call a statement line consists of (`stream.until_done()`, `await stream.until_done()`)."""
    if not (isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Expr)):
        return None
    value = stmt.body[0].value
    if isinstance(value, cst.Await):
        value = value.expression
    return value if isinstance(value, cst.Call) else None


Edit = Callable[[cst.CSTNode], cst.CSTNode]
