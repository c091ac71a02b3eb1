"""What else a linked-data client dereferences: named graphs and the JSON-LD context.

``/graph/{name}`` resolves ``https://w3id.org/styrgraf/graph/{name}``, the named graph of
one source file: a page for people (what it holds, where it came from) and, by content
negotiation or extension, the graph itself as Turtle, JSON-LD, N-Triples or RDF/XML.
``/context.jsonld`` is the JSON-LD context that every JSON-LD answer uses inline.
"""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from rdflib import URIRef

from ..errors import ApiError, NotFound
from ..store import Store
from ..store.base import GRAPH_IRI_BASE
from .pages import (
    HTML,
    alternates,
    choose_media,
    error_response,
    html_response,
    jsonld_context,
    located,
    new_graph,
    rdf_response,
    shell,
    split_extension,
)

router = APIRouter()

GRAPH_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
COUNT = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
SOURCES = """PREFIX dct: <http://purl.org/dc/terms/>
PREFIX styr: <https://w3id.org/styrgraf/ontology#>
SELECT DISTINCT ?g ?title ?sha256
WHERE { GRAPH ?g { ?source a styr:SourceText ; dct:title ?title ; styr:sha256 ?sha256 } }
ORDER BY ?title"""


@router.get("/context.jsonld", include_in_schema=False)
async def context() -> JSONResponse:
    """The JSON-LD context of the site's JSON-LD (also inline in each document)."""
    return JSONResponse(
        {"@context": jsonld_context()},
        media_type="application/ld+json",
        headers={"Access-Control-Allow-Origin": "*"},
    )


@router.get("/graph/{name}", include_in_schema=False)
async def graph_page(name: str, request: Request) -> Response:
    """A named graph: its page, or its triples as RDF."""
    store: Store = request.app.state.store
    name, fixed = split_extension(name)
    iri = GRAPH_IRI_BASE + name
    href = "/graph/" + name
    try:
        if iri not in store.graphs():
            raise NotFound(f"no named graph {iri}", hint="GET /api/graphs lists them")
        media = choose_media(request, fixed)
    except ApiError as error:
        return error_response(request, error)
    negotiated = fixed is None and "format" not in request.query_params
    if media != HTML:
        graph = new_graph()
        graph += store.construct(GRAPH_TRIPLES, {"g": URIRef(iri)})
        return located(rdf_response(graph, media), href, media, negotiated)
    counted = (await store.select_async(COUNT, {"g": URIRef(iri)})).rows
    count = int(str(counted[0]["n"])) if counted else 0
    rows = (await store.select_async(SOURCES, {"g": URIRef(iri)})).rows
    head, formats = alternates(href)
    listed = "".join(
        f"<li>{escape(str(r['title']))} <code title='SHA-256'>{escape(str(r['sha256']))}</code>"
        "</li>"
        for r in rows
    )
    body = (
        f"<h1>Graf {escape(name)}</h1>"
        "<p>Uppgifterna som lästes ur en källfil, som en namngiven graf.</p>"
        f"<p class='iri'>IRI: <code>{escape(iri)}</code><br>Som data: {formats}</p>"
        f"<p>{count} tripplar.</p>" + (f"<h2>Källtext</h2><ul>{listed}</ul>" if listed else "")
    )
    return located(html_response(shell(f"Graf {name}", body, head=head)), href, media, negotiated)
