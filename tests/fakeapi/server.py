"""HTTP plumbing: a ThreadingHTTPServer on loopback routing /v1/... to the two families."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Sequence, Tuple
from urllib.parse import parse_qsl, urlsplit

from . import assistants_routes, responses_routes
from .errors import ApiError, not_found
from .store import Store

ASSISTANTS = ("assistants", "threads")
RESPONSES = ("responses", "conversations")


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read stdout
        pass

    def _handle(self, method: str) -> None:
        url = urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body: Dict[str, Any] = json.loads(raw) if raw else {}
        query = dict(parse_qsl(url.query))
        api = self.server.api
        api.requests.append((method, url.path, body))
        try:
            if not parts or parts[0] != "v1" or len(parts) < 2:
                raise not_found(f"Unknown route {method} {url.path}")
            with api.store.lock:
                if parts[1] in ASSISTANTS:
                    result = assistants_routes.route(api.store, method, parts[1:], body, query)
                elif parts[1] in RESPONSES:
                    result = responses_routes.route(api.store, method, parts[1:], body, query)
                else:
                    raise not_found(f"Unknown route {method} {url.path}")
            status, payload = 200, result
        except ApiError as exc:
            status, payload = exc.status, exc.body
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("openai-poll-after-ms", "5")
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
    """`with FakeOpenAI(assistants=[...]) as api:` -> a server on 127.0.0.1 at ``api.base_url``."""

    def __init__(self, assistants: Sequence[dict] = (), port: int = 0) -> None:
        self.store = Store(assistants)
        self.requests: List[Tuple[str, str, dict]] = []
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.api = self
        self._thread: Optional[threading.Thread] = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def env(self) -> Dict[str, str]:
        return {"OPENAI_BASE_URL": self.base_url, "OPENAI_API_KEY": "sk-fake", "NO_PROXY": "127.0.0.1,localhost",
                "no_proxy": "127.0.0.1,localhost", "HTTP_PROXY": "", "HTTPS_PROXY": "", "http_proxy": "", "https_proxy": ""}

    def start(self) -> "FakeOpenAI":
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
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
