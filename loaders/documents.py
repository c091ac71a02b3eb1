"""Split a source file into the documents it holds and describe each one.

A PDF bundle from a board meeting holds several documents: party statements and
motions, the service report, and its annexes (budget, risk register, internal
control plan, rules, time plan). Headings at page starts mark where each begins.

Where each document starts and its kind are :mod:`loaders.document_starts`'; the
municipality, :mod:`loaders.municipality`'; the IRIs, :mod:`loaders.document_iris`'.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from rdflib import URIRef

from .document_starts import (
    ACT_TITLE,
    COUNCILLOR_MOTION,
    by_content,
    candidate_starts,
    classify,
    first_nonblank,
)
from .errors import NotGovernanceError
from .kinds import REGISTRY, is_governance
from .municipality import municipality_of
from .orgs import COUNCIL, EXECUTIVE, Org, body_from_title, orgs_in
from .source import SourceText

# Document kinds, their classes and their IRI segment (the registry: loaders/kinds.py).
KINDS: dict[str, tuple[URIRef, str]] = {k.key: (k.cls, k.segment) for k in REGISTRY}
SWEDISH_KIND = {k.key: k.name_sv for k in REGISTRY}
#: Kinds written by parties (authors are parties, IRIs hang under the subject document).
PARTY_KINDS = frozenset(k.key for k in REGISTRY if k.by_party)
#: A preamble before the first heading found becomes a document of its own when it has at
#: least this many non-blank lines (a council handling's cover: its title and proposal).
PREAMBLE_LINES = 3
#: A party document's header and its "… angående" title are at most this many non-blank
#: lines apart (the body's name, the header, its date and case line).
TITLE_GAP = 4

# --- Swedish words matched in the source -------------------------------------------------
# the body's name on a line of its own above a party document's header ("Kommunstyrelsen")
_BODY_LINE = re.compile(r"^[A-ZÅÄÖ][\wåäö-]*(?:styrelsen|fullmäktige|nämnden)$")
_YEAR = re.compile(r"\b(20\d\d)\b")


@dataclass
class Doc:
    """One document inside a source file."""

    kind: str
    start: int
    end: int
    title: str
    municipality: str
    municipality_name: str
    year: int | None
    body: Org | None
    iri: URIRef = field(default_factory=lambda: URIRef(""))
    case_number: str | None = None
    issued: str | None = None
    parties: list[str] = field(default_factory=list)
    #: The date of the handling the document is part of (its service report's), for what
    #: a part without its own date declares ("förklaras fullgjort").
    handled: str | None = None

    @property
    def cls(self) -> URIRef:
        return KINDS[self.kind][0]

    @property
    def organ(self) -> str:
        if self.body is None:
            return "okand"
        if self.body.kind == EXECUTIVE:
            return "ks"
        if self.body.key == "kommunfullmaktige":
            return "kf"
        return self.body.key


def _year(src: SourceText, start: int, end: int, title: str) -> int | None:
    found = _YEAR.findall(title)
    if found:
        return int(found[0])
    years = Counter(
        int(y) for ln in src.lines[start - 1 : min(end, start + 60)] for y in _YEAR.findall(ln.text)
    )
    return years.most_common(1)[0][0] if years else None


def split_documents(src: SourceText) -> list[Doc]:
    """Find the documents in ``src``.

    Raises:
        NotGovernanceError: no heading of a known document kind was found.
    """
    municipality, municipality_name = municipality_of(src)
    starts: list[tuple[int, str, str]] = []
    current: str | None = None
    for no in candidate_starts(src):
        found = classify(src, no, current)
        if found:
            kind, title = found
            first = first_nonblank(src, no)
            if starts and starts[-1][0] == first:  # the same heading, found from a blank line
                continue
            near = starts and first - starts[-1][0] <= 4
            if near and COUNCILLOR_MOTION.match(src.line(first).text.strip()):
                continue  # "Motion av …" as the subject line of the heading just above
            if _titles_header(src, starts, first):
                continue  # "Yrkande angående …" as the title under the header "Yrkande (S)"
            if kind in PARTY_KINDS:
                first = _with_body_line(src, first, starts[-1][0] if starts else 0)
            starts.append((first, kind, title))
            current = kind
    first_line = first_nonblank(src, 1)
    preamble = [ln for ln in src.lines[first_line - 1 : (starts[0][0] - 1 if starts else None)]
                if not ln.blank]  # fmt: skip
    if len(preamble) >= PREAMBLE_LINES or not starts:
        # what precedes the first heading found (or the whole file) is read by its content
        if not is_governance(ln.text for ln in (preamble if starts else src.lines)):
            if not starts:
                raise NotGovernanceError(
                    "no governance content found (no body, goal, assignment, budget, "
                    "decision or proposal)",
                    path=src.path,
                    line=first_line,
                    hint="pass a steering document, a follow-up or a council handling, as "
                    "a PDF or its extracted text",
                )
        else:
            stop = starts[0][0] - 1 if starts else src.lines[-1].no
            kind, title = by_content(src, first_line, stop)
            starts.insert(0, (first_line, kind, title))
    docs: list[Doc] = []
    last = src.lines[-1].no
    all_text = " ".join(ln.text for ln in src.lines)
    default_body = body_from_title(all_text[:400]) or _most_named_body(all_text)
    for i, (start, kind, title) in enumerate(starts):
        end = starts[i + 1][0] - 1 if i + 1 < len(starts) else last
        while end > start and src.line(end).blank:
            end -= 1
        body = body_from_title(title) if kind not in PARTY_KINDS else None
        docs.append(
            Doc(
                kind=kind,
                start=start,
                end=end,
                title=title.rstrip(" .–-"),
                municipality=municipality,
                municipality_name=municipality_name,
                year=_year(src, start, end, title),
                body=body or default_body,
            )
        )
    for doc in docs:  # the council's own budget is the city's (or region's) budget
        if doc.kind == "board_budget" and doc.body is not None and doc.body.kind == COUNCIL:
            doc.kind = "council_budget"
    _fill_years(docs)
    return docs


def _titles_header(src: SourceText, starts: list[tuple[int, str, str]], no: int) -> bool:
    """Tell whether line ``no`` is the title of the party document whose header starts
    just above (at most :data:`TITLE_GAP` non-blank lines before it): "Yrkande angående …",
    or the motion it is about, "Motion av Anna Ek (V) om …"."""
    if not starts or starts[-1][1] not in PARTY_KINDS:
        return False
    text = src.line(no).text.strip()
    if not (ACT_TITLE.match(text) or COUNCILLOR_MOTION.match(text)):
        return False
    between = [ln for ln in src.lines[starts[-1][0] - 1 : no - 1] if not ln.blank]
    return len(between) <= TITLE_GAP


def _with_body_line(src: SourceText, no: int, floor: int) -> int:
    """Return the line of the body's name just above a party document's header
    ("Kommunstyrelsen" over "Yrkande (S)"), or ``no`` when there is none."""
    above = no - 1
    while above > floor and above >= no - 2 and src.line(above).blank:
        above -= 1
    if above > floor and _BODY_LINE.match(src.line(above).text.strip()):
        return above
    return no


def _most_named_body(text: str) -> Org | None:
    counts = Counter(o.key for o in orgs_in(text) if o.is_political)
    if not counts:
        return None
    key = counts.most_common(1)[0][0]
    return next(o for o in orgs_in(text) if o.key == key)


def _fill_years(docs: list[Doc]) -> None:
    years = Counter(d.year for d in docs if d.year and d.kind not in PARTY_KINDS)
    common = years.most_common(1)[0][0] if years else None
    for doc in docs:
        if doc.kind in {"statement", "motion", "risk_register", "internal_control_plan"}:
            doc.year = common or doc.year
        elif doc.year is None:
            doc.year = common
