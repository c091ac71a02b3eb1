"""The site: a page for every entity, the ontology and code lists, the home page, and the
query editor's static files.

``GET /id/{path}`` resolves ``{base IRI}{path}`` (``https://w3id.org/styrgraf/id/…``) and
answers on that one URL by content negotiation (q-values honoured, ``Vary: Accept``, 406
when nothing fits; ``format=`` overrides the header, so pages can link to each form): an
HTML page in Swedish, or the entity's description as Turtle, JSON-LD, N-Triples or
RDF/XML. The description is the entity's own triples, the labels of the nodes it links to,
and its evidence (belägg) nodes with the labels of their documents and source texts. The
HTML page adds what links to the entity, the quotes it was read from and, for a goal, a
diagram of its support chain drawn here as inline SVG. An unknown IRI answers 404, as an
HTML page or as JSON by the Accept header.

``/ontology`` (``?term=Goal`` for one term) and ``/kod/…`` do the same for the ontology's
terms and the code lists, read from ``ontology/``. The pages need no JavaScript and load
nothing from elsewhere. Entity IRIs reach the store only as bound terms, never as text.
"""

from __future__ import annotations

import logging
import re
import textwrap
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from html import escape
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node
from starlette.concurrency import run_in_threadpool

from loaders.resources import ontology_file, static_dir, yasgui_dir
from loaders.vocab import (
    CV,
    DPV,
    ELI,
    KOD_NS,
    OBEU_ATTR,
    OBEU_DIM,
    OBEU_MEASURE,
    ONTOLOGY_IRI,
    OPENGOV,
    ORG,
    QB,
    SDMXA,
    STYR,
    STYR_NS,
)

from ..conneg import negotiate
from ..errors import ApiError, BadRequest, NotAcceptable, NotFound
from ..iri import iri_problem
from ..output import rdfxml, sorted_triples, stable_jsonld
from ..store import Rows, Store
from ..store.base import GRAPH_IRI_BASE
from .labels import vocabulary
from .status_view import Extra, extra_sections

router = APIRouter()
LOG = logging.getLogger("styrgraf")

#: YASGUI's built files served under /static/yasgui/ (:func:`loaders.resources.yasgui_dir`).
YASGUI_FILES = frozenset({"yasgui.min.js", "yasgui.min.css", "yasgui.min.js.map"})
SCHEMA = Namespace("http://schema.org/")

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

# --- Swedish names of terms the ontology files do not label ---------------------------------
TERM_LABELS: dict[str, str] = {
    str(k): v
    for k, v in {
        RDF.type: "typ",
        RDFS.label: "namn",
        RDFS.comment: "kommentar",
        RDFS.subClassOf: "underklass till",
        RDFS.subPropertyOf: "underegenskap till",
        RDFS.domain: "domän",
        RDFS.range: "värdemängd",
        RDFS.seeAlso: "se även",
        RDFS.isDefinedBy: "definieras i",
        SCHEMA.domainIncludes: "används på",
        SCHEMA.rangeIncludes: "har värden av typen",
        OWL.versionInfo: "version",
        DCTERMS.title: "titel",
        DCTERMS.description: "beskrivning",
        DCTERMS.abstract: "sammanfattning",
        DCTERMS.source: "källa",
        DCTERMS.subject: "ämne",
        DCTERMS.creator: "upphov",
        DCTERMS.format: "format",
        DCTERMS.hasPart: "har del",
        DCTERMS.identifier: "identifierare",
        DCTERMS.relation: "relation",
        DCTERMS.temporal: "tidsperiod",
        DCTERMS.license: "licens",
        SKOS.prefLabel: "benämning",
        SKOS.altLabel: "annan benämning",
        SKOS.notation: "beteckning",
        SKOS.inScheme: "ingår i",
        SKOS.broader: "överordnat begrepp",
        SKOS.definition: "definition",
        SKOS.scopeNote: "användning",
        SKOS.example: "exempel",
        SKOS.hasTopConcept: "har toppbegrepp",
        SKOS.topConceptOf: "toppbegrepp i",
        SKOS.Concept: "begrepp",
        SKOS.ConceptScheme: "begreppsschema",
        PROV.entity: "entitet (källa)",
        PROV.qualifiedDerivation: "belägg",
        PROV.wasAttributedTo: "tillskrivs",
        PROV.wasDerivedFrom: "härledd ur",
        PROV.Agent: "aktör",
        PROV.Derivation: "härledning",
        PROV.Entity: "entitet",
        ORG.hasMember: "har medlem",
        ORG.postIn: "befattning i",
        ORG.subOrganizationOf: "del av",
        ORG.Organization: "organisation",
        ORG.FormalOrganization: "formell organisation",
        ORG.OrganizationalCollaboration: "samverkan",
        ORG.OrganizationalUnit: "organisatorisk enhet",
        ORG.Post: "befattning",
        ELI.date_document: "dokumentets datum",
        ELI.has_annex: "har bilaga",
        ELI.is_annex_of: "är bilaga till",
        ELI.has_part: "består av",
        ELI.is_part_of: "del av",
        ELI.WorkSubdivision: "del av verk",
        ELI.LegalResource: "rättsligt dokument",
        ELI.Work: "verk",
        CV.PublicOrganisation: "offentlig organisation",
        OBEU_ATTR.currency: "valuta",
        OBEU_DIM.administrativeClassification: "administrativ indelning",
        OBEU_DIM.budgetPhase: "budgetfas",
        OBEU_DIM.economicClassification: "ekonomisk indelning",
        OBEU_DIM.fiscalYear: "budgetår",
        OBEU_MEASURE.amount: "belopp",
        QB.dataSet: "datamängd",
        QB.structure: "struktur",
        QB.DataSet: "datamängd",
        QB.Observation: "observation",
        SDMXA.unitMult: "enhetsmultiplikator",
        DPV.isMitigatedByMeasure: "begränsas av åtgärd",
        DPV.mitigatesRisk: "begränsar risk",
        DPV.Risk: "risk",
        DPV.RiskMitigationMeasure: "riskbegränsande åtgärd",
        SCHEMA.PoliticalParty: "politiskt parti",
        OPENGOV.Motion: "yrkande",
        OWL.Class: "klass",
        OWL.ObjectProperty: "objektegenskap",
        OWL.DatatypeProperty: "dataegenskap",
        OWL.Ontology: "ontologi",
    }.items()
}
#: Headings for links that point at the entity, by the linking property.
INVERSE_LABELS: dict[str, str] = {
    str(k): v
    for k, v in {
        STYR.supportsGoal: "Stöds av",
        STYR.contributesTo: "Bidrar till detta (målbidrag)",
        STYR.keySteeringDocument: "Viktigt styrdokument för",
        STYR.mainResponsibleBody: "Huvudansvarig för",
        STYR.responsibleBody: "Ansvarar för",
        STYR.contributingBody: "Bidrar genom",
        STYR.directedTo: "Inriktningar riktade hit",
        STYR.reportsOn: "Statusrapporter om detta",
        STYR.forAssignment: "Återrapporteringskrav för detta",
        STYR.sourceText: "Källtext för",
        PROV.wasDerivedFrom: "Källa till",
        PROV.wasAttributedTo: "Upphov till",
        ORG.subOrganizationOf: "Har som del",
        ORG.hasMember: "Medlem i",
        SKOS.inScheme: "Innehåller",
        SKOS.broader: "Underordnade begrepp",
        RDFS.subClassOf: "Underklasser",
        RDFS.subPropertyOf: "Underegenskaper",
        RDFS.domain: "Egenskaper med denna domän",
        SCHEMA.domainIncludes: "Egenskaper som används på denna klass",
        SCHEMA.rangeIncludes: "Egenskaper med värden av denna klass",
        RDFS.range: "Egenskaper med denna värdemängd",
        RDF.type: "Instanser",
    }.items()
}
LABELS = (RDFS.label, SKOS.prefLabel)

# --- content negotiation ---------------------------------------------------------------------
HTML = "text/html"
RDF_MEDIA: dict[str, str] = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
OFFERED = (HTML, *RDF_MEDIA)
FORMATS: dict[str, str] = {
    "html": HTML,
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "rdf": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
}
ALTERNATES = (("turtle", "Turtle"), ("jsonld", "JSON-LD"), ("ntriples", "N-Triples"),
              ("rdfxml", "RDF/XML"))  # fmt: skip
VARY = {"Vary": "Accept"}
#: File extensions of each page's formats, in a URL or in a static copy of the site.
EXTENSIONS: dict[str, str] = {
    "html": HTML,
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}
EXTENSION_OF = {media: ext for ext, media in EXTENSIONS.items()}
EXTENSIONS_BY_FORMAT = {"turtle": "ttl", "jsonld": "jsonld", "ntriples": "nt", "rdfxml": "rdf"}


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


#: The most links listed under one heading on a page.
MAX_LINKS = 200
#: The most rows one page query reads.
MAX_ROWS = 5000


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
        media = FORMATS.get(override.lower())
        if media is None:
            raise BadRequest(
                f"format={override!r} is not a format of this page",
                hint=f"use one of {', '.join(sorted(FORMATS))}",
            )
        return media
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
    if negotiate(request.headers.get("accept"), (HTML, "application/json")) == HTML:
        title = "Sidan finns inte" if error.status == 404 else f"Fel {error.status}"
        hint = str(shown.get("hint") or "")
        body = (
            f"<h1>{escape(title)}</h1>"
            f"<p>{escape(str(shown['message']))}</p>"
            + (f"<p>{escape(hint)}</p>" if hint else "")
            + "<p><a href='/'>Till startsidan</a> · <a href='/sparql'>Frågeredigeraren</a></p>"
        )
        headers = {**VARY, **error.headers()}
        return HTMLResponse(shell(title, body), status_code=error.status, headers=headers)
    return JSONResponse(
        error.to_json(), status_code=error.status, headers={**VARY, **error.headers()}
    )


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


# --- names and links ---------------------------------------------------------------------------
def local_name(iri: str) -> str:
    """Return the part of an IRI after its last ``#`` or ``/``."""
    return re.split(r"[#/]", iri.rstrip("/"))[-1] or iri


class Names:
    """Swedish names of the IRIs a page shows, and the site's links to them."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.seen: dict[str, dict[str, str]] = defaultdict(dict)

    def add(self, iri: Node, label: Node | None) -> None:
        """Note ``label`` (a literal) as a name of ``iri``; the least text per language wins."""
        if isinstance(label, Literal) and isinstance(iri, URIRef | BNode):
            lang = (label.language or "").lower()
            known = self.seen[str(iri)].get(lang)
            self.seen[str(iri)][lang] = str(label) if known is None else min(known, str(label))

    def add_graph(self, graph: Graph) -> None:
        """Note the labels in ``graph``."""
        for predicate in LABELS:
            for subject, label in graph.subject_objects(predicate):
                self.add(subject, label)

    def get(self, iri: str, lang: str = "sv") -> str | None:
        """Return a name in ``lang`` (Swedish takes an untagged label too), else None."""
        seen = self.seen.get(iri, {})
        keys = [lang, ""] if lang == "sv" else [lang]
        keys += sorted(k for k in seen if k.startswith(lang + "-"))
        for key in keys:
            if key in seen:
                return seen[key]
        from_files = vocabulary().get(iri, {}).get(lang)
        if from_files:
            return from_files
        return TERM_LABELS.get(iri) if lang == "sv" else None

    def name(self, iri: str) -> str:
        """Return the Swedish name of ``iri``, else any name, else a short form of the IRI."""
        found = self.get(iri)
        if found:
            return found
        seen = self.seen.get(iri, {})
        if seen:
            return seen[min(seen)]
        english = vocabulary().get(iri, {}).get("en")
        return english or self.short(iri)

    @staticmethod
    def short(iri: str) -> str:
        """Return ``prefix:local`` for a known namespace, else the IRI's last segment."""
        for prefix, namespace in {**PREFIXES, **MORE_PREFIXES}.items():
            rest = iri[len(namespace) :]
            if iri.startswith(namespace) and rest and re.fullmatch(r"[\w.-]+", rest):
                return f"{prefix}:{rest}"
        return local_name(iri)

    def href(self, iri: str) -> str | None:
        """Return the site's page for ``iri``, or None when the site has none."""
        if iri.startswith(self.base) and len(iri) > len(self.base):
            return "/id/" + quote(iri[len(self.base) :], safe="/:@!$&'()*+,;=-._~%")
        if iri.startswith(STYR_NS) and len(iri) > len(STYR_NS):
            return "/ontology#" + quote(iri[len(STYR_NS) :], safe="")
        if iri.startswith(GRAPH_IRI_BASE) and len(iri) > len(GRAPH_IRI_BASE):
            return "/graph/" + quote(iri[len(GRAPH_IRI_BASE) :], safe="-._~")
        if iri in {ONTOLOGY_IRI, STYR_NS}:
            return "/ontology"
        if iri.startswith(KOD_NS):
            return "/kod/" + quote(iri[len(KOD_NS) :], safe="/-._~")
        return None

    def link(self, iri: str, text: str | None = None) -> str:
        """Return an HTML link to ``iri``'s page (an outside IRI links to itself)."""
        label = escape(text if text is not None else self.name(iri))
        href = self.href(iri)
        if href is not None:
            return f'<a href="{escape(href)}">{label}</a>'
        if iri.startswith(("http://", "https://")):
            return f'<a class="extern" href="{escape(iri)}">{label}</a>'
        return label


# --- the page shell --------------------------------------------------------------------------
NAV = (
    ("/", "Start"),
    ("/assignments", "Uppdrag"),
    ("/bodies", "Organ"),
    ("/search", "Sök"),
    ("/calendar", "Kalender"),
    ("/findings", "Granskning"),
    ("/sparql", "Frågeredigerare"),
    ("/api/queries", "Namngivna frågor"),
    ("/docs", "API"),
    ("/ontology", "Ontologi"),
)


def shell(title: str, body: str, *, head: str = "", scripts: str = "") -> str:
    """Return a whole HTML page (Swedish) around ``body`` (HTML) titled ``title`` (text)."""
    nav = " ".join(f'<li><a href="{href}">{escape(text)}</a></li>' for href, text in NAV)
    return (
        "<!doctype html>\n<html lang='sv'>\n<head>\n<meta charset='utf-8'>\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>{escape(title)} – styrgraf</title>\n"
        "<link rel='stylesheet' href='/static/site.css'>\n"
        "<link rel='icon' href='data:,'>\n"
        f"{head}</head>\n<body>\n"
        "<a class='skip' href='#innehall'>Hoppa till innehållet</a>\n"
        f"<header><nav aria-label='Webbplatsen'><ul>{nav}</ul></nav></header>\n"
        f"<main id='innehall'>\n{body}\n</main>\n"
        "<footer><p>styrgraf – Göteborgs Stads styrdokument som länkade data. "
        "Uppgifterna är lästa ur handlingarna; varje uppgift har belägg i källtexten.</p>"
        f"</footer>\n{scripts}</body>\n</html>\n"
    )


def html_response(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=VARY)


# --- descriptions ----------------------------------------------------------------------------
DESCRIBE = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX styr: <https://w3id.org/styrgraf/ontology#>
SELECT ?e ?s ?p ?o
WHERE {
  { ?e ?p ?o . BIND (?e AS ?s) }
  UNION
  { ?e ?link ?s . FILTER (isIRI(?s)) ?s ?p ?o . VALUES ?p { rdfs:label skos:prefLabel } }
  UNION
  { ?e prov:qualifiedDerivation ?s . ?s ?p ?o }
  UNION
  { ?e prov:qualifiedDerivation/(prov:entity|styr:sourceText) ?s . ?s ?p ?o .
    VALUES ?p { rdfs:label dct:title } }
}"""
INCOMING = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX styr: <https://w3id.org/styrgraf/ontology#>
SELECT ?e ?s ?p ?l
WHERE {
  ?s ?p ?e .
  FILTER (isIRI(?s))
  FILTER NOT EXISTS { ?s a styr:Evidence }
  OPTIONAL { ?s rdfs:label|skos:prefLabel ?l }
}"""
CHAIN = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX styr: <https://w3id.org/styrgraf/ontology#>
SELECT ?e ?item ?type ?itemLabel ?body ?bodyLabel ?where
WHERE {
  ?item ?link ?e .
  VALUES ?link { styr:supportsGoal styr:contributesTo }
  OPTIONAL { ?item a ?type }
  OPTIONAL { ?item rdfs:label ?itemLabel }
  OPTIONAL {
    ?item styr:responsibleBody|styr:contributingBody|styr:directedTo ?body .
    OPTIONAL { ?body rdfs:label ?bodyLabel }
  }
  OPTIONAL {
    ?item styr:statedIn ?document .
    ?document rdfs:label ?where .
    FILTER (LANG(?where) = "sv" || LANG(?where) = "")
  }
}"""


@dataclass
class Description:
    """What a page shows: the served RDF, the links to the entity, and names."""

    iri: URIRef
    graph: Graph
    incoming: list[tuple[URIRef, URIRef]]
    names: Names
    truncated: bool = False


#: A document's or section's parts, in their order, with their sections' numbers.
OUTLINE = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX styr: <https://w3id.org/styrgraf/ontology#>
SELECT ?e ?part ?label ?order ?number
WHERE {
  ?e eli:has_part ?part .
  ?part a styr:Section .
  OPTIONAL { ?part rdfs:label ?label FILTER(langMatches(lang(?label), "sv")) }
  OPTIONAL { ?part styr:order ?order }
  OPTIONAL { ?part styr:sectionNumber ?number }
}
ORDER BY ?order ?part
"""


async def outline(request: Request, iri: URIRef, names: Names) -> list[URIRef]:
    """Return the sections ``iri`` is made of, in their order (names go to ``names``)."""
    rows = await select(request, OUTLINE, iri)
    parts: list[URIRef] = []
    for row in rows.rows:
        part = row.get("part")
        if isinstance(part, URIRef) and part not in parts:
            parts.append(part)
            names.add(part, row.get("label"))
    return parts


def outline_html(parts: list[URIRef], names: Names) -> str:
    """Return the list of a document's or section's parts, in the order they stand."""
    if not parts:
        return ""
    items = "".join(f"<li>{names.link(str(p))}</li>" for p in parts)
    return (
        "<section aria-labelledby='innehall'><h2 id='innehall'>Innehåll</h2>"
        f"<ul class='outline'>{items}</ul></section>"
    )


async def select(request: Request, query: str, iri: URIRef) -> Rows:
    """Run a page query with ``?e`` bound to ``iri``, in a worker thread."""
    store: Store = request.app.state.store
    rows: Rows = await store.select_async(query, {"e": iri}, page_limit(request))
    return rows


def page_limit(request: Request) -> int:
    """Return the most rows one page query reads."""
    return min(int(request.app.state.settings.row_limit), MAX_ROWS)


def add_row(graph: Graph, s: Node | None, p: Node | None, o: Node | None) -> None:
    if (
        isinstance(s, URIRef | BNode)
        and isinstance(p, URIRef)
        and isinstance(o, URIRef | BNode | Literal)
    ):
        graph.add((s, p, o))


async def describe_entity(request: Request, iri: URIRef) -> Description | None:
    """Return the description of an entity in the store, or None when it is unknown."""
    names = Names(request.app.state.settings.base_iri)
    own = await select(request, DESCRIBE, iri)
    graph = new_graph()
    for row in own.rows:
        add_row(graph, row.get("s"), row.get("p"), row.get("o"))
    links = await select(request, INCOMING, iri)
    incoming: list[tuple[URIRef, URIRef]] = []
    for row in links.rows:
        s, p = row.get("s"), row.get("p")
        if isinstance(s, URIRef) and isinstance(p, URIRef):
            if (s, p) not in incoming:
                incoming.append((s, p))
            names.add(s, row.get("l"))
    if not len(graph) and not incoming:
        return None
    names.add_graph(graph)
    return Description(iri, graph, incoming, names, own.truncated or links.truncated)


def describe_in(source: Graph, iri: URIRef, base: str) -> Description | None:
    """Return the description of ``iri`` in a graph read from a file, or None."""
    names = Names(base)
    graph = new_graph()
    for predicate, value in source.predicate_objects(iri):
        add_row(graph, iri, predicate, value)
        if isinstance(value, URIRef):
            for label_predicate in LABELS:
                for label in source.objects(value, label_predicate):
                    add_row(graph, value, label_predicate, label)
    incoming: list[tuple[URIRef, URIRef]] = []
    for subject, predicate in source.subject_predicates(iri):
        if isinstance(subject, URIRef) and isinstance(predicate, URIRef):
            incoming.append((subject, predicate))
            for label_predicate in LABELS:
                for label in source.objects(subject, label_predicate):
                    names.add(subject, label)
    if not len(graph) and not incoming:
        return None
    names.add_graph(graph)
    return Description(iri, graph, incoming, names)


@cache
def ontology_graph() -> Graph:
    """Return the ontology (``ontology/styr.ttl``)."""
    graph = new_graph()
    graph.parse(ontology_file("styr.ttl"), format="turtle")
    return graph


@cache
def codes_graph() -> Graph:
    """Return the code lists (``ontology/kod.ttl``)."""
    graph = new_graph()
    graph.parse(ontology_file("kod.ttl"), format="turtle")
    return graph


@cache
def superclasses() -> dict[str, frozenset[str]]:
    """Return every class's superclasses (transitively) in the ontology."""
    direct: dict[str, set[str]] = defaultdict(set)
    for sub, sup in ontology_graph().subject_objects(RDFS.subClassOf):
        direct[str(sub)].add(str(sup))
    out: dict[str, frozenset[str]] = {}
    for start in direct:
        seen: set[str] = set()
        todo = list(direct[start])
        while todo:
            item = todo.pop()
            if item not in seen:
                seen.add(item)
                todo.extend(direct.get(item, ()))
        out[start] = frozenset(seen)
    return out


def specific_types(types: Iterable[str]) -> list[str]:
    """Return the types that are no other type's superclass, ontology terms first."""
    given = set(types)
    above = superclasses()
    wider = {sup for t in given for sup in above.get(t, ())}
    return sorted(given - wider, key=lambda t: (not t.startswith(STYR_NS), t))


# --- values ----------------------------------------------------------------------------------
def literal_html(value: Literal) -> str:
    """Return a literal as HTML text (language-tagged when not Swedish)."""
    text = str(value)
    if value.datatype == XSD.boolean:
        text = "ja" if text in {"true", "1"} else "nej"
    lang = value.language
    if lang and not lang.lower().startswith("sv"):
        return f'<span lang="{escape(lang)}">{escape(text)}</span>'
    return escape(text)


def distinctions(iris: Iterable[str], names: Names) -> dict[str, str]:
    """Return, for IRIs that share a name, the parts of their paths that tell them apart."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for iri in set(iris):
        by_name[names.name(iri)].append(iri)
    out: dict[str, str] = {}
    for same in by_name.values():
        if len(same) < 2:
            continue
        paths = [re.split(r"[/#]", iri) for iri in same]
        if len({len(p) for p in paths}) == 1:
            differ = [i for i in range(len(paths[0])) if len({p[i] for p in paths}) > 1]
            for iri, parts in zip(same, paths, strict=True):
                out[iri] = "/".join(parts[i] for i in differ)
        else:
            out.update({iri: iri.removeprefix(names.base) for iri in same})
    return out


def value_html(value: Node, names: Names, distinct: Mapping[str, str] | None = None) -> str:
    if isinstance(value, URIRef):
        link = names.link(str(value))
        extra = (distinct or {}).get(str(value))
        return f"{link} <small>({escape(extra)})</small>" if extra else link
    if isinstance(value, Literal):
        return literal_html(value)
    return escape(str(value))


def value_key(value: Node, names: Names) -> tuple[int, str]:
    if isinstance(value, Literal):
        return (0 if (value.language or "sv").lower().startswith("sv") else 1, str(value))
    return (2, names.name(str(value)).casefold())


# --- the entity page -------------------------------------------------------------------------
HIDDEN = {str(PROV.qualifiedDerivation)}
#: Properties listed first, in this order; the rest follow by name.
FIRST = [str(p) for p in (RDF.type, STYR.text, DCTERMS.description, SKOS.notation)]


def properties_html(d: Description) -> str:
    by_predicate: dict[str, list[Node]] = defaultdict(list)
    for predicate, value in d.graph.predicate_objects(d.iri):
        if str(predicate) not in HIDDEN:
            by_predicate[str(predicate)].append(value)
    if not by_predicate:
        return ""

    def order(predicate: str) -> tuple[int, str]:
        rank = FIRST.index(predicate) if predicate in FIRST else len(FIRST)
        return (rank, d.names.name(predicate).casefold())

    rows = []
    for key in sorted(by_predicate, key=order):
        values = sorted(set(by_predicate[key]), key=lambda v: (value_key(v, d.names), v.n3()))
        distinct = distinctions((str(v) for v in values if isinstance(v, URIRef)), d.names)
        items = "".join(f"<dd>{value_html(v, d.names, distinct)}</dd>" for v in values)
        term = d.names.link(key)
        rows.append(f'<div><dt title="{escape(key)}">{term}</dt>{items}</div>')
    return (
        "<section aria-labelledby='uppgifter'><h2 id='uppgifter'>Uppgifter</h2>"
        f"<dl class='props'>{''.join(rows)}</dl></section>"
    )


def incoming_html(d: Description) -> str:
    groups: dict[str, list[URIRef]] = defaultdict(list)
    for subject, predicate in d.incoming:
        groups[str(predicate)].append(subject)
    if not groups:
        return ""

    def heading(predicate: str) -> str:
        return INVERSE_LABELS.get(predicate) or f"Länkar hit med ”{d.names.name(predicate)}”"

    known = list(INVERSE_LABELS)

    def order(predicate: str) -> tuple[int, str]:
        rank = known.index(predicate) if predicate in known else len(known)
        return (rank, heading(predicate))

    parts = []
    for key in sorted(groups, key=order):
        subjects = sorted(set(groups[key]), key=lambda s: (d.names.name(str(s)).casefold(), s))
        distinct = distinctions((str(s) for s in subjects[:MAX_LINKS]), d.names)
        shown = "".join(
            f"<li>{value_html(s, d.names, distinct)}</li>" for s in subjects[:MAX_LINKS]
        )
        more = len(subjects) - MAX_LINKS
        rest = f"<p>… och {more} till (fråga i redigeraren).</p>" if more > 0 else ""
        parts.append(
            f'<h3 title="{escape(key)}">{escape(heading(key))}</h3>'
            f"<ul class='links'>{shown}</ul>{rest}"
        )
    return (
        "<section aria-labelledby='lankar-hit'><h2 id='lankar-hit'>Länkar hit</h2>"
        f"{''.join(parts)}</section>"
    )


def span(start: Node | None, end: Node | None) -> str | None:
    """Return ``"341–342"`` (or ``"341"``) for a range of numbers, None without a start."""
    if start is None:
        return None
    if end is None or str(end) == str(start):
        return str(start)
    return f"{start}–{end}"


def number_key(value: Node | None) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 1 << 30


def evidence_html(d: Description) -> str:
    g = d.graph
    records = []
    for evidence in set(g.objects(d.iri, PROV.qualifiedDerivation)):
        source = g.value(evidence, STYR.sourceText)
        file = g.value(source, DCTERMS.title) if source is not None else None
        records.append((str(file or ""), number_key(g.value(evidence, STYR.lineStart)), evidence))
    if not records:
        return ""
    items = []
    for file_name, _, evidence in sorted(records, key=lambda r: (r[0], r[1], str(r[2]))):
        document = g.value(evidence, PROV.entity)
        quote_text = g.value(evidence, STYR.quote)
        stated = g.value(evidence, STYR.statedText)
        lines = span(g.value(evidence, STYR.lineStart), g.value(evidence, STYR.lineEnd))
        pages = span(g.value(evidence, STYR.pageStart), g.value(evidence, STYR.pageEnd))
        where = []
        if document is not None:
            where.append(d.names.link(str(document)))
        if file_name:
            where.append(f"<span class='file'>{escape(file_name)}</span>")
        if lines:
            where.append(f"rad {escape(lines)}")
        if pages:
            where.append(f"s. {escape(pages)}")
        where.append(d.names.link(str(evidence), "belägget"))
        quoted = (
            f"<blockquote><p>{escape(str(quote_text))}</p></blockquote>"
            if quote_text is not None
            else "<p>(inget citat)</p>"
        )
        reading = (
            f"<p class='stated'>Läst som: {escape(str(stated))}</p>"
            if stated is not None and str(stated) != str(quote_text)
            else ""
        )
        items.append(
            f"<li><figure>{quoted}<figcaption>{', '.join(where)}</figcaption>{reading}"
            "</figure></li>"
        )
    return (
        "<section aria-labelledby='kallor'><h2 id='kallor'>Källor</h2>"
        "<p>Uppgifterna ovan är lästa ur dessa ställen i handlingarna.</p>"
        f"<ol class='evidence'>{''.join(items)}</ol></section>"
    )


def format_url(href: str, fmt: str) -> str:
    """Return the URL of one format of a page: ``/id/x`` → ``/id/x.ttl``, ``/kod/`` →
    ``/kod/index.ttl`` (what a static copy of the site holds too); with a query string,
    ``format=``."""
    if "?" in href:
        return f"{href}&format={fmt}"
    extension = EXTENSIONS_BY_FORMAT[fmt]
    return f"{href}index.{extension}" if href.endswith("/") else f"{href}.{extension}"


def alternates(href: str) -> tuple[str, str]:
    """Return the head's ``<link rel=alternate>`` tags and the page's format links."""
    types = {"turtle": "text/turtle", "jsonld": "application/ld+json",
             "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml"}  # fmt: skip
    urls = {fmt: escape(format_url(href, fmt)) for fmt, _ in ALTERNATES}
    head = "".join(
        f'<link rel="alternate" type="{types[fmt]}" href="{urls[fmt]}">\n' for fmt in urls
    )
    links = " · ".join(
        f'<a href="{urls[fmt]}" type="{types[fmt]}">{name}</a>' for fmt, name in ALTERNATES
    )
    return head, links


def entity_html(
    d: Description,
    href: str,
    chain: Chain | None = None,
    sections: list[URIRef] | None = None,
    extra: Extra | None = None,
) -> str:
    """Return the HTML page of a description; ``extra`` adds the status and responsibility
    sections (:mod:`.status_view`)."""
    extra = extra or Extra()
    iri = str(d.iri)
    title = d.names.name(iri)
    english = d.names.get(iri, "en")
    types = [str(t) for t in d.graph.objects(d.iri, RDF.type)]
    kinds = [d.names.name(t) for t in specific_types(types)]
    kind = ", ".join(k[:1].upper() + k[1:] for k in kinds)
    head, formats = alternates(href)
    parts = [f"<h1>{escape(title)}</h1>"]
    if english and english != title:
        parts.append(f'<p class="en" lang="en">{escape(english)}</p>')
    if kind:
        parts.append(f"<p class='kind'>{escape(kind)}</p>")
    parts.append(f"<p class='iri'>IRI: <code>{escape(iri)}</code><br>Som data: {formats}</p>")
    if d.truncated:
        parts.append("<p class='notice'>Sidan visar inte allt: radgränsen nåddes.</p>")
    parts.append(extra.lead)
    parts.append(outline_html(sections or [], d.names))
    parts.append(properties_html(d))
    parts.append(extra.after)
    if chain is not None:
        parts.append(chain_html(chain, d.names))
    parts.append(incoming_html(d))
    parts.append(evidence_html(d))
    return shell(title, "\n".join(p for p in parts if p), head=head)


# --- a goal's support chain ------------------------------------------------------------------
#: Kinds of supporting items, most specific first: (class, Swedish name, is a document).
KINDS: tuple[tuple[URIRef, str, bool], ...] = (
    (STYR.ActionPlan, "handlingsplan", True),
    (STYR.Programme, "program", True),
    (STYR.Policy, "policy", True),
    (STYR.Guideline, "riktlinje", True),
    (STYR.Plan, "plan", True),
    (STYR.SteeringDocument, "styrdokument", True),
    (STYR.Assignment, "uppdrag", False),
    (STYR.Direction, "inriktning", False),
    (STYR.GoalContribution, "målbidrag", False),
)


@dataclass
class Chain:
    """What supports a goal: steering documents, and actions (goal contributions,
    directions, assignments) with the bodies responsible for them."""

    goal: URIRef
    documents: list[URIRef] = field(default_factory=list)
    actions: list[URIRef] = field(default_factory=list)
    bodies: dict[URIRef, list[URIRef]] = field(default_factory=dict)
    kinds: dict[URIRef, str] = field(default_factory=dict)
    #: The document an action is stated in, by name (goal contributions have one).
    stated_in: dict[URIRef, str] = field(default_factory=dict)


async def goal_chain(request: Request, goal: URIRef, names: Names) -> Chain:
    """Return the goal's support chain from the store (names are added to ``names``)."""
    rows = await select(request, CHAIN, goal)
    types: dict[URIRef, set[Node]] = defaultdict(set)
    bodies: dict[URIRef, set[URIRef]] = defaultdict(set)
    stated_in: dict[URIRef, str] = {}
    for row in rows.rows:
        item = row.get("item")
        if not isinstance(item, URIRef):
            continue
        types[item].add(row.get("type") or RDFS.Resource)
        names.add(item, row.get("itemLabel"))
        body = row.get("body")
        if isinstance(body, URIRef):
            bodies[item].add(body)
            names.add(body, row.get("bodyLabel"))
        where = row.get("where")
        if where is not None:
            stated_in[item] = min(stated_in.get(item, str(where)), str(where))
    chain = Chain(goal, stated_in=stated_in)
    for item, item_types in types.items():
        kind = next(((name, doc) for cls, name, doc in KINDS if cls in item_types), None)
        chain.kinds[item] = kind[0] if kind else "annat"
        if kind and kind[1]:
            chain.documents.append(item)
        else:
            chain.actions.append(item)
            chain.bodies[item] = sorted(bodies.get(item, ()), key=str)

    def key(iri: URIRef) -> tuple[str, str]:
        return (chain.kinds[iri], names.name(str(iri)).casefold())

    chain.documents.sort(key=key)
    chain.actions.sort(key=key)
    return chain


@dataclass
class Box:
    """A node of the diagram: its place, size and what it shows."""

    iri: str
    x: float
    y: float
    lines: list[str]
    kind: str
    style: str
    width: float = 250
    line_height: float = 15

    @property
    def height(self) -> float:
        return 28 + self.line_height * len(self.lines)

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


STYLES = {  # fill, stroke
    "document": ("#e8f0fb", "#2b5d9b"),
    "action": ("#e9f5ea", "#2e7031"),
    "body": ("#fbf0e1", "#8a5a12"),
    "goal": ("#fdeceb", "#a52a2a"),
}
COLUMNS = (16.0, 336.0, 656.0)
TOP, GAP, GROUP_GAP = 44.0, 10.0, 34.0


def wrap(text: str, width: int = 36, lines: int = 3) -> list[str]:
    """Return ``text`` in at most ``lines`` lines of about ``width`` characters."""
    out = textwrap.wrap(text, width) or [""]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return out


def layout(
    chain: Chain, names: Names
) -> tuple[list[Box], list[tuple[Box, Box]], list[tuple[float, float, str]]]:
    """Place the boxes in three columns: bodies, supporting items, the goal.

    Supporting items stack in the middle (documents, then actions); each body sits at the
    mean height of the actions it is responsible for, pushed down to avoid overlaps; the
    goal is centred on the middle column. Returns the boxes, the edges and the headings.
    """
    boxes: dict[str, Box] = {}
    edges: list[tuple[Box, Box]] = []
    headings: list[tuple[float, float, str]] = []
    y = TOP
    for group, items, style in (
        ("Styrdokument", chain.documents, "document"),
        ("Målbidrag, inriktningar och uppdrag", chain.actions, "action"),
    ):
        if not items:
            continue
        if y > TOP:
            y += GROUP_GAP
        headings.append((COLUMNS[1], y - 10, group))
        for item in items:
            text = names.name(str(item))
            if item in chain.stated_in:
                text += f" – i {chain.stated_in[item]}"
            box = Box(str(item), COLUMNS[1], y, wrap(text), chain.kinds[item], style)
            boxes[str(item)] = box
            y = box.y + box.height + GAP
    middle = list(boxes.values())
    goal = Box(str(chain.goal), COLUMNS[2], TOP, wrap(names.name(str(chain.goal)), 36, 6),
               "mål", "goal")  # fmt: skip
    if middle:
        centre = (middle[0].y + middle[-1].y + middle[-1].height) / 2
        goal.y = max(TOP, centre - goal.height / 2)
    headings.append((COLUMNS[2], TOP - 10, "Mål"))
    edges.extend((box, goal) for box in middle)
    wanted: dict[str, list[float]] = defaultdict(list)
    for action in chain.actions:
        for body in chain.bodies.get(action, []):
            wanted[str(body)].append(boxes[str(action)].middle)
    if wanted:
        headings.append((COLUMNS[0], TOP - 10, "Ansvariga organ"))
    floor = TOP
    placed: list[Box] = []
    for body_iri, ys in sorted(wanted.items(), key=lambda kv: (sum(kv[1]) / len(kv[1]), kv[0])):
        box = Box(body_iri, COLUMNS[0], 0, wrap(names.name(body_iri)), "organ", "body")
        box.y = max(floor, sum(ys) / len(ys) - box.height / 2)
        floor = box.y + box.height + GAP
        placed.append(box)
    for box in placed:
        boxes[box.iri] = box
    for action in chain.actions:
        for body in chain.bodies.get(action, []):
            edges.append((boxes[str(body)], boxes[str(action)]))
    return [*boxes.values(), goal], edges, headings


def box_svg(box: Box, names: Names) -> str:
    fill, stroke = STYLES[box.style]
    full = names.name(box.iri)
    text_x = box.x + 10
    label = "".join(
        f'<tspan x="{text_x:g}" y="{box.y + 36 + i * box.line_height:g}">{escape(line)}</tspan>'
        for i, line in enumerate(box.lines)
    )
    inner = (
        f"<title>{escape(full)} ({escape(box.kind)})</title>"
        f'<rect x="{box.x:g}" y="{box.y:g}" width="{box.width:g}" height="{box.height:g}" '
        f'rx="6" fill="{fill}" stroke="{stroke}" stroke-width="{2 if box.style == "goal" else 1}"/>'
        f'<text x="{text_x:g}" y="{box.y + 16:g}" font-size="10" fill="#444" '
        f'letter-spacing=".05em">{escape(box.kind.upper())}</text>'
        f'<text font-size="12" fill="#111">{label}</text>'
    )
    href = names.href(box.iri)
    css = f"node node-{box.style}"
    if href is None:
        return f'<g class="{css}">{inner}</g>'
    return f'<a class="{css}" href="{escape(href)}">{inner}</a>'


def chain_svg(chain: Chain, names: Names) -> str:
    """Return the support chain as an SVG drawing with a link on every node."""
    boxes, edges, headings = layout(chain, names)
    width = COLUMNS[2] + 250 + 16
    height = max(b.y + b.height for b in boxes) + 16
    paths = []
    arriving: dict[int, list[Box]] = defaultdict(list)
    for start, end in edges:
        arriving[id(end)].append(start)
    for start, end in edges:
        x1, y1, x2, y2 = start.x + start.width, start.middle, end.x, end.middle
        sources = arriving[id(end)]
        if len(sources) > 1:  # spread the arrow heads along the target's left side
            share = (end.height - 16) / len(sources)
            y2 = end.y + 8 + share * (sources.index(start) + 0.5)
        bend = (x2 - x1) / 2
        paths.append(
            f'<path d="M{x1:g},{y1:g} C{x1 + bend:g},{y1:g} {x2 - bend:g},{y2:g} {x2:g},{y2:g}" '
            'fill="none" stroke="#666" stroke-width="1.2" marker-end="url(#pil)"/>'
        )
    titles = []
    for x, y, text in headings:
        titles.append(
            f'<text x="{x:g}" y="{y:g}" font-size="12" font-weight="bold" fill="#222">'
            f"{escape(text)}</text>"
        )
    goal_name = names.name(str(chain.goal))
    summary = (
        f"{len(chain.documents)} styrdokument och {len(chain.actions)} målbidrag, "
        f"inriktningar eller uppdrag stöder målet; "
        f"{len({b for bs in chain.bodies.values() for b in bs})} organ ansvarar för dem."
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chain" width="{width:g}" '
        f'height="{height:g}" viewBox="0 0 {width:g} {height:g}" '
        'aria-labelledby="kedja-titel kedja-text" font-family="system-ui, sans-serif">'
        f'<title id="kedja-titel">Stödkedja för målet {escape(goal_name)}</title>'
        f'<desc id="kedja-text">{escape(summary)}</desc>'
        '<defs><marker id="pil" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#666"/></marker>'
        "</defs>"
        f'<g class="edges">{"".join(paths)}</g>{"".join(titles)}'
        f'<g class="nodes">{"".join(box_svg(b, names) for b in boxes)}</g></svg>'
    )


def chain_html(chain: Chain, names: Names) -> str:
    if not chain.documents and not chain.actions:
        note = "<p>Inget i grafen stöder målet ännu.</p>"
        return f"<section aria-labelledby='kedja'><h2 id='kedja'>Stödkedja</h2>{note}</section>"
    return (
        "<section aria-labelledby='kedja'><h2 id='kedja'>Stödkedja</h2>"
        "<figure class='chain'>"
        f"<div class='scroll'>{chain_svg(chain, names)}</div>"
        "<figcaption>Styrdokument och målbidrag, inriktningar och uppdrag som stöder målet, "
        "och organen som ansvarar för dem. Klicka på en ruta för att öppna dess sida.</figcaption>"
        "</figure></section>"
    )


# --- routes ----------------------------------------------------------------------------------
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
async def entity_page(path: str, request: Request) -> Response:
    """Resolve ``{base IRI}{path}``: its page for browsers, its description as RDF."""
    base: str = request.app.state.settings.base_iri
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
    page = await run_in_threadpool(entity_html, description, href, chain, sections, extra)
    return located(html_response(page), href, media, negotiated)


def graph_page(
    request: Request, source: Graph, iri: URIRef, href: str, fixed: str | None = None
) -> Response:
    """Answer the page of a term in a graph read from a file (ontology, code lists)."""
    try:
        description = describe_in(source, iri, request.app.state.settings.base_iri)
        if description is None:
            raise NotFound(f"no term has the IRI {iri}", hint="see /ontology and /kod/")
        media = choose_media(request, fixed)
    except ApiError as error:
        return error_response(request, error)
    negotiated = fixed is None and "format" not in request.query_params
    if media != HTML:
        return located(rdf_response(description.graph, media), href, media, negotiated)
    return located(html_response(entity_html(description, href)), href, media, negotiated)


def index_html(title: str, intro: str, groups: Mapping[str, list[str]], names: Names) -> str:
    parts = [f"<h1>{escape(title)}</h1>", intro]
    for heading, iris in groups.items():
        if iris:
            items = "".join(
                f"<li>{names.link(i)} <code>{escape(names.short(i))}</code></li>"
                for i in sorted(iris, key=lambda i: (names.name(i).casefold(), i))
            )
            parts.append(f"<h2>{escape(heading)}</h2><ul class='links'>{items}</ul>")
    return "\n".join(parts)


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
    names = Names(base)
    names.add_graph(source)

    def terms(kind: URIRef) -> list[URIRef]:
        found = {s for s in source.subjects(RDF.type, kind) if str(s).startswith(STYR_NS)}
        return sorted((t for t in found if isinstance(t, URIRef)), key=str)

    about = source.value(URIRef(ONTOLOGY_IRI), DCTERMS.description)
    version = source.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    head, formats = alternates("/ontology")
    parts = ["<h1>Ontologin styr</h1>"]
    if about:
        parts.append(f"<p>{escape(str(about))}</p>")
    parts.append(
        f"<p class='iri'>IRI: <code>{ONTOLOGY_IRI}</code>"
        + (f" · version {escape(str(version))}" if version else "")
        + f"<br>Som data: {formats}</p>"
    )
    groups = (
        ("klasser", "Klasser", terms(OWL.Class)),
        ("objektegenskaper", "Objektegenskaper", terms(OWL.ObjectProperty)),
        ("dataegenskaper", "Dataegenskaper", terms(OWL.DatatypeProperty)),
    )
    contents = "".join(
        f"<li><a href='#{anchor}'>{escape(title)}</a> ({len(found)})</li>"
        for anchor, title, found in groups
    )
    parts.append(f"<nav aria-label='Innehåll'><ul>{contents}</ul></nav>")
    for anchor, title, found in groups:
        parts.append(f"<h2 id='{anchor}'>{escape(title)}</h2>")
        for term in found:
            local = str(term)[len(STYR_NS) :]
            description = describe_in(source, term, base)
            english = names.get(str(term), "en")
            body = properties_html(description) if description else ""
            body = body.replace("<h2 id='uppgifter'>Uppgifter</h2>", "")
            parts.append(
                f"<section class='term' id='{escape(local)}'>"
                f"<h3>{escape(names.name(str(term)))} <code>styr:{escape(local)}</code></h3>"
                + (f"<p class='en' lang='en'>{escape(english)}</p>" if english else "")
                + f"{body}</section>"
            )
    return shell("Ontologin styr", "\n".join(parts), head=head)


@router.get("/ontology", include_in_schema=False)
@router.get("/ontology.{extension}", include_in_schema=False)
def ontology_page(  # sync: FastAPI runs it in a thread, off the event loop
    request: Request, term: str | None = None, extension: str | None = None
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
    base = request.app.state.settings.base_iri
    return whole_graph(request, source, "/ontology", fixed, lambda: ontology_html(source, base))


@router.get("/kod/{path:path}", include_in_schema=False)
def code_page(path: str, request: Request) -> Response:  # sync: in a thread
    """The code lists (``/kod/``) and each code (``/kod/{scheme}/{code}``); HTML or RDF."""
    source = codes_graph()
    path, fixed = split_extension(path)
    if path.rpartition("/")[2] == "index" and fixed is not None:
        path = path[: -len("index")]
    if path:
        return graph_page(request, source, URIRef(KOD_NS + path), "/kod/" + quote(path), fixed)
    names = Names(request.app.state.settings.base_iri)
    names.add_graph(source)

    def page() -> str:
        schemes = [str(s) for s in source.subjects(RDF.type, SKOS.ConceptScheme)]
        head, formats = alternates("/kod/")
        intro = (
            "<p>Kodlistorna som uppgifterna använder som värden.</p>"
            f"<p class='iri'>IRI: <code>{KOD_NS}</code><br>Som data: {formats}</p>"
        )
        body = index_html("Kodlistor", intro, {"Kodlistor": schemes}, names)
        return shell("Kodlistor", body, head=head)

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
