"""Assistant settings kept in code: what OpenAI's assistants held, for client.responses.create.

Written by assistants-to-responses (`prompts --write`, `apply`); review it like code. The
Assistants API was switched off on 2026-08-26 and OpenAI's hosted prompt objects stopped on
2026-11-30, so the settings live here. Each entry answers to the IDs the code used for it (a
literal, a constant, an environment variable), so existing configuration keeps working:

    client.responses.create(input=..., **prompt_registry.settings(assistant_id))

An entry whose `model` is empty is not filled in yet: `settings()` and `retrieve()` raise
MissingPromptSettings for it, and `assistants-to-responses prompts --check` fails until it is.
When the tool writes this file again it keeps ENTRIES as they are (adding entries for IDs the code
names that no entry answers to) and what you write below the line that says so; the rest is the tool's.
"""

from __future__ import annotations

import builtins
import dataclasses
import itertools
import os
import time
from typing import Any, AsyncIterator, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Set, Tuple, Union, cast

from openai.types.responses import Response, ToolParam
from openai.types.responses.response_create_params import ToolChoice
from openai.types.responses.response_text_config_param import ResponseTextConfigParam
from openai.types.shared_params import Reasoning
from typing_extensions import Literal, TypedDict

ToolSpec = Mapping[str, Any]


@dataclasses.dataclass
class Assistant:
    """An assistant's settings. Tools may be written in the Assistants or the Responses shape."""

    id: str
    model: str = ""
    name: Optional[str] = None
    description: Optional[str] = None
    instructions: Optional[str] = None
    tools: Sequence[ToolSpec] = ()
    tool_resources: Optional[Mapping[str, Any]] = None
    temperature: Optional[float] = None
    top_p: Optional[float] = None
    response_format: Any = None
    reasoning_effort: Optional[str] = None
    metadata: Optional[Dict[str, str]] = None
    # Files attached the v1 way (assistants.files / file_ids): both tools could use them.
    file_ids: Tuple[str, ...] = ()
    # Other IDs the code used for this assistant, and environment variables holding one.
    assistant_ids: Tuple[str, ...] = ()
    env: Tuple[str, ...] = ()
    # Where the code uses it, and what to copy in (for entries not filled in yet).
    referenced_at: str = ""
    created_at: int = 0
    object: str = "assistant"

    @property
    def filled(self) -> bool:
        return bool(self.model)


# Your imports and constants for ENTRIES go below this line: the tool keeps them.

ENTRIES: List[Assistant] = [
    Assistant(
        id='asst_tutor',
        model='gpt-4o-mini',
        name='Tutor',
        instructions='You help with algebra.',
    ),
]


class MissingPromptSettings(LookupError):
    """An assistant ID with no entry, or an entry not filled in yet."""


class ResponseSettings(TypedDict, total=False):
    """Keyword arguments of client.responses.create that an assistant and its run decided."""

    model: str
    instructions: str
    tools: List[ToolParam]
    temperature: float
    top_p: float
    text: ResponseTextConfigParam
    reasoning: Reasoning
    truncation: Literal["auto", "disabled"]
    max_output_tokens: int
    parallel_tool_calls: bool
    tool_choice: ToolChoice
    metadata: Dict[str, str]


class ThreadSettings(ResponseSettings, total=False):
    """ResponseSettings for a run on a kept thread: the conversation named too (thread_settings)."""

    conversation: str


@dataclasses.dataclass
class AssistantDeleted:
    id: str
    deleted: bool = True
    object: str = "assistant.deleted"


@dataclasses.dataclass
class AssistantFile:
    id: str
    assistant_id: str
    created_at: int = 0
    object: str = "assistant.file"


@dataclasses.dataclass
class AssistantFileDeleted:
    id: str
    deleted: bool = True
    object: str = "assistant.file.deleted"


@dataclasses.dataclass
class AssistantFilePage:
    data: List[AssistantFile]
    has_more: bool = False

    def __iter__(self) -> Iterator[AssistantFile]:
        return iter(self.data)

    async def __aiter__(self) -> AsyncIterator[AssistantFile]:  # `async for`, as over the async client's pages
        for item in self.data:
            yield item


@dataclasses.dataclass
class AssistantPage:
    data: List[Assistant]
    has_more: bool = False

    def __iter__(self) -> Iterator[Assistant]:
        return iter(self.data)

    async def __aiter__(self) -> AsyncIterator[Assistant]:  # `async for`, as over the async client's pages
        for item in self.data:
            yield item


_created: Dict[str, Assistant] = {}
_deleted: Set[str] = set()
_numbers = itertools.count(1)
_UNSET: Any = object()


def _find(assistant_id: str) -> Optional[Assistant]:
    if assistant_id in _deleted:
        return None
    if assistant_id in _created:
        return _created[assistant_id]
    for entry in ENTRIES:
        if assistant_id == entry.id or assistant_id in entry.assistant_ids:
            return entry
    for entry in ENTRIES:
        if any(os.environ.get(name) == assistant_id for name in entry.env):
            return entry
    return None


AssistantRef = Union[str, Assistant, None]  # None: an ID read from configuration that was not set


# The SDK's per-request options (headers, timeout): the registry answers without a request, so
# code that passed them on (`**kwargs`) still runs; anything else is an error, as it was.
_REQUEST_OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout")


def _request_options(function: str, given: Mapping[str, Any]) -> None:
    unknown = sorted(set(given) - set(_REQUEST_OPTIONS))
    if unknown:
        raise TypeError(f"{function}() got unexpected keyword arguments: {unknown}")


def retrieve(assistant_id: AssistantRef, **request_options: Any) -> Assistant:
    """What `client.beta.assistants.retrieve(assistant_id)` returned: the assistant's settings."""
    _request_options("retrieve", request_options)
    if isinstance(assistant_id, Assistant):
        return assistant_id
    if assistant_id is None:
        raise MissingPromptSettings("no assistant ID (None): the setting that names the assistant is not set")
    entry = _find(assistant_id)
    if entry is None:
        raise MissingPromptSettings(
            f"no settings for assistant {assistant_id!r}: add an entry with this ID (in `id` or "
            f"`assistant_ids`) to ENTRIES in {__file__}"
        )
    if not entry.filled:
        raise MissingPromptSettings(
            f"the settings of assistant {assistant_id!r} ({entry.id}; used at {entry.referenced_at or 'unknown'}) "
            f"are not filled in yet: copy its model, instructions and tools into its entry in {__file__}"
        )
    return entry


def create(
    *,
    model: str,
    name: Optional[str] = None,
    description: Optional[str] = None,
    instructions: Optional[str] = None,
    tools: Optional[Sequence[ToolSpec]] = None,
    tool_resources: Optional[Mapping[str, Any]] = None,
    temperature: Optional[float] = None,
    top_p: Optional[float] = None,
    response_format: Any = None,
    reasoning_effort: Optional[str] = None,
    metadata: Optional[Dict[str, str]] = None,
    file_ids: Sequence[str] = (),
    client: Any = None,
    **request_options: Any,
) -> Assistant:
    """What `client.beta.assistants.create(...)` did, for this process: the settings get an ID
    that `settings()` and `retrieve()` answer to until the process ends. Settings that must
    outlive the process belong in ENTRIES. v1 `file_ids` need the client (their vector store)."""
    _request_options("create", request_options)
    resources = tool_resources
    if file_ids:
        resources = _merge_resources(tool_resources, file_resources(client, file_ids))
    assistant = Assistant(
        id=f"asst_local_{next(_numbers)}", model=model, name=name, description=description,
        instructions=instructions, tools=builtins.list(tools or ()), tool_resources=resources,
        temperature=temperature, top_p=top_p, response_format=response_format,
        reasoning_effort=reasoning_effort, metadata=metadata, file_ids=tuple(file_ids), created_at=int(time.time()),
    )
    _created[assistant.id] = assistant
    return assistant


async def create_async(*, client: Any, file_ids: Sequence[str] = (), **settings: Any) -> Assistant:
    """create() for an async client (the v1 files' vector store is made with it)."""
    resources = settings.pop("tool_resources", None)
    if file_ids:
        resources = _merge_resources(resources, await file_resources_async(client, file_ids))
    made = create(tool_resources=resources, **settings)
    made.file_ids = tuple(file_ids)
    return made


def file_resources(client: Any, file_ids: Sequence[str]) -> Dict[str, Any]:
    """What the v1 API did with an assistant's file_ids: retrieval searched them (a vector store
    holds them now, indexed before it is used) and code_interpreter could read them."""
    store = client.vector_stores.create()
    client.vector_stores.file_batches.create_and_poll(vector_store_id=store.id, file_ids=builtins.list(file_ids))
    return {"file_search": {"vector_store_ids": [store.id]}, "code_interpreter": {"file_ids": builtins.list(file_ids)}}


async def file_resources_async(client: Any, file_ids: Sequence[str]) -> Dict[str, Any]:
    store = await client.vector_stores.create()
    await client.vector_stores.file_batches.create_and_poll(vector_store_id=store.id, file_ids=builtins.list(file_ids))
    return {"file_search": {"vector_store_ids": [store.id]}, "code_interpreter": {"file_ids": builtins.list(file_ids)}}


def _with_file(assistant: Assistant, file_id: str, store: Optional[str]) -> Dict[str, Any]:
    resources = _merge_resources(assistant.tool_resources)
    if store is not None and store not in resources["file_search"]["vector_store_ids"]:
        resources["file_search"]["vector_store_ids"].append(store)
    if file_id not in resources["code_interpreter"]["file_ids"]:
        resources["code_interpreter"]["file_ids"].append(file_id)
    return resources


def _own_store(assistant: Assistant) -> Optional[str]:
    stores = _get(_get(assistant.tool_resources, "file_search"), "vector_store_ids") or ()
    return builtins.list(stores)[0] if stores else None


def attach_file(client: Any, assistant_id: AssistantRef, file_id: Any) -> AssistantFile:
    """What assistants.files.create did (v1): the file joins the assistant's searchable files and
    its code interpreter's, for this process (edit ENTRIES to keep it)."""
    assistant = retrieve(assistant_id)
    if file_id is None:
        raise ValueError("attach_file: no file ID (None)")
    store = _own_store(assistant)
    if store is None:
        store = client.vector_stores.create().id
    client.vector_stores.files.create_and_poll(vector_store_id=store, file_id=file_id)
    update(assistant.id, tool_resources=_with_file(assistant, file_id, store), file_ids=(*assistant.file_ids, file_id))
    return AssistantFile(id=file_id, assistant_id=assistant.id, created_at=int(time.time()))


async def attach_file_async(client: Any, assistant_id: AssistantRef, file_id: Any) -> AssistantFile:
    assistant = retrieve(assistant_id)
    if file_id is None:
        raise ValueError("attach_file: no file ID (None)")
    store = _own_store(assistant)
    if store is None:
        store = (await client.vector_stores.create()).id
    await client.vector_stores.files.create_and_poll(vector_store_id=store, file_id=file_id)
    update(assistant.id, tool_resources=_with_file(assistant, file_id, store), file_ids=(*assistant.file_ids, file_id))
    return AssistantFile(id=file_id, assistant_id=assistant.id, created_at=int(time.time()))


def _without_file(assistant: Assistant, file_id: str) -> Dict[str, Any]:
    resources = _merge_resources(assistant.tool_resources)
    resources["code_interpreter"]["file_ids"] = [f for f in resources["code_interpreter"]["file_ids"] if f != file_id]
    return resources


def detach_file(client: Any, assistant_id: AssistantRef, file_id: Any) -> AssistantFileDeleted:
    """What assistants.files.delete did (v1): the file leaves the assistant (not the account)."""
    assistant = retrieve(assistant_id)
    if file_id is None:
        raise ValueError("detach_file: no file ID (None)")
    store = _own_store(assistant)
    if store is not None:
        client.vector_stores.files.delete(file_id, vector_store_id=store)
    update(assistant.id, tool_resources=_without_file(assistant, file_id),
           file_ids=tuple(f for f in assistant.file_ids if f != file_id))
    return AssistantFileDeleted(id=file_id)


async def detach_file_async(client: Any, assistant_id: AssistantRef, file_id: Any) -> AssistantFileDeleted:
    assistant = retrieve(assistant_id)
    if file_id is None:
        raise ValueError("detach_file: no file ID (None)")
    store = _own_store(assistant)
    if store is not None:
        await client.vector_stores.files.delete(file_id, vector_store_id=store)
    update(assistant.id, tool_resources=_without_file(assistant, file_id),
           file_ids=tuple(f for f in assistant.file_ids if f != file_id))
    return AssistantFileDeleted(id=file_id)


def files(assistant_id: AssistantRef, *, limit: Optional[int] = None, order: str = "desc", after: Optional[str] = None,
          before: Optional[str] = None) -> AssistantFilePage:
    """What assistants.files.list listed (v1): the files attached to the assistant."""
    assistant = retrieve(assistant_id)
    found = [AssistantFile(id=f, assistant_id=assistant.id) for f in assistant.file_ids]
    if order == "desc":
        found.reverse()
    return AssistantFilePage(data=found[:limit] if limit else found, has_more=bool(limit and len(found) > limit))


def update(assistant_id: AssistantRef, client: Any = None, **changes: Any) -> Assistant:
    """What `client.beta.assistants.update(...)` did, for this process (edit ENTRIES to keep it).
    v1 `file_ids` replace the assistant's files (a vector store is made for them with the client)."""
    current = retrieve(assistant_id)
    for option in _REQUEST_OPTIONS:
        changes.pop(option, None)
    if "file_ids" in changes:
        changes["file_ids"] = tuple(changes["file_ids"] or ())
        if changes["file_ids"]:
            base = changes.get("tool_resources", current.tool_resources)
            changes["tool_resources"] = _merge_resources(base, file_resources(client, changes["file_ids"]))
    known = {f.name for f in dataclasses.fields(Assistant)}
    unknown = set(changes) - known
    if unknown:
        raise TypeError(f"update() got settings an assistant does not have: {sorted(unknown)}")
    updated = dataclasses.replace(current, **changes)
    _created[updated.id] = updated
    _deleted.discard(updated.id)
    return updated


def delete(assistant_id: AssistantRef, **request_options: Any) -> AssistantDeleted:
    """What `client.beta.assistants.delete(...)` did, for this process."""
    _request_options("delete", request_options)
    key = retrieve(assistant_id).id if not isinstance(assistant_id, str) else assistant_id
    _deleted.add(key)
    _created.pop(key, None)
    return AssistantDeleted(id=key)


def list(
    *, limit: Optional[int] = None, order: str = "desc", after: Optional[str] = None, before: Optional[str] = None,
    **request_options: Any,
) -> AssistantPage:
    """What `client.beta.assistants.list(...)` listed: every filled entry and every assistant created here."""
    _request_options("list", request_options)
    found = [e for e in ENTRIES if e.filled and e.id not in _deleted and e.id not in _created]
    found += builtins.list(_created.values())
    found.sort(key=lambda a: a.created_at, reverse=order == "desc")
    ids = [a.id for a in found]
    if after in ids:
        found = found[ids.index(after) + 1:]
    if before in ids:
        found = found[: ids.index(before)]
    return AssistantPage(data=found[:limit] if limit else found, has_more=bool(limit and len(found) > limit))


_thread_resources: Dict[str, Dict[str, Any]] = {}


def with_resources(conversation: Any, tool_resources: Optional[Mapping[str, Any]]) -> Any:
    """What threads.create(tool_resources=...) kept with the thread: a conversation keeps none, so
    the registry keeps them for the conversation (for this process) and settings(thread=...) adds
    them to each response's tools. Returns ``conversation`` (the object made, or its ID)."""
    key = conversation if isinstance(conversation, str) else getattr(conversation, "id", None)
    if key is not None and tool_resources is not None:
        _thread_resources[key] = _merge_resources(_thread_resources.get(key), tool_resources)
    return conversation


def attachment_resources(client: Any, attachments: Iterable[Mapping[str, Any]]) -> Dict[str, Any]:
    """What a thread did with its messages' attachments: files for file_search went into a vector
    store made for the thread (kept 7 days after last use, indexed before a run used it), files for
    code_interpreter joined its files."""
    search, code = _attachment_files(attachments)
    resources: Dict[str, Any] = {}
    if search:
        store = client.vector_stores.create(expires_after={"anchor": "last_active_at", "days": 7})
        client.vector_stores.file_batches.create_and_poll(vector_store_id=store.id, file_ids=search)
        resources["file_search"] = {"vector_store_ids": [store.id]}
    if code:
        resources["code_interpreter"] = {"file_ids": code}
    return resources


async def attachment_resources_async(client: Any, attachments: Iterable[Mapping[str, Any]]) -> Dict[str, Any]:
    search, code = _attachment_files(attachments)
    resources: Dict[str, Any] = {}
    if search:
        store = await client.vector_stores.create(expires_after={"anchor": "last_active_at", "days": 7})
        await client.vector_stores.file_batches.create_and_poll(vector_store_id=store.id, file_ids=search)
        resources["file_search"] = {"vector_store_ids": [store.id]}
    if code:
        resources["code_interpreter"] = {"file_ids": code}
    return resources


def _attachment_files(attachments: Iterable[Mapping[str, Any]]) -> Tuple[List[str], List[str]]:
    listed = builtins.list(attachments or ())
    def files(kind: str) -> List[str]:
        return [a["file_id"] for a in listed if any(_get(t, "type") == kind for t in a.get("tools") or ())]
    return files("file_search"), files("code_interpreter")


def attach_to_thread(client: Any, conversation_id: str, attachments: Iterable[Mapping[str, Any]]) -> None:
    """A message's attachments on a kept thread: the thread's files for every later run on it (the
    registry keeps them for the conversation, for this process; settings(thread=...) adds them)."""
    with_resources(conversation_id, attachment_resources(client, attachments))


async def attach_to_thread_async(client: Any, conversation_id: str, attachments: Iterable[Mapping[str, Any]]) -> None:
    with_resources(conversation_id, await attachment_resources_async(client, attachments))


def settings(
    assistant: AssistantRef,
    *,
    model: Optional[str] = None,
    instructions: Optional[str] = None,
    additional_instructions: Optional[str] = None,
    tools: Optional[Sequence[ToolSpec]] = None,
    tool_resources: Optional[Mapping[str, Any]] = None,
    temperature: Optional[float] = None,
    top_p: Optional[float] = None,
    response_format: Any = None,
    reasoning_effort: Optional[str] = None,
    max_completion_tokens: Optional[int] = None,
    truncation_strategy: Optional[Mapping[str, Any]] = None,
    parallel_tool_calls: Optional[bool] = None,
    tool_choice: Any = None,
    metadata: Optional[Dict[str, str]] = None,
    thread: Optional[str] = None,
) -> ResponseSettings:
    """The client.responses.create arguments for a run of ``assistant`` with these run settings
    (the arguments runs.create took): the run's settings replace the assistant's, as they did.
    ``thread``: the conversation the run is on, whose tool_resources (with_resources) apply too."""
    found = retrieve(assistant)
    if thread is not None and thread in _thread_resources:
        tool_resources = _merge_resources(_thread_resources[thread], tool_resources)
    out = ResponseSettings(model=model or found.model, truncation=_truncation(truncation_strategy))
    text = (instructions if instructions is not None else found.instructions) or ""
    if additional_instructions:
        text = f"{text}\n\n{additional_instructions}" if text else additional_instructions
    if text:
        out["instructions"] = text
    resources = _merge_resources(found.tool_resources, tool_resources)
    converted = responses_tools(tools if tools is not None else found.tools, resources)
    if converted:
        out["tools"] = converted
    if temperature is not None or found.temperature is not None:
        out["temperature"] = temperature if temperature is not None else cast(float, found.temperature)
    if top_p is not None or found.top_p is not None:
        out["top_p"] = top_p if top_p is not None else cast(float, found.top_p)
    text_config = _text(response_format if response_format is not None else found.response_format)
    if text_config is not None:
        out["text"] = text_config
    effort = reasoning_effort or found.reasoning_effort
    if effort:
        out["reasoning"] = cast(Reasoning, {"effort": effort})
    if max_completion_tokens is not None:
        out["max_output_tokens"] = max_completion_tokens
    if parallel_tool_calls is not None:
        out["parallel_tool_calls"] = parallel_tool_calls
    if tool_choice is not None:
        out["tool_choice"] = _tool_choice(tool_choice)
    if metadata is not None:
        out["metadata"] = metadata
    return out


def thread_settings(thread: str, assistant: AssistantRef, **run_settings: Any) -> ThreadSettings:
    """settings() for a run on ``thread``, the conversation named in the result: the thread's files the
    registry keeps for it (with_resources, attach_to_thread) join the assistant's."""
    out = cast(ThreadSettings, dict(settings(assistant, thread=thread, **run_settings)))
    out["conversation"] = thread
    return out


def run_arguments(
    *,
    thread_id: str,
    assistant_id: AssistantRef,
    additional_messages: Optional[Sequence[Mapping[str, Any]]] = None,
    background: bool = False,
    stream: Optional[bool] = None,
    poll_interval_ms: Optional[int] = None,
    **run_settings: Any,
) -> Dict[str, Any]:
    """All of client.responses.create's arguments for a run given as a dict (`runs.create(**params)`):
    the conversation, the added messages as input, and the settings."""
    out: Dict[str, Any] = {"conversation": thread_id, "input": [
        {"role": m.get("role", "user"), "content": m["content"]} for m in additional_messages or ()
    ]}
    if background and not stream:
        out["background"] = True
    if stream:
        out["stream"] = True
    include = run_settings.pop("include", None)
    if include:
        out["include"] = ["file_search_call.results" if "file_search" in i else i for i in include]
    out.update(settings(assistant_id, thread=thread_id, **run_settings))
    return out


def message_arguments(*, thread_id: str, content: Any, role: str = "user", **extra: Any) -> Dict[str, Any]:
    """conversations.items.create's arguments for a message given as a dict (`messages.create(**params)`)."""
    for key in ("attachments", "file_ids", "metadata"):
        if extra.pop(key, None):
            raise ValueError(f"messages.create with {key}: a conversation item has no slot for it (see the migration notes)")
    return {"conversation_id": thread_id, "items": [{"role": role, "content": input_content(content)}], **extra}


def input_content(content: Any) -> Any:
    """Assistants message content (a string, or text / image_file / image_url parts) as Responses input content."""
    if isinstance(content, str):
        return content
    parts: List[Any] = []
    for part in content:
        plain = _plain(part)
        kind = plain.get("type")
        if kind == "text":
            parts.append({"type": "input_text", "text": plain["text"]})
        elif kind in ("image_file", "image_url"):
            image = _plain(plain[kind])
            source = {"file_id": image["file_id"]} if kind == "image_file" else {"image_url": image["url"]}
            parts.append({"type": "input_image", **source, "detail": image.get("detail") or "auto"})
        else:
            parts.append(plain)
    return parts


def add_message(client: Any, conversation_id: str, item: Any, attachments: Iterable[Mapping[str, Any]] = ()) -> Any:
    """messages.create with attachments on a kept thread: the message goes into the conversation, and
    its files become the thread's files (kept by the registry for the conversation, for this process;
    settings(thread=...) gives them to every later run on it)."""
    created = client.conversations.items.create(conversation_id, items=[item])
    attach_to_thread(client, conversation_id, attachments)
    return created


async def add_message_async(client: Any, conversation_id: str, item: Any,
                            attachments: Iterable[Mapping[str, Any]] = ()) -> Any:
    created = await client.conversations.items.create(conversation_id, items=[item])
    await attach_to_thread_async(client, conversation_id, attachments)
    return created


def follow_up(response: Response) -> ResponseSettings:
    """The settings ``response`` was made with, for the next response of the same run (a run kept
    its settings across tool rounds; a response does not: instructions and tools are sent again)."""
    out = ResponseSettings(model=response.model)
    if isinstance(response.instructions, str):
        out["instructions"] = response.instructions
    if response.tools:
        out["tools"] = [cast(ToolParam, tool.model_dump(exclude_none=True)) for tool in response.tools]
    if response.temperature is not None:
        out["temperature"] = response.temperature
    if response.top_p is not None:
        out["top_p"] = response.top_p
    if response.text is not None:
        out["text"] = cast(ResponseTextConfigParam, response.text.model_dump(exclude_none=True))
    if response.reasoning is not None and response.reasoning.effort is not None:
        out["reasoning"] = cast(Reasoning, {"effort": response.reasoning.effort})
    if response.truncation is not None:
        out["truncation"] = response.truncation
    if response.max_output_tokens is not None:
        out["max_output_tokens"] = response.max_output_tokens
    out["parallel_tool_calls"] = response.parallel_tool_calls
    return out


def responses_tools(tools: Sequence[ToolSpec], resources: Optional[Mapping[str, Any]] = None) -> List[ToolParam]:
    """Tools in the Responses shape, with the files of ``resources`` given to the tools that use them.

    Nested function tools are flattened with `strict` written out (the Assistants default was
    non-strict; Responses defaults to strict); `retrieval` (v1) is `file_search`; `file_search`
    gets the vector stores (a file_search with none searched nothing, so it is left out);
    `code_interpreter` gets an automatic container holding the resource files.
    """
    resources = resources or {}
    stores = builtins.list(_get(_get(resources, "file_search"), "vector_store_ids") or ())
    files = builtins.list(_get(_get(resources, "code_interpreter"), "file_ids") or ())
    out: List[ToolParam] = []
    for raw in tools:
        tool = _plain(raw)
        kind = tool.get("type")
        if kind == "function":
            spec = _plain(tool.get("function")) if "function" in tool else tool
            flat: Dict[str, Any] = {"type": "function", "name": spec["name"]}
            if spec.get("description") is not None:
                flat["description"] = spec["description"]
            flat["parameters"] = spec.get("parameters") or {"type": "object", "properties": {}}
            flat["strict"] = bool(spec.get("strict", False))
            out.append(cast(ToolParam, flat))
        elif kind in ("file_search", "retrieval"):
            options = _plain(tool.get("file_search")) if tool.get("file_search") else {}
            own = builtins.list(tool.get("vector_store_ids") or ())
            ids = own + [s for s in stores if s not in own]
            if not ids:
                continue
            search: Dict[str, Any] = {"type": "file_search", "vector_store_ids": ids}
            for key in ("max_num_results", "ranking_options", "filters"):
                value = options.get(key, tool.get(key))
                if value is not None:
                    search[key] = value
            out.append(cast(ToolParam, search))
        elif kind == "code_interpreter":
            container = tool.get("container")
            if container is None:
                container = {"type": "auto", "file_ids": files} if files else {"type": "auto"}
            elif isinstance(container, Mapping) and files:
                container = {**container, "file_ids": builtins.list(container.get("file_ids") or ()) + files}
            out.append(cast(ToolParam, {"type": "code_interpreter", "container": container}))
        else:
            out.append(cast(ToolParam, dict(tool)))
    return out


def _plain(value: Any) -> Dict[str, Any]:
    if value is None:
        return {}
    if hasattr(value, "model_dump"):
        return cast(Dict[str, Any], value.model_dump(exclude_none=True))
    return dict(value)


def _get(value: Any, key: str) -> Any:
    if value is None:
        return None
    if isinstance(value, Mapping):
        return value.get(key)
    return getattr(value, key, None)


def _merge_resources(*sources: Optional[Mapping[str, Any]]) -> Dict[str, Any]:  # noqa: C901
    stores: List[str] = []
    files: List[str] = []
    for source in sources:
        if _get(_get(source, "file_search"), "vector_stores"):
            raise ValueError(
                "tool_resources creating a vector store on the fly (file_search.vector_stores) have no Responses "
                "counterpart: create the store with client.vector_stores.create(file_ids=[...]) and pass "
                "file_search.vector_store_ids=[its id]"
            )
        for store in _get(_get(source, "file_search"), "vector_store_ids") or ():
            if store not in stores:
                stores.append(store)
        for file in _get(_get(source, "code_interpreter"), "file_ids") or ():
            if file not in files:
                files.append(file)
    return {"file_search": {"vector_store_ids": stores}, "code_interpreter": {"file_ids": files}}


def _truncation(strategy: Optional[Mapping[str, Any]]) -> Literal["auto", "disabled"]:
    kind = _get(strategy, "type") if strategy is not None else "auto"
    if kind in (None, "auto"):
        return "auto"  # the Assistants default; Responses would fail on a context overflow
    raise ValueError(
        f"truncation_strategy {dict(_plain(strategy))!r} has no Responses counterpart: Responses can "
        "only truncate automatically (truncation='auto')"
    )


def _text(response_format: Any) -> Optional[ResponseTextConfigParam]:
    if response_format is None or response_format == "auto":
        return None
    plain = _plain(response_format)
    if plain.get("type") == "json_schema":
        schema = _plain(plain.get("json_schema"))
        return cast(ResponseTextConfigParam, {"format": {"type": "json_schema", **schema}})
    return cast(ResponseTextConfigParam, {"format": {"type": plain.get("type", "text")}})


def _tool_choice(choice: Any) -> ToolChoice:
    if isinstance(choice, str):
        return cast(ToolChoice, choice)
    plain = _plain(choice)
    if plain.get("type") == "function" and "function" in plain:
        return cast(ToolChoice, {"type": "function", "name": _plain(plain["function"])["name"]})
    return cast(ToolChoice, plain)
