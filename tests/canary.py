"""A canary: an HTTP server on loopback that counts every connection made to it.

Nothing styrgraf does may reach it. It counts TCP connections, not only requests, so a
fetch that fails halfway still shows.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class _Handler(http.server.BaseHTTPRequestHandler):
    def _answer(self) -> None:
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        row = b'{"s": {"type": "literal", "value": "CANARY"}}'
        body = b'{"head": {"vars": ["s"]}, "results": {"bindings": [' + row + b"]}}"
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[str] = []
        self.connections = 0

    def verify_request(self, request: Any, client_address: Any) -> bool:
        self.connections += 1
        return True


class Canary:
    """The running canary: its URL, and what reached it."""

    def __init__(self, server: _Server) -> None:
        self._server = server
        self.url = f"http://127.0.0.1:{server.server_address[1]}/"

    @property
    def connections(self) -> int:
        return self._server.connections

    @property
    def requests(self) -> list[str]:
        return list(self._server.requests)


@contextmanager
def running_canary() -> Iterator[Canary]:
    """Run a canary for the duration of the block."""
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Canary(server)
    finally:
        server.shutdown()
        server.server_close()
