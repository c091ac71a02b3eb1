"""HTTP content negotiation: the one place an ``Accept`` header is read.

`RFC 9110, section 12.5.1 <https://www.rfc-editor.org/rfc/rfc9110#section-12.5.1>`_:
each media range has a weight ``q`` (default 1; ``q=0`` means "not acceptable"); for an
offered type the most specific matching range sets its weight (``text/turtle`` over
``text/*`` over ``*/*``, and a range with parameters over the same range without); the
offer with the highest weight wins, and ties keep the server's order of preference.
``Accept-Encoding`` (section 12.5.3) is read the same way by :func:`accepts_coding`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .formats import Format, by_media


@dataclass(frozen=True)
class MediaRange:
    """One element of an ``Accept`` header."""

    #: ``type/subtype``, lower case (``*/*``, ``text/*`` or a type).
    media: str
    q: float
    #: 0 for ``*/*``, 1 for ``type/*``, 2 for a type, plus one per parameter.
    specificity: int

    def matches(self, offered: str) -> bool:
        """Tell whether ``offered`` (``type/subtype``) falls in this range."""
        if self.media == "*/*":
            return True
        if self.media.endswith("/*"):
            return offered.split("/")[0] == self.media.split("/")[0]
        return self.media == offered


def _weight(value: str) -> float:
    """Return a ``q`` value; one that does not parse counts as 0 (refused)."""
    try:
        return max(0.0, min(1.0, float(value)))
    except ValueError:
        return 0.0


def parse_accept(header: str | None) -> list[MediaRange]:
    """Return the media ranges of an ``Accept`` header; none or empty accepts anything."""
    if not header or not header.strip():
        return [MediaRange("*/*", 1.0, 0)]
    ranges: list[MediaRange] = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q, parameters = 1.0, 0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                q = _weight(value.strip())
                break  # what follows q is accept-ext, not media-type parameters
            parameters += 1
        base = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranges.append(MediaRange(media, q, base + parameters))
    return ranges


def quality(ranges: Sequence[MediaRange], offered: str) -> float:
    """Return the weight the client gives ``offered``: that of its most specific range."""
    matching = [r for r in ranges if r.matches(offered)]
    if not matching:
        return 0.0
    top = max(r.specificity for r in matching)
    return max(r.q for r in matching if r.specificity == top)


def negotiate(header: str | None, offered: Sequence[str]) -> str | None:
    """Return the offered media type the client prefers, or None when none is acceptable.

    ``offered`` is in the server's order of preference, which breaks ties.
    """
    ranges = parse_accept(header)
    best: tuple[float, int] | None = None
    choice: str | None = None
    for index, media in enumerate(offered):
        q = quality(ranges, media)
        if q <= 0:
            continue
        key = (q, -index)
        if best is None or key > best:
            best, choice = key, media
    return choice


def choose(header: str | None, offered: Sequence[Format], aliases: bool = False) -> Format | None:
    """Return the offered format the client prefers, or None when none is acceptable.

    With ``aliases`` the formats' other media types are offered too, after all the main
    ones (``application/x-turtle`` gets Turtle).
    """
    media_types = [f.media_type for f in offered]
    if aliases:
        media_types += [a for f in offered for a in f.media_aliases]
    media = negotiate(header, media_types)
    return None if media is None else by_media(media, offered)


def names(header: str | None, media: str) -> bool:
    """Tell whether the header asks for ``media`` by name (not only by a wildcard), q > 0.

    A browser names ``text/html``; a client that sends ``*/*`` or nothing does not.
    """
    return any(r.media == media and r.q > 0 for r in parse_accept(header) if header)


def accepts_coding(header: str | None, coding: str) -> bool:
    """Tell whether an ``Accept-Encoding`` header accepts ``coding`` (``gzip``).

    No header means the client asked for no coding, so this answers False; otherwise
    ``coding`` takes the weight of its own entry, else of ``*``, and q=0 refuses it.
    """
    if header is None:
        return False
    weights: dict[str, float] = {}
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        name = fields[0].lower()
        if not name:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                q = _weight(value.strip())
        weights[name] = q
    return weights.get(coding, weights.get("*", 0.0)) > 0
