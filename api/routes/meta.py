"""``/api/graphs``, ``/api/dump``, ``/api/validation`` and ``/health``: what the store holds,
all of it for backup, and its checks."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse

router = APIRouter()


@router.get("/api/graphs", summary="The named graphs, one per source document")
def graphs(request: Request) -> dict[str, Any]:
    """Return the named graphs and the number of triples."""
    store = request.app.state.store
    return {"graphs": store.graphs(), "triples": store.count()}


@router.get(
    "/api/dump",
    summary="Every quad, for backup: the named graphs and the default graph (their merge)",
    responses={200: {"content": {"application/n-quads": {}, "application/trig": {}}}},
)
async def dump(request: Request) -> StreamingResponse:
    """Stream the whole store as N-Quads or TriG, gzipped when the client accepts it.

    The format comes from ``format=nquads|trig`` or the Accept header.
    ``/api/dump.nq.gz`` (also ``.nq``, ``.trig``, ``.trig.gz``) is the same as a file to
    download. ``styrgraf serve`` restores a dump; see the README's *Backup and restore*.
    """
    from ..conneg import negotiate, parse_accept
    from ..errors import BadRequest, NotAcceptable
    from ..store.files import DUMP_TYPES

    asked = request.query_params.get("format")
    if asked is not None and asked not in DUMP_TYPES:
        raise BadRequest(f"unknown dump format {asked!r}", hint="use format=nquads or trig")
    media = (
        DUMP_TYPES[asked]
        if asked
        else negotiate(request.headers.get("accept"), list(DUMP_TYPES.values()))
    )
    if media is None:
        raise NotAcceptable("a dump is N-Quads or TriG", hint="accept application/n-quads")
    fmt = next(k for k, v in DUMP_TYPES.items() if v == media)
    encodings = request.headers.get("accept-encoding")
    gzipped = encodings is not None and any(
        name in {"gzip", "*"} and q > 0 for name, q, _ in parse_accept(encodings)
    )
    headers = {"Vary": "Accept, Accept-Encoding", "Cache-Control": "no-store"}
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    return await _dump_response(request, fmt, gzipped, media, headers)


@router.get("/api/dump.{extension}", include_in_schema=False)
async def dump_file(extension: str, request: Request) -> StreamingResponse:
    """The dump as a file to download: ``.nq``, ``.trig``, or either gzipped."""
    from datetime import UTC, datetime

    from ..errors import NotFound
    from ..store.files import DUMP_SUFFIXES, DUMP_TYPES

    plain = extension.removesuffix(".gz")
    fmt = next((k for k, v in DUMP_SUFFIXES.items() if v == "." + plain), None)
    if fmt is None:
        raise NotFound(f"no dump /api/dump.{extension}", hint="use .nq, .nq.gz, .trig or .trig.gz")
    gzipped = extension.endswith(".gz")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    headers = {
        "Content-Disposition": f'attachment; filename="styrgraf-{stamp}.{extension}"',
        "Cache-Control": "no-store",
    }
    media = "application/gzip" if gzipped else DUMP_TYPES[fmt]
    return await _dump_response(request, fmt, gzipped, media, headers)


async def _dump_response(
    request: Request, fmt: str, gzipped: bool, media: str, headers: dict[str, str]
) -> StreamingResponse:
    """Start the dump and wait for its first chunk, so a store that fails gets its status."""
    from ..dump import start_dump

    chunks = start_dump(request.app.state.store, fmt, gzipped)
    first = b""
    with contextlib.suppress(StopAsyncIteration):
        first = await anext(chunks)

    async def body() -> AsyncIterator[bytes]:
        yield first
        async for chunk in chunks:
            yield chunk

    return StreamingResponse(body(), media_type=media, headers=headers)


@router.get("/health", summary="Liveness")
def health() -> dict[str, str]:
    """Return ok while the server runs."""
    return {"status": "ok"}


@router.get(
    "/api/validation",
    summary="The last validation report (sh:ValidationReport) written beside the data",
    responses={200: {"content": {"text/turtle": {}, "application/ld+json": {}}}},
)
def validation(request: Request) -> Response:
    """Return ``validation-report.ttl`` from the data folder as Turtle or JSON-LD."""
    from rdflib import Graph

    from ..conneg import negotiate
    from ..errors import NotAcceptable, NotFound

    folders = [p if p.is_dir() else p.parent for p in request.app.state.settings.data]
    reports = [
        f / "validation-report.ttl" for f in folders if (f / "validation-report.ttl").exists()
    ]
    if not reports:
        raise NotFound(
            "no validation report beside the data",
            hint="run `styrgraf validate data` (make run does) and reload",
        )
    media = negotiate(request.headers.get("accept"), ["text/turtle", "application/ld+json"])
    if media is None:
        raise NotAcceptable("the report is Turtle or JSON-LD", hint="accept text/turtle")
    if media == "text/turtle":
        return Response(reports[0].read_bytes(), media_type="text/turtle; charset=utf-8")
    graph = Graph().parse(reports[0], format="turtle")
    return Response(graph.serialize(format="json-ld"), media_type="application/ld+json")
