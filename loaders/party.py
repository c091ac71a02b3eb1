"""Party statements (yttranden), motions (yrkanden) and the service report.

Who wrote a party document is read from authorship cues ("Centerpartiet vill …",
"till förmån för förslaget från …", a signature "(S)"); parties named as the side
being criticised are not authors. Numbered points under "Förslag till beslut"
become decision points; the service report adds its case, issuing administration
and signing posts. Names, phone numbers and e-mail addresses of officials are kept
out of the graph unless ``ctx.include_personal`` is set.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from .builder import integer, sv
from .codes import code
from .context import Context
from .documents import SWEDISH_KIND, Doc, case_and_date, concerned_document
from .ids import slug
from .kinds import BY_KEY
from .orgs import ADMINISTRATION, Org, find_orgs, orgs_in
from .parties import (
    OWN_BUDGET,
    PARTIES,
    SIGNATURE,
    Cue,
    canonical_order,
    decide,
    detect_parties,
    document_header,
    find_cues,
)
from .source import Line, LineSpan, SourceText
from .textrepair import join_lines
from .vocab import DCTERMS, ORG, PROV, SKOS, STYR

# --- the Swedish words this module matches (the parties' own: loaders/parties.py) ----------

# Statements
_ABSTAIN = re.compile(
    r"\bavstå(?:r)?\s+från\s+att\s+delta\b|\bdeltar\b[^.]{0,40}?\binte\s+i\s+beslutet\b",
    re.IGNORECASE,
)
_RESERVATION = re.compile(r"\breserver(?:ade|ar)\s+(?:vi\s+)?oss\b", re.IGNORECASE)
_STATEMENT_HEADING = re.compile(r"^Yttrandet?\s*:?$", re.IGNORECASE)

# Motions and the service report
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
_REASONS = re.compile(r"^(?:Yrkandet|Motivering|Yrkandets\s+motivering)\s*:?$", re.IGNORECASE)
# headings start with a capital letter and stand on a line of their own
_SECTION_HEADING = re.compile(
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

# The service report's box, signatures and contact details
_REPORT_WORD = re.compile(r"^Tjänsteutlåtande\s*$", re.IGNORECASE)
_SUMMARY = re.compile(r"^Sammanfattning\s*:?$", re.IGNORECASE)
_POST_WORD = re.compile(r"(?:direktör|chef|controller|sekreterare)\b", re.IGNORECASE)
_PERSON_NAME = re.compile(r"^[A-ZÅÄÖÉ][\w'-]+(?:[ \t]+[A-ZÅÄÖÉ][\w'-]+){1,3}$")
_NOT_PERSON = re.compile(r"\b(?:Stad|[Kk]ommun|AB)\b")
_PERSONAL = re.compile(
    r"@|\b(?:Telefon|Tel|E-post|Mobil|Handläggare)\b"
    r"|\b0\d{1,3}[- ]?\d{2,3}[ -]?\d{2}[ -]?\d{2,4}\b",
    re.IGNORECASE,
)


def document_lines(src: SourceText, doc: Doc) -> list[str]:
    """Return the repaired lines of ``doc``."""
    return [src.line(n).text for n in range(doc.start, doc.end + 1)]


def parties_of(src: SourceText, doc: Doc) -> list[str]:
    """Return the authors of a statement or motion (for IRI minting): from its own header,
    signature and cues, else from the documents of the file that name it by its date."""
    from .minutes import authors_by_date  # minutes writes its acts' authors through us

    lines = document_lines(src, doc)
    return detect_parties("\n".join(lines)) or canonical_order(authors_by_date(src, lines))


def _authors(ctx: Context) -> None:
    """Write the author parties (or their constellation) as the document's creator, and
    the acts other parties attach to the document in its header ("Särskilt yttrande KD")."""
    lines = document_lines(ctx.src, ctx.doc)
    cues = find_cues(lines)
    chosen = decide(cues)
    parties = canonical_order(ctx.doc.parties) or canonical_order(chosen)
    _attached(ctx, lines)
    if not parties:
        ctx.note(ctx.doc.start, ctx.doc.start, "party", "no author party found")
        return
    first, last = _authorship_span(ctx, cues, frozenset(parties))
    write_authors(ctx, ctx.doc.iri, parties, first, last)


def write_authors(ctx: Context, iri: URIRef, parties: list[str], first: int, last: int) -> None:
    """Write ``parties`` (or their constellation) as the creator of ``iri``, with evidence
    at lines ``first..last``."""
    nodes = [_party_node(ctx, abbr, first, last) for abbr in parties]
    creator = nodes[0] if len(nodes) == 1 else _constellation(ctx, parties, nodes, first, last)
    ctx.b.add(iri, DCTERMS.creator, creator)


def _attached(ctx: Context, lines: list[str]) -> None:
    """Write the acts the header attaches to the document: "Yrkande  M, D, L  Särskilt
    yttrande  KD" is M, D and L's motion and KD's special statement on it."""
    heading = document_header(lines)
    if heading is None:
        return
    line = ctx.doc.start + heading[0]
    for act in heading[1].acts[1:]:
        if not act.parties:
            continue
        kind = BY_KEY[act.kind]
        parties = canonical_order(act.parties)
        who = "-".join(sorted(p.lower() for p in parties))
        iri = URIRef(f"{ctx.doc.iri}/{kind.segment}/{who}")
        ctx.b.node(iri, kind.cls, f"{kind.name_sv} ({', '.join(parties)}) till {ctx.doc.title}")
        ctx.b.evidence(iri, ctx.doc.iri, line, line)
        ctx.b.add(iri, STYR.concerns, ctx.doc.iri)
        write_authors(ctx, iri, parties, line, line)


def _authorship_span(ctx: Context, cues: list[Cue], parties: frozenset[str]) -> tuple[int, int]:
    """Return the source lines of the cue that names ``parties`` (never a person's name)."""
    usable = [c for c in cues if c.parties <= parties]
    usable.sort(key=lambda c: (c.kind == "signature", not c.strong, c.parties != parties))
    if usable and (usable[0].kind != "signature" or ctx.include_personal):
        return ctx.doc.start + usable[0].first, ctx.doc.start + usable[0].last
    return ctx.doc.start, ctx.doc.start


def _party_node(ctx: Context, abbr: str, first: int, last: int) -> URIRef:
    """Write the party ``abbr`` with evidence at lines ``first..last``."""
    name = PARTIES[abbr]
    iri = ctx.mint("parti", slug(name))
    ctx.b.node(iri, STYR.PoliticalParty, name)
    ctx.b.add(iri, SKOS.altLabel, sv(abbr))
    ctx.b.evidence(iri, ctx.doc.iri, first, last)
    return iri


def _constellation(
    ctx: Context, parties: list[str], members: list[URIRef], first: int, last: int
) -> URIRef:
    """Write the constellation of ``parties`` ("S, V och MP") with its members."""
    key = "-".join(sorted(p.lower() for p in parties))
    iri = ctx.mint(ctx.doc.municipality, "partikonstellation", key)
    label = ", ".join(parties[:-1]) + " och " + parties[-1]
    ctx.b.node(iri, STYR.PartyConstellation, label)
    for member in members:
        ctx.b.add(iri, ORG.hasMember, member)
    ctx.b.evidence(iri, ctx.doc.iri, first, last)
    return iri


# --- statements ----------------------------------------------------------------------------


def _own_budget(ctx: Context) -> None:
    """Read the amounts of a party's own budget proposal, as the budget's own are read."""
    from . import economy  # the economy module is large: imported only when needed

    if OWN_BUDGET.search(ctx.src.text(ctx.doc.start, ctx.doc.end)):
        economy.extract(ctx)


def extract_statement(ctx: Context) -> None:
    """Extract a party statement: its authors, stance and text (and the amounts of the
    party's own budget proposal, when it states one)."""
    _authors(ctx)
    _own_budget(ctx)
    text = ctx.src.text(ctx.doc.start, ctx.doc.end)
    if _ABSTAIN.search(text):
        ctx.b.add(ctx.doc.iri, STYR.stance, code("stallningstagande", "avstar"))
    if _RESERVATION.search(text):
        ctx.b.add(ctx.doc.iri, STYR.stance, code("stallningstagande", "reservation"))
    start = _after_title(ctx)
    if start <= ctx.doc.end and _STATEMENT_HEADING.match(ctx.src.line(start).text.strip()):
        start = _next_nonblank(ctx, start + 1)
    description = _prose(ctx, start, ctx.doc.end)
    if description:
        ctx.b.add(ctx.doc.iri, DCTERMS.description, sv(description))


def extract_interpellation(ctx: Context) -> None:
    """Extract a councillor's interpellation: its author's party and its text."""
    _authors(ctx)
    description = _prose(ctx, _after_title(ctx), ctx.doc.end)
    if description:
        ctx.b.add(ctx.doc.iri, DCTERMS.description, sv(description))


def _after_title(ctx: Context) -> int:
    """Return the first non-blank line after the document's (one- or two-line) title."""
    seen: list[str] = []
    no = _next_nonblank(ctx, ctx.doc.start)
    while no <= ctx.doc.end and len(seen) < 3:
        seen.append(ctx.src.line(no).text.strip())
        no = _next_nonblank(ctx, no + 1)
        if len(join_lines(seen).rstrip(" .–-")) >= len(ctx.doc.title):
            break
    return no


def _next_nonblank(ctx: Context, no: int) -> int:
    """Return the first non-blank line from ``no`` on (past the end if none)."""
    while no <= ctx.doc.end and ctx.src.line(no).blank:
        no += 1
    return no


def _prose(ctx: Context, start: int, end: int) -> str:
    """Return the paragraphs of lines ``start..end``, without signatures or contact details."""
    paragraphs = []
    for block in ctx.src.blocks(start, end) if start <= end else []:
        kept = [ln.text for ln in block.lines if ctx.include_personal or not _private(ln.text)]
        if kept:
            paragraphs.append(join_lines(kept))
    return "\n\n".join(p for p in paragraphs if p)


def _private(text: str) -> bool:
    """Tell whether a line holds contact details or a signature with a name."""
    return bool(_PERSONAL.search(text) or SIGNATURE.match(text))


#: Public name of :func:`_private`, for the other readers of a document's text.
private = _private


# --- decision points (motions and the service report) -------------------------------------


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
        if _SECTION_HEADING.match(text) or (after_blank and _heading_like(text) and points):
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


def _decision_points(ctx: Context, from_motion: bool) -> tuple[list[Doc], int | None]:
    """Read and write the points under "Förslag till beslut"; return adopted docs and end."""
    heading = find_proposal(ctx)
    if heading is None:
        ctx.note(ctx.doc.start, ctx.doc.start, "decision_point", "no 'Förslag till beslut'")
        return [], None
    points, last = read_points(ctx, heading)
    if not points:
        ctx.unparsed(heading, last, "decision_point", "no numbered point under the heading")
    return write_points(ctx, points, from_motion), last


# --- motions -------------------------------------------------------------------------------


def extract_motion(ctx: Context) -> None:
    """Extract a party motion with its decision points and proposed assignments (and the
    amounts of the party's own budget proposal, when it is one)."""
    _authors(ctx)
    _own_budget(ctx)
    _, last = _decision_points(ctx, from_motion=True)
    reasons = _section_after(ctx, _REASONS, last or ctx.doc.start)
    if reasons:
        ctx.b.add(ctx.doc.iri, DCTERMS.description, sv(reasons))


def _section_after(ctx: Context, heading: re.Pattern[str], start: int) -> str:
    """Return the prose under the first ``heading`` after ``start``, up to the next heading."""
    lines = _section_lines(ctx, heading, start)
    return _prose(ctx, lines[0], lines[-1]) if lines else ""


def _section_lines(ctx: Context, heading: re.Pattern[str], start: int) -> list[int]:
    """Return the lines under the first ``heading`` after ``start``, before the next."""
    numbers = list(range(start, ctx.doc.end + 1))
    at = next((n for n in numbers if heading.match(ctx.src.line(n).text.strip())), None)
    if at is None:
        return []
    body: list[int] = []
    for no in range(at + 1, ctx.doc.end + 1):
        text = ctx.src.line(no).text.strip()
        if _SECTION_HEADING.match(text) or _is_box(ctx, no):
            break
        body.append(no)
    return body


# --- the service report --------------------------------------------------------------------


def extract_service_report(ctx: Context) -> None:
    """Extract the service report: case, issuer, decision points, summary, signing posts."""
    adopted, _ = _decision_points(ctx, from_motion=False)
    _case(ctx, adopted)
    summary = _section_after(ctx, _SUMMARY, ctx.doc.start)
    if summary:
        ctx.b.add(ctx.doc.iri, DCTERMS.abstract, sv(summary))
    admin = _issuer(ctx)
    if admin is not None:
        ctx.b.add(ctx.doc.iri, DCTERMS.creator, admin)
        _signing_posts(ctx, admin)


def _case(ctx: Context, adopted: list[Doc]) -> None:
    """Write the case the report belongs to, and put the party documents about it in it."""
    number, _, line = case_and_date(ctx.src, ctx.doc)
    number = ctx.doc.case_number or number
    if number is None:
        ctx.note(ctx.doc.start, ctx.doc.start, "case", "no Ärendenummer/Diarienummer found")
        return
    report = ctx.doc.iri
    ctx.b.add(report, STYR.caseNumber, Literal(number))
    case = ctx.mint(ctx.doc.municipality, "arende", slug(number))
    ctx.b.node(case, STYR.Case, f"Ärende {number}")
    ctx.b.add(case, STYR.caseNumber, Literal(number))
    ctx.b.evidence(case, report, line or ctx.doc.start, line or ctx.doc.start)
    ctx.b.add(report, STYR.inCase, case)
    about = {d.iri for d in adopted} | {report}
    for doc in ctx.docs:
        subject = concerned_document(doc, ctx.docs) if doc.kind in {"statement", "motion"} else None
        if subject is not None and subject.iri in about:
            ctx.b.add(doc.iri, STYR.inCase, case)


def _issuer(ctx: Context) -> URIRef | None:
    """Return the administration named just above the word "Tjänsteutlåtande"."""
    for no in range(ctx.doc.start + 1, ctx.doc.end + 1):
        if not _REPORT_WORD.match(ctx.src.line(no).text.strip()):
            continue
        above = _previous_nonblank(ctx, no)
        if above is None:
            continue
        named = [o for o in orgs_in(ctx.src.line(above).text) if o.kind == ADMINISTRATION]
        if named:
            return ctx.org(named[0], above)
    ctx.note(ctx.doc.start, ctx.doc.start, "service_report", "no issuing administration found")
    return None


def _previous_nonblank(ctx: Context, no: int) -> int | None:
    """Return the last non-blank line before ``no`` within the document."""
    no -= 1
    while no >= ctx.doc.start:
        if not ctx.src.line(no).blank:
            return no
        no -= 1
    return None


def _is_box(ctx: Context, no: int) -> bool:
    """Tell whether line ``no`` belongs to the report's box (issuer, case, contact person)."""
    text = ctx.src.line(no).text.strip()
    if _REPORT_WORD.match(text) or _PERSONAL.search(text):
        return True
    following = next(
        (
            ctx.src.line(n).text.strip()
            for n in range(no + 1, ctx.doc.end + 1)
            if not ctx.src.line(n).blank
        ),
        "",
    )
    return bool(_REPORT_WORD.match(following))


def signatures(ctx: Context) -> Iterator[tuple[int, int]]:
    """Yield ``(name line, post line)`` for each signature of the report."""
    for no in range(ctx.doc.start + 1, ctx.doc.end + 1):
        text = ctx.src.line(no).text.strip()
        if not text or len(text) > 60 or text.endswith(".") or not _POST_WORD.search(text):
            continue
        above = _previous_nonblank(ctx, no)
        if above is None:
            continue
        name = ctx.src.line(above).text.strip()
        if _PERSON_NAME.match(name) and not _NOT_PERSON.search(name) and not orgs_in(name):
            yield above, no


def _signing_posts(ctx: Context, admin: URIRef) -> None:
    """Write each signing post; a person holding it only when personal data is wanted."""
    for name_line, post_line in signatures(ctx):
        post = ctx.src.line(post_line).text.strip()
        iri = URIRef(f"{admin}/befattning/{slug(post)}")
        ctx.b.node(iri, ORG.Post, post)
        ctx.b.add(iri, ORG.postIn, admin)
        ctx.b.evidence(iri, ctx.doc.iri, post_line, post_line)
        ctx.b.add(ctx.doc.iri, STYR.signedByPost, iri)
        if ctx.include_personal:
            name = ctx.src.line(name_line).text.strip()
            person = ctx.mint(ctx.doc.municipality, "person", slug(name))
            ctx.b.node(person, PROV.Person, name)
            ctx.b.evidence(person, ctx.doc.iri, name_line, name_line)
            ctx.b.add(iri, ORG.heldBy, person)
