"""The load report: what was read, what was not, and where.

It holds the blocks an extractor gave up on (``findings``), every run of content lines no
node's evidence covers (``unread``, found by :mod:`loaders.coverage`), the coverage of each
source and document, the files refused with the reason, and the entities per kind.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from .errors import StrictModeError

#: ``--max-unread``'s default: a source may leave at most this share of its content lines
#: unread under ``--strict`` (the goal is 95 % coverage).
MAX_UNREAD_PERCENT = 5.0
#: Documents listed one by one in the summary; beyond this, the median and the worst ten.
LIST_ALL_DOCUMENTS = 20
#: Unread blocks, and worst documents, the summary shows.
TOP = 10


@dataclass(frozen=True)
class Finding:
    """One thing the loader could not read, or read with doubt.

    ``severity`` is ``"unparsed"`` (an extractor gave up on the block; fails ``--strict``),
    ``"unread"`` (no extractor read the lines: :mod:`loaders.coverage`; fails ``--strict``
    when a source's unread share is over ``--max-unread``) or ``"note"`` (never fails).
    """

    source: str
    line_start: int
    line_end: int
    kind: str
    message: str
    raw: str
    severity: str = "unparsed"
    page: int | None = None
    lines: int | None = None  # unread findings: the content lines in the span
    document: str | None = None  # unread findings: the kind of the document they are in


@dataclass(frozen=True)
class DocumentCoverage:
    """How many of one document's content lines were read: as evidence of a node (its
    *facts*) or kept as a section's text (:mod:`loaders.coverage`)."""

    source: str
    iri: str
    kind: str
    start: int
    end: int
    content: int
    read: int
    facts: int = 0

    @property
    def percent(self) -> float:
        return 100.0 * self.read / self.content if self.content else 100.0

    @property
    def facts_percent(self) -> float:
        return 100.0 * self.facts / self.content if self.content else 0.0


@dataclass(frozen=True)
class SourceCoverage:
    """Where every line of one source ended (:data:`loaders.coverage.USES`)."""

    source: str
    lines: int
    uses: dict[str, int]
    documents: tuple[DocumentCoverage, ...]
    unread: tuple[Finding, ...]

    @property
    def content(self) -> int:
        return self.read + self.uses.get("unread", 0)

    @property
    def read(self) -> int:
        return self.facts + self.uses.get("text", 0)

    @property
    def facts(self) -> int:
        return self.uses.get("evidence", 0)

    @property
    def percent(self) -> float:
        return 100.0 * self.read / self.content if self.content else 100.0

    @property
    def facts_percent(self) -> float:
        return 100.0 * self.facts / self.content if self.content else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "lines": self.lines,
            "uses": dict(sorted(self.uses.items())),
            "content": self.content,
            "read": self.read,
            "facts": self.facts,
            "percent": round(self.percent, 1),
            "facts_percent": round(self.facts_percent, 1),
            "documents": [
                {
                    **asdict(d),
                    "percent": round(d.percent, 1),
                    "facts_percent": round(d.facts_percent, 1),
                }
                for d in self.documents
            ],
        }


@dataclass(frozen=True)
class Refusal:
    """A file that was not read at all, and why."""

    source: str
    reason: str
    hint: str | None = None
    line: int | None = None
    page: int | None = None

    @property
    def place(self) -> str:
        """Return ``name[:line][ (page n)]``."""
        where = self.source + (f":{self.line}" if self.line is not None else "")
        return where + (f" (page {self.page})" if self.page is not None else "")


def _percent(read: int, content: int) -> float:
    return 100.0 * read / content if content else 100.0


@dataclass
class LoadReport:
    """Findings, coverage, refusals and entity counts for one run."""

    findings: list[Finding] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    seen: set[tuple[object, object]] = field(default_factory=set, repr=False)
    coverage: list[SourceCoverage] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    def unparsed(
        self,
        source: str,
        start: int,
        end: int,
        kind: str,
        message: str,
        raw: str,
        page: int | None = None,
    ) -> None:
        self.findings.append(Finding(source, start, end, kind, message, raw, "unparsed", page))

    def note(
        self, source: str, start: int, end: int, kind: str, message: str, raw: str = ""
    ) -> None:
        self.findings.append(Finding(source, start, end, kind, message, raw, "note"))

    def refuse(
        self,
        source: str,
        reason: str,
        hint: str | None = None,
        line: int | None = None,
        page: int | None = None,
    ) -> None:
        self.refused.append(Refusal(source, reason, hint, line, page))

    @property
    def unparsed_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "unparsed"]

    @property
    def unread(self) -> list[Finding]:
        """Every run of content lines no node's evidence covers, source by source."""
        return [f for cov in self.coverage for f in cov.unread]

    @property
    def documents(self) -> list[DocumentCoverage]:
        return [d for cov in self.coverage for d in cov.documents]

    def merge(self, other: LoadReport) -> None:
        self.findings.extend(other.findings)
        self.counts.update(other.counts)
        self.coverage.extend(other.coverage)
        self.refused.extend(other.refused)

    # --- figures -------------------------------------------------------------------------
    def content_lines(self) -> tuple[int, int]:
        """Return (content lines read, content lines) over all sources."""
        return sum(c.read for c in self.coverage), sum(c.content for c in self.coverage)

    def fact_lines(self) -> int:
        """Return the content lines read as evidence of a fact (not only as text)."""
        return sum(c.facts for c in self.coverage)

    def median_document_facts_percent(self) -> float | None:
        """Return the median share of the documents' content lines read as facts."""
        values = [d.facts_percent for d in self.documents if d.content]
        return statistics.median(values) if values else None

    def median_document_percent(self) -> float | None:
        """Return the median coverage of the documents that have content lines."""
        values = [d.percent for d in self.documents if d.content]
        return statistics.median(values) if values else None

    def worst_documents(self, n: int = TOP) -> list[DocumentCoverage]:
        """Return the ``n`` documents with the lowest coverage (the larger first on ties)."""
        docs = [d for d in self.documents if d.content]
        return sorted(docs, key=lambda d: (d.percent, -d.content, d.source, d.start))[:n]

    def largest_unread(self, n: int = TOP) -> list[Finding]:
        return sorted(self.unread, key=lambda f: (-(f.lines or 0), f.source, f.line_start))[:n]

    def documents_per_kind(self) -> Counter[str]:
        return Counter(d.kind for d in self.documents)

    def strict_error(self, max_unread: float = MAX_UNREAD_PERCENT) -> StrictModeError | None:
        """Return what makes ``--strict`` fail, with its place, or None.

        In this order: a file refused; a block an extractor gave up on; a source whose
        unread content lines are more than ``max_unread`` percent of its content lines
        (the worst such source, at its largest unread block).
        """
        if self.refused:
            refusal = self.refused[0]
            return StrictModeError(
                f"the file was not read: {refusal.reason}"
                + (f" ({len(self.refused)} files refused)" if len(self.refused) > 1 else ""),
                path=refusal.source,
                line=refusal.line,
                page=refusal.page,
                hint=refusal.hint or "fix the source, or run without --strict",
            )
        bad = self.unparsed_findings
        if bad:
            first = bad[0]
            return StrictModeError(
                f"{len(bad)} block(s) could not be read; first: "
                f"[{first.kind}] {first.message}: {first.raw[:120]!r}",
                path=first.source,
                line=first.line_start,
                hint="fix the source or run without --strict to get the load report",
            )
        over = [c for c in self.coverage if 100.0 - c.percent > max_unread and c.unread]
        if over:
            worst = min(over, key=lambda c: (c.percent, c.source))
            block = max(worst.unread, key=lambda f: (f.lines or 0, -f.line_start))
            return StrictModeError(
                f"{100.0 - worst.percent:.1f}% of its content lines are unread "
                f"({worst.content - worst.read} of {worst.content}), more than "
                f"--max-unread {max_unread:g}%; the largest unread block is lines "
                f"{block.line_start}-{block.line_end}: {block.raw[:80]!r}"
                + (f" ({len(over)} sources over the limit)" if len(over) > 1 else ""),
                path=worst.source,
                line=block.line_start,
                page=block.page,
                hint="see `unread` in the load report; teach an extractor these lines, "
                "or raise --max-unread",
            )
        return None

    # --- output --------------------------------------------------------------------------
    def to_json(self) -> str:
        read, content = self.content_lines()
        median = self.median_document_percent()
        facts_median = self.median_document_facts_percent()
        return json.dumps(
            {
                "counts": dict(sorted(self.counts.items())),
                "findings": [asdict(f) for f in self.findings],
                "coverage": {
                    "content": content,
                    "read": read,
                    "percent": round(_percent(read, content), 1),
                    "median_document_percent": None if median is None else round(median, 1),
                    "facts": self.fact_lines(),
                    "facts_percent": round(_percent(self.fact_lines(), content), 1),
                    "median_document_facts_percent": (
                        None if facts_median is None else round(facts_median, 1)
                    ),
                    "documents_per_kind": dict(sorted(self.documents_per_kind().items())),
                    "sources": [c.to_dict() for c in self.coverage],
                },
                "unread": [asdict(f) for f in self.unread],
                "refused": [asdict(r) for r in self.refused],
            },
            ensure_ascii=False,
            indent=2,
        )

    def summary(self) -> str:
        """Return the report for a person: documents, entities, coverage, what was lost."""
        per_kind = self.documents_per_kind()
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(per_kind.items()))
        files = len(self.coverage)
        lines = [f"Files read: {files}; documents: {sum(per_kind.values())} ({kinds or 'none'})"]
        lines.append("Entities per kind:")
        lines += [f"  {kind:<28} {n:>6}" for kind, n in sorted(self.counts.items())]
        lines += self._coverage_lines()
        bad = self.unparsed_findings
        lines.append(
            f"Blocks an extractor could not read: {len(bad)}"
            + (f"; the first {TOP} (all in the JSON report):" if len(bad) > TOP else "")
        )
        for f in bad[:TOP]:
            where = f"{f.source}:{f.line_start}-{f.line_end}"
            lines.append(f"  {where} [{f.kind}] {f.message}: {f.raw[:90]!r}")
        notes = sum(1 for f in self.findings if f.severity == "note")
        if notes:
            lines.append(f"Notes: {notes} (see the JSON report)")
        lines.append(f"Files refused: {len(self.refused)}")
        for r in self.refused:
            lines.append(f"  {r.place}: {r.reason}")
            if r.hint:
                lines.append(f"    hint: {r.hint}")
        return "\n".join(lines)

    def _coverage_lines(self) -> list[str]:
        read, content = self.content_lines()
        if not content:
            return ["Coverage: no content lines"]
        median = self.median_document_percent()
        facts, facts_median = self.fact_lines(), self.median_document_facts_percent()
        lines = [
            f"Coverage: {read:,} of {content:,} content lines read "
            f"({_percent(read, content):.1f}%)"
            + (f"; median per document {median:.1f}%" if median is not None else ""),
            f"  as facts (evidence of a node): {facts:,} ({_percent(facts, content):.1f}%)"
            + (f"; median per document {facts_median:.1f}%" if facts_median is not None else "")
            + "; the rest as sections' text",
        ]
        docs = [d for d in self.documents if d.content]
        shown = docs if len(docs) <= LIST_ALL_DOCUMENTS else self.worst_documents()
        if shown:
            title = "per document" if shown is docs else f"worst {len(shown)} of {len(docs)}"
            lines.append(f"  {title}:  file:lines  kind  content lines  coverage  facts")
            for d in shown:
                lines.append(
                    f"    {d.source}:{d.start}-{d.end}  {d.kind}  {d.content}  {d.percent:.1f}%"
                    f"  {d.facts_percent:.1f}%"
                )
        unread = self.unread
        biggest = self.largest_unread()
        lines.append(
            f"Unread blocks: {len(unread)} ({content - read:,} content lines)"
            + (f"; the largest {len(biggest)}:" if biggest else "")
        )
        for f in biggest:
            lines.append(
                f"  {f.source}:{f.line_start}-{f.line_end} ({f.document or 'no document'}, "
                f"{f.lines} line{'' if f.lines == 1 else 's'}) "
                f"{f.raw[:80]!r}"
            )
        return lines
