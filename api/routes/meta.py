"""``/api/graphs`` and ``/health``: what the store holds."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

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
