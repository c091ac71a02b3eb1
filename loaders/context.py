"""The context an extractor works in: one document of one source."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from .builder import Builder
from .documents import Doc
from .ids import Minter
from .orgs import Org
from .report import LoadReport
from .source import Block, SourceText


@dataclass
class StatedBy:
    """Which document of which source states a record (shared by the resolved records)."""

    source: str
    doc_iri: URIRef
    doc_kind: str
    municipality: str
    year: int | None
    body_key: str | None


@dataclass
class Context:
    """What an extractor needs: the source, the document, and where to write.

    ``shared`` holds records that are resolved across documents and sources
    (goals, directions, assignments) after every extractor has run.
    """

    src: SourceText
    doc: Doc
    docs: list[Doc]
    b: Builder
    mint: Minter
    report: LoadReport
    shared: dict[str, Any] = field(default_factory=dict)
    include_personal: bool = False

    def stated_by(self) -> StatedBy:
        """Return the document facts a record of this document carries."""
        doc = self.doc
        body = doc.body.key if doc.body else None
        return StatedBy(self.src.name, doc.iri, doc.kind, doc.municipality, doc.year, body)

    def blocks(self) -> list[Block]:
        """Return the paragraphs of this document."""
        return self.src.blocks(self.doc.start, self.doc.end)

    def org(self, org: Org, line: int) -> URIRef:
        """Return the IRI of ``org`` (typed, labelled, with evidence at ``line``)."""
        return self.b.org(self.doc.municipality, org, self.doc.iri, line)

    def unparsed(self, start: int, end: int, kind: str, message: str) -> None:
        """Record lines ``start..end`` as not read, with their raw text."""
        page = self.src.line(start).page if self.src.pages_exact else None
        self.report.unparsed(
            self.src.name, start, end, kind, message, self.src.quote(start, end), page
        )

    def note(self, start: int, end: int, kind: str, message: str) -> None:
        self.report.note(self.src.name, start, end, kind, message, self.src.quote(start, end))
