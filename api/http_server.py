"""uvicorn with a bound on the request head: 431 (or 414) before a huge header is read.

uvicorn's httptools protocol buffers a request line and headers of any size: a 50 MB
header was accepted and stalled the event loop for seconds. This protocol counts the bytes
of each request head as they arrive and, past ``max_header_bytes``, answers 431 Request
Header Fields Too Large (414 URI Too Long when the request line alone is the problem) and
closes the connection, without parsing the rest.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

_REASONS = {414: b"URI Too Long", 431: b"Request Header Fields Too Large"}


def bounded_protocol(limit: int) -> type[asyncio.Protocol]:
    """Return uvicorn's httptools protocol with request heads limited to ``limit`` bytes."""

    class BoundedHttpTools(HttpToolsProtocol):
        def connection_made(self, transport: Any) -> None:
            self._in_head = True
            self._head_bytes = 0  # bytes received while in a head (a head still arriving)
            self._head_parsed = 0  # bytes of the head's parts (a head that came whole)
            self._refused = False
            self._too_large: int | None = None
            super().connection_made(transport)

        def on_message_begin(self) -> None:
            self._in_head = True
            self._head_bytes = self._head_parsed = 0
            super().on_message_begin()

        def on_url(self, url: bytes) -> None:
            self._head_parsed += len(url)
            super().on_url(url)

        def on_header(self, name: bytes, value: bytes) -> None:
            self._head_parsed += len(name) + len(value) + 4
            super().on_header(name, value)

        def on_headers_complete(self) -> None:
            self._in_head = False
            if self._head_parsed > limit:  # stop before the application sees it
                self._too_large = 431 if self.headers else 414
                raise ValueError("request head too large")  # the parser stops here
            super().on_headers_complete()

        def send_400_response(self, msg: str) -> None:
            if self._too_large is not None:
                self._refuse(self._too_large)
            else:
                super().send_400_response(msg)

        def data_received(self, data: bytes) -> None:
            if self._refused:
                return
            super().data_received(data)
            if self._in_head and not self._refused:  # the whole chunk was head
                self._head_bytes += len(data)
                if self._head_bytes > limit:
                    self._refuse(431 if getattr(self, "headers", None) else 414)

        def _refuse(self, status: int) -> None:
            self._refused = True
            what = "request headers are" if status == 431 else "request line is"
            body = json.dumps({"error": {
                "status": status, "code": "request-too-large",
                "message": f"the {what} longer than {limit} bytes",
                "hint": "send long queries in a POST body"}}).encode()  # fmt: skip
            head = (
                f"HTTP/1.1 {status} ".encode() + _REASONS[status] + b"\r\n"
                b"content-type: application/json\r\n"
                b"content-length: " + str(len(body)).encode() + b"\r\n"
                b"connection: close\r\n\r\n"
            )
            self.transport.write(head + body)
            self.transport.close()

    return BoundedHttpTools


def config(app: Any, host: str, port: int, max_header_bytes: int, **options: Any) -> uvicorn.Config:
    """Return the uvicorn configuration styrgraf serves with."""
    return uvicorn.Config(
        app, host=host, port=port, http=bounded_protocol(max_header_bytes), **options
    )
