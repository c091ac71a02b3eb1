"""What a page says about an entity: its description, read from the store or from a file.

The description is the entity's own triples, the labels of the nodes it links to, and its
evidence (belägg) nodes with the labels of their documents and source texts; it is what
the RDF formats of ``/id/…`` serve. A page also lists what links to the entity. Entity
IRIs reach the store only as bound terms, never as text. The ontology (``ontology/styr.ttl``)
and the code lists (``ontology/kod.ttl``) are read once for their pages, with the site's
prefixes, by the ontology service (:func:`loaders.ontology.read_file`), which also holds
the class hierarchy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from fastapi import Request
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from loaders.ontology import read_file

from ..services import services
from ..store import Rows
from .names import LABELS, Names
from .negotiation import new_graph

#: The most rows one page query reads.
MAX_ROWS = 5000

DESCRIBE = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX styr: <https://w3id.org/styrgraf/ontology#>
SELECT ?e ?s ?p ?o
WHERE {
  { ?e ?p ?o . BIND (?e AS ?s) }
  UNION
  { ?e ?link ?s . FILTER (isIRI(?s)) ?s ?p ?o . FILTER (?p IN (rdfs:label, skos:prefLabel)) }
  UNION
  { ?e prov:qualifiedDerivation ?s . ?s ?p ?o }
  UNION
  { ?e prov:qualifiedDerivation/(prov:entity|styr:sourceText) ?s . ?s ?p ?o .
    FILTER (?p IN (rdfs:label, dct:title)) }
}"""
# The predicates are FILTER … IN, not VALUES: with a VALUES block in the group, Oxigraph
# (0.5) joins it before the bound ?e and reads every label in the store (api.routes.facts)
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


async def select(request: Request, query: str, iri: URIRef) -> Rows:
    """Run a page query with ``?e`` bound to ``iri``, in a worker thread."""
    store = services(request).store
    rows: Rows = await store.select_async(query, {"e": iri}, page_limit(request))
    return rows


def page_limit(request: Request) -> int:
    """Return the most rows one page query reads."""
    return min(int(services(request).settings.row_limit), MAX_ROWS)


def add_row(graph: Graph, s: Node | None, p: Node | None, o: Node | None) -> None:
    if (
        isinstance(s, URIRef | BNode)
        and isinstance(p, URIRef)
        and isinstance(o, URIRef | BNode | Literal)
    ):
        graph.add((s, p, o))


async def describe_entity(request: Request, iri: URIRef) -> Description | None:
    """Return the description of an entity in the store, or None when it is unknown."""
    names = Names(services(request).settings.base_iri)
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
    """Return the ontology (``ontology/styr.ttl``), with the site's prefixes."""
    return read_file("styr.ttl", new_graph())


@cache
def codes_graph() -> Graph:
    """Return the code lists (``ontology/kod.ttl``), with the site's prefixes."""
    return read_file("kod.ttl", new_graph())
