"""What else a linked-data client dereferences: named graphs, the JSON-LD context, and the
dataset's own description.

``/graph/{name}`` resolves ``https://w3id.org/styrgraf/graph/{name}``, the named graph of
one source file: a page for people (what it holds, where it came from) and, by content
negotiation or extension, the graph itself as Turtle, JSON-LD, N-Triples or RDF/XML.
``/context.jsonld`` is the JSON-LD context that every JSON-LD answer uses inline.
``/.well-known/void`` describes the dataset the server holds (VoID and DCAT, from
``publish.toml`` and counts made on the store), with this server's ``/sparql`` as its
endpoint; a published site has the same description with its dumps as distributions.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from rdflib import Graph, URIRef
from starlette.concurrency import run_in_threadpool

from loaders import __version__

from ..conneg import negotiate
from ..errors import ApiError, NotAcceptable, NotFound
from ..formats import JSONLD
from ..render import render
from ..services import ServicesDep, StoreDep
from ..settings import Settings
from ..store import Store
from ..store.base import GRAPH_IRI_BASE
from .negotiation import (
    HTML,
    RDF_MEDIA,
    alternates,
    choose_media,
    error_response,
    html_response,
    jsonld_context,
    located,
    new_graph,
    rdf_response,
    split_extension,
)

router = APIRouter()

#: The formats of ``/.well-known/void``, Turtle first (the answer to ``*/*``).
VOID_MEDIA = tuple(RDF_MEDIA)

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
        media_type=JSONLD.media_type,
        headers={"Access-Control-Allow-Origin": "*"},
    )


@router.get("/graph/{name}", include_in_schema=False)
async def graph_page(name: str, request: Request, store: StoreDep) -> Response:
    """A named graph: its page, or its triples as RDF."""
    name, fixed = split_extension(name)
    iri = GRAPH_IRI_BASE + name
    href = "/graph/" + name
    try:
        if iri not in await run_in_threadpool(store.graphs):
            raise NotFound(f"no named graph {iri}", hint="GET /api/graphs lists them")
        media = choose_media(request, fixed)
    except ApiError as error:
        return error_response(request, error)
    negotiated = fixed is None and "format" not in request.query_params
    if media != HTML:  # the store call and the serialising run in a thread

        def answer() -> Response:
            graph = new_graph()
            graph += store.construct(GRAPH_TRIPLES, {"g": URIRef(iri)})
            return rdf_response(graph, media)

        return located(await run_in_threadpool(answer), href, media, negotiated)
    counted = (await store.select_async(COUNT, {"g": URIRef(iri)})).rows
    count = int(str(counted[0]["n"])) if counted else 0
    rows = (await store.select_async(SOURCES, {"g": URIRef(iri)})).rows
    page = render(
        "graph.html",
        title=f"Graf {name}",
        name=name,
        iri=iri,
        formats=alternates(href),
        count=count,
        sources=[{"title": str(r["title"]), "sha256": str(r["sha256"])} for r in rows],
    )
    return located(html_response(page), href, media, negotiated)


@router.get("/.well-known/void", include_in_schema=False)
async def void_description(request: Request, kept: ServicesDep) -> Response:
    """The dataset's VoID and DCAT description, counted on the store (Turtle by default)."""
    media = negotiate(request.headers.get("accept"), VOID_MEDIA)
    if media is None:
        error = NotAcceptable(
            "none of the accepted types is offered for the dataset's description",
            hint=f"accept one of {', '.join(VOID_MEDIA)}",
        )
        return error_response(request, error)
    version = kept.store.version
    graph = kept.void.get(version)
    if graph is None:
        endpoint = str(request.base_url) + "sparql"
        graph = await run_in_threadpool(describe_store, kept.settings, kept.store, endpoint)
        kept.void.put(version, graph)
    return await run_in_threadpool(rdf_response, graph, media)


def describe_store(settings: Settings, store: Store, endpoint: str) -> Graph:
    """Return the VoID and DCAT description of what ``store`` holds."""
    import dataclasses
    from datetime import UTC, datetime

    from ..dataset_description import describe
    from ..dataset_statistics import source_documents, statistics
    from ..publication import load_publication

    publication = dataclasses.replace(
        load_publication(settings.publication), sparql_endpoint=endpoint
    )
    today = datetime.now(UTC)
    stats = statistics(store, publication, today, source_documents(store), __version__)
    described = describe(publication, stats, [])
    graph = new_graph()
    for prefix, namespace in described.namespaces():
        graph.bind(prefix, namespace, override=False)
    graph += described
    return graph
