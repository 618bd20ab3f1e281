"""Routes of /files (multipart upload, content) and /vector_stores with their files and file batches.

Everything is processed at once ("completed"), so the SDK's upload_and_poll / create_and_poll
helpers return on their first look.
"""

from __future__ import annotations

from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, Dict, List

from .errors import bad_request, not_found
from .sse import Raw
from .store import Store, page


def parse_multipart(raw: bytes, content_type: str) -> Dict[str, Any]:
    """Form fields as strings, file fields as (filename, bytes): the stdlib email parser reads multipart."""
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
    fields: Dict[str, Any] = {}
    for part in message.iter_parts():
        name = str(part.get_param("name", header="content-disposition"))
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        fields[name] = (filename, data) if filename is not None else data.decode()
    return fields


def _files(store: Store, method: str, parts: List[str], body: dict, query: dict) -> Any:
    if len(parts) == 1:
        if method == "POST":
            upload = body.get("file")
            if not isinstance(upload, tuple):
                raise bad_request("Missing required parameter: 'file'.", "file", "missing_required_parameter")
            if not body.get("purpose"):
                raise bad_request("Missing required parameter: 'purpose'.", "purpose", "missing_required_parameter")
            return store.add_file(upload[0] or "upload", upload[1], body["purpose"])
        files = [f for f in store.files.values() if f["purpose"] == query.get("purpose", f["purpose"])]
        return page(files, query)
    file = store.get_file(parts[1])
    if parts[2:] == ["content"] and method == "GET":
        return Raw(store.file_bytes[file["id"]])
    if len(parts) == 2 and method == "GET":
        return file
    if len(parts) == 2 and method == "DELETE":
        del store.files[file["id"]]
        return {"id": file["id"], "object": "file", "deleted": True}
    return None


def _batch(store: Store, store_id: str, file_ids: List[str]) -> dict:
    for file_id in file_ids:
        store.attach_file(store_id, file_id)
    batch: Dict[str, Any] = {"id": store.new_id("vsfb"), "object": "vector_store.files_batch", "created_at": store.now(),
             "vector_store_id": store_id, "status": "completed",
             "file_counts": {"in_progress": 0, "completed": len(file_ids), "failed": 0, "cancelled": 0,
                             "total": len(file_ids)}, "_file_ids": list(file_ids)}
    store.file_batches[batch["id"]] = batch
    return batch


def _public(record: dict) -> dict:
    return {k: v for k, v in record.items() if not k.startswith("_")}


def _vector_stores(store: Store, method: str, parts: List[str], body: dict, query: dict) -> Any:
    if len(parts) == 1:
        if method == "POST":
            return store.add_vector_store(body.get("name"), body.get("file_ids") or [], metadata=body.get("metadata"))
        return page(list(store.vector_stores.values()), query)
    if parts[1] not in store.vector_stores:
        raise not_found(f"No vector store found with id '{parts[1]}'.")
    vector_store = store.vector_stores[parts[1]]
    rest = parts[2:]
    if not rest:
        if method == "GET":
            return vector_store
        if method == "DELETE":
            del store.vector_stores[parts[1]]
            return {"id": parts[1], "object": "vector_store.deleted", "deleted": True}
        vector_store.update({k: v for k, v in body.items() if k in ("name", "metadata", "expires_after")})
        return vector_store
    attached = store.vector_store_files[parts[1]]
    if rest == ["files"]:
        if method == "POST":
            return store.attach_file(parts[1], str(body.get("file_id")))
        return page(attached, query)
    if rest[0] == "files" and len(rest) == 2:
        entry = next((f for f in attached if f["id"] == rest[1]), None)
        if entry is None:
            raise not_found(f"No file found with id '{rest[1]}' in vector store '{parts[1]}'.")
        if method == "DELETE":
            attached.remove(entry)
            store.refresh_counts(parts[1])
            return {"id": entry["id"], "object": "vector_store.file.deleted", "deleted": True}
        return entry
    if rest == ["file_batches"] and method == "POST":
        file_ids = body.get("file_ids") or [f["file_id"] for f in body.get("files") or []]
        return _public(_batch(store, parts[1], file_ids))
    if rest[0] == "file_batches" and len(rest) >= 2:
        batch = store.file_batches.get(rest[1])
        if batch is None or batch["vector_store_id"] != parts[1]:
            raise not_found(f"No file batch found with id '{rest[1]}'.")
        if rest[2:] == ["files"]:
            return page([f for f in attached if f["id"] in batch["_file_ids"]], query)
        return _public(batch)
    return None


def route(store: Store, method: str, parts: List[str], body: Dict[str, Any], query: Dict[str, str]) -> Any:
    if parts[0] == "files":
        return _files(store, method, parts, body, query)
    return _vector_stores(store, method, parts, body, query)
