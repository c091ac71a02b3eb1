"""``/sparql``: the SPARQL 1.1 Protocol for queries (GET, POST form, POST direct).

Results are negotiated from the Accept header (q-values honoured, 406 when nothing
fits) or chosen with ``format=``: JSON, XML, CSV or TSV for SELECT and ASK; Turtle,
N-Triples, JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE. See
https://www.w3.org/TR/sparql11-protocol/#query-operation.
"""

from __future__ import annotations

import hmac
import re
from urllib.parse import parse_qs

from fastapi import APIRouter, Request, Response

from ..conneg import negotiate
from ..errors import BadRequest, Forbidden, NotAcceptable, Unauthorized, UnsupportedMediaType
from ..store import GRAPH_TYPES, RESULT_TYPES, Store, inspect
from ..store.base import Dataset, check_from

router = APIRouter()

ALIASES = {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/plain": "ntriples",
    "application/x-turtle": "turtle",
    "application/trig": "turtle",
}
FORMAT_NAMES = {
    **{k: k for k in (*RESULT_TYPES, *GRAPH_TYPES)},
    "ttl": "turtle",
    "nt": "ntriples",
    "json-ld": "jsonld",
    "rdf": "rdfxml",
    "xml": "xml",
}


def choose(accept: str | None, override: str | None, form: str) -> str:
    """Return the result format's short name for the query form.

    Raises:
        NotAcceptable: nothing the client accepts fits the query form.
        BadRequest: ``format=`` names no known format.
    """
    table = RESULT_TYPES if form in {"SELECT", "ASK"} else GRAPH_TYPES
    if override:
        name = FORMAT_NAMES.get(override.lower()) or ALIASES.get(override.lower())
        if name is None:
            name = next((k for k, v in table.items() if v == override.lower()), None)
        if name not in table:
            raise BadRequest(
                f"format={override!r} does not fit a {form} query",
                hint=f"use one of {', '.join(table)}",
            )
        return name
    offered = list(table.values()) + [a for a, n in ALIASES.items() if n in table]
    media = negotiate(accept, offered)
    if media is None:
        raise NotAcceptable(
            f"none of the accepted types fits a {form} query",
            hint=f"accept one of {', '.join(table.values())}, or add format=",
        )
    return ALIASES.get(media) or next(k for k, v in table.items() if v == media)


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
    token = request.app.state.settings.update_token
    if not token:
        raise Forbidden(
            "updates are refused: this endpoint is read-only",
            hint="an operator can allow updates by setting STYRGRAF_UPDATE_TOKEN",
        )
    given = request.headers.get("authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise Unauthorized("updates need the bearer token", hint="send Authorization: Bearer …")
    code = re.sub(r'"(?:[^"\\]|\\.)*"|#[^\n]*', " ", text)
    if re.search(r"\b(LOAD|SERVICE)\b", code, re.IGNORECASE):
        raise Forbidden("LOAD and SERVICE are refused: the server never fetches from elsewhere")
    if not re.search(r"\b(GRAPH|WITH)\b", code, re.IGNORECASE):
        raise BadRequest(
            "an update must name its graph (GRAPH <…> or WITH <…>)",
            hint="the default graph is the merge of the named graphs and is rebuilt after updates",
        )
    request.app.state.store.update(text)
    return Response(status_code=204)


def _first(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[0] if values else None


async def _query_text(request: Request) -> tuple[str | None, dict[str, list[str]]]:
    params = parse_qs(request.url.query, keep_blank_values=True)
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


@router.get("/sparql", summary="SPARQL 1.1 query (GET)", operation_id="sparql_get")
@router.post(
    "/sparql", summary="SPARQL 1.1 query (POST form or direct)", operation_id="sparql_post"
)
async def sparql(request: Request) -> Response:
    """Answer a SPARQL query (read-only), in the format the client negotiates."""
    try:
        query, params = await _query_text(request)
    except _Update as update:
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(run_update, request, update.text)
    if query is None:
        accept = request.headers.get("accept", "")
        if "text/html" in accept:
            from .editor import editor_page

            return editor_page(request)
        raise BadRequest("no query given", hint="pass query=SELECT … (GET, form or body)")
    if len(params.get("query", [])) > 1:
        raise BadRequest("more than one query given", hint="send exactly one query parameter")
    # graphs of the store; one it does not hold is empty, never fetched. Relative IRIs
    # resolve against the endpoint's own URL.
    dataset = Dataset(
        tuple(params.get("default-graph-uri", [])),
        tuple(params.get("named-graph-uri", [])),
        str(request.url.remove_query_params(list(params))),
    )
    info = inspect(query)
    store: Store = request.app.state.store
    if info.from_graphs:
        check_from(info, store.graphs())
    fmt = choose(request.headers.get("accept"), _first(params, "format"), info.form)
    settings = request.app.state.settings
    from starlette.concurrency import run_in_threadpool

    raw = await run_in_threadpool(store.raw, query, fmt, settings.row_limit, dataset)
    headers = {"Vary": "Accept"}
    if raw.truncated:
        headers["X-Styrgraf-Truncated"] = f"true; rows={settings.row_limit}"
    media = raw.media_type + ("; charset=utf-8" if raw.media_type.startswith("text/") else "")
    return Response(raw.body, media_type=media, headers=headers)
