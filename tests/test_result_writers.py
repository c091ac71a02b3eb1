"""The one-pass SPARQL JSON writer gives the bytes of the general writer, and Oxigraph's."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from api.store.results import ox_json, ox_rows, serialise_parts

DATA = sorted((Path(__file__).resolve().parents[1] / "data").glob("*.ttl"))
EXTRA = """
@prefix ex: <http://example.org/> .
ex:a ex:p "sv"@sv, "plain", 42, 4.5, true, "2024-01-01"^^<http://www.w3.org/2001/XMLSchema#date>,
    "quote \\" and \\\\ and \\n and å", [ ex:q ex:b ] .
<< ex:a ex:p ex:b >> ex:says ex:c .
"""
QUERIES = [
    "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY ?class",
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 500",
    "SELECT ?s ?label ?none WHERE { ?s ?p ?o OPTIONAL { ?s <urn:x:none> ?none } "
    "OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } } LIMIT 300",
    "PREFIX ex: <http://example.org/> SELECT ?o ?b WHERE { ex:a ex:p ?o OPTIONAL { ?o ex:q ?b } }",
    "SELECT ?t ?o WHERE { ?t <http://example.org/says> ?o }",
    "SELECT * WHERE { ?s ?p ?o FILTER (false) }",
]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    kept = ox.Store()
    for path in DATA:
        kept.load(path=str(path), format=ox.RdfFormat.TURTLE)
    kept.load(EXTRA.encode(), format=ox.RdfFormat.TURTLE)
    return kept


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("limit", [None, 3])
def test_one_pass_json_is_the_general_writers(
    store: ox.Store, query: str, limit: int | None
) -> None:
    fast, cut = ox_json(store.query(query), limit)
    names, rows, general_cut = ox_rows(store.query(query), limit)
    assert fast == serialise_parts(names, rows, general_cut, "json")
    assert cut is general_cut


@pytest.mark.parametrize("query", QUERIES)
def test_one_pass_json_reads_as_oxigraphs(store: ox.Store, query: str) -> None:
    ours = json.loads(ox_json(store.query(query), None)[0])
    theirs = json.loads(store.query(query).serialize(format=ox.QueryResultsFormat.JSON))
    assert ours == theirs
