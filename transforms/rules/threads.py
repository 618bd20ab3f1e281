"""threads -> conversations: a thread becomes a conversation, its ID a conversation ID.

    thread = client.beta.threads.create(messages=[{"role": "user", "content": q}])
    ->  thread = client.conversations.create(items=[{"role": "user", "content": q}])
    client.beta.threads.delete(thread_id)  ->  client.conversations.delete(thread_id)
"""

from __future__ import annotations

from typing import List, Optional, Union

import libcst as cst

from transforms import build
from transforms.facts import kinds
from transforms.facts.walk import ApiSite
from transforms.rules import content
from transforms.rules.context import Context, Finding, Left, Rewrite, call_of, keywords, kwarg, new_call, pairs, receiver, updated_arg

NAME = "threads-to-conversations"
STORED_THREAD = Finding(
    "stored-thread-id",
    "this thread ID may come from storage or a caller: IDs saved before the migration name threads, "
    "and the Conversations API answers 404 for them (start a new conversation for those)",
)


def conversation_id_note(site: ApiSite, node: cst.BaseExpression, ctx: Context) -> List[Finding]:
    """The stored-ID note, unless the ID comes from a conversation this module creates."""
    typed = ctx.typed(node)
    if typed is not None and typed.kind == kinds.id_of(kinds.THREAD) and not typed.external and typed.sites:
        if all(s.api.path in _CREATORS for s in typed.sites):
            return []
    if typed is not None and typed.kind in (kinds.THREAD, kinds.RUN) and not typed.external:
        return []
    return [STORED_THREAD]


_CREATORS = {("threads", "create"), ("threads", "create_and_run"), ("threads", "create_and_run_poll"),
             ("threads", "create_and_run_stream")}


def thread_arg_of(site: ApiSite) -> Optional[cst.BaseExpression]:
    """The thread ID a call names (`thread_id=` or its first positional argument where it takes one)."""
    positional = 0 if site.api.method in ("create", "list", "retrieve", "update", "modify", "delete") and \
        site.api.path[:2] != ("threads", "runs") or site.api.path == ("threads", "runs", "create") else None
    if site.api.path in (("threads", "messages", "retrieve"), ("threads", "messages", "delete"), ("threads", "runs", "retrieve")):
        positional = None
    found = site.api.arg("thread_id", positional)
    return found.value if found is not None else None


def thread_arg(call: cst.Call, name: str = "thread_id", position: int = 0) -> cst.Arg:
    found = updated_arg(call, name, position)
    if found is None:
        raise LookupError(name)
    return found


def create(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
    given = dict(keywords(site.call))
    unknown = set(given) - {"messages", "metadata", "tool_resources", "extra_headers", "extra_query", "extra_body", "timeout"}
    if unknown or any(a.star for a in site.call.args):
        return Left(Finding("thread-params", f"threads.create with {', '.join(sorted(unknown)) or '**kwargs'}: "
                                             "pass the same to client.conversations.create by hand"))
    if "tool_resources" in given and content.inline_store(given["tool_resources"].value):
        return Left(content.INLINE_STORE)
    remembered = False
    if "tool_resources" in given:
        runs = _runs_of(site, ctx)
        if runs is None:
            # The runs are elsewhere: the registry keeps the resources for the conversation.
            remembered = ctx.remembered = True
        else:
            for run in runs:
                ctx.thread_resources[run] = given["tool_resources"].value
    if "messages" in given:
        finding = content.messages_finding(given["messages"].value)
        if finding is not None:
            return Left(finding)

    def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
        call = call_of(value)
        args = []
        for key, before, a in pairs(site.call, call):
            if key == "messages":
                converted = content.thread_messages(before.value, a.value, ctx)
                assert not isinstance(converted, Finding)
                args.append(kwarg("items", build.list_of(converted) if isinstance(converted, list) else converted))
            elif key != "tool_resources":  # given to each run on the thread instead
                args.append(a)
        made = new_call(value, build.attr(receiver(call), "conversations", "create"), args)
        if remembered:
            held = next(a.value for k, _, a in pairs(site.call, call) if k == "tool_resources")
            made = ctx.registry_call("with_resources", [cst.Arg(made), cst.Arg(held)])
        if attached:
            # The messages' attachments are the thread's files: the registry keeps them for the
            # conversation (a one-shot thread gives them to its run instead, and this call goes).
            entries = attached[0] if len(attached) == 1 else build.list_of([cst.StarredElement(a) for a in attached])  # type: ignore[list-item]
            function = "attachment_resources_async" if site.awaited else "attachment_resources"
            files: cst.BaseExpression = ctx.registry_call(function, [cst.Arg(receiver(call)), cst.Arg(entries)])
            if site.awaited:
                files = cst.Await(expression=files)
            made = ctx.registry_call("with_resources", [cst.Arg(made), cst.Arg(files)])
        return made

    attached = content.attachments_of(given["messages"].value) if "messages" in given else []
    if attached:
        ctx.remembered = True
    return Rewrite(rebuild, "conversation")


_RUN_CALLS = {("threads", "runs", "create"), ("threads", "runs", "create_and_poll"), ("threads", "runs", "stream"),
              ("threads", "runs", "create_and_stream")}


def _runs_of(site: ApiSite, ctx: Context):
    """The runs on the thread ``site`` makes, when each is later in the same function and the thread's
    tool_resources can be given to it as written (no name in them changes in between); else None:
    also when there is no such run, or the thread reaches code the module does not show (stored,
    returned, handed over), whose runs the registry must then find the resources for."""
    facts = ctx.facts
    resources = site.api.arg("tool_resources")
    assert resources is not None
    if not _stays_local(site, ctx):
        return None
    names = [n for n in _names(resources.value)]
    function = facts.function_of(site.call)
    runs = []
    for other in facts.sites:
        if other.api.path[:1] != ("threads",) or other is site:
            continue
        thread = other.api.arg("thread_id", 0 if other.api.path in (("threads", "runs", "create"), ("threads", "messages", "create"), ("threads", "messages", "list")) else None)
        typed = ctx.typed(thread.value) if thread is not None else None
        if typed is None or site not in typed.sites:
            continue
        if other.api.path not in _RUN_CALLS:
            continue
        if facts.function_of(other.call) is not function or other.order <= site.order:
            return None
        for name in names:
            for binding in facts.bindings(name):
                if site.order < facts.order(binding.statement) <= other.order if binding.statement is not None else False:
                    return None
        runs.append(other)
    return runs or None


def _stays_local(site: ApiSite, ctx: Context) -> bool:
    """The thread is bound to a local name whose every read is `<name>.id` given to an API call."""
    facts = ctx.facts
    parent = facts.parent(site.value)
    target = parent.targets[0].target if isinstance(parent, cst.Assign) and len(parent.targets) == 1 else None
    if not isinstance(target, cst.Name) or facts.function_of(site.call) is None:
        return False
    binding = facts.w.bindings_at.get(target)
    if binding is None:
        return False
    for read in facts.reads_of(binding):
        attribute = facts.parent(read)
        arg = facts.parent(attribute) if isinstance(attribute, cst.Attribute) and attribute.attr.value == "id" else None
        call = facts.parent(arg) if isinstance(arg, cst.Arg) else None
        if not isinstance(call, cst.Call) or call not in facts.w.site_of_call:
            return False
    return True


def _names(node: cst.CSTNode):
    if isinstance(node, cst.Name):
        yield node
    for child in node.children:
        yield from _names(child)


def _by_id(method: str, rename=None):
    def handle(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
        given = dict(keywords(site.call, positional=("thread_id",)))
        if "thread_id" not in given:
            return Left(Finding("thread-params", f"threads.{site.api.method} without a thread ID: rewrite by hand"))
        # retrieve and delete took nothing but the ID and the request options, which the
        # conversation's methods take alike: what the code spreads in goes on there as it is.
        spread = [a for a in site.call.args if a.star]
        if spread and method not in ("retrieve", "delete"):
            return Left(Finding("thread-params", f"threads.{site.api.method} with arguments built elsewhere (*args, "
                                                 "**kwargs): pass them to the conversation's method by hand"))
        extra = set(given) - {"thread_id", "metadata", "tool_resources", "extra_headers", "extra_query", "extra_body", "timeout"}
        if extra or (method != "update" and "tool_resources" in given):
            return Left(Finding("thread-params", f"threads.{site.api.method} with {', '.join(sorted(extra or {'tool_resources'}))}: "
                                                 "no counterpart on a conversation"))
        resources = given.get("tool_resources")
        if resources is not None and content.inline_store(resources.value):
            return Left(content.INLINE_STORE)
        if resources is not None and "metadata" not in given and not isinstance(ctx.facts.parent(site.value), cst.Expr):
            return Left(Finding("thread-resources", "threads.update(tool_resources=...) whose result is used: the "
                                                    "conversation object has no tool_resources to return"))
        if method == "update" and "metadata" not in given and resources is None:
            return _by_id("retrieve")(site, ctx)  # an update that changes nothing returns the thread as it is
        if resources is not None:
            ctx.remembered = True
        notes = conversation_id_note(site, given["thread_id"].value, ctx)

        def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
            call = call_of(value)
            args = []
            for key, a in keywords(call, positional=("thread_id",)):
                if key == "thread_id":
                    args.append(cst.Arg(a.value))
                else:
                    args.append(a)
            args += [a for a in call.args if a.star]
            if resources is None:
                return new_call(value, build.attr(receiver(call), "conversations", method), args)
            # The registry keeps a thread's tool_resources for its conversation (a conversation keeps none).
            held = next(a.value for k, _, a in pairs(site.call, call, ("thread_id",)) if k == "tool_resources")
            kept = [a for a in args if a.keyword is None or a.keyword.value != "tool_resources"]
            if "metadata" in given:
                target: cst.BaseExpression = new_call(value, build.attr(receiver(call), "conversations", method), kept)
            else:
                target = kept[0].value
            return ctx.registry_call("with_resources", [cst.Arg(target), cst.Arg(held)])

        return Rewrite(rebuild, "conversation" if method != "delete" else "deleted", notes)

    return handle


def unlisted(site: ApiSite, ctx: Context) -> Left:
    return Left(Finding("threads-list", "threads cannot be listed, and conversations cannot either: keep the IDs "
                                        "of the conversations you create in your own storage"))


RULES = {
    ("threads", "create"): create,
    ("threads", "retrieve"): _by_id("retrieve"),
    ("threads", "update"): _by_id("update"),
    ("threads", "modify"): _by_id("update"),
    ("threads", "delete"): _by_id("delete"),
    ("threads", "list"): unlisted,
}
