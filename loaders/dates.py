"""Parse Swedish reporting-plan texts ("Plan för rapportering") into timing facets."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from itertools import pairwise

# Swedish words matched in plan texts, kept together.
MONTHS = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
SEASONS = {  # season -> (first month, last month)
    "våren": (1, 6),
    "vårvintern": (1, 3),
    "sommaren": (6, 8),
    "hösten": (8, 12),
    "vintern": (1, 2),
}
_DATE = re.compile(r"\b(20\d\d)-(\d{2})-\s?(\d{2})\b")
_QUARTER = re.compile(r"\b(?:Q|kvartal\s*)([1-4])\s*(?:år\s*)?(20\d\d)\b", re.IGNORECASE)
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(?:år\s+)?(20\d\d)\b", re.IGNORECASE)
_SEASON = re.compile(
    r"\b(?:under|till|i)\s+(" + "|".join(SEASONS) + r")(?:\s+(20\d\d))?", re.IGNORECASE
)
_MILESTONE = re.compile(r"förutsättning(?:ar|arna)?\s+för\s+budget\s+(20\d\d)", re.IGNORECASE)
_OCCASION = re.compile(
    r"(delårsrapport(?:en)?\s+(mars|augusti)|årsrapport(?:en)?|årsredovisning(?:en)?|"
    r"uppföljningsrapport(?:er|erna)?|bokslutsberedning(?:en)?)(?:\s+(20\d\d))?",
    re.IGNORECASE,
)
_CONTINUOUS = re.compile(r"\blöpande\b", re.IGNORECASE)
_DEPENDS = re.compile(r"\bberor\s+av\b", re.IGNORECASE)
_PARTIAL = re.compile(r"\bdelrapport", re.IGNORECASE)
_TO_KS = re.compile(r"\bKS\b|kommunstyrelsen", re.IGNORECASE)


@dataclass
class Timing:
    """One reporting deadline or marker read from a plan text."""

    kind: str  # a kod:tidpunktstyp slug
    mode: str  # a kod:rapporteringssatt slug
    text: str
    due_date: str | None = None
    due_month: str | None = None
    due_quarter: str | None = None
    due_from: str | None = None
    due_by: str | None = None
    occasions: list[tuple[str, int | None]] = field(default_factory=list)
    milestone_year: int | None = None
    to_ks: bool = False


def _last_day(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def occasion_type(word: str, month: str | None) -> str:
    """Map an occasion phrase to a kod:rapporttyp slug."""
    word = word.lower()
    if word.startswith("delårsrapport"):
        return f"delarsrapport-{(month or 'mars').lower()}"
    if word.startswith("årsrapport"):
        return "arsrapport"
    if word.startswith("årsredovisning"):
        return "arsredovisning"
    if word.startswith("bokslut"):
        return "bokslutsberedning"
    return "uppfoljningsrapport"


def _facet(segment: str, default_year: int | None) -> Timing | None:
    mode = "delrapport" if _PARTIAL.search(segment) else "slutrapport"
    timing: Timing | None = None
    if m := _DATE.search(segment):
        day = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
        timing = Timing("datum", mode, segment, due_date=day, due_from=day, due_by=day)
    elif m := _QUARTER.search(segment):
        q, year = int(m.group(1)), int(m.group(2))
        timing = Timing(
            "kvartal",
            mode,
            segment,
            due_quarter=f"{year}-Q{q}",
            due_from=f"{year}-{3 * q - 2:02d}-01",
            due_by=_last_day(year, 3 * q),
        )
    elif m := _MONTH.search(segment):
        month, year = MONTHS[m.group(1).lower()], int(m.group(2))
        timing = Timing(
            "manad",
            mode,
            segment,
            due_month=f"{year}-{month:02d}",
            due_from=f"{year}-{month:02d}-01",
            due_by=_last_day(year, month),
        )
    elif (m := _SEASON.search(segment)) and (m.group(2) or default_year):
        first, last = SEASONS[m.group(1).lower()]
        season_year = int(m.group(2)) if m.group(2) else default_year
        assert season_year is not None
        timing = Timing(
            "sasong",
            mode,
            segment,
            due_from=f"{season_year}-{first:02d}-01",
            due_by=_last_day(season_year, last),
        )
    elif m := _MILESTONE.search(segment):
        timing = Timing("budgetprocess", mode, segment)
    elif _OCCASION.search(segment):
        timing = Timing("rapporttillfalle", mode, segment)
    if timing is None:
        return None
    if m := _MILESTONE.search(segment):
        timing.milestone_year = int(m.group(1))
        if timing.kind == "rapporttillfalle":
            timing.kind = "budgetprocess"
    for occ in _OCCASION.finditer(segment):
        occ_year = int(occ.group(3)) if occ.group(3) else default_year
        timing.occasions.append((occasion_type(occ.group(1), occ.group(2)), occ_year))
    timing.to_ks = bool(_TO_KS.search(segment))
    return timing


_TIMING_START = re.compile(
    "|".join(p.pattern for p in (_DATE, _QUARTER, _MONTH, _SEASON)), re.IGNORECASE
)


def parse_plan(text: str, default_year: int | None) -> list[Timing]:
    """Return the timing facets a plan text states, in order.

    Several deadlines ("Delrapportering under våren, rapport KS Q4 2025") give
    several facets. Continuous reporting gives a ``lopande`` facet; a
    dependency on another body gives ``beroende``; nothing gives ``[]``.
    """
    starts = [m.start() for m in _TIMING_START.finditer(text)]
    facets: list[Timing] = []
    if len(starts) > 1:
        cuts = [0]
        for pos in starts[1:]:
            cut = max(text.rfind(",", 0, pos), text.rfind(".", 0, pos), text.rfind(":", 0, pos))
            cuts.append(cut + 1 if cut >= cuts[-1] else pos)
        cuts.append(len(text))
        segments = [text[a:b].strip(" ,.") for a, b in pairwise(cuts)]
    else:
        segments = [text]
    for segment in segments:
        facet = _facet(segment, default_year)
        if facet:
            facets.append(facet)
    if _CONTINUOUS.search(text):
        occasions = [o for f in facets if f.kind == "rapporttillfalle" for o in f.occasions]
        facets = [f for f in facets if f.kind != "rapporttillfalle"]
        mode = "information" if facets else "lopande"
        marker = Timing("lopande", mode, text, to_ks=bool(_TO_KS.search(text)))
        marker.occasions = occasions
        facets.append(marker)
    if not facets and _DEPENDS.search(text):
        facets.append(Timing("beroende", "ej-angiven", text))
    return facets
