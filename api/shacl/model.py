"""The result of a validation run, shared by every engine and every report format."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

SEVERITY_ORDER: dict[URIRef, int] = {SH.Info: 0, SH.Warning: 1, SH.Violation: 2}


class ShaclError(Exception):
    """The shapes or the data cannot be validated (bad shapes, time limit, engine failure)."""


@dataclass(frozen=True)
class Finding:
    """One ``sh:ValidationResult``.

    ``path`` is the result path as written in the shapes graph (an IRI or the blank
    node of a complex path); ``shapes`` is the graph that holds it.
    """

    focus: Node
    severity: URIRef
    source_shape: Node
    component: URIRef
    path: Node | None = None
    value: Node | None = None
    messages: tuple[Literal, ...] = ()
    source_constraint: Node | None = None

    def message(self, lang: str = "sv") -> str:
        """Return the message in ``lang``, else English, else any message, else ''."""
        for wanted in (lang, "en", None):
            for m in self.messages:
                if wanted is None or m.language == wanted:
                    return str(m)
        return ""


@dataclass
class Report:
    """The findings of one run, in a stable order, with the engine's notices."""

    findings: list[Finding]
    engine: str
    notices: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def conforms(self) -> bool:
        """SHACL's answer: true when there are no results at all (any severity)."""
        return not self.findings

    def worst(self) -> URIRef | None:
        """Return the most severe severity found, or None."""
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=lambda s: SEVERITY_ORDER.get(s, 2))

    def at_least(self, severity: URIRef) -> list[Finding]:
        """Return the findings of ``severity`` or worse."""
        floor = SEVERITY_ORDER[severity]
        return [f for f in self.findings if SEVERITY_ORDER.get(f.severity, 2) >= floor]

    def to_graph(self, shapes: Graph | None = None) -> Graph:
        """Return a standard ``sh:ValidationReport`` (with complex paths copied from ``shapes``)."""
        g = Graph()
        g.bind("sh", SH)
        report = BNode()
        g.add((report, RDF.type, SH.ValidationReport))
        g.add((report, SH.conforms, Literal(self.conforms)))
        for f in self.findings:
            r = BNode()
            g.add((report, SH.result, r))
            g.add((r, RDF.type, SH.ValidationResult))
            g.add((r, SH.focusNode, f.focus))
            g.add((r, SH.resultSeverity, f.severity))
            g.add((r, SH.sourceShape, f.source_shape))
            g.add((r, SH.sourceConstraintComponent, f.component))
            if f.path is not None:
                g.add((r, SH.resultPath, f.path))
                if shapes is not None and isinstance(f.path, BNode):
                    _copy_tree(shapes, f.path, g)
            if f.value is not None:
                g.add((r, SH.value, f.value))
            if f.source_constraint is not None:
                g.add((r, SH.sourceConstraint, f.source_constraint))
            for m in f.messages:
                g.add((r, SH.resultMessage, m))
        return g


def _copy_tree(source: Graph, node: Node, target: Graph) -> None:
    """Copy the blank-node tree under ``node`` (a SHACL path or a list) into ``target``."""
    todo: list[Node] = [node]
    seen: set[Node] = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for p, o in source.predicate_objects(current):
            target.add((current, p, o))
            if isinstance(o, BNode):
                todo.append(o)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Return findings in a stable order (severity, then shape, focus, path, value)."""
    return sorted(
        findings,
        key=lambda f: (
            -SEVERITY_ORDER.get(f.severity, 2),
            str(f.source_shape),
            str(f.focus),
            str(f.path),
            str(f.value),
            str(f.component),
        ),
    )


class ValidationTimeout(ShaclError):
    """The run did not finish within its time limit."""
