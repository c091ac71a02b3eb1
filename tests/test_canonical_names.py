"""Blank nodes named by content (api.output.canonical): equal graphs give equal bytes,
whatever labels the parser or the engine gave their blank nodes."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from api.output import canonical, sorted_triples

SH = "http://www.w3.org/ns/shacl#"
EX = "https://example.org/"


def report(results: int, seed: str) -> Graph:
    """A validation report whose results are alike in pairs: two per focus node, one rule."""
    graph = Graph()
    top = BNode(f"{seed}top")
    graph.add((top, URIRef(SH + "conforms"), Literal(False)))
    for i in range(results):
        node = BNode(f"{seed}r{i}")
        graph.add((top, URIRef(SH + "result"), node))
        graph.add((node, URIRef(SH + "focusNode"), URIRef(f"{EX}a{i // 2}")))
        graph.add((node, URIRef(SH + "resultMessage"), Literal("saknar datum", lang="sv")))
        path = BNode(f"{seed}p{i}")  # a blank path node under each result
        graph.add((node, URIRef(SH + "resultPath"), path))
        graph.add((path, URIRef(SH + "inversePath"), URIRef(EX + "p")))
    return graph


def test_equal_graphs_with_other_labels_are_written_alike() -> None:
    one, other = canonical(report(40, "x")), canonical(report(40, "y"))
    assert sorted_triples(one) == sorted_triples(other)
    assert isomorphic(canonical(report(6, "x")), report(6, "x"))  # rdflib searches: small


def test_many_nodes_that_cannot_be_told_apart_are_named() -> None:
    """120 results in 60 identical pairs (rdflib's own canonicaliser searches their orders)."""
    named = canonical(report(120, "z"))
    assert len(named) == len(report(120, "z"))
    blanks = {t for triple in named for t in triple if isinstance(t, BNode)}
    assert len(blanks) == 1 + 120 + 120
    assert sorted_triples(named) == sorted_triples(canonical(report(120, "w")))
