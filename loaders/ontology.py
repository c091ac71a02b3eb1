"""The ontology service: styrgraf's vocabulary (``ontology/styr.ttl``) and code lists
(``ontology/kod.ttl``), read once, and what the code asks of them.

Every part of styrgraf that needs a class's superclasses, a property's super-properties, a
term's Swedish or English label, the most specific of an entity's types or the prefixes the
ontology declares asks :func:`ontology` instead of reading the files itself, so the
hierarchy is written in one place (the Turtle) and nowhere in Python. A page that shows a
file whole reads it with :func:`read_file` into a graph with its own prefixes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from rdflib import RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from .resources import ontology_file
from .vocab import STYR_NS

#: The files of the ontology, in the order their labels take precedence.
FILES = ("styr.ttl", "kod.ttl")


@dataclass(frozen=True)
class Ontology:
    """The terms of the ontology files: hierarchy, labels and prefixes."""

    graph: Graph
    above: Mapping[str, frozenset[str]]
    labels: Mapping[str, Mapping[str, str]]
    prefixes: Mapping[str, str]
    above_property: Mapping[str, frozenset[str]]

    def superclasses(self, cls: str) -> frozenset[str]:
        """Return every class above ``cls`` (rdfs:subClassOf, transitively)."""
        return self.above.get(str(cls), frozenset())

    def superproperties(self, prop: str) -> frozenset[str]:
        """Return every property above ``prop`` (rdfs:subPropertyOf, transitively)."""
        return self.above_property.get(str(prop), frozenset())

    def is_a(self, cls: str, wider: str) -> bool:
        """Return whether ``cls`` is ``wider`` or one of its subclasses."""
        return str(cls) == str(wider) or str(wider) in self.superclasses(cls)

    def most_specific(self, types: Iterable[str]) -> list[str]:
        """Return the types that are no other given type's superclass, styrgraf's first."""
        given = {str(t) for t in types}
        wider = {sup for t in given for sup in self.superclasses(t)}
        return sorted(given - wider, key=lambda t: (not t.startswith(STYR_NS), t))

    def label(self, iri: str, lang: str = "sv") -> str | None:
        """Return the term's label in ``lang`` (rdfs:label or skos:prefLabel), if any."""
        return self.labels.get(str(iri), {}).get(lang)


def _closure(graph: Graph, relation: Node) -> dict[str, frozenset[str]]:
    """Return, for every term, all terms above it along ``relation`` (transitively)."""
    direct: dict[str, set[str]] = defaultdict(set)
    for sub, sup in graph.subject_objects(relation):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            direct[str(sub)].add(str(sup))
    closure: dict[str, frozenset[str]] = {}
    for start, first in direct.items():
        seen: set[str] = set()
        todo = list(first)
        while todo:
            item = todo.pop()
            if item not in seen:
                seen.add(item)
                todo.extend(direct.get(item, ()))
        closure[start] = frozenset(seen)
    return closure


def _labels(graph: Graph) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for predicate in (RDFS.label, SKOS.prefLabel):
        for subject, _, label in sorted(graph.triples((None, predicate, None))):
            if isinstance(subject, URIRef) and isinstance(label, Literal) and label.language:
                out[str(subject)].setdefault(label.language.lower(), str(label))
    return dict(out)


@cache
def ontology() -> Ontology:
    """Return the ontology, read from its files the first time it is asked for."""
    graph = Graph(bind_namespaces="none")  # the files' own prefixes, not rdflib's
    for name in FILES:
        read_file(name, graph)
    prefixes = {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix}
    return Ontology(
        graph,
        _closure(graph, RDFS.subClassOf),
        _labels(graph),
        prefixes,
        _closure(graph, RDFS.subPropertyOf),
    )


def read_file(name: str, graph: Graph) -> Graph:
    """Parse the ontology file ``name`` (one of :data:`FILES`) into ``graph`` and return it.

    The file's prefixes are bound in ``graph`` (over its own for the same namespace), and
    its triples are added in the file's order, which a page that shows the first of a
    term's values relies on.
    """
    if name not in FILES:
        raise ValueError(f"no ontology file {name!r}: choose one of {', '.join(FILES)}")
    return graph.parse(ontology_file(name), format="turtle")
