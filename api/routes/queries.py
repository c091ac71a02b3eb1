"""``/api/queries``: the named queries as REST operations, each with its typed parameters.

``GET /api/queries`` lists them; ``GET /api/queries/{name}?param=…`` runs one and answers
JSON, or CSV by negotiation or ``format=csv``. Each query is its own route, so /docs shows
its parameters with their types and examples.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from rdflib import Literal, URIRef
from rdflib.term import Node

from ..catalogue import NamedQuery
from ..conneg import negotiate
from ..errors import NotAcceptable, NotFound
from ..formats import RESULTS_CSV
from ..services import CatalogueDep, services
from ..store import Rows
from .schemas import ErrorAnswer

router = APIRouter()
#: The rows as JSON (the API's own shape, not SPARQL results JSON).
JSON_MEDIA = "application/json"
OPENAPI_TYPES = {
    "iri": {"type": "string", "format": "uri"},
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "date": {"type": "string", "format": "date"},
    "gYear": {"type": "string", "pattern": "^-?[0-9]{4,}$"},
    "boolean": {"type": "boolean"},
}
ANSWERS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorAnswer, "description": "A parameter is missing or not of its type"},
    406: {"model": ErrorAnswer, "description": "The client accepts neither JSON nor CSV"},
}


def describe(query: NamedQuery, request: Request) -> dict[str, Any]:
    """Return a query's metadata as JSON."""
    return {
        "name": query.name,
        "summary": query.summary,
        "summary_sv": query.title_sv,
        "description": query.description,
        "tags": list(query.tags),
        "url": str(request.url_for("named_query_" + query.name)),
        "params": [
            {
                "name": p.name,
                "type": p.type,
                "description": p.description,
                "example": p.example,
                "required": p.required,
            }
            for p in query.params
        ],
    }


@router.get("/api/queries", summary="List the named queries")
def list_queries(request: Request, catalogue: CatalogueDep) -> dict[str, Any]:
    """Return every named query with its parameters."""
    return {"queries": [describe(q, request) for q in catalogue.values()]}


def plain(term: Node) -> object:
    """Return a JSON value for a term: numbers as numbers, everything else as text."""
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool | int | float):
            return value
        return str(term)
    if isinstance(term, URIRef):
        return str(term)
    return f"_:{term}"


def render(query: NamedQuery, rows: Rows, request: Request, given: dict[str, str]) -> Response:
    """Return the rows as JSON or CSV, as the client asks."""
    wanted = given.get("format") or ""
    csv_media = RESULTS_CSV.media_type
    media = {"csv": csv_media, "json": JSON_MEDIA}.get(wanted) or negotiate(
        request.headers.get("accept"), [JSON_MEDIA, csv_media]
    )
    if media is None:
        raise NotAcceptable(
            "this resource is JSON or CSV", hint="accept application/json or text/csv"
        )
    headers = {"Vary": "Accept"}
    if rows.truncated:
        headers["X-Styrgraf-Truncated"] = "true"
    if media == csv_media:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(rows.variables)
        for row in rows.rows:
            writer.writerow([str(row[v]) if v in row else "" for v in rows.variables])
        return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
    body = {
        "query": query.name,
        "params": {k: v for k, v in given.items() if k != "format"},
        "variables": rows.variables,
        "rows": [{k: plain(v) for k, v in row.items()} for row in rows.rows],
        "truncated": rows.truncated,
    }
    return JSONResponse(body, headers=headers)


def handler(query: NamedQuery) -> Callable[[Request], Coroutine[Any, Any, Response]]:
    """Return the handler of ``query``'s route (also called directly: :mod:`api.fast_path`)."""

    async def run(request: Request) -> Response:
        given = dict(request.query_params)
        bindings = query.bindings(given)
        kept = services(request)
        rows = await kept.store.select_async(query.text, bindings, kept.settings.row_limit)
        return render(query, rows, request, given)

    return run


def add_query_routes(app: FastAPI, catalogue: Mapping[str, NamedQuery]) -> None:
    """Add one GET route per named query, documented with its typed parameters."""
    for query in catalogue.values():
        parameters = [
            {"name": p.name, "in": "query", "required": p.required, "description": p.description,
             "schema": OPENAPI_TYPES[p.type], "example": p.example}
            for p in query.params
        ]  # fmt: skip
        parameters.append(
            {"name": "format", "in": "query", "required": False,
             "description": "json or csv (else by the Accept header)",
             "schema": {"type": "string", "enum": ["json", "csv"]}}
        )  # fmt: skip
        app.add_api_route(
            f"/api/queries/{query.name}",
            handler(query),
            methods=["GET"],
            name="named_query_" + query.name,
            summary=query.summary,
            description=query.description,
            tags=["named queries", *query.tags],
            openapi_extra={"parameters": parameters},
            responses=ANSWERS,
        )


@router.get("/api/queries/{name}", include_in_schema=False)
def unknown_query(name: str) -> None:
    """Answer 404 for a name that is not in the catalogue."""
    raise NotFound(f"no named query {name!r}", hint="GET /api/queries lists them")
