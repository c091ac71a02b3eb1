"""The site's pages: a page for every entity, the ontology and code lists, and the static
files.

``GET /id/{path}`` resolves ``{base IRI}{path}`` (``https://w3id.org/styrgraf/id/…``) and
answers on that one URL by content negotiation (:mod:`.negotiation`): an HTML page in
Swedish (:mod:`.entity_view`, led by :mod:`.curated`), or the entity's description
(:mod:`.describe`) as Turtle, JSON-LD, N-Triples or RDF/XML. An unknown IRI answers 404,
as an HTML page or as JSON by the Accept header.

``/ontology`` (``?term=Goal`` for one term) and ``/kod/…`` do the same for the ontology's
terms and the code lists, read from ``ontology/``. The pages need no JavaScript and load
nothing from elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS
from starlette.concurrency import run_in_threadpool

from loaders.resources import static_dir, yasgui_dir
from loaders.vocab import ELI, KOD_NS, ONTOLOGY_IRI, STYR, STYR_NS

from ..errors import ApiError, NotFound
from ..iri import iri_problem
from ..render import render
from ..services import SettingsDep, services
from .chain import Chain, drawing, goal_chain
from .curated import curate
from .describe import codes_graph, describe_entity, describe_in, ontology_graph, outline, page_limit
from .entity_view import Term, entity_html, term_of
from .names import Names, shown
from .negotiation import (
    EXTENSIONS,
    HTML,
    OFFERED,
    alternates,
    choose_media,
    error_response,
    html_response,
    located,
    rdf_response,
    split_extension,
)
from .status_view import extra_sections

router = APIRouter()

#: YASGUI's built files served under /static/yasgui/ (:func:`loaders.resources.yasgui_dir`).
YASGUI_FILES = frozenset({"yasgui.min.js", "yasgui.min.css", "yasgui.min.js.map"})


@router.get(
    "/id/{path:path}",
    summary="The page of an entity: HTML, Turtle, JSON-LD, N-Triples or RDF/XML",
    tags=["pages"],
    response_class=Response,
    responses={
        200: {
            "content": {m: {} for m in OFFERED},
            "description": "The entity's page or its description as RDF, by the Accept header "
            "(or format=html|turtle|jsonld|ntriples|rdfxml).",
        },
        404: {"description": "No entity has this IRI."},
        406: {"description": "None of the accepted types is offered."},
    },
)
async def entity_page(path: str, request: Request, settings: SettingsDep) -> Response:
    """Resolve ``{base IRI}{path}``: its page for browsers, its description as RDF."""
    base = settings.base_iri
    path, fixed = split_extension(path)
    iri = base + path
    try:
        description = None
        if path and iri_problem(iri) is None:
            description = await describe_entity(request, URIRef(iri))
        if description is None:
            raise NotFound(f"no entity has the IRI {iri}", hint="start from / or /api/goals")
        media = choose_media(request, fixed)
    except ApiError as error:
        return error_response(request, error)
    href = description.names.href(iri) or "/id/" + path
    negotiated = fixed is None and "format" not in request.query_params
    if media != HTML:  # serialising and rendering run in a thread, off the event loop
        answer = await run_in_threadpool(rdf_response, description.graph, media)
        return located(answer, href, media, negotiated)
    chain: Chain | None = None
    if (description.iri, RDF.type, STYR.Goal) in description.graph:
        chain = await goal_chain(request, description.iri, description.names)
    sections: list[URIRef] = []
    if (description.iri, ELI.has_part, None) in description.graph:
        sections = await outline(request, description.iri, description.names)
    extra = await extra_sections(request, description, page_limit(request))
    curated = await curate(request, description, chain)

    def page() -> str:
        drawn = drawing(chain, description.names) if chain and chain.supported else None
        return entity_html(
            description, href, curated=curated, outline=sections, extra=extra, chain=drawn
        )

    body = await run_in_threadpool(page)
    return located(html_response(body), href, media, negotiated)


def graph_page(
    request: Request, source: Graph, iri: URIRef, href: str, fixed: str | None = None
) -> Response:
    """Answer the page of a term in a graph read from a file (ontology, code lists)."""
    try:
        description = describe_in(source, iri, services(request).settings.base_iri)
        if description is None:
            raise NotFound(f"no term has the IRI {iri}", hint="see /ontology and /kod/")
        media = choose_media(request, fixed)
    except ApiError as error:
        return error_response(request, error)
    negotiated = fixed is None and "format" not in request.query_params
    if media != HTML:
        return located(rdf_response(description.graph, media), href, media, negotiated)
    page = entity_html(description, href)
    return located(html_response(page), href, media, negotiated)


def whole_graph(
    request: Request, source: Graph, href: str, fixed: str | None, page: Callable[[], str]
) -> Response:
    """Answer a whole graph read from a file: ``page()`` for people, the graph as RDF."""
    try:
        media = choose_media(request, fixed)
    except ApiError as error:
        return error_response(request, error)
    negotiated = fixed is None and "format" not in request.query_params
    if media != HTML:
        return located(rdf_response(source, media), href, media, negotiated)
    return located(html_response(page()), href, media, negotiated)


def ontology_html(source: Graph, base: str) -> str:
    """Return the ontology's documentation: every term in one page, each at its fragment
    (``/ontology#Goal`` is the page part of ``https://w3id.org/styrgraf/ontology#Goal``)."""

    def terms(kind: URIRef) -> list[Term]:
        found = {s for s in source.subjects(RDF.type, kind) if str(s).startswith(STYR_NS)}
        described = (describe_in(source, t, base) for t in found if isinstance(t, URIRef))
        return sorted((term_of(d) for d in described if d is not None), key=lambda t: t.local)

    groups = [
        {"anchor": "klasser", "title": "Klasser", "terms": terms(OWL.Class)},
        {"anchor": "objektegenskaper", "title": "Objektegenskaper",
         "terms": terms(OWL.ObjectProperty)},
        {"anchor": "dataegenskaper", "title": "Dataegenskaper",
         "terms": terms(OWL.DatatypeProperty)},
    ]  # fmt: skip
    about = source.value(URIRef(ONTOLOGY_IRI), DCTERMS.description)
    version = source.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    return render(
        "ontology.html",
        title="Ontologin styr",
        current="/ontology",
        iri=ONTOLOGY_IRI,
        about=str(about) if about else None,
        version=str(version) if version else None,
        formats=alternates("/ontology"),
        groups=groups,
    )


@router.get("/ontology", include_in_schema=False)
@router.get("/ontology.{extension}", include_in_schema=False)
def ontology_page(  # sync: FastAPI runs it in a thread, off the event loop
    request: Request, settings: SettingsDep, term: str | None = None, extension: str | None = None
) -> Response:
    """The ontology document: all its terms (HTML or RDF); ``?term=Goal`` for one term."""
    source = ontology_graph()
    fixed = EXTENSIONS.get(extension) if extension else None
    if extension and fixed is None:
        missing = NotFound(f"no format .{extension}", hint=f"use {', '.join(EXTENSIONS)}")
        return error_response(request, missing)
    if term:
        href = "/ontology?term=" + quote(term, safe="")
        return graph_page(request, source, URIRef(STYR_NS + term), href, fixed)
    base = settings.base_iri
    return whole_graph(request, source, "/ontology", fixed, lambda: ontology_html(source, base))


@router.get("/kod/{path:path}", include_in_schema=False)
def code_page(path: str, request: Request, settings: SettingsDep) -> Response:  # in a thread
    """The code lists (``/kod/``) and each code (``/kod/{scheme}/{code}``); HTML or RDF."""
    source = codes_graph()
    path, fixed = split_extension(path)
    if path.rpartition("/")[2] == "index" and fixed is not None:
        path = path[: -len("index")]
    if path:
        return graph_page(request, source, URIRef(KOD_NS + path), "/kod/" + quote(path), fixed)
    names = Names(settings.base_iri)
    names.add_graph(source)

    def page() -> str:
        schemes = sorted(
            (str(s) for s in source.subjects(RDF.type, SKOS.ConceptScheme)),
            key=lambda i: (names.name(i).casefold(), i),
        )
        items = [(shown(URIRef(s), names), names.short(s)) for s in schemes]
        return render(
            "index.html",
            title="Kodlistor",
            intro="Kodlistorna som uppgifterna använder som värden.",
            iri=KOD_NS,
            formats=alternates("/kod/"),
            groups=[("Kodlistor", items)],
        )

    return whole_graph(request, source, "/kod/", fixed, page)


def yasgui_installed() -> bool:
    """Return whether ``npm ci`` has installed YASGUI's built files beside the checkout."""
    return yasgui_dir() is not None


@router.get("/static/{path:path}", include_in_schema=False)
async def static_file(path: str) -> Response:
    """Serve the site's CSS and JavaScript, and YASGUI's built files from node_modules."""
    if path.startswith("yasgui/"):
        name, yasgui = path.removeprefix("yasgui/"), yasgui_dir()
        file = yasgui / name if yasgui is not None and name in YASGUI_FILES else None
    else:
        root = static_dir().resolve()
        try:
            candidate = (root / path).resolve()
            file = candidate if candidate.is_relative_to(root) and candidate.is_file() else None
        except (ValueError, OSError):  # a NUL (ValueError) or a name too long: no file of ours
            file = None
    if file is None or not file.is_file():
        error = NotFound(f"no static file {path!r}", hint="run `npm ci` for /static/yasgui/…")
        return JSONResponse(error.to_json(), status_code=404)
    return FileResponse(file, headers={"Cache-Control": "public, max-age=3600"})
