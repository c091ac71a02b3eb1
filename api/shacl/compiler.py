"""The compiler: SHACL shapes to SPARQL patterns, for Oxigraph.

Each constraint of a shape becomes one pattern that matches only the offending focus
nodes and values, made by the shape's constraint components (:mod:`.components`, one
class per component, found through :data:`~.components.REGISTRY`). A nested shape
(``sh:node``, ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone``, ``sh:qualifiedValueShape``)
becomes a SPARQL expression that is true when a node conforms, so it runs inside the
same query. What the compiler cannot write raises :class:`Unsupported`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from .components import ORDER, REGISTRY
from .components.base import Context, Unsupported, Violation, is_true, sparql_iri, sparql_string
from .components.sparql import declared_parameters
from .model import ShaclError
from .store import rows

#: Largest count that a nested shape expands into distinct-value patterns.
NESTED_COUNT_LIMIT = 4


@dataclass
class Compiler:
    """Compiles the shapes of one shapes graph, for the data in ``store``."""

    shapes: Graph
    store: ox.Store
    counter: int = 0
    subclass_cache: dict[Node, list[str]] = field(default_factory=dict)
    custom_parameters: set[Node] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.custom_parameters = declared_parameters(self.shapes)

    # --- terms and paths ----------------------------------------------------------------
    def fresh(self) -> str:
        """Return a variable not used before."""
        self.counter += 1
        return f"?_v{self.counter}"

    def term(self, node: Node) -> str:
        """Return ``node`` as a SPARQL term.

        Raises:
            Unsupported: ``node`` is a blank node, or an IRI SPARQL cannot write.
        """
        if isinstance(node, URIRef):
            return f"<{sparql_iri(node)}>"
        if isinstance(node, Literal):
            lexical = sparql_string(str(node))
            if node.language:
                return f"{lexical}@{node.language}"
            if node.datatype is not None:
                return f"{lexical}^^<{sparql_iri(node.datatype)}>"
            return lexical
        raise Unsupported("a blank node as a constant value")

    def path(self, node: Node) -> str:
        """Return the SHACL path at ``node`` as a SPARQL property path.

        https://www.w3.org/TR/shacl/#property-paths

        Raises:
            ShaclError: the path is not well-formed.
        """
        if isinstance(node, URIRef):
            return self.term(node)
        g = self.shapes
        if (node, RDF.first, None) in g:
            items = [self.path(i) for i in Collection(g, node)]
            if len(items) < 2:
                raise ShaclError(f"a sequence path needs at least two members: {node}")
            return "(" + "/".join(items) + ")"
        for prop, fmt in (
            (SH.inversePath, "^({})"),
            (SH.zeroOrMorePath, "({})*"),
            (SH.oneOrMorePath, "({})+"),
            (SH.zeroOrOnePath, "({})?"),
        ):
            inner = g.value(node, prop)
            if inner is not None:
                return fmt.format(self.path(inner))
        alternatives = g.value(node, SH.alternativePath)
        if alternatives is not None:
            items = [self.path(i) for i in Collection(g, alternatives)]
            if len(items) < 2:
                raise ShaclError(f"an alternative path needs at least two members: {node}")
            return "(" + "|".join(items) + ")"
        raise ShaclError(f"not a well-formed SHACL path: {node}")

    def subclasses(self, cls: Node) -> list[str]:
        """Return ``cls`` and its subclasses in the data, as SPARQL terms."""
        if cls not in self.subclass_cache:
            query = f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* {self.term(cls)} }}"
            found = {self.term(row["c"]) for row in rows(self.store, query)}
            found.add(self.term(cls))
            self.subclass_cache[cls] = sorted(found)
        return self.subclass_cache[cls]

    def one(self, node: Node, prop: URIRef) -> Node | None:
        """Return a value of ``prop`` on ``node`` in the shapes graph, or None."""
        return self.shapes.value(node, prop)

    # --- shapes -------------------------------------------------------------------------
    def deactivated(self, shape: Node) -> bool:
        """Return True when ``shape`` (or a SPARQL constraint) has ``sh:deactivated true``."""
        return is_true(self.one(shape, SH.deactivated))

    def conforms(self, shape: Node, var: str, depth: int = 0) -> str:
        """Return a SPARQL expression true when the node in ``var`` conforms to ``shape``.

        Raises:
            Unsupported: the shapes nest too deep, or a nested shape has a SPARQL constraint.
        """
        if depth > 8:
            raise Unsupported("shapes nested more than eight deep (or recursive shapes)")
        if self.deactivated(shape):
            return "true"
        parts: list[str] = []
        for _, pattern, _ in self.violations(shape, var, None, depth):
            condition = getattr(pattern, "condition", None)
            parts.append(f"!({condition})" if condition else f"NOT EXISTS {{ {pattern} }}")
        for prop in self.shapes.objects(shape, SH.property):
            parts.append(self.conforms(prop, var, depth + 1))
        if self.shapes.value(shape, SH.sparql) is not None:
            raise Unsupported("a SPARQL constraint inside a nested shape")
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def violations(self, shape: Node, f: str, focus: str | None, depth: int) -> Iterator[Violation]:
        """Yield a violation pattern for each constraint of ``shape``.

        ``f`` is the focus variable. With ``focus`` (the focus-node pattern) the patterns
        may aggregate over all focus nodes; without it ``f`` is bound from outside.

        Raises:
            Unsupported: the shape uses a SPARQL-based constraint component.
        """
        g = self.shapes
        for parameter in self.custom_parameters:
            if (shape, parameter, None) in g:
                raise Unsupported("a SPARQL-based constraint component")
        path = self.one(shape, SH.path)
        if path is None:  # a node shape's value node is its focus node
            v, vp, sparql_path = f, "", ""
        else:
            v = self.fresh()
            sparql_path = self.path(path)
            vp = f"{f} {sparql_path} {v} ."
        context = Context(self, shape, f, focus, v, vp, path, sparql_path, depth)
        present = {
            REGISTRY[p] for p in g.predicates(shape) if isinstance(p, URIRef) and p in REGISTRY
        }
        for component in ORDER:
            if component in present:
                yield from component.violations(context)

    def at_least(
        self, f: str, path: str, n: int, negate: bool = False, ok: str | None = None
    ) -> str:
        """Return a pattern matching when ``f`` has at least ``n`` distinct values (or not).

        ``ok``, with ``{v}`` for the value, restricts the values counted.

        Raises:
            Unsupported: ``n`` is above :data:`NESTED_COUNT_LIMIT`.
        """
        if n > NESTED_COUNT_LIMIT:
            raise Unsupported(f"a count above {NESTED_COUNT_LIMIT} inside a nested shape")
        names = [self.fresh() for _ in range(n)]
        triples = " ".join(f"{f} {path} {x} ." for x in names)
        tests = [f"!sameTerm({a}, {b})" for i, a in enumerate(names) for b in names[i + 1 :]]
        if ok is not None:
            tests += [ok.replace("{v}", x) for x in names]
        where = triples + (f" FILTER ({' && '.join(tests)})" if tests else "")
        return f"FILTER {'NOT ' if negate else ''}EXISTS {{ {where} }}"
