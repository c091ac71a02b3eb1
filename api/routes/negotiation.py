"""Content negotiation for the site's pages: one URL, an HTML page or RDF.

A page answers on its one URL by content negotiation (q-values honoured through
:func:`api.conneg.negotiate`, ``Vary: Accept``, 406 when nothing fits); ``format=`` or a
file extension (``/id/x.ttl``) picks the format directly, so pages can link to each form.
RDF is written the same way each time (:func:`serialise`), so a static copy of the site
is reproducible. Errors answer as an HTML page when the client prefers HTML, else as JSON.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from loaders.vocab import (
    CV,
    DPV,
    ELI,
    KOD_NS,
    OBEU_ATTR,
    OBEU_DIM,
    OBEU_MEASURE,
    ORG,
    QB,
    SDMXA,
    STYR_NS,
)

from .. import formats
from ..conneg import negotiate
from ..errors import ApiError, BadRequest, NotAcceptable
from ..formats import PAGE_FORMATS
from ..output import rdfxml, sorted_triples, stable_jsonld
from ..render import render

LOG = logging.getLogger("styrgraf")

#: The prefixes of the query editor and of the Turtle pages, as the data uses them.
PREFIXES: dict[str, str] = {
    "styr": STYR_NS,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dct": str(DCTERMS),
    "org": str(ORG),
    "obm": str(OBEU_MEASURE),
    "qb": str(QB),
}
#: More prefixes for serialising descriptions (not preloaded in the editor).
MORE_PREFIXES: dict[str, str] = {
    "obd": str(OBEU_DIM),
    "eli": str(ELI),
    "cv": str(CV),
    "dpv": str(DPV),
    "owl": str(OWL),
    "kod": KOD_NS,
    "oba": str(OBEU_ATTR),
    "sdmxa": str(SDMXA),
}


# --- content negotiation ---------------------------------------------------------------------
HTML = formats.HTML.media_type
#: The RDF forms of a page (:data:`api.formats.PAGE_FORMATS` but HTML), in the order of
#: negotiation and of the page's format links: Turtle first, the answer to ``*/*`` after
#: HTML.
RDF_FORMATS = tuple(f for f in PAGE_FORMATS if f is not formats.HTML)
#: The media types of the RDF forms, and rdflib's name of each.
RDF_MEDIA: dict[str, str] = {f.media_type: f.rdflib for f in RDF_FORMATS}
OFFERED = tuple(f.media_type for f in PAGE_FORMATS)
VARY = {"Vary": "Accept"}
#: File extensions (without the dot) of each page's formats, in a URL or in a static copy
#: of the site: only the one each format is written with (``.rdf``, not ``.owl``).
EXTENSIONS: dict[str, str] = {f.extension[1:]: f.media_type for f in PAGE_FORMATS}
EXTENSION_OF = {media: ext for ext, media in EXTENSIONS.items()}


def split_extension(path: str) -> tuple[str, str | None]:
    """Return ``path`` without a format extension, and the extension's media type.

    Minted IRIs never end in one of these extensions, so ``/id/x.ttl`` is the Turtle of
    ``/id/x``.
    """
    stem, dot, extension = path.rpartition(".")
    if dot and "/" not in extension and extension in EXTENSIONS:
        return stem, EXTENSIONS[extension]
    return path, None


def located(response: Response, path: str, media: str, negotiated: bool) -> Response:
    """Add ``Content-Location`` (the URL of the format sent) to a negotiated answer."""
    if negotiated:
        extension = EXTENSION_OF[media]
        where = f"{path}index.{extension}" if path.endswith("/") else f"{path}.{extension}"
        response.headers["Content-Location"] = quote(where, safe="/:@!$&'()*+,;=-._~%")
    return response


def choose_media(request: Request, fixed: str | None = None) -> str:
    """Return the media type to answer: the URL's extension (``fixed``) or ``format=`` if
    given, else the negotiated one.

    Raises:
        BadRequest: ``format=`` names no known format.
        NotAcceptable: nothing the client accepts is offered.
    """
    if fixed is not None:
        return fixed
    override = request.query_params.get("format")
    if override:
        fmt = formats.by_name(override, PAGE_FORMATS)
        if fmt is None:
            names = sorted(name for f in PAGE_FORMATS for name in f.names)
            raise BadRequest(
                f"format={override!r} is not a format of this page",
                hint=f"use one of {', '.join(names)}",
            )
        return fmt.media_type
    media = negotiate(request.headers.get("accept"), OFFERED)
    if media is None:
        raise NotAcceptable(
            "none of the accepted types is offered for this page",
            hint=f"accept one of {', '.join(OFFERED)}, or add format=",
        )
    return media


def error_response(request: Request, error: ApiError) -> Response:
    """Answer an error as an HTML page when the client prefers HTML, else as JSON.

    A 500 says only what :meth:`ApiError.to_json` lets it say; the log gets the rest.
    """
    if error.status == 500:
        LOG.error("internal error on %s", request.url.path, exc_info=error)
    shown = error.to_json()["error"]
    assert isinstance(shown, dict)
    headers = {**VARY, **error.headers()}
    if negotiate(request.headers.get("accept"), (HTML, "application/json")) == HTML:
        title = "Sidan finns inte" if error.status == 404 else f"Fel {error.status}"
        page = render(
            "error.html", title=title, message=str(shown["message"]), hint=shown.get("hint")
        )
        return HTMLResponse(page, status_code=error.status, headers=headers)
    return JSONResponse(error.to_json(), status_code=error.status, headers=headers)


def html_response(body: str, status: int = 200) -> HTMLResponse:
    """Answer a rendered page (it varies with Accept, as every negotiated answer does)."""
    return HTMLResponse(body, status_code=status, headers=VARY)


def new_graph() -> Graph:
    """Return an empty graph with the site's prefixes bound."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in {**PREFIXES, **MORE_PREFIXES}.items():
        graph.bind(prefix, Namespace(namespace))
    return graph


def jsonld_context() -> dict[str, str]:
    """Return the prefixes every JSON-LD answer uses as its context (``/context.jsonld``)."""
    return {p: ns for p, ns in {**PREFIXES, **MORE_PREFIXES}.items() if p != "xsd"}


def serialise(graph: Graph, media: str) -> bytes:
    """Return ``graph`` as ``media`` (a key of :data:`RDF_MEDIA`), the same bytes each time."""
    fmt = RDF_MEDIA[media]
    # the same description gives the same bytes, so a static copy of the site is
    # reproducible: rdflib's writers follow the order triples were added in, except for
    # subjects in JSON-LD (fixed afterwards) and RDF/XML (written by Oxigraph instead)
    ordered = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        ordered.bind(prefix, namespace)
    for triple in sorted_triples(graph):
        ordered.add(triple)
    if fmt == "json-ld":  # the context of /context.jsonld, inline: no fetch to read it
        body = stable_jsonld(
            ordered.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
        )
    elif fmt == "nt":
        body = "".join(sorted(ordered.serialize(format="nt").splitlines(keepends=True)))
    elif fmt == "xml":
        prefixes = {p: str(n) for p, n in ordered.namespaces() if p}
        body = rdfxml(ordered, prefixes).decode("utf-8")
    else:
        body = ordered.serialize(format=fmt)
    return body.encode("utf-8")


def rdf_response(graph: Graph, media: str) -> Response:
    """Answer ``graph`` as ``media`` (a key of :data:`RDF_MEDIA`)."""
    body = serialise(graph, media)
    charset = "; charset=utf-8" if media.startswith("text/") else ""
    # linked data is read by pages on other sites too
    headers = {**VARY, "Access-Control-Allow-Origin": "*"}
    return Response(body, media_type=media + charset, headers=headers)


def format_url(href: str, fmt: formats.Format) -> str:
    """Return the URL of one format of a page: ``/id/x`` → ``/id/x.ttl``, ``/kod/`` →
    ``/kod/index.ttl`` (what a static copy of the site holds too); with a query string,
    ``format=``."""
    if "?" in href:
        return f"{href}&format={fmt.name}"
    return f"{href}index{fmt.extension}" if href.endswith("/") else f"{href}{fmt.extension}"


def alternates(href: str) -> list[dict[str, str]]:
    """Return the page's other formats: ``{name, type, url}`` for the head's
    ``<link rel=alternate>`` and the page's format links."""
    return [
        {"name": fmt.label, "type": fmt.media_type, "url": format_url(href, fmt)}
        for fmt in RDF_FORMATS
    ]
