"""``/api/graphs``, ``/api/dump``, ``/api/validation`` and ``/health``: what the store holds,
all of it for backup, and its checks."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import StreamingResponse

from ..conneg import accepts_coding, choose
from ..errors import BadRequest, NotAcceptable, NotFound
from ..formats import JSONLD, QUAD_FORMATS, TURTLE, by_extension
from ..services import SettingsDep, StoreDep
from ..store import Store
from .schemas import ErrorAnswer

router = APIRouter()


GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
DEFAULT_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@router.get("/api/graphs", summary="The named graphs, one per source document")
def graphs(store: StoreDep) -> dict[str, Any]:
    """Return the named graphs, the triples each holds and their sum, and the size of the
    default graph (their merge: a triple two documents state is in it once)."""
    names = store.graphs()
    sizes = {row["g"]: int(row["n"]) for row in store.select_values(GRAPH_SIZES)}
    per_graph = {name: sizes.get(name, 0) for name in names}
    (merged,) = store.select_values(DEFAULT_SIZE) or [{"n": "0"}]
    return {
        "graphs": names,
        "triples": sum(per_graph.values()),
        "graph_triples": per_graph,
        "default_graph_triples": int(merged["n"]),
    }


@router.get(
    "/api/dump",
    summary="Every quad, for backup: the named graphs and the default graph (their merge)",
    responses={
        200: {"content": {f.media_type: {} for f in QUAD_FORMATS}},
        400: {"model": ErrorAnswer, "description": "format= names no dump format"},
        406: {"model": ErrorAnswer, "description": "The client accepts no dump format"},
    },
)
async def dump(request: Request, store: StoreDep) -> StreamingResponse:
    """Stream the whole store as N-Quads or TriG, gzipped when the client accepts it.

    The format comes from ``format=nquads|trig`` or the Accept header.
    ``/api/dump.nq.gz`` (also ``.nq``, ``.trig``, ``.trig.gz``) is the same as a file to
    download. ``styrgraf serve`` restores a dump; see the README's *Backup and restore*.
    """
    asked = request.query_params.get("format")
    chosen = next((f for f in QUAD_FORMATS if f.name == asked), None)
    if asked is not None and chosen is None:
        raise BadRequest(f"unknown dump format {asked!r}", hint="use format=nquads or trig")
    if chosen is None:
        chosen = choose(request.headers.get("accept"), QUAD_FORMATS)
    if chosen is None:
        raise NotAcceptable("a dump is N-Quads or TriG", hint="accept application/n-quads")
    media, fmt = chosen.media_type, chosen.name
    gzipped = accepts_coding(request.headers.get("accept-encoding"), "gzip")
    headers = {"Vary": "Accept, Accept-Encoding", "Cache-Control": "no-store"}
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    return await _dump_response(store, fmt, gzipped, media, headers)


@router.get("/api/dump.{extension}", include_in_schema=False)
async def dump_file(extension: str, store: StoreDep) -> StreamingResponse:
    """The dump as a file to download: ``.nq``, ``.trig``, or either gzipped."""
    from datetime import UTC, datetime

    plain = extension.removesuffix(".gz")
    chosen = by_extension("." + plain, QUAD_FORMATS)
    if chosen is None:
        raise NotFound(f"no dump /api/dump.{extension}", hint="use .nq, .nq.gz, .trig or .trig.gz")
    gzipped = extension.endswith(".gz")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    headers = {
        "Content-Disposition": f'attachment; filename="styrgraf-{stamp}.{extension}"',
        "Cache-Control": "no-store",
    }
    media = "application/gzip" if gzipped else chosen.media_type
    return await _dump_response(store, chosen.name, gzipped, media, headers)


async def _dump_response(
    store: Store, fmt: str, gzipped: bool, media: str, headers: dict[str, str]
) -> StreamingResponse:
    """Start the dump and wait for its first chunk, so a store that fails gets its status."""
    from ..dump import start_dump

    chunks = start_dump(store, fmt, gzipped)
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
    responses={200: {"content": {TURTLE.media_type: {}, JSONLD.media_type: {}}}},
)
def validation(request: Request, settings: SettingsDep) -> Response:
    """Return ``validation-report.ttl`` from the data folder as Turtle or JSON-LD."""
    from rdflib import Graph

    folders = [p if p.is_dir() else p.parent for p in settings.data]
    from ..validate import REPORT_STEM

    name = REPORT_STEM + TURTLE.extension
    reports = [f / name for f in folders if (f / name).exists()]
    if not reports:
        raise NotFound(
            "no validation report beside the data",
            hint="run `styrgraf validate data` (make run does) and reload",
        )
    chosen = choose(request.headers.get("accept"), (TURTLE, JSONLD))
    if chosen is None:
        raise NotAcceptable("the report is Turtle or JSON-LD", hint="accept text/turtle")
    if chosen is TURTLE:
        return Response(reports[0].read_bytes(), media_type=f"{chosen.media_type}; charset=utf-8")
    graph = Graph().parse(reports[0], format=TURTLE.rdflib)
    return Response(graph.serialize(format=JSONLD.rdflib), media_type=chosen.media_type)
