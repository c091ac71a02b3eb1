"""Move terms, graphs and query results between rdflib (shapes, reports) and pyoxigraph (the data).

Blank nodes keep their identifiers in both directions, so a finding's focus node is the
same term whichever library produced it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

XSD_STRING = str(XSD.string)


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Return the pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        try:
            return ox.BlankNode(str(term))
        except ValueError:
            return ox.BlankNode(_safe_id(str(term)))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def _safe_id(text: str) -> str:
    return "x" + text.encode("utf-8").hex()


def to_rdflib(term: object) -> Node:
    """Return the rdflib term for a pyoxigraph term (xsd:string literals become plain)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")


def canonical(term: Node | None) -> Node | None:
    """Return ``term`` as Oxigraph stores it (literals in canonical form, e.g. "1.0" → "1").

    Oxigraph keeps the value of a typed literal, not its spelling, so two engines are
    compared on canonical terms.
    """
    if not isinstance(term, Literal) or term.language:
        return term
    store = ox.Store()
    node = ox.NamedNode("urn:x-styrgraf:canonical")
    store.add(ox.Quad(node, node, to_ox(term)))
    return to_rdflib(next(iter(store)).object)


def quads(graph: Iterable[tuple[Node, Node, Node]]) -> Iterable[ox.Quad]:
    """Yield the triples of ``graph`` as quads in the default graph."""
    for s, p, o in graph:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]


def load_store(graph: Graph) -> ox.Store:
    """Return an in-memory store holding ``graph`` in its default graph."""
    store = ox.Store()
    store.extend(quads(graph))
    return store


def rows(
    store: ox.Store, query: str, bindings: dict[ox.Variable, object] | None = None
) -> list[dict[str, Node]]:
    """Run a SELECT query and return its rows as rdflib terms.

    Oxigraph's result objects must be freed on the thread that made them, so nothing of
    theirs leaves this function.
    """
    result = store.query(query, substitutions=bindings)  # type: ignore[arg-type]
    solution = None
    try:
        names = [v.value for v in result.variables]  # type: ignore[union-attr]
        found: list[dict[str, Node]] = []
        for solution in result:  # type: ignore[union-attr]
            found.append({n: to_rdflib(solution[n]) for n in names if solution[n] is not None})
        return found
    finally:  # an error's traceback keeps this frame alive on another thread
        del result, solution


def to_graph(store: ox.Store) -> Graph:
    """Return the default graph of ``store`` as an rdflib graph."""
    graph = Graph()
    for quad in store:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph
