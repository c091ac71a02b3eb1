"""``/api/graphs``, ``/api/validation`` and ``/health``: what the store holds, and its checks."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

router = APIRouter()


@router.get("/api/graphs", summary="The named graphs, one per source document")
def graphs(request: Request) -> dict[str, Any]:
    """Return the named graphs and the number of triples."""
    store = request.app.state.store
    return {"graphs": store.graphs(), "triples": store.count()}


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
