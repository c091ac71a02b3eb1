"""REST resources: goals, assignments, bodies, programmes, risks and budget figures.

Every list answers JSON by default, and CSV by negotiation (``Accept: text/csv``) or
``format=csv`` where it is a table; every item carries its IRI, its Swedish label, its
English label when the data has one, and ``page``, the path of its HTML page (``/id/…``).
Lists are paged with ``limit`` and ``offset`` and come in a stable order; single items
are fetched with ``?iri=<IRI>`` on ``…/item`` and answer 404 when the IRI is unknown.

How the queries are built: a selective pattern first binds ``?s`` to the items, then a
UNION of "facets" fetches the properties each item needs, one row per value, so the rows
grow with the sum of the facets, not their product; Python nests them. Request values are
never written into query text: filters that are equalities (a body, a reporting mode, a
budget area, a year) are bound by the store as RDF terms (the bound variables are always
projected, as Oxigraph's substitutions and the remote VALUES block both need), and range
filters on dates are applied to the rows in Python, before paging.

The reporting calendar (``/api/calendar``, ``/api/calendar.ics``) lives in
:mod:`.calendar` and is included in this router.
"""

from __future__ import annotations

import csv
import io
import re
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from loaders.resources import ontology_file
from loaders.vocab import INTERVAL, KOD_NS, STYR_NS

from ..conneg import negotiate
from ..errors import BadRequest, NotAcceptable, NotFound
from ..iri import parse_iri as parse_client_iri
from ..store import Rows, Store
from . import status_view

router = APIRouter()

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX obeu-dimension: <http://data.openbudgets.eu/ontology/dsd/dimension/>
PREFIX obeu-measure: <http://data.openbudgets.eu/ontology/dsd/measure/>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
PREFIX styr: <https://w3id.org/styrgraf/ontology#>
"""
LABELS = ("rdfs:label", "skos:prefLabel")
FACET_VARIABLES = ("s", "f", "k", "p", "v", "l")
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
JSON, CSV, ICAL = "application/json", "text/csv", "text/calendar"
TABLE = (JSON, CSV)
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
YEAR = re.compile(r"[0-9]{4}")
IRI_EXAMPLE = "https://w3id.org/styrgraf/id/goteborg/org/kommunstyrelsen"


# --- request parameters --------------------------------------------------------------------
def check_params(request: Request, allowed: Iterable[str]) -> None:
    """Refuse parameters the route does not take, so a misspelt filter is not ignored.

    Raises:
        BadRequest: a parameter is not one of ``allowed``.
    """
    known = set(allowed)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise BadRequest(
            f"unknown parameter {unknown[0]!r}",
            hint=f"this resource takes: {', '.join(sorted(known))}; see /docs",
        )


def parse_iri(name: str, value: str) -> URIRef:
    """Return ``value`` as an IRI.

    Raises:
        BadRequest: the value is not an absolute IRI (the message says what is wrong).
    """
    return parse_client_iri(name, value, IRI_EXAMPLE)


def parse_date(name: str, value: str | None) -> date | None:
    """Return ``value`` (an xsd:date, ``YYYY-MM-DD``) as a date; None stays None.

    Raises:
        BadRequest: the value is not a calendar date.
    """
    if value is None or value == "":
        return None
    text = value.strip()
    try:
        if not DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise BadRequest(
            f"parameter {name!r} must be an xsd:date (YYYY-MM-DD), not {value!r}",
            hint="for example 2025-06-30",
        ) from None


def required_iri(value: str | None) -> URIRef:
    """Return the ``iri`` parameter of a single-item route.

    Raises:
        BadRequest: it is missing or not an absolute IRI.
    """
    if not value:
        raise BadRequest(
            "parameter 'iri' is required", hint="add ?iri=<the item's IRI, as the list gives it>"
        )
    return parse_iri("iri", value)


def parse_choice(name: str, value: str, choices: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``choices``.

    Raises:
        BadRequest: it is not.
    """
    if value not in choices:
        raise BadRequest(
            f"parameter {name!r} must be one of {', '.join(choices)}, not {value!r}",
            hint=f"for example {name}={choices[0]}",
        )
    return value


def check_paging(limit: int, offset: int) -> None:
    """Check ``limit`` and ``offset``.

    Raises:
        BadRequest: one is out of range.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(
            f"parameter 'limit' must be between 1 and {MAX_LIMIT}, not {limit}",
            hint=f"page through the list with offset, e.g. limit={MAX_LIMIT}&offset={MAX_LIMIT}",
        )
    if offset < 0:
        raise BadRequest(f"parameter 'offset' must be 0 or more, not {offset}", hint="offset=0")


def code_or_iri(name: str, value: str, scheme: str) -> URIRef:
    """Return a code of the code list ``scheme`` (its notation, or its IRI) as its IRI.

    Raises:
        BadRequest: a notation that is not in the code list, or neither a code nor an IRI.
    """
    value = value.strip()
    prefix = f"{KOD_NS}{scheme}/"
    codes = sorted(iri[len(prefix) :] for iri in vocabulary() if iri.startswith(prefix))
    if SLUG.fullmatch(value):
        if codes and value not in codes:
            raise BadRequest(
                f"parameter {name!r}: {value!r} is not a code of {prefix}",
                hint=f"use one of {', '.join(codes)}, or a code's IRI",
            )
        return URIRef(prefix + value)
    return parse_iri(name, value)


# --- labels and links ----------------------------------------------------------------------
@cache
def vocabulary() -> dict[str, dict[str, str]]:
    """Return the labels (by language) of the code lists' concepts and the ontology's terms.

    The code lists (``ontology/kod.ttl``) are not part of the served data, so codes are
    labelled from the files (:func:`loaders.resources.ontology_file`).
    """
    graph = Graph()
    for name in ("kod.ttl", "styr.ttl"):
        graph.parse(ontology_file(name), format="turtle")
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for predicate in (RDFS.label, SKOS.prefLabel):
        for subject, _, label in sorted(graph.triples((None, predicate, None))):
            if isinstance(subject, URIRef) and isinstance(label, Literal) and label.language:
                out[str(subject)].setdefault(label.language.lower(), str(label))
    return dict(out)


def page_of(iri: str, base: str) -> str | None:
    """Return the path of an entity's page: the IRI with the base replaced by ``/id/``."""
    return "/id/" + iri[len(base) :] if iri.startswith(base) and len(iri) > len(base) else None


@dataclass
class Labels:
    """Labels seen in the rows, by IRI and language."""

    base: str
    by_iri: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )

    def add(self, iri: str, label: Node) -> None:
        if isinstance(label, Literal):
            self.by_iri[iri][(label.language or "").lower()].add(str(label))

    def get(self, iri: str, lang: str) -> str | None:
        """Return the label in ``lang`` (Swedish also takes an untagged label), else the
        code lists' or the ontology's label, else None."""
        seen = self.by_iri.get(iri, {})
        keys = [k for k in seen if k == lang or k.startswith(lang + "-")]
        if not keys and lang == "sv" and "" in seen:
            keys = [""]
        texts = {text for key in keys for text in seen[key]}
        if texts:
            return min(texts)
        return vocabulary().get(iri, {}).get(lang)

    def merge(self, other: Labels) -> None:
        for iri, by_lang in other.by_iri.items():
            for lang, texts in by_lang.items():
                self.by_iri[iri][lang] |= texts

    def ref(self, iri: str) -> dict[str, Any]:
        """Return ``{iri, label, label_en, page}`` for an entity."""
        return {
            "iri": iri,
            "label": self.get(iri, "sv"),
            "label_en": self.get(iri, "en"),
            "page": page_of(iri, self.base),
        }

    def code(self, iri: str) -> dict[str, Any]:
        """Return a code-list concept as ``{iri, code, label, label_en}``."""
        return {
            "iri": iri,
            "code": iri.rstrip("/").rsplit("/", 1)[-1],
            "label": self.get(iri, "sv"),
            "label_en": self.get(iri, "en"),
        }


# --- facet queries -------------------------------------------------------------------------
def props(facet: str, path: str, *predicates: str) -> str:
    """Return a UNION branch: the ``predicates`` of ``?s`` (path "") or of ``?s path ?k``.

    The branch binds ``?f`` (the facet's name), ``?k`` (the node the values belong to),
    ``?p`` and ``?v``. The predicates are a FILTER … IN, not a VALUES block: Oxigraph
    (0.4/0.5) loses the join order of a two-pattern group that has VALUES and a BIND
    (100× slower at 100k triples).
    """
    allowed = ", ".join(predicates)
    if not path:
        return f'{{ ?s ?p ?v . FILTER (?p IN ({allowed})) BIND (?s AS ?k) BIND ("{facet}" AS ?f) }}'
    return f'{{ ?s {path} ?k . ?k ?p ?v . FILTER (?p IN ({allowed})) BIND ("{facet}" AS ?f) }}'


def derived(facet: str, path: str, value_path: str, predicate: str) -> str:
    """Return a UNION branch giving ``?k`` (``?s`` for path "") the values at the end of
    ``value_path`` under the name ``predicate`` (e.g. the first line of its evidence)."""
    if not path:
        return (
            f"{{ ?s {value_path} ?v . BIND(?s AS ?k) BIND({predicate} AS ?p) "
            f'BIND("{facet}" AS ?f) }}'
        )
    return (
        f'{{ ?s {path} ?k . ?k {value_path} ?v . BIND({predicate} AS ?p) BIND("{facet}" AS ?f) }}'
    )


def facet_query(head: str, branches: Sequence[str], bound: Sequence[str] = ()) -> str:
    """Return a SELECT of ``?s ?f ?k ?p ?v ?l`` (``?l`` labels ``?v``).

    ``head`` is the selective pattern that binds ``?s``; ``bound`` names the variables the
    store binds (projected, as substitution and VALUES both need).
    """
    extra = " ".join("?" + name for name in bound if name not in FACET_VARIABLES)
    union = "\n  UNION ".join(branches)
    return (
        f"{PREFIXES}SELECT DISTINCT ?s ?f ?k ?p ?v ?l {extra}\nWHERE {{\n  {head}\n"
        f"  {union}\n  OPTIONAL {{ ?v rdfs:label|skos:prefLabel ?l }}\n}}"
    )


class Facts:
    """The facets of one item: facet → node → predicate → values (in first-seen order)."""

    def __init__(self, iri: str) -> None:
        self.iri = iri
        self.data: dict[str, dict[str, dict[str, list[Node]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(list))
        )

    def add(self, facet: str, node: str, predicate: str, value: Node) -> None:
        values = self.data[facet][node][predicate]
        if value not in values:
            values.append(value)

    def nodes(self, facet: str) -> list[str]:
        """Return the nodes of a facet, sorted (for the facet ``self``: the item)."""
        return sorted(self.data.get(facet, {}))

    def values(self, facet: str, predicate: str, node: str | None = None) -> list[Node]:
        """Return the values of ``predicate`` on ``node`` (default: the item)."""
        return list(self.data.get(facet, {}).get(node or self.iri, {}).get(predicate, []))

    def iris(self, facet: str, predicate: str, node: str | None = None) -> list[str]:
        """Return the IRI values, sorted."""
        return sorted(
            {str(v) for v in self.values(facet, predicate, node) if isinstance(v, URIRef)}
        )

    def first(self, facet: str, predicate: str, node: str | None = None) -> Node | None:
        """Return the least value (by its text), or None."""
        values = sorted(self.values(facet, predicate, node), key=str)
        return values[0] if values else None

    def text(self, facet: str, predicate: str, node: str | None = None) -> str | None:
        """Return one literal (Swedish or untagged first), or None."""
        literals = [v for v in self.values(facet, predicate, node) if isinstance(v, Literal)]
        literals.sort(key=lambda v: ((v.language or "sv") != "sv", str(v)))
        return str(literals[0]) if literals else None

    def texts(self, facet: str, predicate: str, node: str | None = None) -> list[str]:
        return sorted(str(v) for v in self.values(facet, predicate, node) if isinstance(v, Literal))

    def line(self, facet: str = "self", node: str | None = None) -> int:
        """Return the first source line of a node's evidence (a large number when none)."""
        found = [number(v) for v in self.values(facet, LINE_START, node)]
        return min((n for n in found if isinstance(n, int)), default=NO_LINE)


@dataclass
class Result:
    """The items of a facet query, their labels, and whether a row limit cut the rows."""

    items: dict[str, Facts]
    labels: Labels
    truncated: bool = False


def collect(rows: Rows, base: str) -> Result:
    """Nest facet rows by item."""
    labels = Labels(base)
    items: dict[str, Facts] = {}
    for row in rows.rows:
        s, f, k, p, v = row.get("s"), row.get("f"), row.get("k"), row.get("p"), row.get("v")
        if s is None or f is None or k is None or p is None or v is None:
            continue
        facts = items.setdefault(str(s), Facts(str(s)))
        facts.add(str(f), str(k), str(p), v)
        if str(p) in LABEL_PREDICATES:
            labels.add(str(k), v)
        label = row.get("l")
        if label is not None:
            labels.add(str(v), label)
    return Result(items, labels, rows.truncated)


async def select(
    request: Request,
    query: str,
    bindings: Mapping[str, Node] | None = None,
    limit: int | None = None,
) -> Rows:
    """Run a SELECT on the app's store in a worker thread.

    The resources' queries are fixed and their answers grow with the data, not with the
    request, so they run without the public row limit (which guards user queries); a
    listing cut short by it would be wrong, not just short. Their results are cached.
    """
    store: Store = request.app.state.store
    rows: Rows = await store.select_async(query, dict(bindings or {}), limit)
    return rows


CACHE_SIZE = 64


async def facts(request: Request, query: str, bindings: Mapping[str, Node] | None = None) -> Result:
    """Run a facet query and nest its rows by item, or take the nested rows from the cache.

    The cache lives on the app and is keyed by the store's version, which every load and
    update advances, so it never outlives the data it was built from. Callers must not
    change a returned Result.
    """
    store: Store = request.app.state.store
    base: str = request.app.state.settings.base_iri
    cache: OrderedDict[tuple[object, ...], Result] | None = getattr(
        request.app.state, "resource_cache", None
    )
    if cache is None:
        cache = request.app.state.resource_cache = OrderedDict()
    terms = tuple(sorted((name, term.n3()) for name, term in (bindings or {}).items()))
    key = (store.version, base, query, terms)
    hit = cache.get(key)
    if hit is not None:
        cache.move_to_end(key)
        return hit
    result = collect(await select(request, query, bindings), base)
    cache[key] = result
    while len(cache) > CACHE_SIZE:
        cache.popitem(last=False)
    return result


# --- values --------------------------------------------------------------------------------
STYR = STYR_NS
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL_PREDICATES = {str(RDFS.label), str(SKOS.prefLabel)}
LINE_START = STYR + "lineStart"
NO_LINE = 1 << 30
EVIDENCE_LINE = "prov:qualifiedDerivation/styr:lineStart"


def number(term: Node | None) -> int | float | None:
    """Return a numeric literal as an int when whole, else a float (None if not a number)."""
    if not isinstance(term, Literal):
        return None
    try:
        value = Decimal(str(term))
    except ArithmeticError:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def plain_date(term: Node | None) -> str | None:
    """Return an xsd:date literal as ``YYYY-MM-DD`` (None for anything else)."""
    text = str(term) if isinstance(term, Literal) else ""
    return text[:10] if DATE.match(text) else None


def year_of(term: Node | None) -> int | None:
    """Return the year at the end of a gYear or a reference.data.gov.uk year IRI."""
    match = re.search(r"([0-9]{4})$", str(term)) if term is not None else None
    return int(match.group(1)) if match else None


def sort_key(text: str | None) -> str:
    return (text or "").casefold()


def kind_of(types: Iterable[str], order: Sequence[str], labels: Labels) -> dict[str, Any] | None:
    """Return the first of the styr: classes ``order`` that is among ``types``."""
    present = {t[len(STYR) :] for t in types if t.startswith(STYR)}
    for name in order:
        if name in present:
            return {
                "iri": STYR + name,
                "code": name,
                "label": labels.get(STYR + name, "sv"),
                "label_en": labels.get(STYR + name, "en"),
            }
    return None


#: Kinds of document, most specific first (programmes and what supports goals).
DOCUMENT_KINDS = (
    "ActionPlan",
    "Programme",
    "Policy",
    "Guideline",
    "Plan",
    "Rules",
    "BoardBudget",
    "CityBudget",
    "Budget",
    "ImplementationPlan",
    "RiskRegister",
    "InternalControlPlan",
    "TimePlan",
    "SteeringDocument",
    "Assignment",
    "Direction",
    "Document",
)
#: Kinds of organisation /api/bodies lists, most specific first.
BODY_KINDS = (
    "ExecutiveBoard",
    "Council",
    "CompanyBoard",
    "Committee",
    "Board",
    "PoliticalBody",
    "BodyCollective",
    "Administration",
    "MunicipalCompany",
    "Municipality",
    "ExternalAuthority",
    "ExternalOrganisation",
)


# --- responses -----------------------------------------------------------------------------
Column = tuple[str, Callable[[dict[str, Any]], object]]


def media_for(request: Request, fmt: str | None, offered: Sequence[str]) -> str:
    """Return the media type to answer in: ``format=`` first, else the Accept header.

    Raises:
        BadRequest: an unknown or unoffered ``format``.
        NotAcceptable: the client accepts none of ``offered``.
    """
    names = {"json": JSON, "csv": CSV, "ics": ICAL}
    if fmt:
        wanted = names.get(fmt)
        if wanted is None or wanted not in offered:
            choices = ", ".join(k for k, v in names.items() if v in offered)
            raise BadRequest(
                f"parameter 'format' must be one of: {choices}, not {fmt!r}",
                hint="or leave it out and send an Accept header",
            )
        return wanted
    media = negotiate(request.headers.get("accept"), offered)
    if media is None:
        raise NotAcceptable(
            f"this resource is available as {', '.join(offered)} only",
            hint=f"send Accept: {offered[0]}"
            + (f" or {', '.join(offered[1:])}" if offered[1:] else ""),
        )
    return media


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def labels_cell(refs: Iterable[Mapping[str, Any]]) -> str:
    """Join the labels (or, without one, the IRIs) of refs for a CSV cell."""
    return "; ".join(str(r.get("label") or r.get("iri")) for r in refs)


def iris_cell(refs: Iterable[Mapping[str, Any]]) -> str:
    return " ".join(str(r["iri"]) for r in refs)


def label_of(ref: Mapping[str, Any] | None) -> object:
    return ref.get("label") if ref else None


def iri_of(ref: Mapping[str, Any] | None) -> object:
    return ref.get("iri") if ref else None


def csv_response(
    items: Sequence[dict[str, Any]], columns: Sequence[Column], headers: Mapping[str, str]
) -> Response:
    """Return the items as CSV (RFC 4180: a header row, CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _ in columns])
    for item in items:
        writer.writerow([cell(get(item)) for _, get in columns])
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers=dict(headers))


def listing(
    request: Request,
    items: list[dict[str, Any]],
    *,
    limit: int,
    offset: int,
    truncated: bool,
    media: str,
    columns: Sequence[Column] | None,
    params: Mapping[str, object],
) -> Response:
    """Answer a page of ``items`` as JSON (with the total) or, for tables, as CSV.

    ``media`` is what :func:`media_for` chose, before the queries ran.
    """
    page = items[offset : offset + limit]
    headers = {"Vary": "Accept", "X-Total-Count": str(len(items))}
    if truncated:
        headers["X-Styrgraf-Truncated"] = "true"
    if media == CSV and columns is not None:
        return csv_response(page, columns, headers)
    body = {
        "total": len(items),
        "limit": limit,
        "offset": offset,
        "truncated": truncated,
        "params": {k: v for k, v in params.items() if v not in (None, "")},
        "items": page,
    }
    return JSONResponse(body, headers=headers)


def single(item: dict[str, Any]) -> Response:
    """Answer one item as JSON (the route checked that the client takes JSON)."""
    return JSONResponse(item, headers={"Vary": "Accept"})


def not_found(kind: str, iri: str, listing_path: str) -> NotFound:
    return NotFound(f"no {kind} has the IRI {iri}", hint=f"GET {listing_path} lists them")


def iri_param() -> Any:
    return Query(
        None,
        description="Required: the item's IRI (absolute, URL-encoded), as `iri` in the list "
        "gives it.",
        examples=["https://w3id.org/styrgraf/id/goteborg/org/kommunstyrelsen"],
    )


def limit_param() -> Any:
    return Query(DEFAULT_LIMIT, description=f"Items per page, 1–{MAX_LIMIT}.")


def offset_param() -> Any:
    return Query(0, description="Items to skip, for paging (the order is stable).")


def format_param(choices: str = "`json` or `csv`") -> Any:
    return Query(None, description=f"{choices}; without it the Accept header decides.")


PAGING = ("limit", "offset", "format")


# --- goals ---------------------------------------------------------------------------------
GOAL_SELF = (*LABELS, "styr:goalNumber", "skos:inScheme", "styr:listedIn")
GOAL_BRANCHES = [props("self", "", *GOAL_SELF)]
GOAL_DETAIL_BRANCHES = [
    props("self", "", *GOAL_SELF, "styr:text"),
    props("contribution", "^styr:contributesTo", "styr:contributingBody", "styr:statedIn"),
    props("supported_by", "^styr:supportsGoal", *LABELS, "rdf:type"),
]


def goal_item(facts: Facts, labels: Labels, detail: bool = False) -> dict[str, Any]:
    scheme = facts.iris("self", str(SKOS.inScheme))
    item: dict[str, Any] = {
        **labels.ref(facts.iri),
        "number": number(facts.first("self", STYR + "goalNumber")),
        "scheme": labels.ref(scheme[0]) if scheme else None,
        "listed_in": [labels.ref(i) for i in facts.iris("self", STYR + "listedIn")],
    }
    if detail:
        item["text"] = facts.text("self", STYR + "text")
        item["contributions"] = [
            {
                "iri": node,
                "bodies": [
                    labels.ref(i)
                    for i in facts.iris("contribution", STYR + "contributingBody", node)
                ],
                "stated_in": [
                    labels.ref(i) for i in facts.iris("contribution", STYR + "statedIn", node)
                ],
            }
            for node in facts.nodes("contribution")
        ]
        supporters = sorted(
            facts.nodes("supported_by"), key=lambda n: (sort_key(labels.get(n, "sv")), n)
        )
        item["supported_by"] = [
            {
                **labels.ref(n),
                "kind": kind_of(facts.iris("supported_by", RDF_TYPE, n), DOCUMENT_KINDS, labels),
            }
            for n in supporters
        ]
    return item


def goal_order(item: dict[str, Any]) -> tuple[str, int, str]:
    number_ = item["number"] if isinstance(item["number"], int) else NO_LINE
    return str(iri_of(item["scheme"]) or ""), number_, item["iri"]


GOAL_COLUMNS: list[Column] = [
    ("iri", lambda i: i["iri"]),
    ("number", lambda i: i["number"]),
    ("label", lambda i: i["label"]),
    ("label_en", lambda i: i["label_en"]),
    ("scheme", lambda i: label_of(i["scheme"])),
    ("listed_in", lambda i: labels_cell(i["listed_in"])),
    ("page", lambda i: i["page"]),
]


@router.get(
    "/api/goals",
    summary="List the goals",
    description="The numbered, municipality-wide goals (styr:Goal), ordered by goal set and "
    "number, each with its goal set and the documents that list it. JSON, or CSV by "
    "`Accept: text/csv` or `format=csv`. One goal in full: `/api/goals/item?iri=`.",
    tags=["resources"],
)
async def list_goals(
    request: Request,
    limit: int = limit_param(),
    offset: int = offset_param(),
    format: str | None = format_param(),
) -> Response:
    check_params(request, PAGING)
    check_paging(limit, offset)
    media = media_for(request, format, TABLE)
    result = await facts(request, facet_query("?s a styr:Goal .", GOAL_BRANCHES))
    items = sorted((goal_item(f, result.labels) for f in result.items.values()), key=goal_order)
    return listing(
        request,
        items,
        limit=limit,
        offset=offset,
        truncated=result.truncated,
        media=media,
        columns=GOAL_COLUMNS,
        params={},
    )


@router.get(
    "/api/goals/item",
    summary="One goal",
    description="A goal by its IRI, with its text, the bodies' contributions to it "
    "(styr:GoalContribution) and the steering documents that support it "
    "(styr:supportsGoal). 404 when no goal has the IRI.",
    tags=["resources"],
)
async def get_goal(request: Request, iri: str | None = iri_param()) -> Response:
    check_params(request, ["iri"])
    media_for(request, None, [JSON])
    term = required_iri(iri)
    query = facet_query("?s a styr:Goal .", GOAL_DETAIL_BRANCHES, ["s"])
    result = await facts(request, query, {"s": term})
    if str(term) not in result.items:
        raise not_found("goal", str(term), "/api/goals")
    return single(goal_item(result.items[str(term)], result.labels, detail=True))


# --- assignments ---------------------------------------------------------------------------
ROLES = ("any", "responsible", "contributing")
ROLE_PATHS = {
    "responsible": "styr:responsibleBody",
    "contributing": "styr:cooperatingBody|styr:supportingBody",
    "any": "styr:responsibleBody|styr:cooperatingBody|styr:supportingBody",
}
ASSIGNMENT_SELF = (
    *LABELS,
    "styr:responsibleBody",
    "styr:cooperatingBody",
    "styr:supportingBody",
    "styr:originYear",
    "styr:origin",
    "styr:assignedBy",
    "styr:listedIn",
    "styr:caseNumber",
    "styr:currentStatus",
)
REQUIREMENT_PREDICATES = (
    *LABELS,
    "styr:dueDate",
    "styr:dueBy",
    "styr:dueFrom",
    "styr:reportingMode",
    "styr:timingKind",
    "styr:reportTo",
    "styr:statedIn",
    "styr:reportingOccasion",
    "styr:planText",
)


def assignment_query(
    role: str | None, mode: bool, detail: bool = False, origin: bool = False, status: bool = False
) -> str:
    """Return the assignments' facet query; ``role`` adds the body filter (``?body``),
    ``mode`` the reporting-mode filter (``?mode``), ``origin`` and ``status`` the filters on
    the origin (``?origin``) and the current status (``?status``), ``detail`` binds ``?s``."""
    head, bound = "", []
    if role is not None:
        head += f"?s {ROLE_PATHS[role]} ?body .\n  "
        bound.append("body")
    if origin:
        head += "?s styr:origin ?origin .\n  "
        bound.append("origin")
    if status:
        head += "?s styr:currentStatus ?status .\n  "
        bound.append("status")
    if mode:
        head += (
            "?s styr:hasReportingRequirement ?byMode .\n  ?byMode styr:reportingMode ?mode .\n  "
        )
        bound.append("mode")
    if detail:
        bound.append("s")
    head += "?s a styr:Assignment ."
    extra = ("styr:text", "styr:statusText", "styr:handlingNote") if detail else ()
    branches = [
        props("self", "", *ASSIGNMENT_SELF, *extra),
        props("requirement", "styr:hasReportingRequirement", *REQUIREMENT_PREDICATES),
    ]
    return facet_query(head, branches, bound)


def due_of(facts: Facts, facet: str, node: str) -> str | None:
    """Return a requirement's due date: its exact date, else the last day of its period."""
    exact = plain_date(facts.first(facet, STYR + "dueDate", node))
    return exact or plain_date(facts.first(facet, STYR + "dueBy", node))


def first_code(
    facts: Facts, labels: Labels, facet: str, predicate: str, node: str | None = None
) -> dict[str, Any] | None:
    iris = facts.iris(facet, STYR + predicate, node)
    return labels.code(iris[0]) if iris else None


def predicate_iri(name: str) -> str:
    """Return a predicate given as a styr: local name or as a full IRI."""
    return name if "://" in name else STYR + name


def first_ref(
    facts: Facts, labels: Labels, facet: str, predicate: str, node: str | None = None
) -> dict[str, Any] | None:
    iris = facts.iris(facet, predicate_iri(predicate), node)
    return labels.ref(iris[0]) if iris else None


def refs(
    facts: Facts, labels: Labels, facet: str, predicate: str, node: str | None = None
) -> list[dict[str, Any]]:
    return [labels.ref(i) for i in facts.iris(facet, predicate_iri(predicate), node)]


def requirement(facts: Facts, labels: Labels, node: str) -> dict[str, Any]:
    return {
        **labels.ref(node),
        "due_date": due_of(facts, "requirement", node),
        "due_from": plain_date(facts.first("requirement", STYR + "dueFrom", node)),
        "exact_date": plain_date(facts.first("requirement", STYR + "dueDate", node)) is not None,
        "timing": first_code(facts, labels, "requirement", "timingKind", node),
        "mode": first_code(facts, labels, "requirement", "reportingMode", node),
        "report_to": refs(facts, labels, "requirement", "reportTo", node),
        "occasion": first_ref(facts, labels, "requirement", "reportingOccasion", node),
        "stated_in": refs(facts, labels, "requirement", "statedIn", node),
        "plan_text": facts.text("requirement", STYR + "planText", node),
    }


def assignment_item(facts: Facts, labels: Labels, detail: bool = False) -> dict[str, Any]:
    requirements = sorted(
        (requirement(facts, labels, node) for node in facts.nodes("requirement")),
        key=lambda r: (r["due_date"] or "9999", r["iri"]),
    )
    contributing = [
        {**ref, "role": role}
        for role in ("cooperating", "supporting")
        for ref in refs(facts, labels, "self", role + "Body")
    ]
    item: dict[str, Any] = {
        **labels.ref(facts.iri),
        "responsible": refs(facts, labels, "self", "responsibleBody"),
        "contributing": contributing,
        "due_dates": sorted({r["due_date"] for r in requirements if r["due_date"]}),
        "reporting_modes": sorted({r["mode"]["code"] for r in requirements if r["mode"]}),
        "origin_year": year_of(facts.first("self", STYR + "originYear")),
        "origin": first_code(facts, labels, "self", "origin"),
        "assigned_by": first_ref(facts, labels, "self", "assignedBy"),
        "case_number": facts.text("self", STYR + "caseNumber"),
        "listed_in": refs(facts, labels, "self", "listedIn"),
        "reporting": requirements,
        "current_status": first_code(facts, labels, "self", "currentStatus"),
    }
    if detail:
        item["text"] = facts.text("self", STYR + "text")
        item["status_text"] = facts.text("self", STYR + "statusText")
        item["handling_note"] = facts.text("self", STYR + "handlingNote")
    return item


def in_range(day: str | None, after: date | None, before: date | None) -> bool:
    """Return whether ``day`` lies in [after, before]; an undated one only without bounds."""
    if after is None and before is None:
        return True
    if day is None:
        return False
    value = date.fromisoformat(day)
    return (after is None or value >= after) and (before is None or value <= before)


def matches_reporting(
    item: dict[str, Any], mode: str | None, after: date | None, before: date | None
) -> bool:
    """Return whether one reporting requirement has ``mode`` and is due in the range."""
    if mode is None and after is None and before is None:
        return True
    return any(
        (mode is None or iri_of(req["mode"]) == mode) and in_range(req["due_date"], after, before)
        for req in item["reporting"]
    )


ASSIGNMENT_COLUMNS: list[Column] = [
    ("iri", lambda i: i["iri"]),
    ("label", lambda i: i["label"]),
    ("label_en", lambda i: i["label_en"]),
    ("responsible", lambda i: labels_cell(i["responsible"])),
    ("contributing", lambda i: labels_cell(i["contributing"])),
    ("due_dates", lambda i: " ".join(i["due_dates"])),
    ("reporting_modes", lambda i: " ".join(i["reporting_modes"])),
    ("origin_year", lambda i: i["origin_year"]),
    ("listed_in", lambda i: labels_cell(i["listed_in"])),
    ("responsible_iri", lambda i: iris_cell(i["responsible"])),
    ("contributing_iri", lambda i: iris_cell(i["contributing"])),
    ("page", lambda i: i["page"]),
    ("current_status", lambda i: i["current_status"]["code"] if i["current_status"] else None),
    ("origin", lambda i: i["origin"]["code"] if i["origin"] else None),
]


#: The filters and the order of /api/assignments and of the ledger page (/assignments).
ASSIGNMENT_FILTERS = (
    "body", "role", "origin", "status", "due_before", "due_after", "reporting_mode", "sort",
)  # fmt: skip
#: ``year``: by origin year, label and IRI; ``due``: the earliest due date first, ``-due``:
#: the latest due date first (undated ones last, in both).
SORTS = ("year", "due", "-due")
#: ``status=none``: the assignments no status report has given a current status.
NO_STATUS = "none"


@dataclass
class Assignments:
    """The assignments a selection keeps, in its order, and the parameters it was given."""

    items: list[dict[str, Any]]
    truncated: bool
    params: dict[str, str | None]


def by_origin_year(item: dict[str, Any]) -> tuple[int, str, str]:
    return (item["origin_year"] or 0, sort_key(item["label"]), item["iri"])


def sort_assignments(items: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """Return ``items`` in the order ``sort`` (one of :data:`SORTS`)."""
    ordered = sorted(items, key=by_origin_year)
    if sort == "year":
        return ordered
    dated = [i for i in ordered if i["due_dates"]]
    undated = [i for i in ordered if not i["due_dates"]]
    if sort == "due":
        dated.sort(key=lambda i: min(i["due_dates"]))
    else:  # the sort is stable, also reversed: equal dates keep the origin-year order
        dated.sort(key=lambda i: max(i["due_dates"]), reverse=True)
    return dated + undated


async def select_assignments(
    request: Request,
    *,
    body: str | None = None,
    role: str = "any",
    origin: str | None = None,
    status: str | None = None,
    due_before: str | None = None,
    due_after: str | None = None,
    reporting_mode: str | None = None,
    sort: str = "year",
) -> Assignments:
    """Return the assignments the filters keep (all of them without filters), sorted.

    Every value is checked first and bound as an RDF term (an IRI, or a code list's
    concept); empty values are no filter, as a form sends them. Used by /api/assignments
    and by the ledger page.

    Raises:
        BadRequest: a value is not what its parameter takes.
    """
    parse_choice("role", role, ROLES)
    parse_choice("sort", sort, SORTS)
    before, after = parse_date("due_before", due_before), parse_date("due_after", due_after)
    if before is not None and after is not None and after > before:
        raise BadRequest(
            f"due_after ({after}) is later than due_before ({before})", hint="swap the two dates"
        )
    bindings: dict[str, Node] = {}
    if body:
        bindings["body"] = parse_iri("body", body)
    if reporting_mode:
        bindings["mode"] = code_or_iri("reporting_mode", reporting_mode, "rapporteringssatt")
    if origin:
        bindings["origin"] = code_or_iri("origin", origin, "uppdragsursprung")
    without_status = (status or "").strip() == NO_STATUS
    if status and not without_status:
        bindings["status"] = code_or_iri("status", status, "uppdragsstatus")
    query = assignment_query(
        role if body else None,
        bool(reporting_mode),
        origin="origin" in bindings,
        status="status" in bindings,
    )
    result = await facts(request, query, bindings)
    mode = str(bindings["mode"]) if "mode" in bindings else None
    items = [
        item
        for item in (assignment_item(f, result.labels) for f in result.items.values())
        if matches_reporting(item, mode, after, before)
        and not (without_status and item["current_status"] is not None)
    ]
    params = {
        "body": body or None,
        "role": role if body else None,
        "origin": origin or None,
        "status": status or None,
        "due_before": due_before or None,
        "due_after": due_after or None,
        "reporting_mode": reporting_mode or None,
        "sort": sort if sort != "year" else None,
    }
    return Assignments(sort_assignments(items, sort), result.truncated, params)


@router.get(
    "/api/assignments",
    summary="List the assignments",
    description="The assignments (styr:Assignment), ordered by origin year, label and IRI "
    "(or by due date: `sort`). "
    "Each has its responsible bodies (styr:responsibleBody), contributing bodies "
    "(styr:cooperatingBody, styr:supportingBody, with the role), its reporting requirements "
    "(due date, reporting mode, to whom, in which document, the plan as written), the due "
    "dates and reporting modes in short, its origin year, its origin (`origin`, a code of "
    "https://w3id.org/styrgraf/kod/uppdragsursprung/), the documents it is listed "
    "in and its current status (`current_status`: the latest status report's, a code of "
    "https://w3id.org/styrgraf/kod/uppdragsstatus/; null without one).\n\nA requirement's "
    "due date is its exact date (styr:dueDate) when the document "
    "gives one, else the last day of the month, quarter or season it gives (styr:dueBy). "
    "`due_after`, `due_before` and `reporting_mode` keep an assignment when one and the "
    "same requirement meets them all (dates inclusive). JSON, or CSV by "
    "`Accept: text/csv` or `format=csv`. One assignment in full: `/api/assignments/item`. "
    "The same list as a page: `/assignments`.",
    tags=["resources"],
)
async def list_assignments(
    request: Request,
    body: str | None = Query(
        None,
        description="Only assignments of this body (its IRI, as /api/bodies gives it), in "
        "the role `role`.",
        examples=["https://w3id.org/styrgraf/id/goteborg/org/kommunstyrelsen"],
    ),
    role: str = Query(
        "any",
        description="With `body`: `responsible` (styr:responsibleBody: the body is given the "
        "assignment), `contributing` (styr:cooperatingBody or styr:supportingBody: it works "
        "with or supports the responsible body) or `any` (either).",
        json_schema_extra={"enum": list(ROLES)},
    ),
    origin: str | None = Query(
        None,
        description="Where the assignment comes from (styr:origin): a code of "
        "https://w3id.org/styrgraf/kod/uppdragsursprung/ (stadens-budget, namnden, "
        "tidigare-budget, lopande, yrkande) or the code's IRI.",
        examples=["stadens-budget"],
    ),
    status: str | None = Query(
        None,
        description="The current status (styr:currentStatus): a code of "
        "https://w3id.org/styrgraf/kod/uppdragsstatus/ (fullgjord, pagaende, ej-paborjad, "
        f"avslutad) or the code's IRI; `{NO_STATUS}` for the assignments without one.",
        examples=["fullgjord"],
    ),
    due_before: str | None = Query(
        None, description="Due on or before this xsd:date (YYYY-MM-DD).", examples=["2025-06-30"]
    ),
    due_after: str | None = Query(
        None, description="Due on or after this xsd:date (YYYY-MM-DD).", examples=["2025-01-01"]
    ),
    reporting_mode: str | None = Query(
        None,
        description="A reporting mode: a code of https://w3id.org/styrgraf/kod/rapporteringssatt/ "
        "(delrapport, slutrapport, lopande, information, ej-angiven) or the code's IRI.",
        examples=["delrapport"],
    ),
    sort: str = Query(
        "year",
        description="`year` (origin year, then label), `due` (the earliest due date first) or "
        "`-due` (the latest due date first); undated assignments come last by due date.",
        json_schema_extra={"enum": list(SORTS)},
    ),
    limit: int = limit_param(),
    offset: int = offset_param(),
    format: str | None = format_param(),
) -> Response:
    check_params(request, [*ASSIGNMENT_FILTERS, *PAGING])
    check_paging(limit, offset)
    media = media_for(request, format, TABLE)
    found = await select_assignments(
        request,
        body=body,
        role=role,
        origin=origin,
        status=status,
        due_before=due_before,
        due_after=due_after,
        reporting_mode=reporting_mode,
        sort=sort,
    )
    return listing(
        request,
        found.items,
        limit=limit,
        offset=offset,
        truncated=found.truncated,
        media=media,
        columns=ASSIGNMENT_COLUMNS,
        params=found.params,
    )


@router.get(
    "/api/assignments/item",
    summary="One assignment",
    description="An assignment by its IRI, with what the list gives plus its full text, "
    "status and handling notes, and its status history (`status_history`: every status "
    "report on it, undated ones first, then by date, each with its status, date, "
    "document, source file, lines and quote). 404 when no assignment has the IRI.",
    tags=["resources"],
)
async def get_assignment(request: Request, iri: str | None = iri_param()) -> Response:
    check_params(request, ["iri"])
    media_for(request, None, [JSON])
    term = required_iri(iri)
    result = await facts(request, assignment_query(None, False, detail=True), {"s": term})
    if str(term) not in result.items:
        raise not_found("assignment", str(term), "/api/assignments")
    item = assignment_item(result.items[str(term)], result.labels, detail=True)
    reports = await status_view.status_history(request.app.state.store, term, None)
    item["status_history"] = status_history(reports, result.labels)
    return single(item)


def status_history(reports: Iterable[status_view.Report], known: Labels) -> list[dict[str, Any]]:
    """Return an assignment's status reports (oldest first) as JSON."""
    labels = Labels(known.base)
    labels.merge(known)
    for report in reports:
        if report.document and report.document_label is not None:
            labels.add(report.document, report.document_label)
    return [
        {
            "iri": r.iri,
            "page": page_of(r.iri, labels.base),
            "status": labels.code(r.status) if r.status else None,
            "date": r.date,
            "document": labels.ref(r.document) if r.document else None,
            "source": r.file,
            "line_start": r.line_start,
            "line_end": r.line_end,
            "quote": r.quote,
            "comment": r.comment,
        }
        for r in reports
    ]


# --- bodies --------------------------------------------------------------------------------
BODY_HEAD = (
    "VALUES ?type { styr:PoliticalBody styr:BodyCollective styr:Administration "
    "styr:Municipality styr:MunicipalCompany styr:ExternalOrganisation }\n  ?s a ?type ."
)
BODY_BRANCHES = [props("self", "", *LABELS, "skos:altLabel", "rdf:type", "org:subOrganizationOf")]
BODY_DETAIL_BRANCHES = [
    *BODY_BRANCHES,
    props("responsible_for", "^styr:responsibleBody", *LABELS, "rdf:type"),
    props("contributes_to", "^(styr:cooperatingBody|styr:supportingBody)", *LABELS, "rdf:type"),
    props("directions", "^styr:directedTo", *LABELS, "rdf:type"),
    props("units", "^org:subOrganizationOf", *LABELS),
]
#: Assignments per body and role; the type check keeps out proposed assignments in motions
#: (styr:AssignmentProposal), which also have a styr:responsibleBody.
COUNTS = (
    PREFIXES
    + """SELECT ?s ?role (COUNT(DISTINCT ?a) AS ?n)
WHERE {
  { ?a styr:responsibleBody ?s . BIND("responsible" AS ?role) }
  UNION { ?a styr:cooperatingBody|styr:supportingBody ?s . BIND("contributing" AS ?role) }
  ?a a styr:Assignment .
}
GROUP BY ?s ?role"""
)
SUB_ORGANIZATION_OF = "http://www.w3.org/ns/org#subOrganizationOf"
DCT_SOURCE = "http://purl.org/dc/terms/source"


def typed(facts: Facts, facet: str, cls: str) -> list[str]:
    """Return the nodes of ``facet`` that have the type ``styr:cls``."""
    return [n for n in facts.nodes(facet) if STYR + cls in facts.iris(facet, RDF_TYPE, n)]


def by_label(labels: Labels, nodes: Iterable[str]) -> list[dict[str, Any]]:
    return [labels.ref(n) for n in sorted(nodes, key=lambda n: (sort_key(labels.get(n, "sv")), n))]


def body_item(
    facts: Facts, labels: Labels, counts: Mapping[tuple[str, str], int], detail: bool = False
) -> dict[str, Any]:
    item: dict[str, Any] = {
        **labels.ref(facts.iri),
        "kind": kind_of(facts.iris("self", RDF_TYPE), BODY_KINDS, labels),
        "alt_labels": facts.texts("self", str(SKOS.altLabel)),
        "part_of": refs(facts, labels, "self", SUB_ORGANIZATION_OF),
        "assignments_responsible": counts.get((facts.iri, "responsible"), 0),
        "assignments_contributing": counts.get((facts.iri, "contributing"), 0),
    }
    if detail:
        item["responsible_for"] = by_label(labels, typed(facts, "responsible_for", "Assignment"))
        item["contributes_to"] = by_label(labels, typed(facts, "contributes_to", "Assignment"))
        item["directions"] = by_label(labels, typed(facts, "directions", "Direction"))
        item["units"] = by_label(labels, facts.nodes("units"))
    return item


async def assignment_counts(
    request: Request, bindings: Mapping[str, Node] | None = None
) -> dict[tuple[str, str], int]:
    rows = await select(request, COUNTS, bindings)
    return {
        (str(r["s"]), str(r["role"])): int(str(r["n"]))
        for r in rows.rows
        if "s" in r and "role" in r and "n" in r
    }


async def select_bodies(request: Request) -> tuple[list[dict[str, Any]], bool]:
    """Return every body (as /api/bodies lists them), ordered by label, and whether a row
    limit cut the rows. Used by /api/bodies and by the pages /bodies and /assignments."""
    result = await facts(request, facet_query(BODY_HEAD, BODY_BRANCHES))
    counts = await assignment_counts(request)
    items = [body_item(f, result.labels, counts) for f in result.items.values()]
    items.sort(key=lambda i: (sort_key(i["label"]), i["iri"]))
    return items, result.truncated


BODY_COLUMNS: list[Column] = [
    ("iri", lambda i: i["iri"]),
    ("label", lambda i: i["label"]),
    ("label_en", lambda i: i["label_en"]),
    ("kind", lambda i: i["kind"]["code"] if i["kind"] else None),
    ("assignments_responsible", lambda i: i["assignments_responsible"]),
    ("assignments_contributing", lambda i: i["assignments_contributing"]),
    ("page", lambda i: i["page"]),
]


@router.get(
    "/api/bodies",
    summary="List the bodies",
    description="The municipality's bodies: political bodies, administrations, collective "
    'addressees such as "alla nämnder och bolagsstyrelser", companies and external '
    "organisations (not the parties), ordered by label. Each has its kind and the number of "
    "assignments it is responsible for (styr:responsibleBody) and contributes to "
    "(styr:cooperatingBody or styr:supportingBody). JSON, or CSV by `Accept: text/csv` or "
    "`format=csv`. One body in full: `/api/bodies/item`.",
    tags=["resources"],
)
async def list_bodies(
    request: Request,
    limit: int = limit_param(),
    offset: int = offset_param(),
    format: str | None = format_param(),
) -> Response:
    check_params(request, PAGING)
    check_paging(limit, offset)
    media = media_for(request, format, TABLE)
    items, truncated = await select_bodies(request)
    return listing(
        request,
        items,
        limit=limit,
        offset=offset,
        truncated=truncated,
        media=media,
        columns=BODY_COLUMNS,
        params={},
    )


@router.get(
    "/api/bodies/item",
    summary="One body",
    description="A body by its IRI, with the assignments it is responsible for and "
    "contributes to (each with its `current_status` and `due_dates`), the goals it answers "
    "for (`goals`, from the named query goals_of_body, each with its `role`: huvudansvarig, "
    "ansvarig or bidrar), the directions addressed to it and its units. 404 when no body "
    "has the IRI.",
    tags=["resources"],
)
async def get_body(request: Request, iri: str | None = iri_param()) -> Response:
    check_params(request, ["iri"])
    media_for(request, None, [JSON])
    term = required_iri(iri)
    result = await facts(request, facet_query(BODY_HEAD, BODY_DETAIL_BRANCHES, ["s"]), {"s": term})
    if str(term) not in result.items:
        raise not_found("body", str(term), "/api/bodies")
    counts = await assignment_counts(request, {"s": term})
    item = body_item(result.items[str(term)], result.labels, counts, detail=True)
    store, catalogue = request.app.state.store, request.app.state.catalogue
    goals = await status_view.goals_of_body(store, catalogue, term, None)
    states = await status_view.assignment_states(store, term, None)
    item["goals"] = goal_roles(goals, result.labels.base)
    for key in ("responsible_for", "contributes_to"):
        item[key] = [with_state(ref, states.get(ref["iri"]), result.labels) for ref in item[key]]
    return single(item)


def goal_roles(goals: Iterable[status_view.Role], base: str) -> list[dict[str, Any]]:
    """Return the goals a body has a part in, with its role (the strongest first in
    ``roles``): huvudansvarig, ansvarig or bidrar."""
    labels = Labels(base)
    for goal in goals:
        if goal.label is not None:
            labels.add(goal.iri, goal.label)
    return [
        {**labels.ref(g.iri), "number": g.number, "role": g.role, "roles": list(g.roles)}
        for g in goals
    ]


def with_state(
    ref: dict[str, Any], state: status_view.State | None, labels: Labels
) -> dict[str, Any]:
    """Return an assignment's ref with its current status and due dates."""
    status = state.status if state else None
    return {
        **ref,
        "current_status": labels.code(status) if status else None,
        "due_dates": list(state.due_dates) if state else [],
    }


# --- programmes ----------------------------------------------------------------------------
PROGRAMME_HEAD = (
    "VALUES ?kind { styr:Programme styr:Plan styr:Policy styr:Guideline }\n  ?s a ?kind ."
)
PROGRAMME_BRANCHES = [
    props(
        "self",
        "",
        *LABELS,
        "rdf:type",
        "styr:validFrom",
        "styr:validUntil",
        "styr:validityText",
        "styr:listedIn",
    ),
    props("goal", "styr:supportsGoal", *LABELS, "styr:goalNumber"),
]


def programme_item(facts: Facts, labels: Labels) -> dict[str, Any]:
    def goal_number(goal: str) -> int | float | None:
        return number(facts.first("goal", STYR + "goalNumber", goal))

    goals = sorted(facts.nodes("goal"), key=lambda g: (goal_number(g) or NO_LINE, g))
    return {
        **labels.ref(facts.iri),
        "kind": kind_of(facts.iris("self", RDF_TYPE), DOCUMENT_KINDS, labels),
        "valid_from": plain_date(facts.first("self", STYR + "validFrom")),
        "valid_until": plain_date(facts.first("self", STYR + "validUntil")),
        "validity_text": facts.text("self", STYR + "validityText"),
        "goals": [{**labels.ref(g), "number": goal_number(g)} for g in goals],
        "listed_in": refs(facts, labels, "self", "listedIn"),
    }


PROGRAMME_COLUMNS: list[Column] = [
    ("iri", lambda i: i["iri"]),
    ("label", lambda i: i["label"]),
    ("label_en", lambda i: i["label_en"]),
    ("kind", lambda i: i["kind"]["code"] if i["kind"] else None),
    ("valid_from", lambda i: i["valid_from"]),
    ("valid_until", lambda i: i["valid_until"]),
    ("goals", lambda i: " ".join(str(g["number"]) for g in i["goals"])),
    ("goals_iri", lambda i: iris_cell(i["goals"])),
    ("page", lambda i: i["page"]),
]


@router.get(
    "/api/programmes",
    summary="List the programmes, plans, policies and guidelines",
    description="The steering documents bodies work by (styr:Programme, styr:Plan and "
    "styr:ActionPlan, styr:Policy, styr:Guideline), ordered by label, each with its kind, "
    "its period of validity and the goals it supports (styr:supportsGoal). `goal` keeps the "
    "documents that support one goal. JSON, or CSV by `Accept: text/csv` or `format=csv`.",
    tags=["resources"],
)
async def list_programmes(
    request: Request,
    goal: str | None = Query(
        None,
        description="Only documents that support this goal (its IRI, from /api/goals).",
        examples=["https://w3id.org/styrgraf/id/goteborg/mal/2023-2026/1"],
    ),
    limit: int = limit_param(),
    offset: int = offset_param(),
    format: str | None = format_param(),
) -> Response:
    check_params(request, ["goal", *PAGING])
    check_paging(limit, offset)
    media = media_for(request, format, TABLE)
    head, bound, bindings = PROGRAMME_HEAD, list[str](), dict[str, Node]()
    if goal:
        head = "?s styr:supportsGoal ?goal .\n  " + head
        bound, bindings = ["goal"], {"goal": parse_iri("goal", goal)}
    result = await facts(request, facet_query(head, PROGRAMME_BRANCHES, bound), bindings)
    items = [programme_item(f, result.labels) for f in result.items.values()]
    items.sort(key=lambda i: (sort_key(i["label"]), i["iri"]))
    return listing(
        request,
        items,
        limit=limit,
        offset=offset,
        truncated=result.truncated,
        media=media,
        columns=PROGRAMME_COLUMNS,
        params={"goal": goal},
    )


@router.get(
    "/api/programmes/item",
    summary="One programme, plan, policy or guideline",
    description="A steering document by its IRI, with the goals it supports. 404 when none "
    "of the documents /api/programmes lists has the IRI.",
    tags=["resources"],
)
async def get_programme(request: Request, iri: str | None = iri_param()) -> Response:
    check_params(request, ["iri"])
    media_for(request, None, [JSON])
    term = required_iri(iri)
    query = facet_query(PROGRAMME_HEAD, PROGRAMME_BRANCHES, ["s"])
    result = await facts(request, query, {"s": term})
    if str(term) not in result.items:
        raise not_found("programme, plan, policy or guideline", str(term), "/api/programmes")
    return single(programme_item(result.items[str(term)], result.labels))


# --- risks ---------------------------------------------------------------------------------
RISK_BRANCHES = [
    props(
        "self",
        "",
        *LABELS,
        "styr:riskArea",
        "styr:riskDescription",
        "styr:consequenceDescription",
        "styr:listedIn",
        "styr:followUpText",
        "styr:followedUpIn",
    ),
    derived("self", "", EVIDENCE_LINE, "styr:lineStart"),
    props("document", "styr:listedIn", "styr:order", "dcterms:source"),
    props("action", "styr:hasAction", *LABELS, "styr:text", "styr:actionStatus"),
    derived("action", "styr:hasAction", EVIDENCE_LINE, "styr:lineStart"),
    props(
        "control",
        "styr:hasControl",
        *LABELS,
        "styr:text",
        "styr:controlMethod",
        "styr:followUpText",
        "styr:followedUpIn",
    ),
    derived("control", "styr:hasControl", EVIDENCE_LINE, "styr:lineStart"),
]


def risk_item(facts: Facts, labels: Labels) -> dict[str, Any]:
    actions = [
        {
            **labels.ref(node),
            "text": facts.text("action", STYR + "text", node),
            "status": first_code(facts, labels, "action", "actionStatus", node),
        }
        for node in sorted(facts.nodes("action"), key=lambda n: (facts.line("action", n), n))
    ]
    controls = [
        {
            **labels.ref(node),
            "text": facts.text("control", STYR + "text", node),
            "method": first_code(facts, labels, "control", "controlMethod", node),
            "follow_up": facts.text("control", STYR + "followUpText", node),
            "followed_up_in": refs(facts, labels, "control", "followedUpIn", node),
        }
        for node in sorted(facts.nodes("control"), key=lambda n: (facts.line("control", n), n))
    ]
    line = facts.line()
    return {
        **labels.ref(facts.iri),
        "area": first_ref(facts, labels, "self", "riskArea"),
        "descriptions": facts.texts("self", STYR + "riskDescription"),
        "consequences": facts.texts("self", STYR + "consequenceDescription"),
        "actions": actions,
        "controls": controls,
        "follow_up": facts.text("self", STYR + "followUpText"),
        "followed_up_in": refs(facts, labels, "self", "followedUpIn"),
        "listed_in": refs(facts, labels, "self", "listedIn"),
        "source_line": line if line != NO_LINE else None,
    }


def risk_order(facts: Facts) -> tuple[str, int, int, str]:
    """Document order: source file, the document's place in it, the first line."""
    documents = facts.nodes("document")
    files = [t for d in documents for t in facts.texts("document", DCT_SOURCE, d)]
    places = [number(v) for d in documents for v in facts.values("document", STYR + "order", d)]
    place = min((n for n in places if isinstance(n, int)), default=NO_LINE)
    return min(files, default=""), place, facts.line(), facts.iri


@router.get(
    "/api/risks",
    summary="List the risks",
    description="The risks of the risk registers and internal control plans (styr:Risk), in "
    "document order, each with its risk area, descriptions, consequences, actions "
    "(styr:hasAction, with their status, in document order) and controls "
    "(styr:hasControl, with method and follow-up). JSON only: actions and controls are "
    "nested lists. One risk: `/api/risks/item`.",
    tags=["resources"],
)
async def list_risks(
    request: Request,
    limit: int = limit_param(),
    offset: int = offset_param(),
    format: str | None = format_param("`json`"),
) -> Response:
    check_params(request, PAGING)
    check_paging(limit, offset)
    media = media_for(request, format, [JSON])
    result = await facts(request, facet_query("?s a styr:Risk .", RISK_BRANCHES))
    ordered = sorted(result.items.values(), key=risk_order)
    items = [risk_item(f, result.labels) for f in ordered]
    return listing(
        request,
        items,
        limit=limit,
        offset=offset,
        truncated=result.truncated,
        media=media,
        columns=None,
        params={},
    )


@router.get(
    "/api/risks/item",
    summary="One risk",
    description="A risk by its IRI, with its actions and controls. 404 when no risk has the IRI.",
    tags=["resources"],
)
async def get_risk(request: Request, iri: str | None = iri_param()) -> Response:
    check_params(request, ["iri"])
    media_for(request, None, [JSON])
    term = required_iri(iri)
    result = await facts(
        request, facet_query("?s a styr:Risk .", RISK_BRANCHES, ["s"]), {"s": term}
    )
    if str(term) not in result.items:
        raise not_found("risk", str(term), "/api/risks")
    return single(risk_item(result.items[str(term)], result.labels))


# --- budget --------------------------------------------------------------------------------
BUDGET_BRANCHES = [
    props(
        "self",
        "",
        *LABELS,
        "styr:budgetArea",
        "styr:budgetLine",
        "obeu-dimension:fiscalYear",
        "obeu-measure:amount",
        "qb:dataSet",
    ),
    derived("self", "", EVIDENCE_LINE, "styr:lineStart"),
]
DATASETS = facet_query(
    "?s a qb:DataSet .",
    [props("self", "", *LABELS, "dcterms:title", "styr:unit", "sdmx-attribute:unitMult")],
)
BUDGET_NODES = PREFIXES + "SELECT DISTINCT ?v WHERE { ?o styr:budgetArea|styr:budgetLine ?v . }"
FISCAL_YEAR = "http://data.openbudgets.eu/ontology/dsd/dimension/fiscalYear"
AMOUNT = "http://data.openbudgets.eu/ontology/dsd/measure/amount"
DATASET = "http://purl.org/linked-data/cube#dataSet"
UNIT_MULT = "http://purl.org/linked-data/sdmx/2009/attribute#unitMult"
TITLE = "http://purl.org/dc/terms/title"


async def resolve(request: Request, name: str, value: str, kind: str) -> URIRef:
    """Return a budget area or line given by its IRI or by the last segment of its IRI.

    Raises:
        BadRequest: neither an IRI nor the slug of a known area or line.
    """
    value = value.strip()
    if not SLUG.fullmatch(value):
        return parse_iri(name, value)
    rows = await select(request, BUDGET_NODES)
    known = sorted({str(r["v"]) for r in rows.rows if "v" in r and f"/{kind}/" in str(r["v"])})
    for iri in known:
        if iri.rsplit("/", 1)[-1] == value:
            return URIRef(iri)
    slugs = ", ".join(iri.rsplit("/", 1)[-1] for iri in known)
    raise BadRequest(
        f"parameter {name!r}: no budget {name} {value!r}", hint=f"give an IRI or one of: {slugs}"
    )


def observation(facts: Facts, labels: Labels, datasets: Mapping[str, Facts]) -> dict[str, Any]:
    dataset = facts.iris("self", DATASET)
    info = datasets.get(dataset[0]) if dataset else None
    unit = info.iris("self", STYR + "unit") if info else []
    line = facts.line()
    return {
        **labels.ref(facts.iri),
        "area": first_ref(facts, labels, "self", "budgetArea"),
        "line": first_ref(facts, labels, "self", "budgetLine"),
        "year": year_of(facts.first("self", FISCAL_YEAR)),
        "amount": number(facts.first("self", AMOUNT)),
        "unit": unit[0].rsplit("/", 1)[-1] if unit else None,
        "unit_multiplier": number(info.first("self", UNIT_MULT)) if info else None,
        "dataset": {**labels.ref(dataset[0]), "title": info.text("self", TITLE) if info else None}
        if dataset
        else None,
        "source_line": line if line != NO_LINE else None,
    }


BUDGET_COLUMNS: list[Column] = [
    ("iri", lambda i: i["iri"]),
    ("area", lambda i: label_of(i["area"])),
    ("line", lambda i: label_of(i["line"])),
    ("year", lambda i: i["year"]),
    ("amount", lambda i: i["amount"]),
    ("unit", lambda i: i["unit"]),
    ("dataset", lambda i: label_of(i["dataset"])),
    ("area_iri", lambda i: iri_of(i["area"])),
    ("line_iri", lambda i: iri_of(i["line"])),
    ("label", lambda i: i["label"]),
    ("page", lambda i: i["page"]),
]


@router.get(
    "/api/budget",
    summary="List the budget figures",
    description="The amounts of the budget tables (styr:BudgetObservation, RDF Data Cube): "
    "budget area, budget line, fiscal year and amount, with the table's unit (e.g. mnkr), in "
    "the order of the source tables. `area` and `line` take an IRI or its last segment "
    "(e.g. `stadsledningskontoret`, `kommunbidrag`). JSON, or CSV by `Accept: text/csv` or "
    "`format=csv`.",
    tags=["resources"],
)
async def list_budget(
    request: Request,
    area: str | None = Query(
        None, description="A budget area: its IRI or its slug.", examples=["stadsledningskontoret"]
    ),
    line: str | None = Query(
        None, description="A budget line: its IRI or its slug.", examples=["kommunbidrag"]
    ),
    year: str | None = Query(None, description="A fiscal year (YYYY).", examples=["2025"]),
    limit: int = limit_param(),
    offset: int = offset_param(),
    format: str | None = format_param(),
) -> Response:
    check_params(request, ["area", "line", "year", *PAGING])
    check_paging(limit, offset)
    media = media_for(request, format, TABLE)
    head, bindings = "", dict[str, Node]()
    if year:
        if not YEAR.fullmatch(year.strip()):
            raise BadRequest(
                f"parameter 'year' must be a year (YYYY), not {year!r}",
                hint="for example year=2025",
            )
        head += "?s obeu-dimension:fiscalYear ?year .\n  "
        bindings["year"] = URIRef(f"{INTERVAL}year/{year.strip()}")
    if area:
        head += "?s styr:budgetArea ?area .\n  "
        bindings["area"] = await resolve(request, "area", area, "budgetomrade")
    if line:
        head += "?s styr:budgetLine ?line .\n  "
        bindings["line"] = await resolve(request, "line", line, "budgetrad")
    head += "?s a styr:BudgetObservation ."
    result = await facts(request, facet_query(head, BUDGET_BRANCHES, sorted(bindings)), bindings)
    datasets = await facts(request, DATASETS)
    labels = Labels(result.labels.base)
    labels.merge(result.labels)
    labels.merge(datasets.labels)
    items = [observation(f, labels, datasets.items) for f in result.items.values()]
    items.sort(
        key=lambda i: (
            str(iri_of(i["dataset"]) or ""),
            i["source_line"] or NO_LINE,
            i["year"] or 0,
            i["iri"],
        )
    )
    params = {"area": area, "line": line, "year": year}
    return listing(
        request,
        items,
        limit=limit,
        offset=offset,
        truncated=result.truncated,
        media=media,
        columns=BUDGET_COLUMNS,
        params=params,
    )


# The reporting calendar builds on the helpers above; importing it registers its routes.
from . import calendar as _calendar  # noqa: E402

router.include_router(_calendar.router)
