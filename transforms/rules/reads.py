"""Reads of a rewritten value: each field of the old object read as the new object holds it.

    run.required_action.submit_tool_outputs.tool_calls  ->  [item for item in run.output if item.type == "function_call"]
    tool_call.function.name / tool_call.id               ->  tool_call.name / tool_call.call_id
    message.content[0].text.value                        ->  _text(message.content[0])

The table is keyed by the old kind (the facts follow values by their old kind), the field, and
what the value became (a conversation's message item, a response's output message, ...). Some old
objects have no counterpart of their own and read through to the object that holds their fields
now (`run.required_action` is the response, `tool_call.function` is the function call item):
their reads are rewritten, and a use of them as a whole is a field without counterpart. A field
without counterpart leaves the call that made the value, under a marker naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, Optional, Tuple, Union

import libcst as cst

from transforms import build
from transforms.facts.kinds import Kind
from transforms.rules.context import Context, Finding

Template = Callable[[cst.Attribute, cst.Attribute, Context], cst.BaseExpression]
NAME = "reads"


@dataclass(frozen=True)
class Read:
    """What a field read becomes: a template (None: unchanged), whether the result only stands
    for an old object with no counterpart of its own (a view), and, for a field compared with
    literals, what each old value is now."""

    template: Optional[Template] = None
    view: bool = False
    values: Optional[Dict[str, Tuple[str, ...]]] = None
    # The template only renames the field: an assignment to it can be renamed too.
    store: bool = False


@dataclass(frozen=True)
class NoCounterpart:
    finding: Finding


Action = Union[Read, NoCounterpart]
SAME = Read()


def rename(new: str) -> Read:
    return Read(lambda updated, original, ctx: updated.with_changes(attr=cst.Name(new)), store=True)


IDENTITY = Read(lambda updated, original, ctx: updated.value, view=True)
# The field is the value itself now, and a value of its own (not a view): `page.data` of a list.
ITSELF = Read(lambda updated, original, ctx: updated.value)


def helper(name: str) -> Read:
    return Read(lambda updated, original, ctx: build.call(cst.Name(ctx.helper(name)), [cst.Arg(updated.value)]))


def _function_calls(base: cst.BaseExpression) -> cst.ListComp:
    return cst.ListComp(
        elt=cst.Name("item"),
        for_in=cst.CompFor(target=cst.Name("item"), iter=build.attr(base, "output"),
                           ifs=[cst.CompIf(test=build.equals(build.attr("item", "type"), "function_call"))]),
    )


def _message_items(base: cst.BaseExpression) -> cst.ListComp:
    return cst.ListComp(
        elt=cst.Name("item"),
        for_in=cst.CompFor(target=cst.Name("item"), iter=build.attr(base, "data"),
                           ifs=[cst.CompIf(test=build.equals(build.attr("item", "type"), "message"))]),
    )


# Status values a response shares with a run, meaning and all. "completed" is not one of them: a
# response that stops for function calls is completed, where its run was "requires_action".
SHARED_STATUSES = {"queued", "in_progress", "failed", "cancelled", "incomplete", "expired", "cancelling"}


def _status(updated: cst.Attribute, original: cst.Attribute, ctx: Context) -> cst.BaseExpression:
    literals = compared_literals(original, ctx)
    if literals is not None and literals <= SHARED_STATUSES:
        return updated
    return build.call(cst.Name(ctx.helper("_run_status")), [cst.Arg(updated.value)])


def compared_literals(node: cst.BaseExpression, ctx: Context) -> Optional[set]:
    """The string literals ``node`` is compared with (`==`, `!=`, `in`, `not in`), when that is its only use."""
    parent = ctx.facts.parent(node)
    if not isinstance(parent, cst.Comparison) or len(parent.comparisons) != 1:
        return None
    other = parent.comparisons[0].comparator if parent.left is node else parent.left
    if not isinstance(parent.comparisons[0].operator, (cst.Equal, cst.NotEqual, cst.In, cst.NotIn)):
        return None
    values = other.elements if isinstance(other, (cst.List, cst.Tuple, cst.Set)) else [other]
    found = set()
    for value in values:
        value = value.value if isinstance(value, cst.Element) else value
        text = build.literal_string(value)
        if text is None:
            return None
        found.add(text)
    return found


def _required_action(updated: cst.Attribute, original: cst.Attribute, ctx: Context) -> cst.BaseExpression:
    """`run.required_action` as a whole is only ever tested (`if run.required_action:`): the response
    asks for function calls when its output holds some."""
    return cst.Call(func=cst.Name("any"), args=[cst.Arg(cst.GeneratorExp(
        elt=build.equals(build.attr("item", "type"), "function_call"),
        for_in=cst.CompFor(target=cst.Name("item"), iter=build.attr(updated.value, "output")),
        lpar=[], rpar=[],
    ))])


def _status_is(status: str) -> Template:
    """`run.completed_at` tested as a truth value: set once the run had that status."""
    def test(updated: cst.Attribute, original: cst.Attribute, ctx: Context) -> cst.BaseExpression:
        return build.equals(build.call(cst.Name(ctx.helper("_run_status")), [cst.Arg(updated.value)]), status)

    return test


def _tool_calls(updated: cst.Attribute, original: cst.Attribute, ctx: Context) -> cst.BaseExpression:
    return _function_calls(updated.value)


def _tool_call_type(updated: cst.Attribute, original: cst.Attribute, ctx: Context) -> cst.BaseExpression:
    """A run's tool calls were all of type "function"; the items are "function_call"."""
    literals = compared_literals(original, ctx)
    if literals is not None:
        return updated
    return build.string("function")


def _content_type(updated: cst.Attribute, original: cst.Attribute, ctx: Context) -> cst.BaseExpression:
    """Compared with literals, the comparison maps each old type; read otherwise (returned, stored,
    compared later), it answers with the old type name, as code written for blocks expects."""
    if compared_literals(original, ctx) is not None:
        return updated
    return build.call(cst.Name(ctx.helper("_part_type")), [cst.Arg(updated.value)])


def _data(updated: cst.Attribute, original: cst.Attribute, ctx: Context) -> cst.BaseExpression:
    return _message_items(updated.value)


def _text_value(updated: cst.Attribute, original: cst.Attribute, ctx: Context) -> cst.BaseExpression:
    return build.call(cst.Name(ctx.helper("_text")), [cst.Arg(updated.value)])


def _history_annotations(updated: cst.Attribute, original: cst.Attribute, ctx: Context) -> cst.BaseExpression:
    """A conversation message's part has annotations when it is an output_text (a user's text block had none)."""
    return build.call(cst.Name("getattr"), [cst.Arg(updated.value), cst.Arg(build.string("annotations")), cst.Arg(cst.List([]))])


def _only_call(updated: cst.Attribute, original: cst.Attribute, ctx: Context) -> cst.BaseExpression:
    """A run step's tool calls: the one call its output item is."""
    return build.list_of([updated.value])


# What a read the new object cannot answer needs (the call that made the value stays meanwhile).
BY_HAND = ("rewrite or drop this read by hand (see the reference's field table), then run the tool again; until "
           "then the call that made the value stays")


def none(code: str, message: str) -> NoCounterpart:
    """A field without counterpart; a message that does not say what to do says the general way."""
    said = ": " in message or message.endswith(")")  # a fix or the new field named already
    return NoCounterpart(Finding(code, message if said else f"{message}: {BY_HAND}"))


def _run_field(name: str, instead: str = "") -> NoCounterpart:
    return none(f"run-{name.replace('_', '-')}", f"run.{name} has no counterpart on a response{instead}")


# Content type comparisons: an Assistants "text" block is an input_text (user) or output_text
# (assistant) part now.
CONTENT_TYPES = {"text": ("input_text", "output_text"), "image_file": ("input_image",), "image_url": ("input_image",)}

# An annotation of an output_text part: a file citation carries file_id itself; a file path
# (a code interpreter file) is a container_file_citation now; the placeholder text is gone.
ANNOTATION_FIELDS: Dict[str, Action] = {
    "type": Read(values={"file_path": ("container_file_citation",)}),
    "file_citation": IDENTITY, "file_path": IDENTITY,
    "text": none("citation-placeholder", "Responses text has no inline citation placeholders (annotation.text): "
                                          "place citations by annotation.index"),
    "start_index": none("citation-index", "a citation has one index on Responses (annotation.index)"),
    "end_index": none("citation-index", "a citation has one index on Responses (annotation.index)"),
}
# Content block classes of the old SDK (`openai.types.beta.threads`, and the names before 1.21): a
# part of a conversation message is never an instance of one; the type it stood for is what to test.
CONTENT_CLASSES = {"TextContentBlock": "text", "MessageContentText": "text", "ImageFileContentBlock": "image_file",
                   "MessageContentImageFile": "image_file", "ImageURLContentBlock": "image_url",
                   "RefusalContentBlock": "refusal"}
STEP_TYPES = {"tool_calls": ("code_interpreter_call", "file_search_call", "function_call"), "message_creation": ("message",)}

# An image the code interpreter made was an image_file part of the assistant's message; a response
# holds it in its container instead, cited by the text's container_file_citation annotations.
IMAGE_PARTS: Dict[str, Action] = {
    "image_file": none("image-file-part", "images the code interpreter makes are container files on Responses: "
                                          "read the message text's container_file_citation annotations (container_id, "
                                          "file_id) and download with client.containers.files.content.retrieve"),
    "image_url": none("image-url-part", "an assistant message holds no image parts on Responses (a user's image is "
                                        "an input_image item part, with image_url and file_id fields)"),
}

RUN_FIELDS: Dict[str, Action] = {
    "id": SAME, "model": SAME, "instructions": SAME, "metadata": SAME, "temperature": SAME, "top_p": SAME,
    "created_at": SAME, "tools": SAME, "parallel_tool_calls": SAME, "tool_choice": SAME, "object": SAME,
    "incomplete_details": SAME, "usage": SAME,
    "status": Read(_status),
    "thread_id": helper("_conversation_id"),
    "required_action": IDENTITY,
    "last_error": rename("error"),
    "max_completion_tokens": rename("max_output_tokens"),
    "assistant_id": _run_field("assistant_id", ": keep the assistant ID the response was made for yourself"),
    "started_at": _run_field("started_at"), "completed_at": _run_field("completed_at"),
    "failed_at": _run_field("failed_at"), "cancelled_at": _run_field("cancelled_at"),
    "expires_at": _run_field("expires_at", ": responses do not expire"),
    "max_prompt_tokens": _run_field("max_prompt_tokens"), "truncation_strategy": _run_field("truncation_strategy", ": read response.truncation"),
    "response_format": _run_field("response_format", ": read response.text.format"),
}

TABLE: Dict[Tuple[str, str], Dict[str, Action]] = {
    ("Run", "response"): RUN_FIELDS,
    ("RequiredAction", "response"): {
        "submit_tool_outputs": IDENTITY,
        "type": Read(lambda updated, original, ctx: build.string("submit_tool_outputs")),
    },
    ("SubmitToolOutputs", "response"): {"tool_calls": Read(_tool_calls)},
    ("ToolCall", "response"): {"id": rename("call_id"), "function": IDENTITY,
                               "type": Read(_tool_call_type, values={"function": ("function_call",)})},
    ("ToolFunction", "response"): {"name": SAME, "arguments": SAME},
    ("Usage", "response"): {"prompt_tokens": rename("input_tokens"), "completion_tokens": rename("output_tokens"),
                            "total_tokens": SAME},
    ("LastError", "response"): {"message": SAME, "code": SAME},
    ("IncompleteDetails", "response"): {"reason": SAME},
    ("Thread", "conversation"): {"id": SAME, "created_at": SAME, "metadata": SAME, "object": SAME,
                                 "tool_resources": none("thread-resources", "a conversation keeps no tool_resources: "
                                                                            "pass them to each response's tools")},
    ("Page", "items"): {"data": Read(_data), "has_more": SAME, "last_id": SAME,
                        "first_id": none("page-first-id", "a conversation item page has no first_id: read data[0].id")},
    ("Page", "output"): {"data": ITSELF},
    ("Message", "history"): {
        "id": SAME, "role": SAME, "content": SAME, "status": SAME,
        **{name: none(f"message-{name.replace('_', '-')}", f"message.{name} has no counterpart on a conversation item")
           for name in ("created_at", "thread_id", "run_id", "assistant_id", "attachments", "metadata", "object",
                        "completed_at", "incomplete_at", "incomplete_details")},
    },
    ("Message", "output"): {
        "id": SAME, "role": SAME, "content": SAME, "status": SAME,
        **{name: none(f"message-{name.replace('_', '-')}", f"message.{name} has no counterpart on a response's output message")
           for name in ("created_at", "thread_id", "run_id", "assistant_id", "attachments", "metadata", "object",
                        "completed_at", "incomplete_at", "incomplete_details")},
    },
    ("Content", "history"): {"type": Read(_content_type, values=CONTENT_TYPES), "text": IDENTITY, **IMAGE_PARTS},
    ("Content", "output"): {"type": Read(_content_type, values=CONTENT_TYPES), "text": IDENTITY, **IMAGE_PARTS},
    ("Text", "history"): {"value": Read(_text_value), "annotations": Read(_history_annotations)},
    ("Text", "output"): {"value": rename("text"), "annotations": SAME},
    **{("Annotation", v): ANNOTATION_FIELDS for v in ("history", "output")},
    **{("FileCitation", v): {"file_id": SAME, "quote": none("citation-quote", "a file citation has no quote on Responses")}
       for v in ("history", "output")},
    **{("FilePath", v): {"file_id": SAME} for v in ("history", "output")},
    ("RunStep", "output"): {
        "type": Read(values=STEP_TYPES), "step_details": IDENTITY, "id": SAME, "status": SAME,
        **{name: none(f"step-{name.replace('_', '-')}", f"step.{name} has no counterpart on a response's output item")
           for name in ("run_id", "thread_id", "assistant_id", "created_at", "completed_at", "cancelled_at",
                        "expired_at", "failed_at", "last_error", "usage", "metadata", "object")},
    },
    ("StepDetails", "output"): {"type": Read(values=STEP_TYPES), "tool_calls": Read(_only_call),
                                "message_creation": IDENTITY},
    ("MessageCreation", "output"): {"message_id": rename("id")},
    ("StepToolCall", "output"): {
        "type": Read(values={"code_interpreter": ("code_interpreter_call",), "function": ("function_call",),
                             "file_search": ("file_search_call",)}),
        "code_interpreter": IDENTITY, "function": IDENTITY, "id": SAME,
        "file_search": none("step-file-search", "a step's file_search results: read the file_search_call item's "
                                                "results (include=[\"file_search_call.results\"])"),
    },
    ("ToolFunction", "output"): {"name": SAME, "arguments": SAME},
    ("CodeInterpreter", "output"): {"input": rename("code"), "outputs": SAME},
    ("CodeOutput", "output"): {"type": SAME, "logs": SAME,
                               "image": none("code-image", "code interpreter images are container files on Responses")},
    ("Assistant", "registry"): {name: SAME for name in (
        "id", "name", "description", "model", "instructions", "tools", "tool_resources", "temperature", "top_p",
        "response_format", "metadata", "created_at", "object", "reasoning_effort", "file_ids")},
    ("Page", "registry"): {"data": SAME, "has_more": SAME},
    ("Deleted", "deleted"): {"id": SAME, "deleted": SAME, "object": SAME},
    ("Deleted", "registry"): {"id": SAME, "deleted": SAME, "object": SAME},
}

# Fields tested as truth values (`if run.required_action:`, `if run.completed_at is not None:`) where
# the new object answers the same question another way.
TESTS: Dict[Tuple[str, str], Template] = {
    ("Run", "required_action"): _required_action,
    ("RequiredAction", "submit_tool_outputs"): _required_action,
    ("Run", "completed_at"): _status_is("completed"),
    ("Run", "failed_at"): _status_is("failed"),
    ("Run", "cancelled_at"): _status_is("cancelled"),
}

# The variant of a value read from a field of a value of this variant.
ELEMENT_VARIANT = {"items": "history", "item": "history", "output": "output"}


def variant_of(kind: Kind, variant: str) -> str:
    """The variant a field's value has, given its holder's."""
    if kind.name in ("Message", "Content", "Text", "Annotation", "FileCitation", "FilePath"):
        return ELEMENT_VARIANT.get(variant, variant)
    return variant


# Methods of the SDK's pydantic models, on the old objects and the new alike.
MODEL_METHODS = frozenset({"model_dump", "model_dump_json", "to_dict", "to_json", "dict", "json", "model_copy",
                           "copy", "model_fields", "model_extra", "__class__", "__dict__"})


def action(kind: Kind, variant: str, field: str) -> Optional[Action]:
    name = kind.name
    table = TABLE.get((name, variant))
    if table is None:
        return None
    return table.get(field)


def default_variant(kind: Kind) -> str:
    """What a value of an old kind from outside the module (a parameter) is now."""
    base = kind
    while base.name in ("List", "Page") and base.of is not None:
        if base.name == "Page":
            return {"Message": "items", "Assistant": "registry"}.get(base.of.name, "")
        base = base.of
    return {
        "Run": "response", "RequiredAction": "response", "SubmitToolOutputs": "response", "ToolCall": "response",
        "ToolFunction": "response", "Usage": "response", "LastError": "response", "IncompleteDetails": "response",
        "Thread": "conversation", "Message": "history", "Content": "history", "Text": "history",
        "Assistant": "registry",
    }.get(base.name, "")
