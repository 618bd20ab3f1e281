"""Messages as Responses input items: `{"role": ..., "content": ...}` with content in the input shape.

A literal list of Assistants parts is converted where it is written (`text` -> `input_text`,
`image_file` / `image_url` -> `input_image`); content that may be such a list but is built
elsewhere goes through the module's `_input_content` helper at run time; a string passes as it is.
"""

from __future__ import annotations

from typing import List, Optional, Union

import libcst as cst

from transforms import build
from transforms.rules.context import Context, Finding

_TEXTUAL = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)


def listish(node: cst.BaseExpression, ctx: Context) -> bool:
    """True when ``node`` may hold a list of content parts rather than a string."""
    if isinstance(node, (cst.List, cst.ListComp, cst.Tuple)):
        return True
    if isinstance(node, cst.BinaryOperation):
        return listish(node.left, ctx) or listish(node.right, ctx)
    if isinstance(node, cst.Name):
        for binding in ctx.facts.bindings(node):
            if binding.how in ("assign", "annassign") and binding.value is not None and not binding.path:
                if isinstance(binding.value, (cst.List, cst.ListComp)) or (
                    isinstance(binding.value, cst.Call) and isinstance(binding.value.func, cst.Name) and binding.value.func.value == "list"
                ):
                    return True
            for read in ctx.facts.reads_of(binding):
                parent = ctx.facts.parent(read)
                if isinstance(parent, cst.Attribute) and parent.attr.value in ("append", "extend", "insert"):
                    return True
    return False


def content(original: cst.BaseExpression, node: cst.BaseExpression, ctx: Context) -> cst.BaseExpression:
    """Message content in the input shape: converted here when literal, at run time when built
    elsewhere. Decided on the ``original`` expression; built from ``node``, the same expression
    as the other rewrites left it."""
    if isinstance(node, _TEXTUAL):
        return node
    if isinstance(node, cst.List):
        parts = [_part(element.value) if isinstance(element, cst.Element) else None for element in node.elements]
        if all(p is not None for p in parts):
            return build.list_of([p for p in parts if p is not None])
    if isinstance(node, cst.List) or listish(original, ctx):
        return build.call(cst.Name(ctx.helper("_input_content")), [cst.Arg(node)])
    return node


def _part(node: cst.BaseExpression) -> Optional[cst.BaseExpression]:
    items = build.dict_literal_items(node)
    kind = build.literal_string(items.get("type")) if items else None
    if items is None or kind is None:
        return None
    if kind == "text" and set(items) == {"type", "text"}:
        return build.dict_of([("type", build.string("input_text")), ("text", items["text"])])
    if kind in ("image_file", "image_url") and set(items) == {"type", kind}:
        inner = build.dict_literal_items(items[kind])
        source_key = "file_id" if kind == "image_file" else "url"
        if inner is None or source_key not in inner or not set(inner) <= {source_key, "detail"}:
            return None
        target_key = "file_id" if kind == "image_file" else "image_url"
        detail = inner.get("detail", build.string("auto"))
        return build.dict_of([("type", build.string("input_image")), (target_key, inner[source_key]), ("detail", detail)])
    return None


def item(role: Optional[cst.BaseExpression], original: cst.BaseExpression, body: cst.BaseExpression, ctx: Context) -> cst.Dict:
    role = role if role is not None else build.string("user")
    return build.dict_of([("role", role), ("content", content(original, body, ctx))])


def messages_finding(node: cst.BaseExpression) -> Optional[Finding]:
    """Why literal thread messages cannot become items (attachments, metadata), if they cannot."""
    if not isinstance(node, (cst.List, cst.Tuple)):
        return None
    for element in node.elements:
        items = build.dict_literal_items(element.value) if isinstance(element, cst.Element) else None
        if items is None:
            continue
        if "metadata" in items:
            return METADATA
    return None


ATTACHMENTS = Finding("attachments", "message attachments: give the files to the response's file_search "
                      "(a vector store) or code_interpreter (container file_ids) tools")
METADATA = Finding("message-metadata", "per-message metadata has no slot on a conversation item: keep it in "
                   "your own storage, or pass it as response metadata")


def attachments_of(node: cst.BaseExpression) -> List[cst.BaseExpression]:
    """The literal attachment lists of literal thread messages (their entries go to the run's tools)."""
    found = []
    for element in node.elements if isinstance(node, (cst.List, cst.Tuple)) else ():
        items = build.dict_literal_items(element.value) if isinstance(element, cst.Element) else None
        if items is not None and "attachments" in items:
            found.append(items["attachments"])
    return found


def thread_messages(original: cst.BaseExpression, node: cst.BaseExpression, ctx: Context) -> Union[List[cst.BaseExpression], cst.BaseExpression, Finding]:
    """Thread messages as input items: a list of item dicts when written literally, else one
    expression converting them at run time. A Finding when a message carries what no item can."""
    if isinstance(node, (cst.List, cst.Tuple)) and isinstance(original, (cst.List, cst.Tuple)):
        out: List[cst.BaseExpression] = []
        for element, before in zip(node.elements, original.elements):
            if not isinstance(element, cst.Element):
                break
            items = build.dict_literal_items(element.value)
            old = build.dict_literal_items(before.value)
            if items is None or old is None:
                break
            extra = set(items) - {"role", "content", "attachments"}
            if "metadata" in extra:
                return METADATA
            if extra or "content" not in items:
                break
            out.append(item(items.get("role"), old["content"], items["content"], ctx))
        else:
            return out
    return build.call(cst.Name(ctx.helper("_input_items")), [cst.Arg(node)])


INLINE_STORE = Finding("inline-vector-store", "tool_resources creating a vector store on the fly (vector_stores=[...]): "
                       "create it first with client.vector_stores.create(file_ids=[...]) and pass vector_store_ids=[its id]")


def inline_store(node: Optional[cst.BaseExpression]) -> bool:
    """`{"file_search": {"vector_stores": [...]}}`: a store the Assistants API made from file IDs."""
    items = build.dict_literal_items(node) if node is not None else None
    search = build.dict_literal_items(items.get("file_search")) if items and items.get("file_search") is not None else None
    return search is not None and "vector_stores" in search
