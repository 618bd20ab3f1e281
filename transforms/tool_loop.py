"""Function calling: a run's requires_action round trip as a Responses function-call round trip.

    if run.status == "requires_action": for tc in run.required_action.submit_tool_outputs.tool_calls: outs.append({"tool_call_id": tc.id, "output": f(tc.function.arguments)})
    ->  if any(item.type == "function_call" for item in response.output): for tc in [item for item in response.output if item.type == "function_call"]: ...
        outs.append({"type": "function_call_output", "call_id": tc.call_id, "output": f(tc.arguments)})

The user's dispatch code stays as written; only the shapes it reads and writes change. The
submit call itself (`submit_tool_outputs[_and_poll]`) becomes the next `responses.create`, built
by the caller, which knows the run's settings. Anything this module cannot account for comes
back as a reason, and the run then stays as it was.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Optional, Tuple, Union

import libcst as cst

from transforms import api, build, polling
from transforms.collect import Collected, Site, binding_reads
from transforms.convert import Blocked
from transforms.threads_plan import code_of

SUBMITS = ("threads.runs.submit_tool_outputs", "threads.runs.submit_tool_outputs_and_poll")
TOOL_CALL_FIELDS = {"id": "call_id"}
FUNCTION_FIELDS = {"name", "arguments"}

Edit = Callable[[cst.CSTNode], cst.CSTNode]


def calls_of(holder: Union[str, cst.BaseExpression]) -> cst.BaseExpression:
    """`[item for item in <holder>.output if item.type == "function_call"]` (a response, or `event.response`)."""
    return cst.ListComp(
        elt=cst.Name("item"),
        for_in=cst.CompFor(
            target=cst.Name("item"),
            iter=build.attr(holder, "output"),
            ifs=[cst.CompIf(test=_is_function_call())],
        ),
    )


def _is_function_call() -> cst.Comparison:
    return build.equals(build.attr("item", "type"), "function_call")


def any_calls(holder: Union[str, cst.BaseExpression]) -> cst.BaseExpression:
    """`any(item.type == "function_call" for item in <holder>.output)`."""
    generator = cst.GeneratorExp(  # the call's own parentheses are the generator's
        elt=_is_function_call(),
        for_in=cst.CompFor(target=cst.Name("item"), iter=build.attr(holder, "output")),
        lpar=[],
        rpar=[],
    )
    return cst.Call(func=cst.Name("any"), args=[cst.Arg(value=generator)])


def status_test(collected: Collected, status: cst.Attribute, new_var: Callable[[], str]) -> Union[Dict[cst.CSTNode, Edit], Blocked]:
    """`run.status == "requires_action"` (or `!=`) -> whether the response asks for function calls."""
    comparison = collected.parent(status)
    if not (isinstance(comparison, cst.Comparison) and comparison.left is status and len(comparison.comparisons) == 1):
        return Blocked("requires_action is checked in a way the rewrite cannot follow")
    target = comparison.comparisons[0]
    if build.literal_string(target.comparator) != "requires_action":
        return Blocked("requires_action is checked together with other statuses")
    negate = isinstance(target.operator, cst.NotEqual)
    if not (negate or isinstance(target.operator, cst.Equal)):
        return Blocked("requires_action is compared with an operator other than == / !=")

    def edit(updated: cst.CSTNode) -> cst.CSTNode:
        test = any_calls(new_var())
        if negate:
            test = cst.UnaryOperation(operator=cst.Not(), expression=test)
        return test.with_changes(lpar=updated.lpar, rpar=updated.rpar)

    return {comparison: edit}


def completed_test(collected: Collected, status: cst.Attribute, new_var: Callable[[], str]) -> Union[Dict[cst.CSTNode, Edit], Blocked]:
    """`run.status == "completed"` -> `response.status == "completed" and not any(<function calls>)`.

    A run stopped at "requires_action" was not "completed"; a response waiting for function call
    outputs is, so the check keeps its meaning only with the function calls ruled out.
    """
    comparison = collected.parent(status)
    if not (isinstance(comparison, cst.Comparison) and comparison.left is status and len(comparison.comparisons) == 1):
        return Blocked('"completed" is checked in a way the rewrite cannot follow while function calls may be pending')
    target = comparison.comparisons[0]
    if build.literal_string(target.comparator) != "completed" or not isinstance(target.operator, (cst.Equal, cst.NotEqual)):
        return Blocked('"completed" is checked together with other statuses while function calls may be pending')
    negate = isinstance(target.operator, cst.NotEqual)
    holder = collected.parent(comparison)
    bare = isinstance(holder, (cst.If, cst.While)) and holder.test is comparison

    def edit(updated: cst.CSTNode) -> cst.CSTNode:
        inner = updated.with_changes(lpar=[], rpar=[])
        calls = any_calls(new_var())
        if negate:
            test: cst.BaseExpression = cst.BooleanOperation(left=inner, operator=cst.Or(), right=calls)
        else:
            test = cst.BooleanOperation(
                left=inner, operator=cst.And(), right=cst.UnaryOperation(operator=cst.Not(), expression=calls)
            )
        if bare and not updated.lpar:
            return test
        return test.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])

    return {comparison: edit}


def tool_calls(collected: Collected, required: cst.Attribute, scope_of, new_var: Callable[[], str]) -> Union[Dict[cst.CSTNode, Edit], Blocked]:
    """`run.required_action.submit_tool_outputs.tool_calls` iterated by a for loop (directly or via a name)."""
    middle = collected.parent(required)
    chain = collected.parent(middle)
    if not (
        isinstance(middle, cst.Attribute) and middle.value is required and middle.attr.value == "submit_tool_outputs"
        and isinstance(chain, cst.Attribute) and chain.value is middle and chain.attr.value == "tool_calls"
    ):
        return Blocked("the run's required_action is read other than as .submit_tool_outputs.tool_calls")
    edits: Dict[cst.CSTNode, Edit] = {chain: lambda updated: calls_of(new_var())}
    loops = _loops_over(collected, chain, scope_of)
    if isinstance(loops, Blocked):
        return loops
    for loop, target in loops:
        problem = _follow_call_var(collected, loop, target, scope_of, edits)
        if problem:
            return Blocked(problem)
    return edits


def _loop_over(collected: Collected, node: cst.CSTNode) -> Optional[Tuple[cst.CSTNode, cst.BaseExpression]]:
    """The loop iterating ``node`` and the target bound to its items: `for tc in node`, or the
    matching name of `for tc, result in zip(node, results)` (answers gathered in parallel)."""
    parent = collected.parent(node)
    if isinstance(parent, (cst.For, cst.CompFor)) and parent.iter is node:
        return parent, parent.target
    arg = parent
    call = collected.parent(arg) if isinstance(arg, cst.Arg) else None
    loop = collected.parent(call) if call is not None else None
    if (
        isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "zip"
        and isinstance(loop, (cst.For, cst.CompFor)) and loop.iter is call and isinstance(loop.target, cst.Tuple)
        and all(a.keyword is None and not a.star for a in call.args) and len(loop.target.elements) == len(call.args)
    ):
        index = next(i for i, a in enumerate(call.args) if a is arg)
        return loop, loop.target.elements[index].value
    return None


def _loops_over(collected: Collected, chain: cst.CSTNode, scope_of) -> Union[List[Tuple[cst.CSTNode, cst.BaseExpression]], Blocked]:
    direct = _loop_over(collected, chain)
    if direct is not None:
        return [direct]
    parent = collected.parent(chain)
    if isinstance(parent, cst.Assign) and parent.value is chain and len(parent.targets) == 1:
        target = parent.targets[0].target
        scope = scope_of(parent)
        if isinstance(target, cst.Name) and scope is not None:
            assignments = list(scope.assignments[target.value])
            if len(assignments) == 1:
                loops = []
                for access in assignments[0].references:
                    found = _loop_over(collected, access.node)
                    if found is not None:
                        loops.append(found)
                    elif _is_len_call(collected, access.node):
                        continue
                    else:
                        return Blocked("the tool calls list is used other than by a loop over it")
                return loops
    return Blocked("the run's tool calls are used other than by a loop over them")


def _is_len_call(collected: Collected, node: cst.CSTNode) -> bool:
    arg = collected.parent(node)
    call = collected.parent(arg) if isinstance(arg, cst.Arg) else None
    return isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "len" and len(call.args) == 1


def _follow_call_var(
    collected: Collected, loop: cst.CSTNode, target: cst.BaseExpression, scope_of, edits: Dict[cst.CSTNode, Edit]
) -> Optional[str]:
    """Every use of the loop variable: `tc.id` -> `tc.call_id`, `tc.function.name` -> `tc.name`, ..."""
    if not isinstance(target, cst.Name):
        return "the tool call loop unpacks its items"
    reads = binding_reads(scope_of, target)
    if reads is None:
        return "no scope information"
    for node in reads:
        if not collected.inside(node, _region(collected, loop)):
            # Scope analysis joins every binding of a reused name (`for tc in audit_log:` later on).
            if _rebound_by_a_loop(collected, node, target.value):
                continue
            return f"the tool call `{target.value}` is read after its loop"
        parent = collected.parent(node)
        if not (isinstance(parent, cst.Attribute) and parent.value is node):
            return f"the tool call `{target.value}` is used as a whole"
        field = parent.attr.value
        if field == "type":
            problem = _type_test(collected, parent, edits)
            if problem:
                return problem
            continue
        if field in TOOL_CALL_FIELDS:
            new = TOOL_CALL_FIELDS[field]
            edits[parent.attr] = lambda updated, new=new: updated.with_changes(value=new)
        elif field == "function":
            inner = collected.parent(parent)
            if not (isinstance(inner, cst.Attribute) and inner.value is parent and inner.attr.value in FUNCTION_FIELDS):
                return f"`{target.value}.function` is read other than as .name / .arguments"
            edits[inner] = lambda updated: updated.with_changes(value=updated.value.value)
        else:
            return f"`{target.value}.{field}` has no function_call item equivalent"
    return None


def _type_test(collected: Collected, attr: cst.Attribute, edits: Dict[cst.CSTNode, Edit]) -> Optional[str]:
    """`tc.type == "function"`: every item of the new list is a "function_call"."""
    comparison = collected.parent(attr)
    if not (isinstance(comparison, cst.Comparison) and comparison.left is attr and len(comparison.comparisons) == 1
            and isinstance(comparison.comparisons[0].operator, (cst.Equal, cst.NotEqual))
            and build.literal_string(comparison.comparisons[0].comparator) == "function"):
        return "the tool call's type is read other than as == \"function\""
    edits[comparison.comparisons[0].comparator] = lambda updated: build.string("function_call")
    return None


_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)


def _region(collected: Collected, loop: cst.CSTNode) -> cst.CSTNode:
    """Where a loop's variable is bound: a for statement, or the whole comprehension of a CompFor."""
    node = loop
    while isinstance(node, cst.CompFor):
        node = collected.parent(node)
    return node if node is not None else loop


def _rebound_by_a_loop(collected: Collected, node: cst.CSTNode, name: str) -> bool:
    holder = collected.parent(node)
    while holder is not None:
        if isinstance(holder, cst.For) and isinstance(holder.target, cst.Name) and holder.target.value == name:
            return True
        if isinstance(holder, _COMPREHENSIONS):
            comp = holder.for_in
            while comp is not None:
                if isinstance(comp.target, cst.Name) and comp.target.value == name:
                    return True
                comp = comp.inner_for_in
        holder = collected.parent(holder)
    return False


def tool_outputs(collected: Collected, submit: Site, scope_of) -> Union[Dict[cst.CSTNode, Edit], Blocked]:
    """The outputs handed to submit_tool_outputs, as function_call_output items."""
    arg = submit.api.arg("tool_outputs")
    if arg is None:
        return Blocked("submit_tool_outputs without tool_outputs=")
    edits: Dict[cst.CSTNode, Edit] = {}
    value = arg.value
    if isinstance(value, cst.Name):
        scope = scope_of(submit.stmt)
        assignments = list(scope.assignments[value.value]) if scope is not None else []
        if not assignments:
            return Blocked("the tool outputs come from outside the function")
        for assignment in assignments:
            holder = collected.parent(assignment.node)
            if not (isinstance(holder, cst.AnnAssign) and holder.value is not None):  # `outs: List[ToolOutput] = []`
                holder = collected.parent(holder)
            if not isinstance(holder, (cst.Assign, cst.AnnAssign)) or holder.value is None:
                return Blocked("the tool outputs list is built in a way the rewrite cannot follow")
            problem = _output_list(holder.value, edits)
            if problem:
                return Blocked(problem)
            for access in assignment.references:
                if access.node is value or _only_tested(collected, access.node):
                    continue
                problem = _append(collected, access.node, edits)
                if problem:
                    return Blocked(problem)
        return edits
    problem = _output_list(value, edits)
    return Blocked(problem) if problem else edits


def _output_list(value: cst.BaseExpression, edits: Dict[cst.CSTNode, Edit]) -> Optional[str]:
    if isinstance(value, cst.List):
        for element in value.elements:
            if not isinstance(element, cst.Element):
                return "tool outputs built with * unpacking"
            problem = _output_dict(element.value, edits)
            if problem:
                return problem
        return None
    if isinstance(value, cst.ListComp):
        return _output_dict(value.elt, edits)
    return "tool outputs that are not a list, a list comprehension or a list filled with append()"


def _only_tested(collected: Collected, node: cst.CSTNode) -> bool:
    """`if outputs:`, `if not outputs:`, `len(outputs)`: reads that do not look inside the items."""
    if _is_len_call(collected, node):
        return True
    parent = collected.parent(node)
    # `not outputs`, `outputs and ready`: only as (part of) an if / while test, where just the truth
    # value counts; `outputs or []` elsewhere hands the items on.
    while isinstance(parent, (cst.BooleanOperation, cst.UnaryOperation)):
        if isinstance(parent, cst.UnaryOperation) and not isinstance(parent.operator, cst.Not):
            return False
        node, parent = parent, collected.parent(parent)
    return isinstance(parent, (cst.If, cst.While)) and parent.test is node


def _append(collected: Collected, node: cst.CSTNode, edits: Dict[cst.CSTNode, Edit]) -> Optional[str]:
    method = collected.parent(node)
    call = collected.parent(method)
    if not (isinstance(method, cst.Attribute) and method.value is node and method.attr.value == "append"
            and isinstance(call, cst.Call) and len(call.args) == 1):
        return "the tool outputs list is used other than with append()"
    return _output_dict(call.args[0].value, edits)


def _output_dict(node: cst.BaseExpression, edits: Dict[cst.CSTNode, Edit]) -> Optional[str]:
    items = build.dict_literal_items(node)
    if items is None:
        items = _dict_call_items(node)
    if items is None or not set(items) <= {"tool_call_id", "output"} or "tool_call_id" not in items:
        return "a tool output that is not a literal {'tool_call_id': ..., 'output': ...}"

    def edit(updated: cst.CSTNode) -> cst.CSTNode:
        new = build.dict_literal_items(updated) or _dict_call_items(updated)
        pairs = [("type", build.string("function_call_output")), ("call_id", new["tool_call_id"])]
        pairs.append(("output", new.get("output", build.string(""))))
        return build.dict_of(pairs)

    edits[node] = edit
    return None


def _dict_call_items(node: cst.CSTNode) -> Optional[dict]:
    """`dict(tool_call_id=..., output=...)`, keyword arguments only."""
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "dict" and node.args):
        return None
    if any(a.keyword is None or a.star for a in node.args):
        return None
    return {a.keyword.value: a.value for a in node.args}


def is_requires_action_test(test: cst.BaseExpression, var: str) -> bool:
    return (
        isinstance(test, cst.Comparison) and len(test.comparisons) == 1
        and isinstance(test.comparisons[0].operator, cst.Equal)
        and code_of(test.left).strip() == f"{var}.status"
        and build.literal_string(test.comparisons[0].comparator) == "requires_action"
    )


def tool_polling_loop(loop: cst.CSTNode, var: str) -> Optional[Tuple[cst.If, List[cst.BaseStatement]]]:
    """`while run.status in ("queued", "in_progress", "requires_action"): if run.status == "requires_action": ...; sleep; retrieve`.

    The branch that answers the tool calls and the waiting around it. A response is finished when
    it returns, so the loop becomes `while <the response asks for function calls>: <the branch>`.
    """
    if not isinstance(loop, cst.While) or loop.orelse is not None:
        return None
    test = loop.test
    if not (
        isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(test.comparisons[0].operator, cst.In)
        and code_of(test.left).strip() == f"{var}.status"
        and isinstance(test.comparisons[0].comparator, (cst.Tuple, cst.List, cst.Set))
    ):
        return None
    statuses = [build.literal_string(e.value) for e in test.comparisons[0].comparator.elements]
    if "requires_action" not in statuses or not set(statuses) <= {"queued", "in_progress", "requires_action", "cancelling"}:
        return None
    branches = [s for s in loop.body.body if isinstance(s, cst.If) and is_requires_action_test(s.test, var)]
    if len(branches) != 1 or branches[0].orelse is not None:
        return None
    waiting = [s for s in loop.body.body if s is not branches[0]]
    if not all(polling.only_waits(s, var) for s in waiting):
        return None
    return branches[0], waiting


def rebuild_tool_polling_loop(updated: cst.While, var: str) -> cst.While:
    branch = next(s for s in updated.body.body if isinstance(s, cst.If))
    return updated.with_changes(test=any_calls(var), body=updated.body.with_changes(body=branch.body.body))


def _is_submit(stmt: cst.CSTNode) -> bool:
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return False
    small = stmt.body[0]
    value = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
    if isinstance(value, cst.Await):
        value = value.expression
    found = api.match(value) if isinstance(value, cst.Call) else None
    return found is not None and found.is_(*SUBMITS)


def polling_chain_loop(loop: cst.CSTNode, var: str) -> Optional[Tuple[cst.If, List[cst.BaseStatement]]]:
    """`while True:` re-reading the run, with an if/elif chain on its status, one branch answering tool calls.

        while True: run = runs.retrieve(...); if run.status == "completed": break
                    elif run.status == "requires_action": ...; runs.submit_tool_outputs(...)
                    elif run.status == "failed": raise ...; time.sleep(1)

    The re-reads go (a response is finished when it returns); the chain stays and the submit
    becomes the next response, so the loop still ends on the same branches.
    """
    if not (isinstance(loop, cst.While) and loop.orelse is None and isinstance(loop.test, cst.Name) and loop.test.value == "True"):
        return None
    chains = [s for s in loop.body.body if not polling.only_waits(s, var)]
    if len(chains) != 1 or not isinstance(chains[0], cst.If):
        return None
    chain: Optional[cst.CSTNode] = chains[0]
    tool_branches = 0
    while isinstance(chain, cst.If):
        body = chain.body.body
        if is_requires_action_test(chain.test, var):
            tool_branches += 1
            if not (body and _is_submit(body[-1])):
                return None
        elif not (body and _leaves(body[-1])):
            return None  # a branch that stays in the loop would now spin on a finished response
        chain = chain.orelse
    if isinstance(chain, cst.Else) and not (chain.body.body and _leaves(chain.body.body[-1])):
        return None
    if tool_branches != 1:
        return None
    return chains[0], [s for s in loop.body.body if s is not chains[0]]


def _leaves(stmt: cst.CSTNode) -> bool:
    return isinstance(stmt, cst.SimpleStatementLine) and isinstance(stmt.body[-1], (cst.Break, cst.Raise, cst.Return))


def unassigned_submits(loop: cst.CSTNode, sites: List[Site], var: str) -> List[Site]:
    """`runs.submit_tool_outputs(thread_id=..., run_id=var.id, tool_outputs=...)` called for effect in the loop."""
    found = []
    for site in sites:
        if site.api.is_(*SUBMITS) and site.target is None and site.whole and isinstance(site.stmt, cst.SimpleStatementLine):
            small = site.stmt.body[0]
            run_id = site.api.arg("run_id", 0)
            if isinstance(small, cst.Expr) and run_id is not None and code_of(run_id.value).strip() == f"{var}.id":
                found.append(site)
    return [s for s in found if _within(s.stmt, loop)]


def _within(stmt: cst.CSTNode, loop: cst.CSTNode) -> bool:
    stack = [loop]
    while stack:
        node = stack.pop()
        if node is stmt:
            return True
        stack.extend(node.children)
    return False
