"""runs -> responses: a run becomes a response in the thread's conversation, with the assistant's settings.

    run = client.beta.threads.runs.create(thread_id=t, assistant_id=a)
    ->  run = client.responses.create(conversation=t, input=[], background=True, **prompt_registry.settings(a))
    client.beta.threads.runs.retrieve(run_id=run.id, thread_id=t)  ->  client.responses.retrieve(run.id)

A run was asynchronous: `runs.create` returned at once and the code polled it. Its faithful
counterpart is a background response, so a polling loop keeps working against
`responses.retrieve` and `runs.cancel` becomes `responses.cancel`; `create_and_poll` waited, and
becomes a plain `responses.create`. The assistant's settings and the run's overrides go through
the prompt registry, which converts them as the Assistants API applied them.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Dict, List, Optional, Tuple, Union

import libcst as cst

from transforms import build
from transforms.facts import kinds
from transforms.facts.walk import ApiSite
from transforms.rules import content
from transforms.rules.context import (
    Context, Finding, Left, Rewrite, call_of, code, keywords, kwarg, new_call, pairs, receiver, star_kwargs,
)
from transforms.rules.threads import conversation_id_note

NAME = "runs-to-responses"
PASS = ("extra_headers", "extra_query", "extra_body", "timeout")
# Run parameters the registry's settings() takes (they override the assistant's, as they did).
SETTINGS = ("model", "instructions", "additional_instructions", "tools", "temperature", "top_p", "response_format",
            "reasoning_effort", "max_completion_tokens", "truncation_strategy", "parallel_tool_calls", "tool_choice",
            "metadata", "tool_resources")
DROPPED = ("poll_interval_ms",)
INCLUDE = {"step_details.tool_calls[*].file_search.results[*].content": "file_search_call.results"}
BACKGROUND = ("create",)  # run methods that returned before the run finished


def _settings_call(ctx: Context, assistant: cst.BaseExpression, overrides: List[cst.Arg]) -> cst.Arg:
    function = ctx.options.get("prompt-function")
    if isinstance(function, str):
        module, _, name = function.partition(":")
        ctx.requests.need_import(module)
        call = build.call(build.attr(cst.parse_expression(module), name), [cst.Arg(assistant), *overrides])
    else:
        call = ctx.registry_call("settings", [cst.Arg(assistant), *overrides])
    return star_kwargs(call)


def _check(site: ApiSite, allowed) -> Optional[Left]:
    if any(a.star for a in site.call.args):
        return Left(Finding("run-params", f"{site.api.method} with arguments passed through * or **: map them to "
                                          "client.responses.create by hand"))
    given = dict(keywords(site.call, positional=("thread_id",)))
    if "max_prompt_tokens" in given:
        return Left(Finding("max-prompt-tokens", "max_prompt_tokens has no Responses counterpart: trim the input, "
                                                 "or rely on truncation='auto'"))
    ts = given.get("truncation_strategy")
    if ts is not None:
        items = build.dict_literal_items(ts.value)
        if items is not None and build.literal_string(items.get("type")) == "last_messages":
            return Left(Finding("truncation-last-messages", "truncation_strategy last_messages has no Responses "
                                                             "counterpart: only truncation='auto' exists"))
    if "include" in given and not _include(given["include"].value):
        return Left(Finding("run-include", "run include paths differ on Responses: use include=[\"file_search_call.results\"]"))
    unknown = set(given) - set(allowed)
    if unknown:
        return Left(Finding("run-params", f"{site.api.method} with {', '.join(sorted(unknown))}: no counterpart known"))
    return None


def _include(node: cst.BaseExpression) -> Optional[cst.List]:
    if not isinstance(node, cst.List):
        return None
    out = []
    for element in node.elements:
        text = build.literal_string(element.value) if isinstance(element, cst.Element) else None
        if text not in INCLUDE:
            return None
        out.append(build.string(INCLUDE[text]))
    return build.list_of(out)


def create(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
    method = site.api.method
    if any(a.star == "**" for a in site.call.args) and not any(a.star == "*" or (a.keyword is None and not a.star) for a in site.call.args):
        return _run_from_dict(site, ctx)
    allowed = ("thread_id", "assistant_id", "additional_messages", "include", "stream", *SETTINGS, *DROPPED, *PASS)
    left = _check(site, allowed)
    if left is not None:
        return left
    given = dict(keywords(site.call, positional=("thread_id",)))
    if "thread_id" not in given or "assistant_id" not in given:
        return Left(Finding("run-params", f"{method} without a thread ID or an assistant ID: rewrite by hand"))
    if "stream" in given:
        return Left(Finding("streamed-run", "a streamed run: iterate the events of client.responses.create(..., "
                                            "stream=True) (their types are response.*) by hand"))
    notes = conversation_id_note(site, given["thread_id"].value, ctx)
    background = method in BACKGROUND

    def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
        call = call_of(value)
        parts = {key: (before, after) for key, before, after in pairs(site.call, call, ("thread_id",))}
        me = ctx.aliases.get(site, site)
        # With threads' files kept by the registry, settings(thread=...) names the conversation itself.
        named = ctx.remembered and me not in ctx.one_shot
        args = [] if me in ctx.one_shot or named else [kwarg("conversation", parts["thread_id"][1].value)]
        folded = ctx.folded.get(me, [])
        if "additional_messages" in parts:
            before, after = parts["additional_messages"]
            items = content.thread_messages(before.value, after.value, ctx)
            if isinstance(items, list):
                args.append(kwarg("input", build.list_of([*folded, *items])))
            elif folded:
                args.append(kwarg("input", cst.BinaryOperation(build.list_of(folded), cst.Add(), items)))
            else:
                args.append(kwarg("input", items))
        else:
            args.append(kwarg("input", build.list_of(folded)))
        if background and me not in ctx.foreground:
            args.append(kwarg("background", cst.Name("True")))
        include = _include(parts["include"][1].value) if "include" in parts else None
        extra = [build.string(i) for i in dict.fromkeys(ctx.includes.get(me, []))]
        if include is not None or extra:
            given = [e.value for e in include.elements] if include is not None else []
            args.append(kwarg("include", build.list_of([*given, *extra])))
        args += [parts[k][1] for k in PASS if k in parts]
        overrides = [parts[k][1].with_changes(comma=cst.MaybeSentinel.DEFAULT) for k in SETTINGS if k in parts]

        if me in ctx.thread_resources:
            overrides.append(kwarg("tool_resources", ctx.thread_resources[me]))
        elif me in ctx.attachments:
            lists = ctx.attachments[me]
            entries = lists[0] if len(lists) == 1 else build.list_of([cst.StarredElement(a) for a in lists])  # type: ignore[list-item]
            function = "attachment_resources_async" if site.awaited else "attachment_resources"
            made: cst.BaseExpression = ctx.registry_call(function, [cst.Arg(receiver(call)), cst.Arg(entries)])
            if site.awaited:
                made = cst.Await(expression=made)
            overrides.append(kwarg("tool_resources", made))
        if named:
            args.append(star_kwargs(ctx.registry_call("thread_settings", [
                cst.Arg(parts["thread_id"][1].value), cst.Arg(parts["assistant_id"][1].value), *_spaced(overrides)])))
        else:
            args.append(_settings_call(ctx, parts["assistant_id"][1].value, _spaced(overrides)))
        return new_call(value, build.attr(receiver(call), "responses", "create"), args)

    return Rewrite(rebuild, "response", notes)


def _run_from_dict(site: ApiSite, ctx: Context) -> Rewrite:
    """`runs.create(**params)`: the registry maps the run's arguments at run time (run_arguments)."""
    background = site.api.method in BACKGROUND

    def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
        call = call_of(value)
        args = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in call.args]
        if background:
            args.append(kwarg("background", cst.Name("True")))
        mapped = ctx.registry_call("run_arguments", _spaced(args))
        return new_call(value, build.attr(receiver(call), "responses", "create"), [star_kwargs(mapped)])

    return Rewrite(rebuild, "response", [Finding("stored-thread-id", STORED)])


STORED = ("the run's thread ID comes from a dict of arguments: IDs saved before the migration name threads, "
          "and the Conversations API answers 404 for them (start a new conversation for those)")


def create_and_run(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
    method = site.api.method
    allowed = ("assistant_id", "thread", "stream", *SETTINGS, *DROPPED, *PASS)
    left = _check(site, allowed)
    if left is not None:
        return left
    given = dict(keywords(site.call))
    if "assistant_id" not in given:
        return Left(Finding("run-params", f"{method} without an assistant ID: rewrite by hand"))
    if "stream" in given:
        return Left(Finding("streamed-run", "a streamed run: iterate the events of client.responses.create(..., "
                                            "stream=True) (their types are response.*) by hand"))
    thread = build.dict_literal_items(given["thread"].value) if "thread" in given else {}
    if thread is None or set(thread) - {"messages", "metadata", "tool_resources"}:
        return Left(Finding("run-params", f"{method} with a thread built elsewhere: create the conversation with "
                                          "client.conversations.create(items=...) and pass conversation= by hand"))
    if "messages" in thread:
        finding = content.messages_finding(thread["messages"])
        if finding is not None:
            return Left(finding)
    if content.inline_store(thread.get("tool_resources")) or ("tool_resources" in given and content.inline_store(given["tool_resources"].value)):
        return Left(content.INLINE_STORE)
    if "tool_resources" in thread and "tool_resources" in given:
        return Left(Finding("thread-resources", "thread and run tool_resources both given: merge them into one "
                                                "tool_resources for prompt_registry.settings by hand"))
    background = method == "create_and_run"

    def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
        call = call_of(value)
        parts = {key: (before, after) for key, before, after in pairs(site.call, call)}
        conv_args: List[cst.Arg] = []
        resources: Optional[cst.BaseExpression] = None
        if "thread" in parts:
            before = build.dict_literal_items(parts["thread"][0].value) or {}
            after = build.dict_literal_items(parts["thread"][1].value) or {}
            if "messages" in after:
                items = content.thread_messages(before["messages"], after["messages"], ctx)
                conv_args.append(kwarg("items", build.list_of(items) if isinstance(items, list) else items))  # type: ignore[arg-type]
            if "metadata" in after:
                conv_args.append(kwarg("metadata", after["metadata"]))
            resources = after.get("tool_resources")
        # Written flat inside the response's call (the old call's line layout is the outer call's).
        conversation: cst.BaseExpression = build.call(build.attr(receiver(call), "conversations", "create"), conv_args)
        if isinstance(value, cst.Await):
            conversation = cst.Await(expression=conversation)
        if isinstance(conversation, cst.Await):
            conversation = conversation.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        args = [kwarg("conversation", build.attr(conversation, "id")), kwarg("input", build.list_of([]))]
        if background:
            args.append(kwarg("background", cst.Name("True")))
        args += [parts[k][1] for k in PASS if k in parts]
        overrides = [parts[k][1].with_changes(comma=cst.MaybeSentinel.DEFAULT) for k in SETTINGS if k in parts]
        if resources is not None:
            overrides.append(kwarg("tool_resources", resources))
        args.append(_settings_call(ctx, parts["assistant_id"][1].value, _spaced(overrides)))
        return new_call(value, build.attr(receiver(call), "responses", "create"), args)

    return Rewrite(rebuild, "response")


def _spaced(args: List[cst.Arg]) -> List[cst.Arg]:
    return [a.with_changes(comma=build._COMMA_SPACE if i < len(args) - 1 else cst.MaybeSentinel.DEFAULT) for i, a in enumerate(args)]


def _by_run_id(new_method: str):
    def handle(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
        given = dict(keywords(site.call, positional=("run_id", "thread_id")))
        if any(a.star for a in site.call.args) or "run_id" not in given or set(given) - {"run_id", "thread_id", *PASS}:
            return Left(Finding("run-params", f"runs.{site.api.method} with other arguments: use "
                                              f"client.responses.{new_method}(response_id) by hand"))

        def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
            call = call_of(value)
            parts = {key: after for key, _, after in pairs(site.call, call, ("run_id", "thread_id"))}
            args = [cst.Arg(parts["run_id"].value), *[parts[k] for k in PASS if k in parts]]
            return new_call(value, build.attr(receiver(call), "responses", new_method), args)

        return Rewrite(rebuild, "response")

    return handle


def submit_tool_outputs(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
    """The next response of the same run: the outputs as function_call_output items, in the
    conversation the calls are in, with the settings the response that asked for them was made with."""
    given = dict(keywords(site.call, positional=("run_id",)))
    if any(a.star for a in site.call.args) or not {"run_id", "thread_id", "tool_outputs"} <= set(given):
        return Left(Finding("run-params", "submit_tool_outputs with arguments built elsewhere: send "
                                          "function_call_output items to client.responses.create by hand"))
    if set(given) - {"run_id", "thread_id", "tool_outputs", "stream", "poll_interval_ms", *PASS}:
        return Left(Finding("run-params", "submit_tool_outputs with other arguments: rewrite by hand"))
    if "stream" in given:
        return Left(Finding("streamed-run", "streamed tool outputs: send them to client.responses.create(..., "
                                            "stream=True) and iterate its response.* events by hand"))
    run_id = given["run_id"].value
    holder = run_id.value if isinstance(run_id, cst.Attribute) and run_id.attr.value == "id" else None
    typed = ctx.typed(holder) if holder is not None else None
    known = typed is not None and typed.kind == kinds.RUN
    notes = conversation_id_note(site, given["thread_id"].value, ctx)
    background = site.api.method == "submit_tool_outputs"
    kept = _kept_elsewhere(site, holder if holder is not None else run_id, ctx)
    if isinstance(kept, Finding):
        return Left(kept)

    def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
        call = call_of(value)
        parts = {key: (before, after) for key, before, after in pairs(site.call, call, ("run_id",))}
        run_value = parts["run_id"][1].value
        if known and isinstance(run_value, cst.Attribute):
            response = run_value.value
        else:
            response = new_call(value, build.attr(receiver(call), "responses", "retrieve"), [cst.Arg(run_value)])
            if isinstance(response, cst.Await):
                response = response.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        outputs = tool_outputs(parts["tool_outputs"][1].value, ctx)
        chain = kwarg("previous_response_id", run_value) if site in ctx.previous else \
            kwarg("conversation", parts["thread_id"][1].value)
        args = [chain, kwarg("input", outputs)]
        if background:
            args.append(kwarg("background", cst.Name("True")))
        args += [parts[k][1] for k in PASS if k in parts]
        args.append(star_kwargs(ctx.registry_call("follow_up", [cst.Arg(response)])))
        return new_call(value, build.attr(receiver(call), "responses", "create"), args)

    handed = _handed_back(site, holder if holder is not None else run_id, ctx)
    if isinstance(handed, Finding):
        return Left(handed)
    objects, ids = kept
    if holder is not None and _assignable(holder, site, ctx) is not None:
        objects = [holder, *objects]
    return Rewrite(rebuild, "response", notes, _keep_the_run_in(site, objects, ids, ctx), edits=handed)


# Calls reading a run by its ID, and the position of that argument when given positionally.
_BY_RUN_ID = {
    ("threads", "runs", "retrieve"): 0, ("threads", "runs", "poll"): 0, ("threads", "runs", "cancel"): 0,
    ("threads", "runs", "update"): 0, ("threads", "runs", "submit_tool_outputs"): 0,
    ("threads", "runs", "submit_tool_outputs_and_poll"): 0, ("threads", "runs", "submit_tool_outputs_stream"): 0,
    ("threads", "runs", "steps", "list"): 0, ("threads", "runs", "steps", "retrieve"): None,
    ("threads", "messages", "list"): None,
}


def _kept_elsewhere(site: ApiSite, submitted: cst.BaseExpression, ctx: Context):
    """Where else the code keeps the run the outputs go to (or its ID) and reads it back by ID:
    (objects, ID names) to rebind to the next response, or a Finding when one of them is out of
    reach here (another function's name): a run kept its ID across tool rounds, a response does
    not, and reading the first response again would answer the same calls forever."""
    facts = ctx.facts
    own = ctx.typed(submitted)
    origins = set(own.sites) if own is not None else set()
    if isinstance(submitted, cst.Name):
        origins |= _id_origins(submitted, ctx)
    origins = _same_run(origins, ctx)
    if not origins and isinstance(submitted, cst.Name):
        # An ID handed in (a parameter) and read back by the same name after the submit: the next
        # re-read would answer the first response again, whose calls are answered already.
        for other in facts.sites:
            if other is site or other.api.path not in _BY_RUN_ID:
                continue
            arg = other.api.arg("run_id", _BY_RUN_ID[other.api.path])
            value = arg.value if arg is not None else None
            if isinstance(value, cst.Name) and _same_holder(value, submitted, ctx):
                if _assignable(submitted, site, ctx) is None:
                    finding = _out_of_reach(submitted, other, ctx)
                    ctx.held[other] = dataclasses.replace(finding, blocker=site)
                    return finding
                return [], [submitted]
        reader = _read_back_by_caller(site, submitted, ctx)
        if reader is not None:
            finding = _out_of_reach(reader[0], reader[1], ctx)
            ctx.held[reader[1]] = dataclasses.replace(finding, blocker=site)
            return finding
    if not origins:
        return [], []
    objects: Dict[str, cst.BaseExpression] = {}
    ids: Dict[str, cst.Name] = {}
    if isinstance(submitted, cst.Name) and _id_origins(submitted, ctx):
        ids[submitted.value] = submitted
    for other in facts.sites:
        if other is site or other.api.path not in _BY_RUN_ID:
            continue
        arg = other.api.arg("run_id", _BY_RUN_ID[other.api.path])
        value = arg.value if arg is not None else None
        if isinstance(value, cst.Attribute) and value.attr.value == "id":
            typed = ctx.typed(value.value)
            if typed is None or not origins & set(typed.sites) or _same_holder(value.value, submitted, ctx):
                continue
            target = _assignable(value.value, site, ctx)
            if target is None and not _parameter(value.value, ctx) and not _receives(value.value, site, ctx):
                finding = _out_of_reach(value.value, other, ctx)
                ctx.held[other] = dataclasses.replace(finding, blocker=site)  # both stay: a run re-read by ID
                return finding
            if target is not None:
                objects.setdefault(code(target), target)
        elif isinstance(value, cst.Name) and origins & _id_origins(value, ctx):
            if _assignable(value, site, ctx) is None:
                finding = _out_of_reach(value, other, ctx)
                ctx.held[other] = dataclasses.replace(finding, blocker=site)
                return finding
            ids.setdefault(value.value, value)
    return list(objects.values()), list(ids.values())


def _read_back_by_caller(site: ApiSite, submitted: cst.Name, ctx: Context) -> Optional[Tuple[cst.BaseExpression, ApiSite]]:
    """A caller of the submit's function that hands it the run (or its ID) as ``submitted`` and,
    after that call (later, or in a loop around both), reads that run back by ID, itself or through
    a function of the module it hands the same value to: (what it hands, the reader). Unless the
    helper returns the next response, that re-read finds the first response again, whose function
    calls are answered already, forever."""
    facts = ctx.facts
    if isinstance(facts.parent(site.value), cst.Return):
        return None  # _handed_back rebinds the callers' names
    function = facts.function_of(site.call)
    param = _param_of(submitted, function, ctx)
    if param is None:
        return None
    for call, _ in facts.callers(function):  # type: ignore[arg-type]
        given = facts.argument_for(call, function, param)  # type: ignore[arg-type]
        if given is None:
            continue
        caller = facts.function_of(call)
        for reader, at in _readers_in(caller, given, site, ctx):
            if _after(at, call, caller, ctx):
                return given, reader
    return None


def _param_of(name: cst.Name, function, ctx: Context) -> Optional[cst.Param]:
    found = ctx.facts.bindings(name)
    if len(found) != 1 or found[0].how != "param" or not isinstance(function, cst.FunctionDef):
        return None
    param = ctx.facts.parent(found[0].node)
    return param if isinstance(param, cst.Param) else None


def _readers_in(caller, given: cst.BaseExpression, skip: ApiSite, ctx: Context, depth: int = 0):
    """(reader, where in ``caller`` it runs) for each re-read by ID of the run ``given`` stands for
    (a run, or its ID): calls in ``caller`` itself, and in functions of the module ``caller`` hands
    the same value to (one level down)."""
    facts = ctx.facts
    holder = given.value if isinstance(given, cst.Attribute) and given.attr.value == "id" else given
    for other in facts.sites:
        if other is skip or other.api.path not in _BY_RUN_ID or facts.function_of(other.call) is not caller:
            continue
        arg = other.api.arg("run_id", _BY_RUN_ID[other.api.path])
        value = arg.value if arg is not None else None
        read = value.value if isinstance(value, cst.Attribute) and value.attr.value == "id" else value
        if read is None or (holder is given) != (read is value):
            continue
        own = facts.w.bindings_at.get(holder) if isinstance(holder, cst.Name) else None  # a parameter, one level down
        if (own in facts.bindings(read) if own is not None and isinstance(read, cst.Name) else _same_holder(read, holder, ctx)):
            yield other, other.call
    if depth:
        return
    for call, _ in facts.w.calls:
        if facts.function_of(call) is not caller:
            continue
        callee = facts.function_called(call)
        if callee is None or callee is facts.function_of(skip.call):
            continue
        for passed in call.args:
            if passed.star or not _same_holder(passed.value, given, ctx):
                continue
            param = next((p for p in callee.params.params if facts.argument_for(call, callee, p) is passed.value), None)
            if param is None:
                continue
            for reader, _ in _readers_in(callee, param.name, skip, ctx, depth + 1):
                yield reader, call


def _after(node: cst.CSTNode, call: cst.Call, caller, ctx: Context) -> bool:
    """``node`` can run after ``call``: later in the function, or in a loop holding both."""
    facts = ctx.facts
    if facts.order(facts.statement_of(node)) > facts.order(facts.statement_of(call)):  # type: ignore[arg-type]
        return True
    loop = facts.parent(call)
    while loop is not None and loop is not caller:
        if isinstance(loop, (cst.While, cst.For)) and facts.inside(node, loop):
            return True
        loop = facts.parent(loop)
    return False


def _handed_back(site: ApiSite, submitted: cst.BaseExpression, ctx: Context):
    """`return runs.submit_tool_outputs(...)` in a helper handed the run (or its ID): the helper
    returns the next response now, with a new ID. A caller that drops it keeps the first one, and
    a re-read by that ID answers the same function calls again, forever: the name the caller
    handed in takes the next response (or its ID). Edits for the callers' statements, or a Finding
    when a caller hands in something it cannot rebind."""
    facts = ctx.facts
    if not isinstance(facts.parent(site.value), cst.Return) or not isinstance(submitted, cst.Name):
        return {}
    found = facts.bindings(submitted)
    if len(found) != 1 or found[0].how != "param":
        return {}
    function = facts.function_of(site.call)
    param = facts.parent(found[0].node)
    if not isinstance(function, cst.FunctionDef) or not isinstance(param, cst.Param):
        return {}
    by_id = site.api.arg("run_id", 0)
    is_id = by_id is not None and by_id.value is submitted  # the helper takes the ID, not the run
    edits: Dict[cst.CSTNode, Optional[Callable[[cst.CSTNode], cst.CSTNode]]] = {}
    for call, _ in facts.callers(function):
        outer = facts.parent(call)
        outer = facts.parent(outer) if isinstance(outer, cst.Await) else outer
        if not isinstance(outer, cst.Expr):
            continue  # the caller takes the next response itself
        given = facts.argument_for(call, function, param)
        target: Optional[cst.BaseExpression] = None
        take_id = False
        if is_id and isinstance(given, cst.Attribute) and given.attr.value == "id":
            target = _assignable_at(given.value, call, ctx)
        elif given is not None:
            target = _assignable_at(given, call, ctx)
            take_id = is_id
        if target is None:
            caller = facts.function_of(call)
            where = f"`{caller.name.value}`" if isinstance(caller, cst.FunctionDef) else "the module"
            what = f"`{code(given)}`" if given is not None else "the run"
            return Finding("tool-round-new-id", f"{where} drops the response `{function.name.value}(...)` returns now and "
                           f"keeps the run it handed in ({what}): each tool round is a new response with a new ID, so "
                           "store the returned response (or its .id) where that run is kept, then run the tool again")
        edits[outer] = lambda updated, target=target, take_id=take_id: cst.Assign(
            targets=[cst.AssignTarget(target=target)],
            value=build.attr(updated.value, "id") if take_id else updated.value,  # type: ignore[attr-defined]
            semicolon=updated.semicolon)  # type: ignore[attr-defined]
    return edits


def _same_run(origins: set, ctx: Context) -> set:
    """``origins`` with the calls that made the runs re-read by ID among them (a retrieved run is
    the run its ID came from)."""
    out = set(origins)
    pending = list(origins)
    while pending:
        site = pending.pop()
        if not isinstance(site, ApiSite) or site.api.path not in _BY_RUN_ID or site.api.path[-1].startswith("submit"):
            continue
        arg = site.api.arg("run_id", _BY_RUN_ID[site.api.path])
        value = arg.value if arg is not None else None
        found: set = set()
        if isinstance(value, cst.Attribute) and value.attr.value == "id" and not _parameter(value.value, ctx):
            # (a helper's parameter holds whatever run each caller hands it: no one run)
            typed = ctx.typed(value.value)
            found = set(typed.sites) if typed is not None else set()
        elif isinstance(value, cst.Name):
            found = _id_origins(value, ctx)
        for origin in found - out:
            out.add(origin)
            pending.append(origin)
    return out


def _id_origins(name: cst.Name, ctx: Context, seen: Optional[set] = None) -> set:
    """The calls whose run a name holding an ID (`run_id = run.id`) came from: Assistants calls, or
    `responses.create/retrieve` calls an earlier run of the tool wrote (so that a second run sees the
    holders the first one saw), followed into a parameter through the module's own callers."""
    facts = ctx.facts
    seen = set() if seen is None else seen
    if id(name) in seen:
        return set()
    seen.add(id(name))
    out: set = set()
    for binding in facts.bindings(name):
        value = binding.value
        if binding.how == "param" and isinstance(binding.scope.node, cst.FunctionDef):
            func = binding.scope.node
            param = facts.parent(binding.node)
            for call, _ in facts.callers(func):
                passed = facts.argument_for(call, func, param) if isinstance(param, cst.Param) else None
                if isinstance(passed, cst.Name):
                    out |= _id_origins(passed, ctx, seen)
        elif isinstance(value, cst.Attribute) and value.attr.value == "id":
            typed = ctx.typed(value.value)
            if typed is not None and typed.kind == kinds.RUN:
                out |= set(typed.sites)
            elif isinstance(value.value, cst.Name):
                out |= _migrated_responses(value.value, ctx)
    return out


def _migrated_responses(name: cst.Name, ctx: Context) -> set:
    """The `client.responses.create/retrieve(...)` calls (written by an earlier run) ``name`` holds."""
    out: set = set()
    for binding in ctx.facts.bindings(name):
        value = binding.value
        if isinstance(value, cst.Await):
            value = value.expression
        func = value.func if isinstance(value, cst.Call) else None
        if (isinstance(func, cst.Attribute) and func.attr.value in ("create", "retrieve")
                and isinstance(func.value, cst.Attribute) and func.value.attr.value == "responses"):
            out.add(value)
    return out


def _receives(node: cst.BaseExpression, site: ApiSite, ctx: Context) -> bool:
    """The holder is given this call's value somewhere (`run = submit_round(run)`, the helper
    returning the next response): the code hands the new response over itself."""
    found = ctx.facts.bindings(node) if isinstance(node, cst.Name) else []
    for binding in found:
        typed = ctx.typed(binding.value) if binding.value is not None else None
        if typed is not None and site in typed.sites:
            return True
    return False


def _parameter(node: cst.BaseExpression, ctx: Context) -> bool:
    """A parameter holds what each call hands it (the caller's rebound value), not a stored run,
    also when the function re-reads it into the same name (`run = runs.retrieve(run.id)`)."""
    found = ctx.facts.bindings(node) if isinstance(node, cst.Name) else []
    return any(b.how == "param" for b in found)


def _same_holder(a: cst.BaseExpression, b: cst.BaseExpression, ctx: Context) -> bool:
    """The same variable (a name bound in the same scope) or the same `self.` attribute."""
    facts = ctx.facts
    if isinstance(a, cst.Name) and isinstance(b, cst.Name):
        return a.value == b.value and {id(x) for x in facts.all_bindings(a)} == {id(x) for x in facts.all_bindings(b)}
    found = facts.self_attr(a)
    return found is not None and found == facts.self_attr(b)


def _assignable(kept: cst.BaseExpression, site: ApiSite, ctx: Context) -> Optional[cst.BaseExpression]:
    """``kept`` as a target the submit's statement can assign: a name of the same function, or an
    attribute of `self` in a method of the same class."""
    return _assignable_at(kept, site.call, ctx)


def _assignable_at(kept: cst.BaseExpression, at: cst.CSTNode, ctx: Context) -> Optional[cst.BaseExpression]:
    facts = ctx.facts
    function = facts.scope_at(at).function
    if isinstance(kept, cst.Name):
        # A name of the same function, or (a script, a notebook) of the module, read there.
        found = facts.all_bindings(kept)
        if found and all(b.scope.function is function for b in found) and facts.scope_at(kept).function is function:
            return kept
        return None
    if function is None:
        return None
    attr = facts.self_attr(kept)
    me = facts.w.self_name.get(function.node)  # type: ignore[arg-type]
    if attr is not None and me is not None and facts.w.class_of_function.get(function.node) is attr[0]:  # type: ignore[arg-type]
        return build.attr(cst.Name(me), attr[1])
    return None


def _out_of_reach(kept: cst.BaseExpression, reader: ApiSite, ctx: Context) -> Finding:
    return Finding("tool-round-new-id", f"the run is read back by its ID through `{code(kept)}` (by "
                   f"`{'.'.join(reader.api.path)}`), out of this call's reach: each tool round is a new response with "
                   "a new ID, so hand the response this call makes to that code, then rewrite it")


def _keep_the_run_in(site: ApiSite, objects: List[cst.BaseExpression], ids: List[cst.Name], ctx: Context):
    """A run kept its ID across tool rounds; the next response has a new one. Where the code goes
    on reading the run through a name (or `self.` attribute) holding it or its ID, that name now
    takes the next response (or its ID), so that `runs.retrieve(run.id)` after the submit reads it."""
    if not objects and not ids:
        return None
    parent = ctx.facts.parent(site.value)
    if not isinstance(parent, (cst.Expr, cst.Assign)):
        return None
    bound = [t.target for t in parent.targets] if isinstance(parent, cst.Assign) else []
    held = {code(t) for t in bound}
    added = [o for o in objects if code(o) not in held]

    def rebind(statement: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(statement, cst.SimpleStatementLine)
        body: List[cst.BaseSmallStatement] = []
        for small in statement.body:
            if isinstance(small, cst.Expr) and _is_response_call(small.value):
                targets = [cst.AssignTarget(target=o) for o in added]
                if targets:
                    body.append(cst.Assign(targets=targets, value=small.value))
                else:  # only its ID is kept
                    body.append(cst.Assign(targets=[cst.AssignTarget(target=i) for i in ids], value=build.attr(small.value, "id")))
                    continue
            elif isinstance(small, cst.Assign) and _is_response_call(small.value):
                body.append(small.with_changes(targets=[*small.targets, *(cst.AssignTarget(target=o) for o in added)]))
            else:
                body.append(small)
                continue
            if ids:
                first = body[-1].targets[0].target  # type: ignore[attr-defined]
                body.append(cst.Assign(targets=[cst.AssignTarget(target=i) for i in ids], value=build.attr(first, "id")))
        return statement.with_changes(body=body)

    return rebind


def _is_response_call(node: cst.BaseExpression) -> bool:
    inner = node.expression if isinstance(node, cst.Await) else node
    return isinstance(inner, cst.Call) and code(inner.func).endswith("responses.create")


def tool_outputs(node: cst.BaseExpression, ctx: Context) -> cst.BaseExpression:
    """Tool outputs as function_call_output items: converted here when written as literal dicts,
    by the module's helper when built elsewhere (a helper, a loop appending to a list)."""
    def item(entry: cst.BaseExpression) -> Optional[cst.BaseExpression]:
        found = build.dict_literal_items(entry)
        if found is None or set(found) != {"tool_call_id", "output"}:
            return None
        return build.dict_of([("type", build.string("function_call_output")), ("call_id", found["tool_call_id"]),
                              ("output", found["output"])])

    if isinstance(node, cst.List) and all(isinstance(e, cst.Element) for e in node.elements):
        converted = [item(e.value) for e in node.elements]
        if all(c is not None for c in converted):
            return node.with_changes(elements=[e.with_changes(value=c) for e, c in zip(node.elements, converted)])
    if isinstance(node, cst.ListComp):
        converted_elt = item(node.elt)
        if converted_elt is not None:
            return node.with_changes(elt=converted_elt)
    return build.call(cst.Name(ctx.helper("_function_call_outputs")), [cst.Arg(node)])


def poll(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
    """runs.poll waited until the run left queued / in_progress: the module's helper does the same
    with responses.retrieve (the run is a background response)."""
    given = dict(keywords(site.call, positional=("run_id", "thread_id")))
    if any(a.star for a in site.call.args) or "run_id" not in given or set(given) - {"run_id", "thread_id", "poll_interval_ms"}:
        return Left(Finding("run-params", "runs.poll with other arguments: poll client.responses.retrieve by hand"))

    def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
        call = call_of(value)
        parts = {key: after for key, _, after in pairs(site.call, call, ("run_id", "thread_id"))}
        helper = ctx.helper("_poll_response_async" if site.awaited else "_poll_response")
        args = [cst.Arg(receiver(call)), cst.Arg(parts["run_id"].value)]
        if "poll_interval_ms" in parts:
            args.append(parts["poll_interval_ms"])
        return new_call(value, cst.Name(helper), args)

    return Rewrite(rebuild, "response")


def no_counterpart(code: str, message: str):
    def handle(site: ApiSite, ctx: Context) -> Left:
        return Left(Finding(code, message))

    return handle


RULES: Dict[tuple, object] = {
    ("threads", "runs", "create"): create,
    ("threads", "runs", "create_and_poll"): create,
    ("threads", "create_and_run"): create_and_run,
    ("threads", "create_and_run_poll"): create_and_run,
    ("threads", "runs", "retrieve"): _by_run_id("retrieve"),
    ("threads", "runs", "cancel"): _by_run_id("cancel"),
    ("threads", "runs", "submit_tool_outputs"): submit_tool_outputs,
    ("threads", "runs", "submit_tool_outputs_and_poll"): submit_tool_outputs,
    ("threads", "runs", "list"): no_counterpart("runs-list", "responses cannot be listed: keep the IDs of the "
                                                             "responses you create"),
    ("threads", "runs", "update"): no_counterpart("runs-update", "a response's metadata cannot be changed after it "
                                                                 "is created: keep it in your own storage"),
    ("threads", "runs", "poll"): poll,
}
