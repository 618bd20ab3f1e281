"""assistants -> the prompt registry: an assistant's settings live in the team's own code.

    assistant = client.beta.assistants.create(model="gpt-4o", instructions=i, tools=t)
    ->  assistant = prompt_registry.create(model="gpt-4o", instructions=i, tools=t)
    client.beta.assistants.retrieve(assistant_id)  ->  prompt_registry.retrieve(assistant_id)

The registry module (written by `prompts --write` and `apply`) answers as the Assistants API
did: `create` keeps the settings for the process under a new ID, `retrieve` finds them by the IDs
the code used (entries for IDs kept in configuration), `update`, `delete` and `list` act on them,
and `settings(assistant_id, ...)` gives a run's keyword arguments for responses.create.
"""

from __future__ import annotations

from typing import Union

import libcst as cst

from transforms.facts.walk import ApiSite
from transforms.rules import content
from transforms.rules.context import Context, Finding, Left, Rewrite, call_of, keywords, kwarg, new_call, pairs, receiver

NAME = "assistants-to-registry"
SETTINGS = ("model", "name", "description", "instructions", "tools", "tool_resources", "temperature", "top_p",
            "response_format", "reasoning_effort", "metadata")
_PASS = ("extra_headers", "extra_query", "extra_body", "timeout")
V1 = Finding("v1-assistant-files", "assistant files are the v1 API (removed before the shutdown): put the files in a "
                                   "vector store and give its ID to the file_search tool (tool_resources)")


def _registry(function: str, allowed, positional=()):
    def handle(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
        given = dict(keywords(site.call, positional=positional))
        extra = set(given) - set(allowed) - {"file_ids", "extra_headers", "extra_query", "extra_body", "timeout"}
        if extra:
            return Left(Finding("assistant-params", f"assistants.{site.api.method} with {', '.join(sorted(extra))}: "
                                                    "keep these settings in the prompt registry by hand"))
        if "tool_resources" in given and content.inline_store(given["tool_resources"].value):
            return Left(content.INLINE_STORE)
        v1 = "file_ids" in given  # v1 files: the registry makes their vector store with the client
        if v1 and site.awaited and function == "update":
            return Left(V1)
        name = f"{function}_async" if v1 and site.awaited else function

        def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
            call = call_of(value)
            func = ctx.registry_call(name, []).func
            args = [a for a in call.args if a.keyword is None or a.keyword.value not in _PASS]
            if not v1 and len(args) == len(call.args):
                return call.with_changes(func=func)  # the registry answers at once: no await
            if v1:
                args.append(kwarg("client", receiver(call)))
            return new_call(value, func, args, awaited=v1 and site.awaited)

        return Rewrite(rebuild, "registry")

    return handle


def _files(function: str, positional):
    """assistants.files.* (v1): the registry attaches, detaches and lists an assistant's files."""
    def handle(site: ApiSite, ctx: Context) -> Union[Rewrite, Left]:
        given = dict(keywords(site.call, positional=positional))
        if any(a.star for a in site.call.args) or not {"assistant_id", "file_id"} >= set(given) - {"limit", "order", "after", "before"}:
            return Left(V1)
        if function != "files" and not {"assistant_id", "file_id"} <= set(given):
            return Left(V1)
        if function == "files" and "assistant_id" not in given:
            return Left(V1)
        name = f"{function}_async" if site.awaited and function != "files" else function

        def rebuild(value: cst.BaseExpression) -> cst.BaseExpression:
            call = call_of(value)
            parts = {key: after for key, _, after in pairs(site.call, call, positional)}
            if function == "files":
                args = [cst.Arg(parts["assistant_id"].value)] + [parts[k] for k in ("limit", "order", "after", "before") if k in parts]
            else:
                args = [cst.Arg(receiver(call)), cst.Arg(parts["assistant_id"].value), cst.Arg(parts["file_id"].value)]
            made = new_call(value, ctx.registry_call(name, []).func, args, awaited=site.awaited and function != "files")
            return made

        return Rewrite(rebuild, "registry")

    return handle


RULES = {
    ("assistants", "create"): _registry("create", SETTINGS),
    ("assistants", "retrieve"): _registry("retrieve", ("assistant_id",), ("assistant_id",)),
    ("assistants", "update"): _registry("update", ("assistant_id", *SETTINGS), ("assistant_id",)),
    ("assistants", "delete"): _registry("delete", ("assistant_id",), ("assistant_id",)),
    ("assistants", "list"): _registry("list", ("limit", "order", "after", "before")),
}
RULES[("assistants", "files", "create")] = _files("attach_file", ("assistant_id",))
RULES[("assistants", "files", "delete")] = _files("detach_file", ("file_id",))
RULES[("assistants", "files", "list")] = _files("files", ("assistant_id",))
RULES[("assistants", "files", "retrieve")] = lambda site, ctx: Left(V1)
