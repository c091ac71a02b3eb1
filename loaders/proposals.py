"""The decision points of a motion or a service report, and the assignments they propose.

The numbered points under "Förslag till beslut" (or "Ärendet återremitteras", or a forum
such as "Kommunfullmäktige föreslås att besluta:") become ``styr:DecisionPoint`` nodes
with the forum they are proposed to; a point "X får i uppdrag att …" is also a
``styr:AssignmentProposal`` with its responsible bodies, and a point that adopts a
document (a genomförandeplan, a budget) names it. Extracted council handlings join the
heading, its forum and its points into one line; they are read there too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import URIRef

from .builder import integer, sv
from .codes import code
from .context import Context
from .documents import SWEDISH_KIND, Doc
from .orgs import Org, find_orgs, orgs_in
from .source import Line, LineSpan
from .textrepair import join_lines
from .vocab import STYR

# --- the Swedish words this module matches -------------------------------------------------

_PROPOSAL = re.compile(r"^(?:Förslag\s+till\s+beslut|Ärendet\s+återremitteras)\b", re.I)
# the heading joined to the title before it: capitalised, as a heading is
_PROPOSAL_INSIDE = re.compile(r"(?<=\S\s)Förslag\s+till\s+beslut\b")
# the forum as the heading, the points after it on the same line: "Kommunfullmäktige
# föreslås att besluta: 1. …"
_FORUM_POINTS = re.compile(
    r"^(?P<forum>\S.{0,100}?\s(?:beslutar|föreslås\s+(?:att\s+)?besluta(?:\s+följande)?))"
    r"\s*:\s*(?=1[.)]\s)",
    re.IGNORECASE,
)
# what follows the heading on its line: the forum ("I kommunstyrelsen:"), then the points
_HEADING_TAIL = re.compile(r"^(?:(?P<forum>[^:]{1,120}):)?\s*(?P<points>.*)$")
# headings start with a capital letter and stand on a line of their own
SECTION_HEADING = re.compile(
    r"^(?:Yrkandet|Yttrandet|Motivering|Yrkandets\s+motivering|Bilagor(?:\s*\(.{0,40}\))?|"
    r"Sammanfattning|Ärendet|Bakgrund|Beskrivning\s+av\s+ärendet|Bedömning\b.{0,50}|"
    r"Förvaltningens\s+bedömning|Samverkan|Skäl\s+för\s+(?:beslut|förslaget)|Tjänsteutlåtande)"
    r"\s*:?$"
)
_POINT = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
_FORUM = re.compile(
    r"^(?:I\s+(?P<a>.+?)|(?P<b>.+?)\s+(?:beslutar|föreslås\s+(?:att\s+)?besluta(?:\s+följande)?))"
    r"\s*:?$",
    re.IGNORECASE,
)
_FORUM_GLUE = re.compile(r"\b(?:och|samt|som\s+nämnd)\b|[,:;–-]", re.IGNORECASE)
# "X får i uppdrag att", also "X får utifrån detta i uppdrag att"
_ASSIGNMENT = re.compile(
    r"^(?P<bodies>.+?)\s+får\s+(?:[\wåäö]+\s+){0,3}?i\s+uppdrag\s+att\b", re.IGNORECASE
)
_ADOPTS = re.compile(r"\b(?:antas|fastställs|godkänns|antar|fastställer|godkänner)\b", re.I)
# document kind -> words in a decision point that name it (most specific first)
ADOPTED_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("implementation_plan", re.compile(r"genomförandeplan", re.I)),
    ("risk_register", re.compile(r"\briskbild", re.I)),
    ("internal_control_plan", re.compile(r"\binter(?:n)?\s?kontrollplan", re.I)),
    ("rules", re.compile(r"\bregler\b", re.I)),
    ("time_plan", re.compile(r"\btid-\s*och\s+arbetsplan", re.I)),
)
_BUDGET_WORD = re.compile(r"\bbudget\b", re.I)


# --- decision points ---------------------------------------------------------------------


@dataclass
class Point(LineSpan):
    """A numbered point under "Förslag till beslut", with the forum it is proposed to."""

    number: int
    lines: list[Line]
    forum: list[tuple[Org, int]] = field(default_factory=list)
    #: The point's own text when several points share one line ("1. … 2. …").
    segment: str | None = None

    @property
    def text(self) -> str:
        if self.segment is not None:
            return self.segment
        body = join_lines([ln.text for ln in self.lines])
        match = _POINT.match(body)
        return match.group(2).strip() if match else body


def find_proposal(ctx: Context) -> int | None:
    """Return the line of the "Förslag till beslut" heading, if the document has one (also
    when the heading is joined to the title before it, as in extracted council handlings)."""
    for no in range(ctx.doc.start, ctx.doc.end + 1):
        text = ctx.src.line(no).text.strip()
        if _PROPOSAL.match(text) or _PROPOSAL_INSIDE.search(text) or _FORUM_POINTS.match(text):
            return no
    return None


def _inline_points(text: str) -> list[tuple[int, str]]:
    """Split "1. A. 2. B. 3. C." (points joined into one line) into numbered texts; the
    numbers must run 1, 2, 3 … so that "§ 8" or "kl. 9." inside a point does not split."""
    first = _POINT.match(text)
    if first is None:
        return []
    number = int(first.group(1))
    pieces: list[tuple[int, str]] = []
    rest, start = text, first.start(2)  # the point's text, not the end of the match
    while True:
        nxt = re.search(rf"(?<=[.:;])\s+{number + 1}[.)]\s+(?=[A-ZÅÄÖ])", rest[start:])
        if nxt is None:
            pieces.append((number, rest[start:].strip()))
            return pieces
        pieces.append((number, rest[start : start + nxt.start()].strip()))
        rest, start, number = rest[start + nxt.end() :], 0, number + 1


def read_points(ctx: Context, start: int) -> tuple[list[Point], int]:
    """Read the numbered points after line ``start``; return them and the section's last line."""
    forum, points = _heading_points(ctx, start)
    stray: list[Line] = []
    after_blank, last = True, start
    for ln in (ctx.src.line(n) for n in range(start + 1, ctx.doc.end + 1)):
        text = ln.text.strip()
        if ln.blank:
            after_blank = True
            continue
        if SECTION_HEADING.match(text) or (after_blank and _heading_like(text) and points):
            break
        if not points and (_PROPOSAL.match(text) or _FORUM_POINTS.match(text)):
            on_line, found = _heading_points(ctx, ln.no)  # "Ärendet återremitteras 1. …"
            if found:
                _flush(ctx, stray, True)
                forum, points = on_line or forum, found
                after_blank, last = False, ln.no
                continue
        _flush(ctx, stray, bool(_POINT.match(text) or _forum(text)))
        if (match := _POINT.match(text)) and len(inline := _inline_points(text)) > 1:
            points += [Point(n, [ln], list(forum), segment=t) for n, t in inline]
        elif match:
            points.append(Point(int(match.group(1)), [ln], list(forum)))
        elif named := _forum(text):
            forum = [(org, ln.no) for org in named]
        elif points and (not after_blank or text[:1].islower()):
            points[-1].lines.append(ln)
        else:
            stray.append(ln)
        after_blank, last = False, ln.no
    _flush(ctx, stray, True)
    return points, last


def _heading_points(ctx: Context, start: int) -> tuple[list[tuple[Org, int]], list[Point]]:
    """Return the forum and the points on the heading's own line: "Förslag till beslut I
    kommunstyrelsen: 1. … 2. …", "Ärendet återremitteras 1. …", "Kommunfullmäktige
    föreslås att besluta: 1. …", or one unnumbered proposal ("… i kommunfullmäktige: Got
    Event AB får i uppdrag att …")."""
    ln = ctx.src.line(start)
    text = ln.text.strip()
    if heading := _FORUM_POINTS.match(text):
        named, rest = _forum(heading.group("forum") + ":"), text[heading.end() :]
    else:
        at = _PROPOSAL.match(text) or _PROPOSAL_INSIDE.search(text)
        tail = _HEADING_TAIL.match(text[at.end() :].strip() if at else "")
        if tail is None or not tail.group(0):
            return [], []
        if tail.group("forum") is None and not _POINT.match(tail.group("points")):
            return [(org, start) for org in _forum(tail.group("points"))], []
        named = _forum(f"{tail.group('forum')}:") if tail.group("forum") else []
        rest = tail.group("points")
    forum = [(org, start) for org in named]
    if _POINT.match(rest):
        return forum, [Point(n, [ln], list(forum), segment=t) for n, t in _numbered(rest)]
    if _ASSIGNMENT.match(rest):
        return forum, [Point(1, [ln], list(forum), segment=rest.strip())]
    return forum, []


def _numbered(text: str) -> list[tuple[int, str]]:
    """Return the numbered points of ``text`` ("1. A. 2. B."), one when it has one."""
    inline = _inline_points(text)
    if inline:
        return inline
    match = _POINT.match(text)
    return [(int(match.group(1)), match.group(2).strip())] if match else []


def _flush(ctx: Context, stray: list[Line], now: bool) -> None:
    """Report the stray lines as unparsed when ``now`` is set."""
    if stray and now:
        ctx.unparsed(
            stray[0].no, stray[-1].no, "decision_point", "expected a numbered point (1. …)"
        )
        stray.clear()


def _forum(text: str) -> list[Org]:
    """Return the bodies of a forum line ("I kommunstyrelsen och kommunfullmäktige:")."""
    match = _FORUM.match(text)
    if not match or len(text) > 120:
        return []
    names = match.group("a") or match.group("b") or ""
    found = find_orgs(names)
    rest = names
    for _, start, end in reversed(found):
        rest = rest[:start] + " " + rest[end:]
    if _FORUM_GLUE.sub("", rest).strip():
        return []  # a sentence that names a body, not a list of bodies
    return orgs_in(names)


def _heading_like(text: str) -> bool:
    """Tell whether ``text`` looks like a heading (short, capitalised, unpunctuated)."""
    return len(text) <= 60 and text[:1].isupper() and not text.endswith((".", ",", ":", ";"))


def write_points(ctx: Context, points: list[Point], from_motion: bool) -> list[Doc]:
    """Write the decision points; return the documents they propose to adopt."""
    adopted: list[Doc] = []
    used: set[str] = set()
    for point in points:
        key = str(point.number)
        n = 2
        while key in used:
            key, n = f"{point.number}-{n}", n + 1
        used.add(key)
        iri = URIRef(f"{ctx.doc.iri}/punkt/{key}")
        _point_node(ctx, point, iri)
        proposal = _ASSIGNMENT.match(point.text)
        if proposal:
            _assignment_proposal(ctx, point, iri, proposal.group("bodies"), from_motion)
        elif _ADOPTS.search(point.text):
            for doc in adopted_documents(point.text, ctx.docs):
                ctx.b.add(iri, STYR.proposesAdoptionOf, doc.iri)
                adopted.append(doc)
    return adopted


def _point_node(ctx: Context, point: Point, iri: URIRef) -> None:
    """Write one decision point with its number, text, forum and evidence."""
    ctx.b.node(iri, STYR.DecisionPoint, f"{_document_name(ctx.doc)}, punkt {point.number}")
    ctx.b.add(iri, STYR.pointNumber, integer(point.number))
    ctx.b.add(iri, STYR.text, sv(point.text))
    for org, line in point.forum:
        ctx.b.add(iri, STYR.decisionForum, ctx.org(org, line))
    ctx.b.add(ctx.doc.iri, STYR.hasDecisionPoint, iri)
    ctx.b.evidence(iri, ctx.doc.iri, point.start, point.end)


def _document_name(doc: Doc) -> str:
    """Return the name used in labels of the document's parts."""
    if doc.kind == "service_report":
        return f"{SWEDISH_KIND[doc.kind]} {doc.title}"
    return doc.title


def _assignment_proposal(
    ctx: Context, point: Point, iri: URIRef, bodies: str, from_motion: bool
) -> None:
    """Type a point as a proposed assignment with its responsible bodies."""
    ctx.b.node(iri, STYR.AssignmentProposal)
    named = orgs_in(bodies)
    for org in named:
        ctx.b.add(iri, STYR.responsibleBody, ctx.org(org, point.start))
    if not named:
        ctx.note(point.start, point.start, "decision_point", "no body named before 'får i uppdrag'")
    if from_motion:
        ctx.b.add(iri, STYR.origin, code("uppdragsursprung", "yrkande"))


def adopted_documents(text: str, docs: list[Doc]) -> list[Doc]:
    """Return the documents in ``docs`` that a decision point's ``text`` adopts."""
    kinds = [kind for kind, pattern in ADOPTED_KINDS if pattern.search(text)]
    if not kinds and _BUDGET_WORD.search(text):
        kinds = ["board_budget"]
    found: list[Doc] = []
    for kind in kinds:
        doc = next((d for d in docs if d.kind == kind), None)
        if doc:
            found.append(doc)
    return found


def decision_points(ctx: Context, from_motion: bool) -> tuple[list[Doc], int | None]:
    """Read and write the points under "Förslag till beslut"; return adopted docs and end."""
    heading = find_proposal(ctx)
    if heading is None:
        ctx.note(ctx.doc.start, ctx.doc.start, "decision_point", "no 'Förslag till beslut'")
        return [], None
    points, last = read_points(ctx, heading)
    if not points:
        ctx.unparsed(heading, last, "decision_point", "no numbered point under the heading")
    return write_points(ctx, points, from_motion), last
