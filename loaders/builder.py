"""Add typed, labelled, provenance-carrying nodes to a source's graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .contacts import redact
from .frozen import new_graph
from .ids import Minter, slug
from .ontology import ontology
from .orgs import (
    ADMINISTRATION,
    AUTHORITY,
    COLLECTIVE,
    COMMITTEE,
    COMPANY,
    COUNCIL,
    EXECUTIVE,
    EXTERNAL,
    Org,
)
from .report import LoadReport
from .source import SourceText
from .vocab import CV, DCTERMS, ORG, PROV, RDF, RDFS, SKOS, STYR, XSD

ORG_CLASSES: dict[str, URIRef] = {
    COUNCIL: STYR.Council,
    EXECUTIVE: STYR.ExecutiveBoard,
    "board": STYR.Board,
    COMMITTEE: STYR.Committee,
    ADMINISTRATION: STYR.Administration,
    COMPANY: STYR.MunicipalCompany,
    COLLECTIVE: STYR.BodyCollective,
    AUTHORITY: STYR.ExternalAuthority,
    EXTERNAL: STYR.ExternalOrganisation,
}


@cache
def superclasses(cls: URIRef) -> frozenset[URIRef]:
    """Return every superclass of ``cls`` the ontology states (:mod:`loaders.ontology`)."""
    return frozenset(URIRef(sup) for sup in ontology().superclasses(cls))


@cache
def superproperties(prop: URIRef) -> frozenset[URIRef]:
    """Return every super-property of ``prop`` the ontology states (:mod:`loaders.ontology`)."""
    return frozenset(URIRef(sup) for sup in ontology().superproperties(prop))


def sv(text: str) -> Literal:
    return Literal(text, lang="sv")


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def dec(value: Decimal) -> Literal:
    return Literal(value, datatype=XSD.decimal)


def integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


@dataclass
class Builder:
    """Writes the triples one source file contributes to the graph."""

    source: SourceText
    mint: Minter
    report: LoadReport
    graph: Graph = field(default_factory=new_graph)
    _evidence_seen: set[URIRef] = field(default_factory=set)
    #: The line spans this source's evidence quotes, and the spans extractors consumed as
    #: structure (:meth:`consumed`): what :mod:`loaders.coverage` counts as read.
    spans: list[tuple[int, int]] = field(default_factory=list)
    structure: list[tuple[int, int]] = field(default_factory=list)
    #: The spans kept as a section's text (:meth:`kept`), the sections written
    #: (:class:`loaders.sections.Placed`), and the first evidence line of every node, for
    #: ``styr:inSection``.
    text_spans: list[tuple[int, int]] = field(default_factory=list)
    sections: list[Any] = field(default_factory=list)
    located: list[tuple[URIRef, int, int]] = field(default_factory=list)
    #: Organisations: mentioned in many places, stated in none (no ``styr:inSection``).
    mentioned: set[URIRef] = field(default_factory=set)
    #: The Swedish labels of the organisations and the municipality, which resolution
    #: reads after the graph is frozen (:mod:`loaders.frozen`).
    labels: dict[URIRef, str] = field(default_factory=dict)
    #: Keep officials' contact details in quotes (``--include-personal``).
    personal: bool = False

    @property
    def source_iri(self) -> URIRef:
        return self.mint("kalla", self.source.key)

    def add(self, s: Node, p: Node, o: Node) -> None:
        """Add a triple and the triples its super-properties entail.

        The graph is written with its RDFS entailments for our own terms, so that
        ``?a styr:involvedBody ?b`` finds every role without property paths or a
        reasoner, on any store.
        """
        self.graph.add((s, p, o))
        if isinstance(p, URIRef):
            for sup in superproperties(p):
                self.graph.add((s, sup, o))

    def node(
        self,
        iri: URIRef,
        cls: URIRef,
        label_sv: str | None = None,
        label_en: str | None = None,
        count_as: str | None = None,
    ) -> URIRef:
        """Type ``iri`` as ``cls`` (with its superclasses) and label it."""
        is_new = (iri, cls) not in self.report.seen
        self.report.seen.add((iri, cls))
        self.add(iri, RDF.type, cls)
        for sup in sorted(superclasses(cls)):
            self.add(iri, RDF.type, sup)
        if label_sv:
            self.add(iri, RDFS.label, sv(label_sv))
        if label_en:
            self.add(iri, RDFS.label, en(label_en))
        if is_new:
            self.report.counts[count_as or str(cls).rsplit("#", 1)[-1]] += 1
        return iri

    def evidence(
        self,
        entity: URIRef,
        doc: URIRef,
        start: int,
        end: int,
        stated_text: str | None = None,
        primary: bool = True,
        covers: bool = True,
    ) -> URIRef:
        """Attach a qualified derivation from ``doc``, lines ``start..end``, to ``entity``.

        The span counts as read for the coverage (:mod:`loaders.coverage`) unless
        ``covers`` is false (the document node's evidence spans the whole document).
        """
        if covers:
            self.spans.append((start, end))
            if entity != doc:
                self.located.append((entity, start, end))
        base = f"{entity}/belagg/{self.source.key[:8]}-L{start}"
        ev = URIRef(base)
        n = 2
        while ev in self._evidence_seen:
            ev = URIRef(f"{base}-{n}")
            n += 1
        self._evidence_seen.add(ev)
        # a document is derived from the source file it was read from, not from itself
        origin = self.source_iri if entity == doc else doc
        self.add(entity, PROV.wasDerivedFrom, origin)
        self.add(entity, PROV.qualifiedDerivation, ev)
        self.add(ev, RDF.type, STYR.Evidence)
        self.add(ev, RDF.type, PROV.Derivation)
        self.add(ev, PROV.entity, origin)
        self.add(ev, STYR.sourceText, self.source_iri)
        self.add(ev, STYR.lineStart, integer(start))
        self.add(ev, STYR.lineEnd, integer(end))
        if self.source.pages_exact:
            first, last = self.source.pages(start, end)
            self.add(ev, STYR.pageStart, integer(first))
            self.add(ev, STYR.pageEnd, integer(last))
        quote = self.source.quote(start, end)
        self.add(ev, STYR.quote, sv(quote if self.personal else redact(quote)))
        if stated_text:
            self.add(ev, STYR.statedText, sv(stated_text if self.personal else redact(stated_text)))
        return ev

    def consumed(self, start: int, end: int) -> None:
        """Record lines ``start..end`` as read for their structure (a heading, a table's
        header row), not as any node's evidence: coverage counts them as furniture."""
        self.structure.append((start, end))

    def kept(self, start: int, end: int) -> None:
        """Record lines ``start..end`` as kept in a section's text (:mod:`loaders.sections`):
        coverage counts them as read, unless they look like table rows."""
        self.text_spans.append((start, end))

    def org(self, municipality: str, org: Org, doc: URIRef, line: int) -> URIRef:
        """Return the IRI of ``org`` and record that ``doc`` mentions it at ``line``."""
        if org.kind in {AUTHORITY, EXTERNAL}:
            iri = self.mint("org", org.key)
        elif org.kind == COLLECTIVE:
            iri = self.mint(municipality, "org", "samling", org.key)
        else:
            iri = self.mint(municipality, "org", org.key)
        fresh = iri not in self.mentioned
        self.mentioned.add(iri)
        self.labels[iri] = org.label
        self.node(iri, ORG_CLASSES[org.kind], org.label, count_as="Organisation")
        if org.abbreviation:
            self.add(iri, SKOS.altLabel, sv(org.abbreviation))
        if org.kind not in {AUTHORITY, EXTERNAL, COLLECTIVE}:
            self.add(iri, ORG.subOrganizationOf, self.mint(municipality))
        if fresh:
            self.evidence(iri, doc, line, line)
        return iri

    def municipality(self, key: str, name: str) -> URIRef:
        iri = self.mint(key)
        self.labels[iri] = name
        self.node(iri, STYR.Municipality, name)
        self.add(iri, RDF.type, CV.PublicOrganisation)
        return iri

    def source_node(self) -> URIRef:
        iri = self.source_iri
        self.node(iri, STYR.SourceText, f"Källtext {self.source.name}", count_as="SourceText")
        self.add(iri, STYR.sha256, Literal(self.source.sha256, datatype=XSD.hexBinary))
        self.add(iri, DCTERMS.title, Literal(self.source.name))
        self.add(iri, DCTERMS.format, Literal(self.source.media_type))
        return iri


def fresh_bnode() -> BNode:
    return BNode()


def key_of(text: str) -> str:
    return slug(text)
