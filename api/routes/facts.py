"""Facet queries: how the resource routes read items from the store, and their values.

A selective pattern first binds ``?s`` to the items, then a UNION of "facets" fetches the
properties each item needs, one row per value, so the rows grow with the sum of the
facets, not their product; :func:`collect` nests them by item into :class:`Facts`.
Request values are never written into query text: filters that are equalities (a body, a
reporting mode, a budget area, a year) are bound by the store as RDF terms (the bound
variables are always projected, as Oxigraph's substitutions and the remote VALUES block
both need), and range filters on dates are applied to the rows in Python, before paging.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fastapi import Request
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from loaders.vocab import STYR_NS

from ..services import services
from ..store import Rows
from .labels import Labels
from .params import DATE

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
STYR = STYR_NS
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT_SOURCE = "http://purl.org/dc/terms/source"
LABEL_PREDICATES = {str(RDFS.label), str(SKOS.prefLabel)}
LINE_START = STYR + "lineStart"
NO_LINE = 1 << 30
EVIDENCE_LINE = "prov:qualifiedDerivation/styr:lineStart"


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
    rows: Rows = await services(request).store.select_async(query, dict(bindings or {}), limit)
    return rows


async def facts(request: Request, query: str, bindings: Mapping[str, Node] | None = None) -> Result:
    """Run a facet query and nest its rows by item, or take the nested rows from the cache.

    The cache (:attr:`api.services.Services.resources`) lives on the app and is keyed by
    the store's version, which every load and update advances, so it never outlives the
    data it was built from. Callers must not change a returned Result.
    """
    kept = services(request)
    base = kept.settings.base_iri
    terms = tuple(sorted((name, term.n3()) for name, term in (bindings or {}).items()))
    key = (kept.store.version, base, query, terms)
    hit = kept.resources.get(key)
    if isinstance(hit, Result):
        return hit
    result = collect(await select(request, query, bindings), base)
    kept.resources.put(key, result)
    return result


# --- values --------------------------------------------------------------------------------


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


#: The bodies of an assignment: responsible, cooperating and supporting.
ASSIGNMENT_BODIES = ("styr:responsibleBody", "styr:cooperatingBody", "styr:supportingBody")
#: What a reporting requirement says: when it is due, how it is reported, to whom, and
#: where it is stated (read by :func:`due_of` and the requirements' JSON).
REQUIREMENT_TERMS = (
    "styr:dueDate",
    "styr:dueBy",
    "styr:dueFrom",
    "styr:reportingMode",
    "styr:timingKind",
    "styr:reportTo",
    "styr:statedIn",
)


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
