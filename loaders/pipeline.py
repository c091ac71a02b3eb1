"""Run the extractors over source files and collect one graph per source."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal

from . import __version__
from .builder import Builder, date, integer, sv
from .context import Context
from .documents import (
    KINDS,
    PARTY_KINDS,
    SWEDISH_KIND,
    Doc,
    assign_iris,
    concerned_document,
    split_documents,
)
from .errors import StrictModeError
from .ids import Minter
from .report import LoadReport
from .source import SourceText, read_source
from .vocab import DCTERMS, DEFAULT_BASE, ELI, STYR, XSD

Extractor = Callable[[Context], None]


@dataclass
class IngestResult:
    """One graph per source file, plus the load report."""

    graphs: dict[str, Graph] = field(default_factory=dict)
    sources: list[SourceText] = field(default_factory=list)
    report: LoadReport = field(default_factory=LoadReport)

    def merged(self) -> Graph:
        graph = Graph()
        for g in self.graphs.values():
            graph += g
        return graph


#: The extractors a kind without its own list runs: every block extractor, each of which
#: finds its blocks by their own structure (a kind we do not know is still read).
EVERY_BLOCK = "every block"


def _extractors() -> dict[str, list[Extractor]]:
    from . import assignments, economy, goals, party, risks, timeplan

    return {
        EVERY_BLOCK: [goals.extract, assignments.extract, economy.extract, risks.extract_risks],
        "statement": [party.extract_statement],
        "reservation": [party.extract_statement],
        "motion": [party.extract_motion],
        "supplementary_motion": [party.extract_motion],
        "service_report": [party.extract_service_report, economy.extract],
        "implementation_plan": [goals.extract, assignments.extract],
        "board_budget": [goals.extract, assignments.extract, economy.extract],
        "risk_register": [risks.extract_risks],
        "internal_control_plan": [risks.extract_controls],
        "rules": [],
        "time_plan": [timeplan.extract],
    }


def _document_node(ctx: Context) -> None:
    doc, b = ctx.doc, ctx.b
    label = _document_label(doc)
    b.node(doc.iri, doc.cls, label, count_as="Document")
    b.add(doc.iri, DCTERMS.title, sv(label))
    b.add(doc.iri, STYR.sourceText, b.source_iri)
    b.add(doc.iri, DCTERMS.source, Literal(ctx.src.name))
    if doc.year:
        b.add(doc.iri, STYR.budgetYear, Literal(str(doc.year), datatype=XSD.gYear))
    if doc.body and doc.kind not in PARTY_KINDS:
        body = ctx.org(doc.body, doc.start)
        b.add(doc.iri, DCTERMS.subject, body)
    b.add(doc.iri, STYR.order, integer(ctx.docs.index(doc) + 1))
    ev = b.evidence(doc.iri, doc.iri, doc.start, min(doc.end, doc.start + 2))
    b.add(ev, STYR.lineEnd, integer(doc.end))
    b.graph.remove((ev, STYR.lineEnd, integer(min(doc.end, doc.start + 2))))
    if doc.kind in {"risk_register", "internal_control_plan", "rules", "time_plan"}:
        parent = next((d for d in ctx.docs if d.kind == "service_report"), None)
        if parent:
            b.add(parent.iri, ELI.has_annex, doc.iri)
            b.add(doc.iri, ELI.is_annex_of, parent.iri)
    if doc.kind in {"board_budget"}:
        parent = next((d for d in ctx.docs if d.kind == "service_report"), None)
        if parent:
            b.add(parent.iri, ELI.has_annex, doc.iri)
            b.add(doc.iri, ELI.is_annex_of, parent.iri)
    if doc.kind in PARTY_KINDS:
        subject = concerned_document(doc, ctx.docs)
        if subject:
            b.add(doc.iri, STYR.concerns, subject.iri)
    if doc.issued:
        b.add(doc.iri, ELI.date_document, date(doc.issued))


def _document_label(doc: Doc) -> str:
    if doc.kind in PARTY_KINDS or doc.kind == "service_report":
        return doc.title
    body = doc.body.label.lower() if doc.body else ""
    name = SWEDISH_KIND[doc.kind]
    year = f" {doc.year}" if doc.year else ""
    if doc.kind in {"board_budget", "implementation_plan"}:
        return f"{name}{year} för {body}".strip()
    return f"{name}{year} ({body})".strip()


def ingest(
    paths: Iterable[Path | str],
    base: str = DEFAULT_BASE,
    strict: bool = False,
    include_personal: bool = False,
    progress: Callable[[str], None] | None = None,
) -> IngestResult:
    """Read every file in ``paths`` and build one graph per source.

    Sources are read in sorted file-name order so IRIs and output are
    reproducible.

    Raises:
        LoaderError: a file is unreadable, empty or not a governance document.
        StrictModeError: ``strict`` is set and a block could not be read.
    """
    from . import party, resolve

    mint = Minter(base)
    result = IngestResult()
    shared: dict[str, Any] = {}
    extractors = _extractors()
    ordered = sorted((Path(p) for p in paths), key=lambda p: p.name)
    builders: dict[str, Builder] = {}
    for path in ordered:
        src = read_source(path)
        if progress:
            progress(f"reading {path.name}")
        docs = split_documents(src)
        for doc in docs:
            if doc.kind in PARTY_KINDS:
                doc.parties = party.parties_of(src, doc)
        assign_iris(docs, mint, src)
        builder = Builder(src, mint, result.report)
        builder.source_node()
        builder.municipality(docs[0].municipality, docs[0].municipality_name)
        run = mint("korning", "styrgraf-" + __version__)
        builder.add(run, STYR.extractorVersion, Literal(__version__))
        for doc in docs:
            ctx = Context(src, doc, docs, builder, mint, result.report, shared, include_personal)
            _document_node(ctx)
            for extractor in extractors.get(doc.kind, extractors[EVERY_BLOCK]):
                extractor(ctx)
        result.sources.append(src)
        builders[src.name] = builder
    resolve.resolve_all(shared, builders)
    for name, builder in builders.items():
        result.graphs[name] = builder.graph
    if strict and result.report.unparsed_findings:
        first = result.report.unparsed_findings[0]
        raise StrictModeError(
            f"{len(result.report.unparsed_findings)} block(s) could not be read; first: "
            f"[{first.kind}] {first.message}: {first.raw[:120]!r}",
            path=first.source,
            line=first.line_start,
            hint="fix the source or run without --strict to get the load report",
        )
    return result


def document_kinds() -> list[str]:
    return sorted(KINDS)
