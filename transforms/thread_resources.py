"""A thread's tool_resources, carried by the tools of each response that replaces one of its runs.

    thread = client.beta.threads.create(tool_resources={"file_search": {"vector_store_ids": [vs]}}); ...runs.create(...)
    ->  responses.create(tools=[{"type": "file_search", "vector_store_ids": [*assistant_ids, vs]}], ...)  (inline settings)
    ->  responses.create(tools=_with_thread_resources(prompt.tools, vector_store_ids=[vs]), ...)  (registry settings)

A run searched the vector stores of its assistant and of its thread, and gave code_interpreter
the files of both, but only through the tools the assistant had. Responses has no thread
resources: settings written inline are merged where they are written (convert.tools_list);
settings looked up in the prompt registry are merged when the code runs, by a helper the
module gets once.
"""

from __future__ import annotations

from typing import Dict, List

import libcst as cst

from transforms import build, tool_sources
from transforms.collect import Collected
from transforms.edits import Edits

HELPER = "_with_thread_resources"
HELPER_CODE = '''def {name}(
    tools: typing.Iterable[typing.Any],
    vector_store_ids: typing.Sequence[str] = (),
    file_ids: typing.Sequence[str] = (),
) -> typing.List[typing.Any]:
    """The assistant's tools with a thread's files added, as a run used them: a tool the assistant lacks gets none."""
    merged: typing.List[typing.Any] = []
    for tool in tools:
        if tool.get("type") == "file_search":
            stores = [*(tool.get("vector_store_ids") or []), *vector_store_ids]
            if not stores:
                continue  # it had nothing to search, and Responses refuses a file_search tool without stores
            tool = {{**tool, "vector_store_ids": stores}}
        elif tool.get("type") == "code_interpreter" and file_ids:
            container = tool.get("container")
            if not isinstance(container, dict):
                raise ValueError("code_interpreter runs in a container chosen by ID: upload the thread's files to it")
            container = {{**container, "file_ids": [*(container.get("file_ids") or []), *file_ids]}}
            tool = {{**tool, "container": container}}
        merged.append(tool)
    return merged
'''
KEYWORDS = {"file_search": "vector_store_ids", "code_interpreter": "file_ids"}


def helper_name(collected: Collected) -> str:
    return tool_sources.helper_name(collected, HELPER, HELPER_CODE)


def wrap(arg: cst.Arg, resources: Dict[str, cst.BaseExpression], helper: str = HELPER) -> cst.Arg:
    """`tools=prompt.tools` -> `tools=_with_thread_resources(prompt.tools, vector_store_ids=[...])`."""
    extra: List[cst.Arg] = [
        build.kwarg(KEYWORDS[kind], resources[kind].deep_clone()) for kind in ("file_search", "code_interpreter") if kind in resources
    ]
    return arg.with_changes(value=build.call(cst.Name(helper), [cst.Arg(value=arg.value), *extra]))


def add_helper(collected: Collected, edits: Edits) -> None:
    tool_sources.add_helper(collected, edits, helper_name(collected), HELPER_CODE)
