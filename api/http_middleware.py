"""HTTP for caches and browsers: HEAD, validators with 304, CORS for reads, and gzip.

Four small ASGI middlewares, outermost first in :func:`api.app.create_app`:

- :class:`HeadAsGet` answers HEAD on every GET route: the app answers a GET, and the
  body is dropped, so the headers (length, type, validators) are the GET's own.
- :class:`ReadOnlyCors` lets pages on other sites read what anybody may read: GET and
  HEAD everywhere, and queries POSTed to ``/sparql``. Writes never get
  ``Access-Control-Allow-Origin``, and a preflight that asks to send ``Authorization``
  (every update needs the bearer token) or to use another method is refused.
- :class:`Conditional` gives GET answers a strong ``ETag`` made from the store's data
  version and the request, and ``Last-Modified`` (when the data last changed), and
  answers ``If-None-Match`` and ``If-Modified-Since`` with 304 before any work is done.
  A graph answered by ``/sparql`` gets a weak one: the same query on the same data gives
  the same graph, but a CONSTRUCT template's blank nodes get new labels at each run. An
  answer marked ``Cache-Control: no-store`` gets none: ``/sparql`` marks the answer to a
  query that calls NOW(), RAND() or the like, which the policy finds in the parsed query.
- :class:`api.http_gzip.Gzip` compresses answers over a minimum size for clients whose
  ``Accept-Encoding`` takes gzip.

Every request passes these, so they read the raw ASGI header lists, and what depends
only on a request's query string or headers (its parameters, the digest in its ETag) is
kept for the most recent requests.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from functools import lru_cache
from urllib.parse import parse_qs

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .formats import CONSTRUCT_RESULTS

#: The key the SPARQL route sets in the request's state when the request is an update (a
#: write). The state dict is shared by every copy of the scope the middlewares make.
WRITE = "styrgraf_write"
READS = frozenset({"GET", "HEAD"})
#: Where a POST is a read: queries (an update there marks the scope as a write).
POST_READS = frozenset({"/sparql"})
#: Request headers a page on another site may send with a read.
CORS_HEADERS = frozenset(
    {"accept", "accept-language", "content-language", "content-type", "if-none-match",
     "if-modified-since", "cache-control"}
)  # fmt: skip
#: Response headers such a page may read besides the safelisted ones.
EXPOSED = "ETag, Link, Retry-After, X-Styrgraf-Truncated"
#: The media types of graphs (CONSTRUCT and DESCRIBE answers): their ETags are weak.
GRAPH_MEDIA = frozenset(f.media_type.encode() for f in CONSTRUCT_RESULTS)
#: How many weak ETags are remembered, so that a 304 repeats the tag its 200 had.
WEAK_KEPT = 4096


@lru_cache(maxsize=256)
def query_params(query_string: bytes) -> dict[str, list[str]]:
    """Return the parameters of a request's query string (blank values kept), parsed once.

    Clients repeat their queries: the parse is kept for the most recent query strings
    (the SPARQL route reads it, :mod:`api.routes.sparql`). The dict is
    shared between callers, who must not change it. Bytes that are not UTF-8 become
    U+FFFD, as percent-escapes that are not do.
    """
    return parse_qs(query_string.decode("utf-8", "replace"), keep_blank_values=True)


def first_headers(scope: Scope) -> dict[bytes, bytes]:
    """Return the request's headers by (lower-case) name, the first of each name."""
    found: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        found.setdefault(name, value)
    return found


@lru_cache(maxsize=512)
def _digest(parts: tuple[bytes, ...]) -> str:
    """Return the digest of what an answer depends on, besides the data and the day."""
    return hashlib.blake2b(b"\0".join(parts), digest_size=12).hexdigest()


@lru_cache(maxsize=8)
def http_date(stamp: datetime) -> str:
    """Return ``stamp`` as an HTTP date (``Last-Modified``)."""
    return format_datetime(stamp, usegmt=True)


class HeadAsGet:
    """Answer HEAD as the app answers GET, without the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headless(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headless)


def mark_write(scope: Scope) -> None:
    """Mark the request as a write: it gets no CORS headers."""
    scope.setdefault("state", {})[WRITE] = True


def _is_read(scope: Scope) -> bool:
    if scope.get("state", {}).get(WRITE):
        return False
    return scope["method"] in READS or (scope["method"] == "POST" and scope["path"] in POST_READS)


class ReadOnlyCors:
    """``Access-Control-Allow-Origin: *`` on reads; never on writes (module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or all(k != b"origin" for k, _ in scope["headers"]):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        scope.setdefault("state", {})  # before any copy of the scope: mark_write's dict
        asked = headers.get("access-control-request-method")
        if scope["method"] == "OPTIONS" and asked is not None:
            await self._preflight(scope, headers, asked.upper())(scope, receive, send)
            return

        async def allowed(message: Message) -> None:
            if message["type"] == "http.response.start" and _is_read(scope):
                answer = MutableHeaders(scope=message)
                answer["Access-Control-Allow-Origin"] = "*"
                answer["Access-Control-Expose-Headers"] = EXPOSED
            await send(message)

        await self.app(scope, receive, allowed)

    @staticmethod
    def _preflight(scope: Scope, headers: Headers, method: str) -> Response:
        wanted = {h.strip().lower() for h in headers.get("access-control-request-headers", "")
                  .split(",") if h.strip()}  # fmt: skip
        methods = "GET, HEAD, POST" if scope["path"] in POST_READS else "GET, HEAD"
        if method not in methods.split(", ") or not wanted <= CORS_HEADERS:
            return Response(
                f"cross-origin {method} with {', '.join(sorted(wanted)) or 'no headers'} is "
                "refused: other sites may read, never write",
                status_code=403,
                media_type="text/plain",
            )
        return Response(
            status_code=204,
            headers={
                "Access-Control-Allow-Origin": "*",
                "Access-Control-Allow-Methods": methods,
                "Access-Control-Allow-Headers": ", ".join(sorted(CORS_HEADERS)),
                "Access-Control-Max-Age": "86400",
            },
        )


def _matches(header: str, etag: str) -> bool:
    """Tell whether ``If-None-Match`` names ``etag`` (weak comparison, RFC 9110 13.1.2)."""
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return etag in tags


class Conditional:
    """ETags from the data version, ``Last-Modified``, and 304 (module docstring).

    The ETag names the data (``version()``, and when this server started, since a version
    counts from 0 at each start), the request's URL and the headers the answer varies by,
    and the day (some pages show today's date). The same request on the same data gets
    the same bytes (a strong tag), except a graph from ``/sparql``, whose template's blank
    nodes are labelled anew (a weak tag: the same graph); answers marked ``no-store`` (among
    them ``/sparql``'s answers to queries that call NOW(), RAND() or the like) get no
    validator.
    """

    def __init__(self, app: ASGIApp, version: Callable[[], int]) -> None:
        self.app = app
        self.version = version
        self.started = int(time.time())
        self._seen = version()
        self._changed = datetime.fromtimestamp(self.started, UTC)
        self._day = -1
        self._today = self._changed
        self._weak: set[str] = set()

    def today(self) -> tuple[int, datetime]:
        """Return the day (days since the epoch, UTC) and when it began."""
        day = int(time.time() // 86400)
        if day != self._day:
            self._day, self._today = day, datetime.fromtimestamp(day * 86400, UTC)
        return self._day, self._today

    def last_modified(self) -> datetime:
        """Return when the data last changed (or this server started, or the day began)."""
        version = self.version()
        if version != self._seen:
            self._seen, self._changed = version, datetime.now(UTC).replace(microsecond=0)
        return max(self._changed, self.today()[1])

    def etag(self, scope: Scope, headers: dict[bytes, bytes]) -> str | None:
        """Return the strong ETag of the answer to ``scope``, or None when it has none."""
        raw = scope.get("query_string", b"")
        digest = _digest(
            (scope.get("scheme", "http").encode(), headers.get(b"host", b""),
             scope.get("root_path", "").encode("utf-8", "surrogateescape"),
             scope["path"].encode("utf-8", "surrogateescape"), raw,
             headers.get(b"accept", b""), headers.get(b"accept-encoding", b""),
             headers.get(b"accept-language", b""), str(self.today()[0]).encode())
        )  # fmt: skip
        return f'"{self.started:x}-{self.version()}-{digest}"'

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        headers = first_headers(scope)
        etag = self.etag(scope, headers)
        if etag is None:
            await self.app(scope, receive, send)
            return
        modified = self.last_modified()
        if self._fresh(headers, etag, modified):
            validators = {
                "ETag": f"W/{etag}" if etag in self._weak else etag,
                "Last-Modified": http_date(modified),
                "Vary": "Accept, Accept-Encoding",
            }
            await Response(status_code=304, headers=validators)(scope, receive, send)
            return

        async def validated(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                answer = message.get("headers", [])
                names = {k.lower(): v for k, v in reversed(answer)}  # the first of each
                if b"no-store" not in names.get(b"cache-control", b"") and b"etag" not in names:
                    tag = etag
                    media = names.get(b"content-type", b"").split(b";")[0].strip().lower()
                    if scope["path"] == "/sparql" and media in GRAPH_MEDIA:
                        tag = self._weaken(etag)
                    message["headers"] = [
                        *answer,
                        (b"etag", tag.encode()),
                        (b"last-modified", http_date(modified).encode()),
                    ]
            await send(message)

        await self.app(scope, receive, validated)

    def _weaken(self, etag: str) -> str:
        """Return ``etag`` as a weak tag, and remember it for the 304s."""
        if len(self._weak) >= WEAK_KEPT:
            self._weak.clear()
        self._weak.add(etag)
        return f"W/{etag}"

    @staticmethod
    def _fresh(headers: dict[bytes, bytes], etag: str, modified: datetime) -> bool:
        """Tell whether the client's copy is current (If-None-Match first, RFC 9110 13.2.2)."""
        if b"if-none-match" in headers:
            return _matches(headers[b"if-none-match"].decode("latin-1"), etag)
        since = headers.get(b"if-modified-since")
        if since is None:
            return False
        try:
            stamp = parsedate_to_datetime(since.decode("latin-1"))
        except (TypeError, ValueError):
            return False
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=UTC)
        return modified <= stamp
