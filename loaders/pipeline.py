"""Run the extractors over source files and collect one graph per source."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal

from . import __version__, coverage, sdg, sections
from .builder import Builder, date, integer, sv
from .context import Context
from .document_iris import assign_iris, concerned_document
from .documents import KINDS, PARTY_KINDS, SWEDISH_KIND, Doc, split_documents
from .errors import LoaderError
from .frozen import FrozenGraphs, new_graph
from .ids import Minter
from .progress import SILENT, Progress
from .report import MAX_UNREAD_PERCENT, LoadReport
from .source import SourceText
from .source_reader import read_source
from .vocab import DCTERMS, DEFAULT_BASE, ELI, STYR, XSD

Extractor = Callable[[Context], None]


@dataclass
class IngestResult:
    """One graph per source file, plus the load report."""

    graphs: FrozenGraphs = field(default_factory=FrozenGraphs)
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
#: The extractor of the parties' acts in the minutes a document quotes (every document
#: but the parties' own).
MINUTES = "minutes"


def _extractors() -> dict[str, list[Extractor]]:
    from . import assignments, economy, goals, minutes, party, risks, timeplan

    return {
        EVERY_BLOCK: [goals.extract, assignments.extract, economy.extract, risks.extract_risks],
        "statement": [party.extract_statement],
        "reservation": [party.extract_statement],
        "motion": [party.extract_motion],
        "supplementary_motion": [party.extract_motion],
        "referral_motion": [party.extract_motion],
        "special_statement": [party.extract_statement],
        "minutes_note": [party.extract_statement],
        "interpellation": [party.extract_interpellation],
        MINUTES: [minutes.extract],
        "service_report": [party.extract_service_report, economy.extract, assignments.extract],
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
    # the document's evidence spans the whole document: only its heading counts as read
    ev = b.evidence(doc.iri, doc.iri, doc.start, min(doc.end, doc.start + 2), covers=False)
    b.consumed(doc.start, _heading_end(ctx))
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


def _heading_end(ctx: Context, most: int = 3) -> int:
    """Return the last line of the document's heading: its first line, and the lines
    right after it (at most ``most`` in all) that its title is made of."""
    doc, src = ctx.doc, ctx.src
    title = " ".join(doc.title.split())
    end, taken = doc.start, 1
    for no in range(doc.start + 1, doc.end + 1):
        text = " ".join(src.line(no).text.split())
        if not text:
            continue
        if taken >= most or len(text) < 3 or text.rstrip(" .–-") not in title:
            break
        end, taken = no, taken + 1
    return end


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
    progress: Progress = SILENT,
    *,
    keep_going: bool = False,
    max_unread: float = MAX_UNREAD_PERCENT,
) -> IngestResult:
    """Read every file in ``paths`` and build one graph per source.

    Sources are read in sorted file-name order so IRIs and output are reproducible. After
    cross-document resolution every line of every source is accounted for
    (:mod:`loaders.coverage`): the load report gets each source's and document's coverage
    and every unread run of content lines.

    With ``keep_going`` a file that cannot be read or holds no governance document is
    recorded in the report as refused, with the reason, and the others are read.
    ``progress`` (:mod:`loaders.progress`) hears of three phases: "read", a step per
    file with the line ``[i/n] name: kinds, entities, coverage`` (:func:`_progress_line`);
    "merge", the cross-document resolution; and "link", a step per source read.

    Raises:
        LoaderError: without ``keep_going``, a file is unreadable, empty or not a
            governance document.
        StrictModeError: ``strict`` is set and a file was refused, a block could not be
            read, or a source leaves more than ``max_unread`` percent of its content
            lines unread (:meth:`LoadReport.strict_error`).
    """
    from . import party, resolve

    mint = Minter(base)
    result = IngestResult()
    report = result.report
    shared: dict[str, Any] = {}
    extractors = _extractors()
    ordered = sorted((Path(p) for p in paths), key=lambda p: p.name)
    builders: dict[str, Builder] = {}
    documents: dict[str, list[Doc]] = {}
    progress.phase("read", len(ordered), "files")
    for i, path in enumerate(ordered, start=1):
        try:
            src = read_source(path)
            docs = split_documents(src)
        except LoaderError as exc:
            if not keep_going:
                raise
            report.refuse(path.name, exc.message, exc.hint, exc.line, exc.page)
            place = report.refused[-1].place
            progress.step(i, f"[{i}/{len(ordered)}] {place}: refused: {exc.message}")
            continue
        seen_before = len(report.seen)
        for doc in docs:
            if doc.kind in PARTY_KINDS:
                doc.parties = party.parties_of(src, doc)
        assign_iris(docs, mint, src)
        builder = Builder(src, mint, report, personal=include_personal)
        builder.source_node()
        builder.municipality(docs[0].municipality, docs[0].municipality_name)
        run = mint("korning", "styrgraf-" + __version__)
        builder.add(run, STYR.extractorVersion, Literal(__version__))
        for doc in docs:
            ctx = Context(src, doc, docs, builder, mint, report, shared, include_personal)
            _document_node(ctx)
            for extractor in extractors.get(doc.kind, extractors[EVERY_BLOCK]):
                extractor(ctx)
            if doc.kind not in PARTY_KINDS:  # the minutes a document quotes
                extractors[MINUTES][0](ctx)
            sections.extract(ctx, _heading_end(ctx))
        result.sources.append(src)
        builders[src.name] = builder
        # the source's graph is done but for what resolution adds: keep it compactly
        result.graphs.freeze(src.name, builder.graph)
        builder.graph = new_graph()
        documents[src.name] = docs
        line = partial(_progress_line, i, len(ordered), src, docs, builder, shared, seen_before)
        progress.step(i, line)
    progress.phase("merge")
    resolve.resolve_all(shared, builders)
    progress.phase("link", len(result.sources), "sources")
    for done, src in enumerate(result.sources, start=1):
        builder = builders[src.name]
        sections.link(builder)
        sdg.link(builder, src)
        result.graphs.add(src.name, builder.graph)
        report.coverage.append(
            coverage.measure(
                src, documents[src.name], builder.spans, builder.structure, builder.text_spans
            )
        )
        progress.step(done)
    if strict:
        error = report.strict_error(max_unread)
        if error is not None:
            raise error
    return result


#: The records extractors leave in ``shared`` for resolution, by key.
RESOLVED = ("goals", "directions", "assignments")


def _progress_line(
    i: int,
    n: int,
    src: SourceText,
    docs: list[Doc],
    builder: Builder,
    shared: dict[str, Any],
    seen_before: int,
) -> str:
    """Return ``[i/n] name: kinds, entities, coverage`` for a source just extracted.

    Goals, directions and assignments are written at resolution, after every source. To
    count them here, this source's records are resolved on their own into a scratch
    builder: a record's evidence spans do not depend on what it is merged with, so the
    coverage is the final one; the entities are this source's new nodes, counted before
    merging with other sources.
    """
    from . import resolve

    report = builder.report
    scratch = Builder(src, builder.mint, LoadReport(), personal=builder.personal)
    mine = {k: [r for r in shared.get(k, []) if r.source == src.name] for k in RESOLVED}
    resolve.resolve_all(mine, {src.name: scratch})
    entities = len(report.seen) - seen_before + len(scratch.report.seen - report.seen)
    kinds = Counter(d.kind for d in docs)
    named = ", ".join(f"{k} ×{c}" if c > 1 else k for k, c in kinds.items())
    spans = [*builder.spans, *scratch.spans]
    measured = coverage.measure(src, docs, spans, builder.structure, builder.text_spans)
    return (
        f"[{i}/{n}] {src.name}: {named}; {entities} entities; "
        f"coverage {measured.percent:.0f}% of {measured.content} content lines"
    )


def document_kinds() -> list[str]:
    return sorted(KINDS)
