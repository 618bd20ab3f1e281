"""Small functions the rewrite adds to a module: converters at the boundaries between old and new shapes.

Values built anywhere (tool outputs from a helper, message content from a parameter) are converted
where they reach the new API, so the shape of the user's code does not matter; a status read
answers as a run's status did. Each helper is added once, after the module's imports, under a
name the module does not use; a later run recognises its own helpers by their text.
"""

from __future__ import annotations

from typing import Dict, List, Tuple

# name -> (source, imports it needs). `{name}` is the name it gets in the module.
HELPERS: Dict[str, Tuple[str, Tuple[str, ...]]] = {
    "_run_status": (
        '''def {name}(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"
''',
        ("openai",),
    ),
    "_conversation_id": (
        '''def {name}(response: "openai.types.responses.Response") -> str:
    """The conversation a response belongs to (what a run's thread_id was)."""
    if response.conversation is None:
        raise ValueError(f"response {{response.id}} belongs to no conversation")
    return response.conversation.id
''',
        ("openai",),
    ),
    "_text": (
        '''def {name}(part: object) -> str:
    """The text of a conversation message part (what `.text.value` was on a text block)."""
    text = getattr(part, "text", None)
    return text if isinstance(text, str) else ""
''',
        (),
    ),
    "_part_type": (
        '''def {name}(part: object) -> str:
    """The type a message part had as an Assistants content block ("text" for input_text and output_text)."""
    kind = getattr(part, "type", "")
    if kind in ("input_text", "output_text"):
        return "text"
    if kind == "input_image":
        return "image_file" if getattr(part, "file_id", None) else "image_url"
    return kind if isinstance(kind, str) else ""
''',
        (),
    ),
    "_function_call_outputs": (
        '''def {name}(tool_outputs: "typing.Iterable[typing.Mapping[str, typing.Any]]") -> "openai.types.responses.ResponseInputParam":
    """Assistants tool outputs ({{"tool_call_id", "output"}}) as Responses function_call_output items."""
    return [
        {{"type": "function_call_output", "call_id": output["tool_call_id"], "output": output.get("output") or ""}}
        for output in tool_outputs
    ]
''',
        ("openai", "typing"),
    ),
    "_input_content": (
        '''def {name}(content: object) -> "typing.Any":
    """Assistants message content (a string, or text / image_file / image_url parts) as Responses input content."""
    if isinstance(content, str):
        return content
    parts = []
    for part in typing.cast("typing.Iterable[typing.Mapping[str, typing.Any]]", content):
        kind = part.get("type")
        if kind == "text":
            parts.append({{"type": "input_text", "text": part["text"]}})
        elif kind == "image_file":
            image = part["image_file"]
            parts.append({{"type": "input_image", "file_id": image["file_id"], "detail": image.get("detail") or "auto"}})
        elif kind == "image_url":
            image = part["image_url"]
            parts.append({{"type": "input_image", "image_url": image["url"], "detail": image.get("detail") or "auto"}})
        else:
            parts.append(dict(part))
    return parts
''',
        ("typing",),
    ),
    "_input_items": (
        '''def {name}(messages: object) -> "openai.types.responses.ResponseInputParam":
    """Assistants thread messages ({{"role", "content"}} dicts) as Responses input items."""
    items: "openai.types.responses.ResponseInputParam" = []
    for message in typing.cast("typing.Iterable[typing.Mapping[str, typing.Any]]", messages or ()):
        items.append({{"role": message.get("role", "user"), "content": {content}(message["content"])}})
    return items
''',
        ("openai", "typing"),
    ),
    "_created_message": (
        '''def {name}(created: "openai.types.conversations.ConversationItemList") -> "openai.types.conversations.Message":
    """The message item conversations.items.create added (what messages.create returned)."""
    item = created.data[0]
    if item.type != "message":
        raise TypeError(f"conversations.items.create returned a {{item.type}} item, not a message")
    return item
''',
        ("openai",),
    ),
    "_poll_response": (
        '''def {name}(client: "typing.Any", response_id: str, poll_interval_ms: "typing.Optional[int]" = None) -> "openai.types.responses.Response":
    """What runs.poll did: re-read a background response until it is no longer queued or in progress."""
    response: "openai.types.responses.Response" = client.responses.retrieve(response_id)
    while response.status in ("queued", "in_progress"):
        time.sleep((poll_interval_ms or 1000) / 1000)
        response = client.responses.retrieve(response_id)
    return response
''',
        ("openai", "typing", "time"),
    ),
    "_poll_response_async": (
        '''async def {name}(client: "typing.Any", response_id: str, poll_interval_ms: "typing.Optional[int]" = None) -> "openai.types.responses.Response":
    """What runs.poll did: re-read a background response until it is no longer queued or in progress."""
    response: "openai.types.responses.Response" = await client.responses.retrieve(response_id)
    while response.status in ("queued", "in_progress"):
        await asyncio.sleep((poll_interval_ms or 1000) / 1000)
        response = await client.responses.retrieve(response_id)
    return response
''',
        ("openai", "typing", "asyncio"),
    ),
}

# Helpers that call other helpers.
REQUIRES: Dict[str, Tuple[str, ...]] = {"_input_items": ("_input_content",)}


def own_helpers(module) -> List:
    """The module functions an earlier run added, recognised by their text (a user's function of the
    same name is not ours)."""
    import libcst as cst

    found = []
    for statement in module.body:
        if not isinstance(statement, cst.FunctionDef):
            continue
        given = statement.name.value
        base = given.rstrip("0123456789").rstrip("_") if given[-1:].isdigit() else given
        if base not in HELPERS:
            continue
        text = " ".join(cst.Module(body=[]).code_for_node(statement.with_changes(leading_lines=[])).split())
        ours = source(base, given, {})
        if text in (" ".join(ours.split()), " ".join(with_builtins(ours, ("str", "object")).split())):
            found.append(statement)
    return found


def with_builtins(text: str, names) -> str:
    """A helper's text for a module that rebinds builtins its annotations name (`str = ...`)."""
    import re

    for name in names:
        text = re.sub(rf'(-> |: )({name})\b(?![\w"])', r'\1"builtins.\2"', text)
        text = text.replace(f"[{name},", f"[builtins.{name},")
    return text


def source(name: str, given: str, names: Dict[str, str]) -> str:
    text, _ = HELPERS[name]
    return text.format(name=given, content=names.get("_input_content", "_input_content"))
