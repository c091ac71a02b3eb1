"""Party statements (yttranden), motions (yrkanden), interpellations and the service report.

Who wrote a party document is read from its header ("Yrkande  (V, MP)"), its signature
"(S)" and authorship cues ("Centerpartiet vill …", "till förmån för förslaget från …";
:mod:`loaders.parties`); parties named as the side being criticised are not authors, and a
header that gives only a date takes its authors from the file's references to it
(:mod:`loaders.minutes`). Decision points come from :mod:`loaders.proposals`; the service
report adds its case, issuing administration and signing posts. Names, phone numbers and
e-mail addresses of officials are kept out of the graph unless ``ctx.include_personal``
is set.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import Literal, URIRef

from .builder import sv
from .codes import code
from .context import Context
from .document_iris import case_and_date, concerned_document
from .documents import Doc
from .ids import slug
from .kinds import BY_KEY
from .minutes import authors_by_date
from .orgs import ADMINISTRATION, orgs_in
from .parties import (
    OWN_BUDGET,
    SIGNATURE,
    Cue,
    canonical_order,
    decide,
    detect_parties,
    document_header,
    find_cues,
)
from .party_authors import write_authors
from .proposals import SECTION_HEADING, decision_points
from .source import SourceText
from .textrepair import join_lines
from .vocab import DCTERMS, ORG, PROV, STYR

# --- the Swedish words this module matches (the parties' own: loaders/parties.py) ----------

# Statements
_ABSTAIN = re.compile(
    r"\bavstå(?:r)?\s+från\s+att\s+delta\b|\bdeltar\b[^.]{0,40}?\binte\s+i\s+beslutet\b",
    re.IGNORECASE,
)
_RESERVATION = re.compile(r"\breserver(?:ade|ar)\s+(?:vi\s+)?oss\b", re.IGNORECASE)
_STATEMENT_HEADING = re.compile(r"^Yttrandet?\s*:?$", re.IGNORECASE)

# Motions: the reasons under their heading
_REASONS = re.compile(r"^(?:Yrkandet|Motivering|Yrkandets\s+motivering)\s*:?$", re.IGNORECASE)

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


# --- statements ----------------------------------------------------------------------------


def _own_budget(ctx: Context) -> None:
    """Read the amounts of a party's own budget proposal, as the budget's own are read."""
    from . import economy  # the economy readers are imported only when a statement needs them

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


# --- motions -------------------------------------------------------------------------------


def extract_motion(ctx: Context) -> None:
    """Extract a party motion with its decision points and proposed assignments (and the
    amounts of the party's own budget proposal, when it is one)."""
    _authors(ctx)
    _own_budget(ctx)
    _, last = decision_points(ctx, from_motion=True)
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
        if SECTION_HEADING.match(text) or _is_box(ctx, no):
            break
        body.append(no)
    return body


# --- the service report --------------------------------------------------------------------


def extract_service_report(ctx: Context) -> None:
    """Extract the service report: case, issuer, decision points, summary, signing posts."""
    adopted, _ = decision_points(ctx, from_motion=False)
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
