"""Explain a validation's findings: what a reader needs to act on each one.

:func:`explain` gives every finding of a :class:`~api.shacl.Report` the entity's label, the
responsible body (read along :data:`BODY_PATHS`), the rule's name in Swedish and English,
the values and the extra figures a SPARQL rule selects, and the source documents with
lines, page and quote. The CLI's reports (:mod:`api.report`) and the findings page
(:mod:`api.routes.overview`) show them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from .shacl import Finding, Report

STYR = "https://w3id.org/styrgraf/ontology#"
#: A quote longer than this is cut, with an ellipsis.
QUOTE_LIMIT = 240


@dataclass(frozen=True)
class Source:
    """Where a fact is stated: document, lines, page and quote."""

    document: str
    file: str
    line_start: int | None
    line_end: int | None
    page: int | None
    quote: str

    def where(self, lang: str = "sv") -> str:
        """Return "file, rad 12–14 (s. 3)" (or in English)."""
        line, page = ("rad", "s.") if lang == "sv" else ("line", "p.")
        parts = [self.file or self.document]
        if self.line_start is not None:
            span = f"{self.line_start}"
            if self.line_end is not None and self.line_end != self.line_start:
                span += f"–{self.line_end}"
            parts.append(f"{line} {span}")
        text = ", ".join(parts)
        return text + (f" ({page} {self.page})" if self.page is not None else "")


@dataclass
class Explained:
    """A finding with what a reader needs to act on it."""

    finding: Finding
    rule: Node
    rule_label: dict[str, str]
    label: str
    body: str
    values: list[str]
    details: dict[str, str] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)

    def message(self, lang: str = "sv") -> str:
        return self.finding.message(lang) or self.rule_label.get(lang, "")


def term_text(term: Node | None) -> str:
    """Return a term for a reader; a whole decimal keeps one decimal (Oxigraph drops it)."""
    if term is None:
        return ""
    text = str(term)
    if isinstance(term, Literal) and term.datatype == XSD.decimal and "." not in text:
        return text + ".0"
    return text


def label_of(graph: Graph, node: Node, lang: str = "sv") -> str:
    """Return the node's label in ``lang`` (else any label, else its IRI)."""
    best: str | None = None
    for prop in (RDFS.label, SKOS.prefLabel, DCTERMS.title):
        for value in graph.objects(node, prop):
            if isinstance(value, Literal):
                if value.language == lang:
                    return str(value)
                best = best or str(value)
    return best or str(node)


def rule_of(shapes: Graph, finding: Finding) -> Node:
    """Return the named shape a finding belongs to (a blank property shape's parent).

    A report read back from a file has blank nodes of its own, not the shapes graph's:
    its blank source shape is then found by the finding's path, among the property shapes
    whose parents are one named shape.
    """
    current = finding.source_shape
    if isinstance(current, BNode) and (current, None, None) not in shapes:
        current = _shape_by_path(shapes, finding) or current
    for _ in range(5):
        if not isinstance(current, BNode):
            return current
        parent = shapes.value(None, SH.property, current) or shapes.value(None, SH.node, current)
        if parent is None:
            return current
        current = parent
    return current


def _shape_by_path(shapes: Graph, finding: Finding) -> Node | None:
    if not isinstance(finding.path, URIRef):
        return None
    parents = {
        parent
        for shape in shapes.subjects(SH.path, finding.path)
        for parent in shapes.subjects(SH.property, shape)
    }
    return parents.pop() if len(parents) == 1 else None


def rule_key(rule: Node, finding: Finding) -> str:
    """Return a name for the finding's rule that is the same in every run: the shape's IRI,
    or, for a shape known only as a blank node, its constraint component and path."""
    if isinstance(rule, URIRef):
        return str(rule)
    path = finding.path if isinstance(finding.path, URIRef) else ""
    return f"{local_name(finding.component)}-{local_name(path)}".strip("-")


def local_name(term: Node | str) -> str:
    text = str(term)
    return re.split(r"[#/]", text)[-1] if text else ""


def rule_labels(shapes: Graph, rule: Node, finding: Finding | None = None) -> dict[str, str]:
    labels: dict[str, str] = {}
    for value in shapes.objects(rule, RDFS.label):
        if isinstance(value, Literal) and value.language:
            labels[value.language] = str(value)
    if not labels:
        if isinstance(rule, URIRef):
            name = local_name(rule)
            labels = {"sv": name, "en": name}
        elif finding is not None and isinstance(finding.path, URIRef):
            path = local_name(finding.path)
            labels = {"sv": f"Regel om {path}", "en": f"Rule on {path}"}
        else:
            labels = {"sv": "(regel utan namn)", "en": "(unnamed rule)"}
    return labels


BODY_PATHS: tuple[tuple[str, ...], ...] = (
    (f"{STYR}responsibleBody",),
    (f"{STYR}reportingBody",),
    (f"{STYR}contributingBody",),
    (f"{STYR}forAssignment", f"{STYR}responsibleBody"),
    (f"{STYR}statedIn", str(DCTERMS.subject)),
    (f"{STYR}listedIn", str(DCTERMS.subject)),
    (str(PROV.wasDerivedFrom), str(DCTERMS.subject)),
    (str(PROV.entity), str(DCTERMS.subject)),
)


def _follow(graph: Graph, node: Node, path: tuple[str, ...]) -> list[Node]:
    current: list[Node] = [node]
    for step in path:
        current = [o for n in current for o in graph.objects(n, URIRef(step))]
    return current


def _body(graph: Graph, node: Node, lang: str) -> str:
    for path in BODY_PATHS:
        found = sorted(_follow(graph, node, path), key=str)
        if found:
            return label_of(graph, found[0], lang)
    return "(ingen ansvarig angiven)" if lang == "sv" else "(no responsible body given)"


def _sources(graph: Graph, node: Node) -> list[Source]:
    evidence = list(graph.objects(node, PROV.qualifiedDerivation))
    if (node, RDF.type, URIRef(f"{STYR}Evidence")) in graph:
        evidence.append(node)
    out: list[Source] = []
    for ev in evidence:
        doc = graph.value(ev, PROV.entity)
        if doc is None:
            continue
        text = graph.value(doc, URIRef(f"{STYR}sourceText"))
        file = term_text(graph.value(text, DCTERMS.title)) if text is not None else ""

        def num(prop: str, ev: Node = ev) -> int | None:
            value = graph.value(ev, URIRef(f"{STYR}{prop}"))
            return int(value) if isinstance(value, Literal) else None

        quote = term_text(graph.value(ev, URIRef(f"{STYR}quote")))
        if len(quote) > QUOTE_LIMIT:
            quote = quote[: QUOTE_LIMIT - 1].rstrip() + "…"
        out.append(
            Source(
                label_of(graph, doc),
                file,
                num("lineStart"),
                num("lineEnd"),
                num("pageStart"),
                quote,
            )
        )
    return sorted(out, key=lambda s: (s.file, s.line_start or 0))


def rule_query(shapes: Graph, constraint: Node) -> str | None:
    """Return a SPARQL rule's SELECT with the shapes' prefixes and ``$this`` as ``?this``."""
    query = shapes.value(constraint, SH.select)
    if query is None:
        return None
    prefixes = "".join(
        f"PREFIX {p}: <{ns}>\n"
        for decl in shapes.objects(None, SH.declare)
        for p, ns in [(shapes.value(decl, SH.prefix), shapes.value(decl, SH.namespace))]
    )
    return prefixes + str(query).replace("$this", "?this")


def _details(store: object, shapes: Graph, finding: Finding) -> dict[str, str]:
    """Return the extra variables a SPARQL rule selects for this finding (e.g. ?sum)."""
    constraint = finding.source_constraint
    if constraint is None:
        return {}
    text = rule_query(shapes, constraint)
    if text is None or not isinstance(finding.focus, URIRef):
        return {}
    import pyoxigraph as ox

    from .shacl.store import to_ox, to_rdflib

    try:
        solutions = store.query(  # type: ignore[attr-defined]
            text, substitutions={ox.Variable("this"): to_ox(finding.focus)}
        )
    except (SyntaxError, OSError):
        return {}
    for solution in solutions:
        names = [v.value for v in solutions.variables]
        row = {n: solution[n] for n in names if solution[n] is not None}
        value = row.get("value")
        if finding.value is not None and (value is None or to_rdflib(value) != finding.value):
            continue
        return {
            n: term_text(to_rdflib(t)) for n, t in row.items() if n not in {"this", "value", "path"}
        }
    return {}


def explain(report: Report, data: Graph, shapes: Graph, lang: str = "sv") -> list[Explained]:
    """Return the findings with labels, bodies, values, details and sources."""
    store = None
    if any(f.source_constraint is not None for f in report.findings):
        from .shacl.store import load_store

        store = load_store(data)
    out: list[Explained] = []
    for f in report.findings:
        rule = rule_of(shapes, f)
        values = [] if f.value is None else [term_text(f.value)]
        out.append(
            Explained(
                finding=f,
                rule=rule,
                rule_label=rule_labels(shapes, rule, f),
                label=label_of(data, f.focus, lang),
                body=_body(data, f.focus, lang),
                values=values,
                details=_details(store, shapes, f) if store is not None else {},
                sources=_sources(data, f.focus),
            )
        )
    return out
