"""HTTP plumbing: a ThreadingHTTPServer on loopback routing /v1/... (and Azure's /openai/...) to the route modules."""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union
from urllib.parse import parse_qsl, urlsplit

from . import assistants_routes, azure, chat_routes, conversations_routes, files_routes, responses_routes
from .errors import ApiError, bad_request, not_found
from .sse import EventStream, Raw
from .store import Store

ROUTES = {
    "assistants": assistants_routes.route,
    "threads": assistants_routes.route,
    "responses": responses_routes.route,
    "conversations": conversations_routes.route,
    "files": files_routes.route,
    "vector_stores": files_routes.route,
    "chat": chat_routes.route,
}
Observer = Callable[[str, str, int, Any], None]


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without this, Nagle plus delayed ACKs add 40 ms a request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read the programs' stdout
        pass

    def _body(self) -> Dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        content_type = self.headers.get("Content-Type") or ""
        if content_type.startswith("multipart/form-data"):
            return files_routes.parse_multipart(raw, content_type)
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            raise bad_request("We could not parse the JSON body of your request.") from None
        if not isinstance(body, dict):
            raise bad_request("The body of your request must be a JSON object.")
        return body

    def _handle(self, method: str) -> None:
        url = urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        api = self.server.api
        result: Union[dict, EventStream, Raw, None]
        try:
            body = self._body()
            logged = {k: (v[0] if isinstance(v, tuple) else v) for k, v in body.items()}  # file bytes stay out
            api.requests.append((method, url.path, logged))
            parts, query = azure.to_v1(parts, dict(parse_qsl(url.query)))
            if len(parts) < 2 or parts[0] != "v1" or parts[1] not in ROUTES:
                raise not_found(f"Invalid URL ({method} {url.path})")
            with api.store.lock:
                result = ROUTES[parts[1]](api.store, method, parts[1:], body, query)
                if isinstance(result, dict):  # a copy taken under the lock: other requests go on changing the store
                    result = json.loads(json.dumps(result))
            if result is None:
                raise not_found(f"Invalid URL ({method} {url.path})")
            status = 200
        except ApiError as exc:
            status, result = exc.status, exc.body
        except Exception as exc:  # a bug of the fake: shown as such, and not retried (x-should-retry below)
            traceback.print_exc(file=sys.stderr)
            status, result = 500, {"error": {"message": f"fake API bug: {exc!r}", "type": "server_error",
                                             "param": None, "code": None}}
        for observer in list(api.observers):
            observer(method, url.path, status, result)
        if isinstance(result, EventStream):
            data, content_type = result.encode(), "text/event-stream; charset=utf-8"
        elif isinstance(result, Raw):
            data, content_type = result.data, result.content_type
        else:
            data, content_type = json.dumps(result).encode(), "application/json"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        # The SDK's polling helpers sleep this long between retrieves (default: a second).
        self.send_header("openai-poll-after-ms", "5")
        self.send_header("x-request-id", f"req_{len(api.requests):06d}")
        if status >= 500:
            self.send_header("x-should-retry", "false")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_DELETE(self) -> None:
        self._handle("DELETE")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    api: "FakeOpenAI"


class FakeOpenAI:
    """`with FakeOpenAI(assistants=[...], files={...}) as api:` -> a server on 127.0.0.1 at ``api.base_url``.

    assistants:    seeded with their own ids, e.g. {"id": "asst_support", "model": "gpt-4o", "instructions": ...}
    files:         {filename: text or bytes}, seeded as file ids "file-" + the filename's letters and digits
    vector_stores: [{"id": "vs_docs", "name": ..., "file_ids": [...]}]
    prompts:       {"pmpt_x": {"model": ..., "instructions": ..., "tools": [...]}} for `prompt={"id": ...}`
    """

    def __init__(
        self,
        assistants: Sequence[dict] = (),
        files: Optional[Mapping[str, Union[str, bytes]]] = None,
        vector_stores: Sequence[dict] = (),
        prompts: Optional[Mapping[str, dict]] = None,
        port: int = 0,
    ) -> None:
        self._seed = (list(assistants), dict(files or {}), list(vector_stores), dict(prompts or {}))
        self.store = Store(*self._seed)
        self.requests: List[Tuple[str, str, dict]] = []
        self.observers: List[Observer] = []
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.api = self
        self._thread: Optional[threading.Thread] = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    @property
    def azure_endpoint(self) -> str:
        """What `AzureOpenAI(azure_endpoint=...)` takes: the resource's root (the SDK adds /openai)."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def env(self, azure: bool = False) -> Dict[str, str]:
        """Environment for a subprocess: os.environ without proxies, plus the fake's URL and key; with
        ``azure``, also as an Azure resource's (AZURE_OPENAI_ENDPOINT / AZURE_OPENAI_API_KEY). Only on
        request: the `openai` module's own client refuses to run when both sets are there."""

        proxies = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
        env = {k: v for k, v in os.environ.items() if k not in proxies}
        env.update({"OPENAI_BASE_URL": self.base_url, "OPENAI_API_KEY": "sk-fake",
                    "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
        if azure:  # read by AzureOpenAI when not given, and by programs that pass them on
            env.update({"AZURE_OPENAI_ENDPOINT": self.azure_endpoint, "AZURE_OPENAI_API_KEY": "sk-fake"})
        # Empty rather than absent, so that `{**os.environ, **api.env()}` drops them too.
        env.update({name: "" for name in proxies})
        return env

    def reset(self) -> None:
        with self.store.lock:
            self.store = Store(*self._seed)
        self.requests.clear()

    def start(self) -> "FakeOpenAI":
        # A short poll interval: shutdown() waits for it, once per test.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True,
                                        name="fake-openai")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def __enter__(self) -> "FakeOpenAI":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
