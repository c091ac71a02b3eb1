"""``/sparql``: the SPARQL 1.1 Protocol for queries (GET, POST form, POST direct).

Results are negotiated from the Accept header (q-values honoured, 406 when nothing
fits), or chosen with ``format=``, ``output=`` or ``results=`` when the header names no
type for the query form (:mod:`api.sparql_formats`): JSON, XML, CSV or TSV for SELECT and
ASK; Turtle, N-Triples, JSON-LD, RDF/XML, N3 or TriG for CONSTRUCT and DESCRIBE. Without a
query, a browser gets the query editor and other clients the service description
(:mod:`api.service_description`). See
https://www.w3.org/TR/sparql11-protocol/#query-operation.
"""

from __future__ import annotations

import copy
import hmac
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request, Response
from starlette.routing import Route

from ..conneg import names
from ..errors import (
    ApiError,
    BadRequest,
    Forbidden,
    Unauthorized,
    UnsupportedMediaType,
)
from ..formats import CONSTRUCT_RESULTS, HTML, SELECT_RESULTS
from ..http_middleware import mark_write, query_params
from ..query_policy import check_update
from ..services import services
from ..sparql_formats import HINTS, result_format
from ..store import Formats
from ..store.base import Dataset
from .schemas import ERROR_CONTENT

_QUERY_PARAMS: list[dict[str, Any]] = [
    {"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "the SPARQL 1.1 query (without it a browser gets the query editor, "
                    "and other clients the SPARQL 1.1 Service Description)",
     "example": "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class"},
    {"name": "default-graph-uri", "in": "query", "required": False,
     "schema": {"type": "array", "items": {"type": "string", "format": "uri"}},
     "description": "a store graph for the default graph (one the store lacks is empty)"},
    {"name": "named-graph-uri", "in": "query", "required": False,
     "schema": {"type": "array", "items": {"type": "string", "format": "uri"}},
     "description": "a store graph to query with GRAPH"},
    *({"name": name, "in": "query", "required": False, "schema": {"type": "string"},
       "description": "a result format, used when the Accept header names none for the "
                      "query form: json, xml, csv, tsv (SELECT, ASK); turtle, ntriples, "
                      "jsonld (or json), rdfxml (or xml), n3, trig (CONSTRUCT, DESCRIBE)"}
      for name in ("format", "output", "results")),
]  # fmt: skip
_ANSWERS: dict[str, Any] = {
    "200": {"description": "the result, in the negotiated format",
            "content": {f.media_type: {} for f in (*SELECT_RESULTS, *CONSTRUCT_RESULTS)}},
    "400": {"description": "the query does not parse, or parameters conflict",
            "content": ERROR_CONTENT},
    "403": {"description": "SERVICE, LOAD, a remote FROM, or an update without permission",
            "content": ERROR_CONTENT},
    "406": {"description": "no accepted type fits the query form", "content": ERROR_CONTENT},
    "413": {"description": "the request is over the size limit", "content": ERROR_CONTENT},
    "503": {"description": "the query ran out of time", "content": ERROR_CONTENT},
}  # fmt: skip
#: /sparql in the OpenAPI description: the route is a plain Starlette route (the protocol's
#: three ways to send a query do not fit FastAPI's parameter model, and it is the busiest
#: route, so it skips FastAPI's per-request dependency solving).
OPENAPI_PATH: dict[str, Any] = {
    "get": {"summary": "SPARQL 1.1 query (GET)", "operationId": "sparql_get",
            "tags": ["SPARQL"], "parameters": _QUERY_PARAMS, "responses": _ANSWERS},
    "post": {"summary": "SPARQL 1.1 query or update (POST form or direct)",
             "operationId": "sparql_post", "tags": ["SPARQL"],
             "parameters": _QUERY_PARAMS[1:],
             "requestBody": {"content": {
                 "application/x-www-form-urlencoded": {"schema": {"type": "object",
                     "properties": {"query": {"type": "string"}, "update": {"type": "string"}}}},
                 "application/sparql-query": {"schema": {"type": "string"}},
                 "application/sparql-update": {"schema": {"type": "string"}}}},
             "responses": {**_ANSWERS, "204": {"description": "the update was applied"},
                           "401": {"description": "an update without the bearer token",
                                   "content": ERROR_CONTENT}}},
}  # fmt: skip


def add_sparql_route(app: FastAPI) -> None:
    """Add ``/sparql`` ahead of every other route, and describe it in the OpenAPI document."""
    app.router.routes.insert(0, Route("/sparql", sparql, methods=["GET", "POST"], name="sparql"))
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            schema["paths"] = {"/sparql": OPENAPI_PATH, **schema["paths"]}
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]


class _Update(Exception):
    """The request is an update, not a query."""

    def __init__(self, text: str) -> None:
        super().__init__("update")
        self.text = text


def run_update(request: Request, text: str) -> Response:
    """Run an update when the server allows updates and the request carries the token.

    Raises:
        Forbidden: updates are off, or the update would fetch from elsewhere.
        Unauthorized: the bearer token is missing or wrong.
        BadRequest: the update writes to the default graph (which is the documents' merge).
    """
    kept = services(request)
    token = kept.settings.update_token
    if not token:
        raise Forbidden(
            "updates are refused: this endpoint is read-only",
            hint="an operator can allow updates by setting STYRGRAF_UPDATE_TOKEN",
        )
    given = request.headers.get("authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise Unauthorized("updates need the bearer token", hint="send Authorization: Bearer …")
    check_update(text)  # on the parsed update: no LOAD, no SERVICE, named graphs only
    kept.store.update(text)
    return Response(status_code=204)


#: Negotiations done, by Accept header and hints: clients send the same few headers.
_NEGOTIATED: dict[tuple[str | None, tuple[str, ...]], tuple[str | ApiError, str | ApiError]] = {}
_NEGOTIATED_MAX = 512


def offered(accept: str | None, hints: list[str]) -> Formats:
    """Negotiate for both kinds of result; the query's form picks one where it runs.

    The outcome depends on the header and the hints alone, so it is kept; a refusal is
    handed out as a copy (an exception raised twice would carry both tracebacks).
    """
    key = (accept, tuple(hints))
    known = _NEGOTIATED.get(key)
    if known is None:

        def one(form: str) -> str | ApiError:
            try:
                return result_format(accept, hints, form)
            except ApiError as exc:
                return exc

        known = (one("SELECT"), one("CONSTRUCT"))
        if len(_NEGOTIATED) < _NEGOTIATED_MAX:
            _NEGOTIATED[key] = known
    results, graphs = (copy.copy(v) if isinstance(v, ApiError) else v for v in known)
    return Formats(results, graphs)


def endpoint_url(request: Request) -> str:
    """Return the URL the request was sent to, without its query string (a base IRI)."""
    scope = request.scope
    host = request.headers.get("host") or "{}:{}".format(*scope.get("server") or ("localhost", 80))
    return f"{scope.get('scheme', 'http')}://{host}{scope.get('root_path', '')}{scope['path']}"


async def describe_endpoint(request: Request) -> Response:
    """Answer the service description, or 400 when the client accepts no RDF (it must
    have meant to send a query)."""
    from starlette.concurrency import run_in_threadpool

    from ..conneg import choose
    from ..service_description import DESCRIPTION_FORMATS, service_description

    chosen = choose(request.headers.get("accept"), DESCRIPTION_FORMATS, aliases=True)
    if chosen is None:
        raise BadRequest("no query given", hint="pass query=SELECT … (GET, form or body)")
    kept = services(request)
    url = endpoint_url(request)
    graphs = await run_in_threadpool(kept.store.graphs)
    void = url.removesuffix("/sparql") + "/.well-known/void"
    graph = service_description(url, graphs, bool(kept.settings.update_token), void)
    body = graph.serialize(format=chosen.rdflib, encoding="utf-8")
    media = chosen.media_type + ("; charset=utf-8" if chosen.media_type.startswith("text/") else "")
    return Response(body, media_type=media, headers={"Vary": "Accept"})


def _first(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[0] if values else None


async def _query_text(request: Request) -> tuple[str | None, dict[str, list[str]]]:
    params = query_params(request.scope.get("query_string", b""))
    if request.method == "GET":
        return _first(params, "query"), params
    header = request.headers.get("content-type", "")
    content_type = header.split(";")[0].strip().lower()
    charset = header.lower().partition("charset=")[2].split(";")[0].strip(' "')
    if charset and charset not in {"utf-8", "utf8"}:
        raise UnsupportedMediaType(
            f"the body is {charset}; the SPARQL protocol needs UTF-8", hint="send UTF-8"
        )
    raw_body = await request.body()
    try:
        body = raw_body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest("the body is not UTF-8", hint="send the query in UTF-8") from exc
    if content_type == "application/x-www-form-urlencoded":
        form = parse_qs(body, keep_blank_values=True)
        if "update" in form:
            if len(form["update"]) > 1:
                raise BadRequest("more than one update given", hint="send exactly one update")
            raise _Update(form["update"][0])
        if "query" in params and "query" in form:
            raise BadRequest("more than one query given", hint="send exactly one query")
        merged = {**params, **form}
        return _first(merged, "query"), merged
    if content_type == "application/sparql-query":
        if "query" in params:
            raise BadRequest("more than one query given", hint="send exactly one query")
        return body, params
    if content_type == "application/sparql-update":
        raise _Update(body)
    raise UnsupportedMediaType(
        f"a POST to /sparql needs a form or a query body, not {content_type or 'no type'}",
        hint="send application/x-www-form-urlencoded with query=, or application/sparql-query",
    )


async def sparql(request: Request) -> Response:
    """Answer a SPARQL query (read-only), in the format the client negotiates."""
    try:
        query, params = await _query_text(request)
    except _Update as update:
        from starlette.concurrency import run_in_threadpool

        mark_write(request.scope)  # no CORS headers: other sites never write

        return await run_in_threadpool(run_update, request, update.text)
    if query is None:
        if names(request.headers.get("accept"), HTML.media_type):
            from .editor import editor_page

            return editor_page(request)
        if "update" in params:
            raise BadRequest("an update is sent with POST", hint="POST the update as a form "
                             "field update=, or as application/sparql-update")  # fmt: skip
        if request.method == "GET":
            return await describe_endpoint(request)
        raise BadRequest("no query given", hint="pass query=SELECT … (GET, form or body)")
    if len(params.get("query", [])) > 1:
        raise BadRequest("more than one query given", hint="send exactly one query parameter")
    # graphs of the store; one it does not hold is empty, never fetched. Relative IRIs
    # resolve against the endpoint's own URL.
    dataset = Dataset(
        tuple(params.get("default-graph-uri", [])),
        tuple(params.get("named-graph-uri", [])),
        endpoint_url(request),
    )
    kept = services(request)
    store, settings = kept.store, kept.settings
    hints = [v for name in HINTS for v in params.get(name, [])]
    formats = offered(request.headers.get("accept"), hints)
    # the policy reads the parsed query where it runs (a worker, within the time limit)
    raw = await store.public_async(query, formats, settings.row_limit, dataset)
    headers = {"Vary": "Accept"}
    if raw.volatile:  # NOW(), RAND() …: another run gives other bytes, so no validator
        headers["Cache-Control"] = "no-store"
    if raw.truncated:
        headers["X-Styrgraf-Truncated"] = f"true; rows={settings.row_limit}"
    media = raw.media_type + ("; charset=utf-8" if raw.media_type.startswith("text/") else "")
    return Response(raw.body, media_type=media, headers=headers)
