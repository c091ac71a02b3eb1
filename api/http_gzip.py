"""gzip for answers over a minimum size, for clients whose ``Accept-Encoding`` takes it.

``gzip;q=0`` refuses it (:func:`api.conneg.accepts_coding`). An answer that is encoded
already (the dump streams gzip itself), partial (206), or of a type that is compressed
already (images, archives, fonts, audio, video) or streamed to be read as it comes
(``text/event-stream``) is sent as it is. Streamed answers are compressed chunk by chunk;
a chunk of 128 KiB or more is compressed in a thread, so the event loop keeps serving.
Answers over the minimum get ``Vary: Accept-Encoding`` whether compressed or not.

It works on the raw ASGI messages: every request passes here, and most answers are small.
"""

from __future__ import annotations

import zlib
from functools import lru_cache

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .conneg import accepts_coding

#: Media types sent as they are (compressed already, or read as they stream).
EXCLUDED = frozenset(
    {b"application/grpc", b"application/gzip", b"application/x-gzip", b"application/zip",
     b"audio/*", b"font/woff", b"font/woff2", b"image/avif", b"image/gif", b"image/jpeg",
     b"image/png", b"image/webp", b"text/event-stream", b"video/*"}
)  # fmt: skip
#: Chunks at least this large are compressed in a thread.
THREAD_MINIMUM = 128 * 1024


@lru_cache(maxsize=64)
def takes_gzip(header: bytes) -> bool:
    """Tell whether an ``Accept-Encoding`` value accepts gzip (clients send few values)."""
    return accepts_coding(header.decode("latin-1"), "gzip")


@lru_cache(maxsize=64)
def _excluded(content_type: bytes) -> bool:
    media = content_type.partition(b";")[0].strip().lower()
    if media in EXCLUDED or media.partition(b"/")[0] + b"/*" in EXCLUDED:
        return True
    return media.startswith(b"application/grpc+")


def _compress(compressor: zlib._Compress, body: bytes, more: bool) -> bytes:
    if more:
        return compressor.compress(body) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return compressor.compress(body) + compressor.flush()


async def _compressed(compressor: zlib._Compress, body: bytes, more: bool) -> bytes:
    if len(body) >= THREAD_MINIMUM:
        return await run_in_threadpool(_compress, compressor, body, more)
    return _compress(compressor, body, more)


def _vary_and_length(
    headers: list[tuple[bytes, bytes]], length: int | None, gzipped: bool
) -> list[tuple[bytes, bytes]]:
    """Return the headers with ``Vary: Accept-Encoding`` added and, when ``gzipped``,
    ``Content-Encoding: gzip`` and the new length (none when ``length`` is None)."""
    vary = [v for k, v in headers if k.lower() == b"vary"]
    drop = {b"vary", b"content-length"} if gzipped else {b"vary"}
    kept = [(k, v) for k, v in headers if k.lower() not in drop]
    kept.append((b"vary", b", ".join([*vary, b"Accept-Encoding"])))
    if gzipped:
        kept.append((b"content-encoding", b"gzip"))
        if length is not None:
            kept.append((b"content-length", str(length).encode()))
    return kept


class Gzip:
    """Compress answers of at least ``minimum_size`` bytes (module docstring)."""

    def __init__(self, app: ASGIApp, minimum_size: int = 1400, compresslevel: int = 6) -> None:
        self.app = app
        self.minimum_size = minimum_size
        self.compresslevel = compresslevel

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        coding = next((v for k, v in scope["headers"] if k == b"accept-encoding"), None)
        wanted = coding is not None and takes_gzip(coding)
        held: Message | None = None  # the start of an answer not yet sent
        compressor: zlib._Compress | None = None

        async def sending(message: Message) -> None:
            nonlocal held, compressor
            kind = message["type"]
            if kind == "http.response.start":
                headers = message.get("headers", [])
                encoded = any(k.lower() == b"content-encoding" for k, _ in headers)
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if encoded or message["status"] == 206 or _excluded(ctype):
                    await send(message)
                else:
                    held = message
                return
            if held is None:  # sent as it is, or the next chunk of a compressed stream
                if kind == "http.response.body" and compressor is not None:
                    more = message.get("more_body", False)
                    body = await _compressed(compressor, message.get("body", b""), more)
                    message = {**message, "body": body}
                await send(message)
                return
            start, held = held, None
            if kind != "http.response.body":  # a file sent by path, or trailers
                await send(start)
                await send(message)
                return
            body, more = message.get("body", b""), message.get("more_body", False)
            if not more and len(body) < self.minimum_size:
                await send(start)
                await send(message)
                return
            if wanted:
                compressor = zlib.compressobj(
                    self.compresslevel, zlib.DEFLATED, 16 + zlib.MAX_WBITS
                )
                body = await _compressed(compressor, body, more)
                message = {**message, "body": body}
            length = None if more or start.get("trailers", False) else len(body)
            headers = _vary_and_length(list(start.get("headers", [])), length, wanted)
            await send({**start, "headers": headers})
            await send(message)

        await self.app(scope, receive, sending)
