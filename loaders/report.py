"""The load report: every block a loader could not read, with its place and raw text."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Finding:
    """One thing the loader could not read, or read with doubt."""

    source: str
    line_start: int
    line_end: int
    kind: str
    message: str
    raw: str
    severity: str = "unparsed"  # "unparsed" blocks fail --strict; "note" does not
    page: int | None = None


@dataclass
class LoadReport:
    """Findings plus entity counts for one run."""

    findings: list[Finding] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    seen: set[tuple[object, object]] = field(default_factory=set, repr=False)

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

    @property
    def unparsed_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "unparsed"]

    def merge(self, other: LoadReport) -> None:
        self.findings.extend(other.findings)
        self.counts.update(other.counts)

    def to_json(self) -> str:
        return json.dumps(
            {
                "counts": dict(sorted(self.counts.items())),
                "findings": [asdict(f) for f in self.findings],
            },
            ensure_ascii=False,
            indent=2,
        )

    def summary(self) -> str:
        lines = ["Entities per kind:"]
        lines += [f"  {kind:<28} {n:>5}" for kind, n in sorted(self.counts.items())]
        bad = self.unparsed_findings
        lines.append(f"Blocks not read: {len(bad)}")
        for f in bad:
            where = f"{f.source}:{f.line_start}-{f.line_end}"
            lines.append(f"  {where} [{f.kind}] {f.message}: {f.raw[:90]!r}")
        notes = len(self.findings) - len(bad)
        if notes:
            lines.append(f"Notes: {notes} (see the JSON report)")
        return "\n".join(lines)
