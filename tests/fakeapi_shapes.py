"""Every body the fake API returns, checked against the openai SDK's own types.

The SDK's pydantic models accept unknown keys and the SDK builds them leniently, so a typo in the
fake would go unnoticed; here each body is validated with `model_validate`, and every nested model
must hold all its required fields and no field the SDK does not know.
"""

from __future__ import annotations

import re
from typing import Any, Callable, List, Optional, Tuple

import pydantic
from openai.types import FileDeleted, FileObject, VectorStore, VectorStoreDeleted
from openai.types.beta import (
    Assistant,
    AssistantDeleted,
    AssistantStreamEvent,
    Thread,
    ThreadDeleted,
)
from openai.types.beta.threads import Message, MessageDeleted, Run
from openai.types.beta.threads.runs import RunStep
from openai.types.conversations import (
    Conversation,
    ConversationDeletedResource,
    ConversationItem,
    ConversationItemList,
)
from openai.types.chat import ChatCompletion
from openai.types.responses import Response, ResponseItemList, ResponseStreamEvent
from openai.types.vector_stores import (
    VectorStoreFile,
    VectorStoreFileBatch,
    VectorStoreFileDeleted,
)

from tests.fakeapi.sse import EventStream, Raw

ID = r"[^/]+"
# Fields a newer SDK requires that the pinned one does not know: the fake sends them for the newer one.
NEWER_FIELDS = {"cache_write_tokens"}
Check = Callable[[Any], None]


def problems_in(value: Any, where: str = "") -> List[str]:
    """Required fields missing and unknown fields present, anywhere in a parsed SDK object."""
    found: List[str] = []
    if isinstance(value, pydantic.BaseModel):
        name = type(value).__name__
        for field, info in type(value).model_fields.items():
            if info.is_required() and field not in value.model_fields_set:
                found.append(f"{where or name}: missing {field}")
        for extra in value.model_extra or {}:
            if extra not in NEWER_FIELDS:
                found.append(f"{where or name}: unknown field {extra}")
        for field in type(value).model_fields:
            found += problems_in(getattr(value, field), f"{where or name}.{field}")
    elif isinstance(value, (list, tuple)):
        for index, entry in enumerate(value):
            found += problems_in(entry, f"{where}[{index}]")
    elif isinstance(value, dict):
        for key, entry in value.items():
            found += problems_in(entry, f"{where}.{key}")
    return found


def _model(kind: Any) -> Check:
    adapter = pydantic.TypeAdapter(kind)

    def check(body: Any) -> None:
        problems = problems_in(adapter.validate_python(body))
        assert not problems, problems

    return check


def _page(kind: Any) -> Check:
    one = _model(kind)

    def check(body: Any) -> None:
        assert set(body) == {"object", "data", "first_id", "last_id", "has_more"}, sorted(body)
        assert body["object"] == "list" and isinstance(body["has_more"], bool)
        for entry in body["data"]:
            one(entry)

    return check


def _deleted_response(body: Any) -> None:
    assert body == {"id": body["id"], "object": "response.deleted", "deleted": True}


def _raw(body: Any) -> None:
    assert isinstance(body, Raw)


TABLE: List[Tuple[str, str, Check]] = [
    ("POST", r"/assistants", _model(Assistant)),
    ("GET", r"/assistants", _page(Assistant)),
    ("GET|POST", rf"/assistants/{ID}", _model(Assistant)),
    ("DELETE", rf"/assistants/{ID}", _model(AssistantDeleted)),
    ("POST", r"/threads/runs", _model(Run)),
    ("POST", r"/threads", _model(Thread)),
    ("GET|POST", rf"/threads/{ID}", _model(Thread)),
    ("DELETE", rf"/threads/{ID}", _model(ThreadDeleted)),
    ("GET", rf"/threads/{ID}/messages", _page(Message)),
    ("POST", rf"/threads/{ID}/messages", _model(Message)),
    ("GET|POST", rf"/threads/{ID}/messages/{ID}", _model(Message)),
    ("DELETE", rf"/threads/{ID}/messages/{ID}", _model(MessageDeleted)),
    ("GET", rf"/threads/{ID}/runs", _page(Run)),
    ("POST", rf"/threads/{ID}/runs", _model(Run)),
    ("GET|POST", rf"/threads/{ID}/runs/{ID}", _model(Run)),
    ("POST", rf"/threads/{ID}/runs/{ID}/(cancel|submit_tool_outputs)", _model(Run)),
    ("GET", rf"/threads/{ID}/runs/{ID}/steps", _page(RunStep)),
    ("GET", rf"/threads/{ID}/runs/{ID}/steps/{ID}", _model(RunStep)),
    ("POST", r"/responses", _model(Response)),
    ("POST", r"/chat/completions", _model(ChatCompletion)),
    ("GET", rf"/responses/{ID}", _model(Response)),
    ("POST", rf"/responses/{ID}/cancel", _model(Response)),
    ("DELETE", rf"/responses/{ID}", _deleted_response),
    ("GET", rf"/responses/{ID}/input_items", _model(ResponseItemList)),
    ("POST", r"/conversations", _model(Conversation)),
    ("GET|POST", rf"/conversations/{ID}", _model(Conversation)),
    ("DELETE", rf"/conversations/{ID}", _model(ConversationDeletedResource)),
    ("POST", rf"/conversations/{ID}/items", _model(ConversationItemList)),
    ("GET", rf"/conversations/{ID}/items", _page(ConversationItem)),
    ("GET", rf"/conversations/{ID}/items/{ID}", _model(ConversationItem)),
    ("DELETE", rf"/conversations/{ID}/items/{ID}", _model(Conversation)),
    ("POST", r"/files", _model(FileObject)),
    ("GET", r"/files", _page(FileObject)),
    ("GET", rf"/files/{ID}", _model(FileObject)),
    ("DELETE", rf"/files/{ID}", _model(FileDeleted)),
    ("GET", rf"/files/{ID}/content", _raw),
    ("POST", r"/vector_stores", _model(VectorStore)),
    ("GET", r"/vector_stores", _page(VectorStore)),
    ("GET|POST", rf"/vector_stores/{ID}", _model(VectorStore)),
    ("DELETE", rf"/vector_stores/{ID}", _model(VectorStoreDeleted)),
    ("POST", rf"/vector_stores/{ID}/files", _model(VectorStoreFile)),
    ("GET", rf"/vector_stores/{ID}/files", _page(VectorStoreFile)),
    ("GET", rf"/vector_stores/{ID}/files/{ID}", _model(VectorStoreFile)),
    ("DELETE", rf"/vector_stores/{ID}/files/{ID}", _model(VectorStoreFileDeleted)),
    ("POST", rf"/vector_stores/{ID}/file_batches", _model(VectorStoreFileBatch)),
    ("GET", rf"/vector_stores/{ID}/file_batches/{ID}", _model(VectorStoreFileBatch)),
    ("GET", rf"/vector_stores/{ID}/file_batches/{ID}/files", _page(VectorStoreFile)),
]

_assistant_event = _model(AssistantStreamEvent)
_response_event = _model(ResponseStreamEvent)


def check_body(method: str, path: str, status: int, body: Any) -> Optional[str]:
    """None if the body has the shape the SDK expects for this route, else what is wrong."""
    # Azure's shapes (/openai/..., /openai/v1/..., /openai/deployments/<d>/...) answer as /v1/... does.
    path = re.sub(r"^(/openai(/deployments/[^/]+)?)?(/v1)?(?=/)", "", path)
    try:
        if status != 200:
            assert set(body) == {"error"} and set(body["error"]) == {"message", "type", "param", "code"}, body
            return None
        if isinstance(body, EventStream):
            assert body.events, "an empty stream"
            for name, data in body.events:
                if name.startswith("thread."):
                    _assistant_event({"event": name, "data": data})
                else:
                    assert data["type"] == name, (name, data["type"])
                    _response_event(data)
            return None
        for methods, pattern, check in TABLE:
            if method in methods.split("|") and re.fullmatch(pattern, path):
                check(body)
                return None
        return f"no shape known for {method} {path}"
    except (AssertionError, pydantic.ValidationError) as exc:
        return f"{method} {path}: {exc}"


class ShapeChecker:
    """An observer for FakeOpenAI: collects every body that does not match the SDK's types."""

    def __init__(self) -> None:
        self.problems: List[str] = []
        self.seen = 0

    def __call__(self, method: str, path: str, status: int, body: Any) -> None:
        self.seen += 1
        problem = check_body(method, path, status, body)
        if problem:
            self.problems.append(problem)

