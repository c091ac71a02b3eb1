"""What the VoID and DCAT description of the dataset states, counted on the store.

Both the running server (``/.well-known/void``) and a published site (``data/void.ttl``)
describe the data with these figures (:class:`api.dataset_description.Statistics`).
"""

from __future__ import annotations

from datetime import date, datetime

from rdflib import Literal

from .dataset_description import Statistics
from .publication import Publication
from .store import Store

SOURCES = """PREFIX dct: <http://purl.org/dc/terms/>
PREFIX styr: <https://w3id.org/styrgraf/ontology#>
SELECT DISTINCT ?title ?sha256 WHERE { ?s a styr:SourceText ; dct:title ?title ;
  styr:sha256 ?sha256 } ORDER BY ?title ?sha256"""
YEARS = """PREFIX styr: <https://w3id.org/styrgraf/ontology#>
SELECT (MIN(STR(?y)) AS ?first) (MAX(STR(?y)) AS ?last) WHERE { ?s styr:budgetYear ?y }"""
COUNTS = """SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }"""
CLASSES = """SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"""
PROPERTIES = """SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"""
SUBJECTS = """SELECT ?base (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o
  FILTER (isIRI(?s) && STRSTARTS(STR(?s), ?base)) } GROUP BY ?base"""


def source_documents(store: Store) -> tuple[tuple[str, str], ...]:
    """Return (file name, SHA-256) of the source documents the graph was read from."""
    rows = store.select(SOURCES).rows
    return tuple((str(r["title"]), str(r["sha256"])) for r in rows)


def statistics(
    store: Store,
    publication: Publication,
    when: datetime,
    sources: tuple[tuple[str, str], ...],
    version: str,
) -> Statistics:
    """Count what VoID and DCAT describe, from the store."""
    triples = int(str(store.select(COUNTS).rows[0]["triples"]))
    base = Literal(publication.base + "id/")
    counted = store.select(SUBJECTS, {"base": base}).rows
    entities = int(str(counted[0]["n"])) if counted else 0
    classes = {str(r["c"]): int(str(r["n"])) for r in store.select(CLASSES).rows}
    properties = {str(r["p"]): int(str(r["n"])) for r in store.select(PROPERTIES).rows}
    years = store.select(YEARS).rows
    first = years[0].get("first") if years else None
    last = years[0].get("last") if years else None
    vocabularies = sorted({_namespace(i) for i in (*classes, *properties)})
    return Statistics(
        triples=triples,
        entities=entities,
        classes=classes,
        properties=properties,
        vocabularies=tuple(vocabularies),
        temporal_start=date(int(str(first)), 1, 1) if first else None,
        temporal_end=date(int(str(last)), 12, 31) if last else None,
        issued=when.date(),
        modified=when.date(),
        sources=sources,
        styrgraf_version=version,
    )


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]
