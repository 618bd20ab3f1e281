"""messages -> conversation items: a thread's messages are the conversation's message items.

    client.beta.threads.messages.create(thread_id=t, role="user", content=q)
    ->  client.conversations.items.create(t, items=[{"role": "user", "content": q}])
    client.beta.threads.messages.list(thread_id=t, order="asc")  ->  client.conversations.items.list(t, order="asc")

A conversation also holds tool calls and their outputs, which a thread's message list never
showed: reads of the list keep only message items (the reads rule). A run's own messages
(`run_id=`) are that response's output messages.
"""

from __future__ import annotations

from typing import Optional, Sequence, Set, Union

import libcst as cst

from transforms import build
from transforms.facts import kinds
from transforms.facts.walk import ApiSite
from transforms.rules import content
from transforms.rules.context import Context, Finding, Left, Rewrite, call_of, code, keywords, kwarg, new_call, pairs, receiver, star_kwargs
from transforms.rules.threads import conversation_id_note

NAME = "messages-to-items"
_PASS = ("extra_headers", "extra_query", "extra_body", "timeout")


def create(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
    if any(a.star == "**" for a in site.call.args) and not any(a.star == "*" or (a.keyword is None and not a.star) for a in site.call.args):
        return _from_dict(site, ctx)
    given = dict(keywords(site.call, positional=("thread_id",)))
    if any(a.star for a in site.call.args) or "thread_id" not in given or "content" not in given:
        return Left(Finding("message-params", "messages.create with arguments built elsewhere: pass them to "
                                              "client.conversations.items.create(conversation_id, items=[...]) by hand"))
    attached = given.get("attachments") or given.get("file_ids")  # v1 file_ids: files for both tools
    if "attachments" in given and not isinstance(given["attachments"].value, (cst.List, cst.Tuple)):
        return Left(content.ATTACHMENTS)
    if "attachments" in given and "file_ids" in given:
        return Left(content.ATTACHMENTS)
    if "metadata" in given:
        return Left(content.METADATA)
    extra = set(given) - {"thread_id", "role", "content", "attachments", "file_ids", *_PASS}
    if extra:
        return Left(Finding("message-params", f"messages.create with {', '.join(sorted(extra))}: no slot on a conversation item"))
    notes = conversation_id_note(site, given["thread_id"].value, ctx)
    used = _value_used(site, ctx)

    def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
        call = call_of(value)
        parts = {key: (before, after) for key, before, after in pairs(site.call, call, ("thread_id",))}
        role = parts["role"][1].value if "role" in parts else None
        item = content.item(role, parts["content"][0].value, parts["content"][1].value, ctx)
        args = [cst.Arg(parts["thread_id"][1].value), kwarg("items", build.list_of([item]))]  # attachments: only folded
        args += [parts[k][1] for k in _PASS if k in parts]
        made = new_call(value, build.attr(receiver(call), "conversations", "items", "create"), args)
        if not used:
            return made
        # The created item, as messages.create returned the created message.
        return build.call(cst.Name(ctx.helper("_created_message")), [cst.Arg(made)])

    if attached is None:
        return Rewrite(rebuild, "item", notes)

    def with_files(value: cst.BaseExpression) -> cst.BaseExpression:
        """The message and its files: the registry posts the item and keeps the attachments as the
        thread's files, whose later runs search and read them (settings(thread=...)). (A message
        folded into a run gives them to that run instead.)"""
        call = call_of(value)
        parts = {key: (before, after) for key, before, after in pairs(site.call, call, ("thread_id",))}
        role = parts["role"][1].value if "role" in parts else None
        item = content.item(role, parts["content"][0].value, parts["content"][1].value, ctx)
        files = parts["attachments"][1].value if "attachments" in parts else _v1_attachments(parts["file_ids"][1].value)
        function = "add_message_async" if site.awaited else "add_message"
        made = new_call(value, ctx.registry_call(function, []).func,
                        [cst.Arg(receiver(call)), cst.Arg(parts["thread_id"][1].value), cst.Arg(item), cst.Arg(files)])
        if not used:
            return made
        return build.call(cst.Name(ctx.helper("_created_message")), [cst.Arg(made)])

    return Rewrite(with_files, "item", notes)


def _v1_attachments(file_ids: cst.BaseExpression) -> cst.BaseExpression:
    """v1 message file_ids: attachments for both tools, as v1 gave them."""
    tools = build.list_of([build.dict_of([("type", build.string(t))]) for t in ("file_search", "code_interpreter")])
    return cst.ListComp(
        elt=build.dict_of([("file_id", cst.Name("file_id")), ("tools", tools)]),
        for_in=cst.CompFor(target=cst.Name("file_id"), iter=file_ids),
    )


def _from_dict(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
    """`messages.create(**params)`: the registry maps the message's arguments at run time. A dict
    the code visibly gives attachments or metadata stays: message_arguments raises for them (a
    conversation item has no slot), so the rewrite would fail on the path that sets them."""
    spread = next(a.value for a in site.call.args if a.star == "**")
    key = _keys_given(spread, ("attachments", "file_ids", "metadata"), ctx)
    if key is not None:
        what = f"`{code(spread)}` gets \"{key}\" above"
        if key == "metadata":
            return Left(Finding(content.METADATA.code, f"{what}: {content.METADATA.message}"))
        return Left(Finding(content.ATTACHMENTS.code, f"{what}, which a conversation item has no slot for: give the "
                                                      "files to the response's file_search (a vector store) or "
                                                      "code_interpreter (container file_ids) tools"))
    used = _value_used(site, ctx)

    def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
        call = call_of(value)
        mapped = ctx.registry_call("message_arguments", [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in call.args])
        made = new_call(value, build.attr(receiver(call), "conversations", "items", "create"), [star_kwargs(mapped)])
        return build.call(cst.Name(ctx.helper("_created_message")), [cst.Arg(made)]) if used else made

    return Rewrite(rebuild, "item", [Finding("stored-thread-id", STORED)])


def _keys_given(node: cst.BaseExpression, keys: Sequence[str], ctx: Context) -> Optional[str]:
    """The first of ``keys`` the dict ``node`` is seen to get: a literal key (`{"attachments": ...}`,
    `dict(attachments=...)`), or, for a name, a key stored into it (`params["attachments"] = ...`,
    `params.update(attachments=...)`) in the code that reaches the call."""
    found = _literal_keys(node)
    if isinstance(node, cst.Name):
        for binding in ctx.facts.bindings(node):
            if binding.value is not None and not binding.path and binding.how in ("assign", "annassign"):
                found |= _literal_keys(binding.value)
            for read in ctx.facts.reads_of(binding):
                found |= _keys_stored(read, ctx)
    return next((key for key in keys if key in found), None)


def _literal_keys(node: cst.BaseExpression) -> Set[str]:
    if isinstance(node, cst.Dict):
        return {k for k in (build.literal_string(e.key) for e in node.elements if isinstance(e, cst.DictElement)) if k}
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "dict":
        return {a.keyword.value for a in node.args if a.keyword is not None} | \
            set().union(*(_literal_keys(a.value) for a in node.args if a.keyword is None and not a.star))
    return set()


def _keys_stored(read: cst.Name, ctx: Context) -> Set[str]:
    """Keys a read of a dict's name stores: `read["k"] = ...`, `read.update(k=...)`, `read.setdefault("k", ...)`."""
    parent = ctx.facts.parent(read)
    if isinstance(parent, cst.Subscript) and parent.value is read and len(parent.slice) == 1:
        index = parent.slice[0].slice
        key = build.literal_string(index.value) if isinstance(index, cst.Index) else None
        holder = ctx.facts.parent(parent)
        if key is not None and isinstance(holder, (cst.AssignTarget, cst.AugAssign)):
            return {key}
    if isinstance(parent, cst.Attribute) and parent.value is read and parent.attr.value in ("update", "setdefault"):
        call = ctx.facts.parent(parent)
        if isinstance(call, cst.Call) and call.func is parent:
            if parent.attr.value == "setdefault":
                key = build.literal_string(call.args[0].value) if call.args else None
                return {key} if key else set()
            return {a.keyword.value for a in call.args if a.keyword is not None} | \
                set().union(*(_literal_keys(a.value) for a in call.args if a.keyword is None and not a.star))
    return set()


STORED = ("the message's thread ID comes from a dict of arguments: IDs saved before the migration name threads, "
          "and the Conversations API answers 404 for them (start a new conversation for those)")


def _parenthesized(node: cst.BaseExpression) -> cst.BaseExpression:
    return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def _value_used(site: ApiSite, ctx: Context) -> bool:
    """Whether the created message is kept (assigned, returned, passed on) rather than dropped."""
    parent = ctx.facts.parent(site.value)
    return not isinstance(parent, cst.Expr)


def list_(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
    given = dict(keywords(site.call, positional=("thread_id",)))
    if any(a.star for a in site.call.args) or "thread_id" not in given:
        return Left(Finding("message-params", "messages.list with arguments built elsewhere: list "
                                              "client.conversations.items.list(conversation_id, ...) by hand"))
    if "before" in given and not _none(given["before"].value):
        return Left(Finding("before-pagination", "messages.list(before=...) has no counterpart: conversation items "
                                                 "page forwards only (after=, order=)"))
    if "run_id" in given:
        return _run_messages(site, given, ctx)
    extra = set(given) - {"thread_id", "limit", "order", "after", "before", *_PASS}
    if extra:
        return Left(Finding("message-params", f"messages.list with {', '.join(sorted(extra))}: list the conversation's items by hand"))
    notes = conversation_id_note(site, given["thread_id"].value, ctx)

    def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
        call = call_of(value)
        args = []
        for key, _, after in pairs(site.call, call, ("thread_id",)):
            if key == "thread_id":
                args.append(cst.Arg(after.value))
            elif key != "before":
                args.append(after)
        return new_call(value, build.attr(receiver(call), "conversations", "items", "list"), args)

    return Rewrite(rebuild, "items", notes)


def _none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _run_messages(site: ApiSite, given, ctx: Context) -> Union[Rewrite, Left]:
    """`messages.list(thread_id=t, run_id=run.id)`: the messages that run wrote are its response's output."""
    extra = set(given) - {"thread_id", "run_id", "order", "limit", *_PASS}
    if extra or "limit" in given:
        return Left(Finding("message-params", "messages.list(run_id=...) with paging: read the response's output items"))
    order = build.literal_string(given["order"].value) if "order" in given else "desc"
    if order not in ("asc", "desc"):
        return Left(Finding("message-params", "messages.list(run_id=...) with an order chosen elsewhere: read the response's output"))
    run_id = given["run_id"].value
    holder = run_id.value if isinstance(run_id, cst.Attribute) and run_id.attr.value == "id" else None
    typed = ctx.typed(holder) if holder is not None else None
    known = typed is not None and typed.kind == kinds.RUN

    def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
        call = call_of(value)
        parts = {key: after for key, _, after in pairs(site.call, call, ("thread_id",))}
        run_value = parts["run_id"].value
        if known and isinstance(run_value, cst.Attribute):
            response = run_value.value
        else:
            response = new_call(value, build.attr(receiver(call), "responses", "retrieve"), [cst.Arg(run_value)])
            if isinstance(response, cst.Await):
                response = _parenthesized(response)
        output: cst.BaseExpression = build.attr(response, "output")
        if order == "desc":  # newest first, as messages.list gave them
            output = build.call(cst.Name("reversed"), [cst.Arg(output)])
        return cst.ListComp(
            elt=cst.Name("item"),
            for_in=cst.CompFor(
                target=cst.Name("item"), iter=output,
                ifs=[cst.CompIf(test=build.equals(build.attr("item", "type"), "message"))],
            ),
        )

    return Rewrite(rebuild, "output")


def _item_call(method: str, variant: str):
    """messages.retrieve/delete(message_id, thread_id=...) -> conversations.items.<method>(item_id, conversation_id=...)."""
    def handle(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
        given = dict(keywords(site.call, positional=("message_id",)))
        if "message_id" not in given or "thread_id" not in given or set(given) - {"message_id", "thread_id", *_PASS}:
            return Left(Finding("message-params", f"messages.{method} with other arguments: use "
                                                  f"client.conversations.items.{method} by hand"))
        notes = conversation_id_note(site, given["thread_id"].value, ctx)

        def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
            call = call_of(value)
            parts = {key: after for key, _, after in pairs(site.call, call, ("message_id",))}
            args = [cst.Arg(parts["message_id"].value), kwarg("conversation_id", parts["thread_id"].value)]
            args += [parts[k] for k in _PASS if k in parts]
            return new_call(value, build.attr(receiver(call), "conversations", "items", method), args)

        return Rewrite(rebuild, variant, notes)

    return handle


retrieve = _item_call("retrieve", "item")
delete = _item_call("delete", "item-deleted")


def update(site: ApiSite, ctx: Context) -> Left:
    return Left(Finding("message-update", "messages.update has no counterpart: conversation items carry no metadata"))


RULES = {
    ("threads", "messages", "create"): create,
    ("threads", "messages", "list"): list_,
    ("threads", "messages", "retrieve"): retrieve,
    ("threads", "messages", "delete"): delete,
    ("threads", "messages", "update"): update,
}
