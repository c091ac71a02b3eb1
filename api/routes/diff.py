"""``/api/diff``: what changed between two of the named graphs the server holds
(:mod:`api.diff`), as JSON, a page, or plain text."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse
from rdflib import Graph, URIRef
from starlette.concurrency import run_in_threadpool

from ..conneg import negotiate
from ..diff import as_html, as_text, diff
from ..errors import BadRequest, NotAcceptable, NotFound
from ..formats import DIFF_FORMATS, HTML, PLAIN_TEXT, by_name
from ..services import StoreDep
from ..store import Store

router = APIRouter()

GRAPH_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
#: ``format=``'s values, as its pattern.
FORMAT_PATTERN = f"^({'|'.join(f.name for f in DIFF_FORMATS)})$"


def _graph_iri(store: Store, given: str, which: str) -> str:
    """The named graph ``given`` names: its IRI, or the name at its end."""
    held = store.graphs()
    if given in held:
        return given
    named = [g for g in held if g.rstrip("/").rsplit("/", 1)[-1] == given]
    if len(named) == 1:
        return named[0]
    raise NotFound(
        f"{which}: no named graph {given!r}",
        hint="GET /api/graphs lists them; give a graph's IRI or the name at its end",
    )


def _side(store: Store, iri: str) -> Graph:
    return store.construct(GRAPH_TRIPLES, {"g": URIRef(iri)})


@router.get(
    "/api/diff",
    summary="What changed between two graphs: new, continued, completed, dropped and "
    "reworded assignments and goals",
    responses={200: {"content": {HTML.media_type: {}, PLAIN_TEXT.media_type: {}}}},
)
async def api_diff(
    request: Request,
    store: StoreDep,
    old: str = Query(
        ...,
        alias="from",
        max_length=2000,
        description="the old side: a named graph's IRI or name (see /api/graphs)",
    ),
    new: str = Query(
        ..., alias="to", max_length=2000, description="the new side: a named graph's IRI or name"
    ),
    fmt: str | None = Query(
        None, alias="format", pattern=FORMAT_PATTERN, description="else by Accept"
    ),
) -> Response:
    """Compare the assignments and goals two named graphs state (``styrgraf diff``).

    The JSON has exactly the keys ``new``, ``continued``, ``completed``, ``dropped`` and
    ``reworded``; each item has its ``iri``, ``label``, ``type``, both sides' text and
    status, and its ``evidence`` on each side."""
    chosen = by_name(fmt, DIFF_FORMATS) if fmt else None
    offered = [f.media_type for f in DIFF_FORMATS]
    media = chosen.media_type if chosen else negotiate(request.headers.get("accept"), offered)
    if media is None:
        raise NotAcceptable(
            "the diff is JSON, HTML or plain text", hint="send Accept: application/json"
        )
    if old == new:
        raise BadRequest("from and to name the same graph", hint="compare two graphs")

    def compute() -> Any:
        first = _graph_iri(store, old, "from")
        second = _graph_iri(store, new, "to")
        names = (first.rstrip("/").rsplit("/", 1)[-1], second.rstrip("/").rsplit("/", 1)[-1])
        return diff(_side(store, first), _side(store, second), *names)

    result = await run_in_threadpool(compute)
    if media == HTML.media_type:
        page = await run_in_threadpool(as_html, result, False)
        return HTMLResponse(page, headers={"Vary": "Accept"})
    if media == PLAIN_TEXT.media_type:
        return PlainTextResponse(as_text(result), headers={"Vary": "Accept"})
    return JSONResponse(result.as_json(), headers={"Vary": "Accept"})
