"""HTTP content negotiation with q-values (RFC 9110, section 12.5.1)."""

from __future__ import annotations

from collections.abc import Sequence


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """Return (media range, q, specificity) for each range of an Accept header."""
    if not header or not header.strip():
        return [("*/*", 1.0, 0)]
    out: list[tuple[str, float, int]] = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        out.append((media, q, specificity))
    return out


def _matches(media_range: str, offered: str) -> bool:
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):
        return offered.split("/")[0] == media_range.split("/")[0]
    return media_range == offered


def negotiate(header: str | None, offered: Sequence[str]) -> str | None:
    """Return the offered media type the client prefers, or None when none is acceptable.

    For each offer the most specific matching range sets its q; ties keep the server's
    order of ``offered``.
    """
    ranges = parse_accept(header)
    best: tuple[float, int] | None = None
    choice: str | None = None
    for index, media in enumerate(offered):
        matching = [r for r in ranges if _matches(r[0], media)]
        if not matching:
            continue
        q = max(matching, key=lambda r: r[2])[1]
        if q <= 0:
            continue
        key = (q, -index)
        if best is None or key > best:
            best, choice = key, media
    return choice
