"""Assignments (uppdrag) and their reporting plans.

Two layouts are read: the implementation plan's "»" list under "Uppdrag:", and
the budget's two-column table ("Uppdrag … Plan för rapportering") that PDF
extraction linearises into the assignment paragraph followed by the plan cell.
Everywhere else an assignment is read from running text, one sentence or numbered
item at a time, also when paragraphs and numbered items are joined into one long
line: "<bodies> får i uppdrag att …", "ges i uppdrag att", "uppdras att",
"X:s uppdrag, givet av kommunfullmäktige DATE § N, att …" and "Kommunfullmäktiges
uppdrag DATE § N till X att …".
Records are merged across documents by :mod:`loaders.resolve`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import URIRef

from .context import Context, StatedBy
from .orgs import COUNCIL, Org, find_orgs, holders, orgs_in, renamed_in
from .source import Block

# Words matched in the source.
ASSIGNED = re.compile(r"\bfår\s+i\s+uppdrag\b", re.IGNORECASE)
ITEM = re.compile(r"^»\s*")
LIST_HEADING = re.compile(r"^Uppdrag:?\s*$", re.IGNORECASE)
# "Från Göteborgs Stads budget:", "Från kommunfullmäktiges budget:", "Från budget 2026:"
FROM_CITY = re.compile(
    r"^Från\s+(?:\S+\s+){0,3}budget(?:en)?(?:\s+20\d\d)?:?$|^Uppdrag i\b.*genomförandeplan", re.I
)
# "Från nämnden:", "Från styrelsen:", "Från kommunstyrelsen:", "Uppdrag från nämnden …"
FROM_BOARD = re.compile(
    r"^(?:Från\s+(?:\S*nämnden|\S*styrelsen)|Uppdrag från nämnden\b.*):?$", re.IGNORECASE
)
TABLE_HEADER = re.compile(r"Plan för rapportering\s*$", re.IGNORECASE)
EARLIER = re.compile(r"^Budget\s*[-–]?\s*(20\d\d)\s*[-–]?\s*(?=[A-ZÅÄÖ])")
EARLIER_TABLE = re.compile(r"^Budgetuppdrag\b|uppdrag i budget från tidigare år", re.IGNORECASE)
SECTION_HEADING = re.compile(r"^\d+\.\d+\s+\S")
STOP_HEADING = re.compile(r"^(Inriktningar|Mål):?\s*$", re.IGNORECASE)
CASE_NO = re.compile(
    r"[-–]\s*(?:(dnr)\s+(\d{3,5}/\d{2})|ärende\s+([A-ZÅÄÖ]{2,6}-\d{4}-\d{3,6}))\s*\.?$",
    re.IGNORECASE,
)
STATUS = re.compile(r"^Status:\s*", re.IGNORECASE)
NOT_IN_PLAN = re.compile(r"\binte med i genomförandeplanen\b", re.IGNORECASE)
REPORT_CLAUSE = re.compile(r"(?:Å|AÅ\s?)terrapportering(?:en)?\s+ska\s+ske[^.]*\.?", re.IGNORECASE)
COOPERATION = re.compile(r"\bi\s+samverkan\s+med\s+", re.IGNORECASE)
SUPPORT = re.compile(r"\bska\s+stött?a?\b", re.IGNORECASE)
BODY_GAP = re.compile(r"^(?:\s*,\s*|\s+och\s+|\s*,\s*och\s+|\s*)$")


@dataclass
class AssignmentRecord(StatedBy):
    """What one document says about one assignment."""

    origin: str
    origin_year: int | None
    text: str
    start: int
    end: int
    responsible: list[Org]
    cooperating: list[Org]
    supporting: list[Org]
    case_number: str | None = None
    plan_text: str | None = None
    plan_span: tuple[int, int] | None = None
    notes: list[tuple[str, int, int]] = field(default_factory=list)
    status: tuple[str, int, int] | None = None
    order: int = 0
    #: What a follow-up declares of it (a ``kod:uppdragsstatus`` slug), and when.
    declared: str | None = None
    declared_on: str | None = None
    #: The decision that gave it, when the text names one ("givet av kommunfullmäktige
    #: 2022-05-19 § 22"): an ISO date.
    given_on: str | None = None
    given_by: Org | None = None
    #: The status cell's comment, with its first and last line.
    status_comment: tuple[str, int, int] | None = None


def _listed_bodies(text: str) -> list[Org]:
    """Return the bodies named one after another at the start of ``text``."""
    found = find_orgs(text)
    out: list[Org] = []
    position = 0
    for org, start, end in found:
        if not BODY_GAP.match(text[position:start]):
            break
        out.append(org)
        position = end
    return out


def parse_parties(text: str) -> tuple[list[Org], list[Org], list[Org]]:
    """Return responsible, co-operating and supporting bodies of an assignment text."""
    match = ASSIGNED.search(text) or _GIVEN.search(text)  # "får i uppdrag", "uppdras att"
    responsible = orgs_in(text[: match.start()]) if match else []
    cooperating: list[Org] = []
    for co in COOPERATION.finditer(text):
        cooperating += _listed_bodies(text[co.end() :])
    supporting: list[Org] = []
    for sentence in re.split(r"(?<=\.)\s+", text):
        if SUPPORT.search(sentence):
            supporting += orgs_in(sentence[: SUPPORT.search(sentence).start()])  # type: ignore[union-attr]
    keys = {o.key for o in responsible}
    cooperating = [o for o in dict((o.key, o) for o in cooperating).values() if o.key not in keys]
    supporting = [o for o in dict((o.key, o) for o in supporting).values() if o.key not in keys]
    return responsible, cooperating, supporting


def _record(
    ctx: Context, origin: str, origin_year: int | None, text: str, start: int, end: int
) -> AssignmentRecord:
    case = None
    earlier = EARLIER.match(text)
    if earlier:
        origin, origin_year = "tidigare-budget", int(earlier.group(1))
        text = text[earlier.end() :]
    found = CASE_NO.search(text)
    if found:
        case = f"dnr {found.group(2)}" if found.group(1) else found.group(3)
        text = text[: found.start()].rstrip(" -–")
    responsible, cooperating, supporting = parse_parties(text)
    records: list[AssignmentRecord] = ctx.shared.setdefault("assignments", [])
    counted: dict[URIRef, int] = ctx.shared.setdefault("assignments_per_document", {})
    counted[ctx.doc.iri] = counted.get(ctx.doc.iri, 0) + 1
    record = AssignmentRecord(
        **vars(ctx.stated_by()),
        origin=origin,
        origin_year=origin_year,
        text=text.strip(),
        start=start,
        end=end,
        responsible=responsible,
        cooperating=cooperating,
        supporting=supporting,
        case_number=case,
        order=counted[ctx.doc.iri],
    )
    records.append(record)
    if not responsible:
        ctx.unparsed(start, end, "assignment", "no responsible body before 'får i uppdrag'")
    return record


def extract(ctx: Context) -> None:
    """Collect the assignments this document states."""
    blocks = ctx.blocks()
    _renamed(ctx, blocks)
    _items(ctx, blocks)
    _table(ctx, blocks)
    _sentences(ctx, blocks)


# --- assignments in running text ---------------------------------------------------------------
# where one item or sentence ends and the next begins, inside a line: "… fullgjort. 2. X får …",
# "… a. Grundskolenämndens uppdrag …", "… förfrågningar. Nämnden får …"
_ITEM_BREAK = re.compile(
    r"(?<=[.:;])\s+(?=(?:\d{1,2}|[a-zåäö])\.\s+[A-ZÅÄÖ])|(?<=[.!?])\s+(?=[A-ZÅÄÖ])"
)
_ITEM_NUMBER = re.compile(r"^(?:\d{1,2}|[a-zåäö])\.\s+")
_MARKER = re.compile(r"(?:\d{1,2}|[a-zåäö])\.")
_GIVEN = re.compile(r"\b(?:får|ges)\s+i\s+uppdrag\s+att\b|\buppdras\s+att\b", re.I)
# "Grundskolenämndens uppdrag, givet av kommunfullmäktige 2022-11-24 § 5, att …"
# "Kommunfullmäktiges uppdrag 2020-02-20 § 8 punkt 4 till nämnden för X att …"
_FOLLOWED = re.compile(
    # the genitive "s" may be missing ("Nämnden för konsument- och medborgarservice uppdrag"),
    # a date broken by the PDF ("2022- 05-19"), a paragraph mistyped ("§1 6"), "att," so on
    r"(?P<holder>.{3,160}?)(?::?s)?\s+uppdrag,?\s+(?:givet|givna|lämnat)\s+av\s+(?P<giver>\S+)\s+"
    r"(?P<date>\d{4}-\s?\d{2}-\s?\d{2})?\s*(?:§\s*\d+(?:\s\d{1,2}(?=,))?)?"
    r"(?:\s+punkt\s+\d+)?,?\s+att,?\s+"
    # "Kommunfullmäktiges uppdrag 2022-04-28 § 18 punkt 4 till X att", "… uppdrag i budget 2022
    # till X om att", "… uppdrag till X 2022-05-19 § 17 punkt 1 att"
    r"|(?:kommun|region)fullmäktiges\s+uppdrag\s+"
    r"(?:(?P<date2>\d{4}-\d{2}-\d{2})\s+§\s*\d+(?:\s+punkt\s+\d+)?\s+"
    r"|i\s+budget(?:en)?\s+(?:för\s+)?(?P<budget>20\d\d)\s+)?"
    r"till\s+(?P<holder2>[^.;]{3,160}?)"
    r"(?:\s+(?P<date3>\d{4}-\d{2}-\d{2})\s+§\s*\d+(?:\s+punkt\s+\d+)?)?,?\s+(?:om\s+)?att\s+",
    re.IGNORECASE,
)
# a decision point declaring the status of the items under it: "… förklaras fullgjorda."
# "… förklaras inte fullgjort": the council keeps it open (it is still going on)
_DECLARED = re.compile(
    r"\bförklara(?:s|des)\s+((?:inte\s+|ej\s+)?(?:fullgjort|fullgjorda|fullgjord)"
    r"|avslutat|avslutade|avslutad)\b",
    re.IGNORECASE,
)
# a status table's cell beside the assignment, as the boards' reports write it
_CELL_STATUS = {
    "fullgjord": "fullgjord",
    "fullgjort": "fullgjord",
    "genomförd": "fullgjord",
    "genomfört": "fullgjord",
    "avslutad": "avslutad",
    "avslutat": "avslutad",
    "pågående": "pagaende",
    "pågår": "pagaende",
    "ej påbörjad": "ej-paborjad",
    "ej påbörjat": "ej-paborjad",
    "inte påbörjad": "ej-paborjad",
    "inte påbörjat": "ej-paborjad",
}
_ISO_DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")
#: The date of a status is looked for this many lines down its column.
STATUS_DATE_LINES = 5
#: A status's comment is read at most this many lines down its column.
STATUS_COMMENT_LINES = 40
# "Uppdraget förklaras fullgjort.": the assignment just stated
# "Stadsledningskontoret bedömer att uppdraget kan förklaras fullgjort.": the same, close by
_BACK = re.compile(r"^(?:Uppdraget|Detta\s+uppdrag|Uppdraget\s+ovan)\b", re.IGNORECASE)
_BACK_IN = re.compile(r"\b(?:uppdraget|detta\s+uppdrag)\s+(?:kan\s+|bör\s+)?förklaras\b", re.I)
#: A sentence about "uppdraget" is about the assignment stated at most this many lines above.
BACK_LINES = 10
_STATUS_WORDS = {
    "inte fullgjort": "pagaende",
    "inte fullgjorda": "pagaende",
    "inte fullgjord": "pagaende",
    "ej fullgjort": "pagaende",
    "ej fullgjorda": "pagaende",
    "ej fullgjord": "pagaende",
    "fullgjort": "fullgjord",
    "fullgjorda": "fullgjord",
    "fullgjord": "fullgjord",
    "avslutat": "avslutad",
    "avslutade": "avslutad",
    "avslutad": "avslutad",
}
# "Grundskolenämndens uppdrag att …", "Nämnden för äldre samt vård och omsorgs uppdrag att …"
# "Göteborgs Stads Leasing AB:s uppdrag att", "Byggnadsnämndens uppdrag, tillsammans med
# fastighetsnämnden, att": the partners between "uppdrag" and "att" stay in the text
_HELD = re.compile(
    r"^(?P<holder>[^.;:]{3,160}?):?s\s+uppdrag"
    r"(?P<with>,\s+(?:tillsammans|i\s+samverkan|i\s+samarbete)\s+med\s+[^.;]{3,160}?)?"
    r",?\s+(?:om\s+)?att\s+",
    re.IGNORECASE,
)
# "… fick kommunstyrelsen i uppdrag att …": a follow-up retelling an assignment
# "Kommunfullmäktige gav 2022-04-28 § 18 punkt 4 kommunstyrelsen i uppdrag att …"
_TOLD = re.compile(
    r"\b(?:fick|gav(?:\s+(?P<given>\d{4}-\d{2}-\d{2})\s+§\s*\d+(?:\s+punkt\s+\d+)?)?)"
    r"\s+(?P<holder>[^.;:]{3,120}?)\s+i\s+uppdrag\s+att\s+",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
#: Kinds whose assignments are the city's (given in the council's budget) or a board's own.
_CITY_KINDS = {"council_budget"}
_BOARD_KINDS = {"board_budget", "operational_plan", "implementation_plan"}


def _renamed(ctx: Context, blocks: list[Block]) -> None:
    """Note the bodies the document says were renamed or replaced ("Lokalnämnden, numera
    stadsfastighetsnämnden"): an assignment of the one is the other's (:mod:`.resolve`)."""
    renamed: dict[tuple[str, str], str] = ctx.shared.setdefault("renamed", {})
    for block in blocks:
        if "numera" in block.text.lower() or "(" in block.text:
            for old, new in renamed_in(block.text):
                renamed.setdefault((ctx.doc.municipality, old.key), new.key)


def _origin(ctx: Context) -> str:
    if ctx.doc.kind in _CITY_KINDS:
        return "stadens-budget"
    if ctx.doc.kind in _BOARD_KINDS:
        return "namnden"
    return "lopande"


def _sentences(ctx: Context, blocks: list[Block]) -> None:
    """Read assignments stated in running text, outside the lists and tables read above."""
    taken = {
        n
        for rec in ctx.shared.get("assignments", [])
        if rec.doc_iri == ctx.doc.iri
        for n in range(rec.start, rec.end + 1)
    }
    # lines another extractor already read (a decision point proposing the assignment)
    taken.update(
        n
        for start, end in ctx.b.spans
        if ctx.doc.start <= start and end <= ctx.doc.end and end - start < 20
        for n in range(start, end + 1)
    )
    beside = _right_column(ctx)  # a status table's right column, by line
    declared: tuple[str, int | None] | None = None  # a point's "förklaras fullgjorda"
    latest: AssignmentRecord | None = None  # the assignment the point has stated last
    for block in blocks:
        if any(ln.no in taken for ln in block.lines):
            continue
        text, starts, numbers = _joined(block)
        if "uppd" not in text.lower():  # no "uppdrag"/"uppdras": nothing to read
            continue
        crossed = {ln.no for ln in block.lines if _interleaved(ln.text)}
        for no in sorted(crossed):
            ctx.unparsed(no, no, "assignment", "a table's or page's columns run into one line")
        marker: str | None = None  # "a." or "2." split from its item by the sentence break
        for a, z in _pieces(text):
            piece = text[a:z].strip()
            if _MARKER.fullmatch(piece):
                marker = piece
                continue
            numbered = _ITEM_NUMBER.match(piece)
            item = numbered.group().strip(" .") if numbered else (marker or "").strip(" .")
            marker = None
            piece = piece[numbered.end() :] if numbered else piece
            first = numbers[bisect_right(starts, a) - 1]
            last = numbers[bisect_right(starts, max(a, z - 1)) - 1]
            if crossed and any(first <= no <= last for no in crossed):
                continue  # words of two columns in one sentence: no assignment to read
            said = _DECLARED.search(piece)
            states = bool(_HELD.match(piece) or _FOLLOWED.search(piece) or _GIVEN.search(piece))
            if said and not states:
                status = _STATUS_WORDS[" ".join(said.group(1).lower().split())]
                back = _BACK.match(piece) or _BACK_IN.search(piece)
                near = latest is not None and latest.end >= first - BACK_LINES
                if back and near and latest is not None and latest.declared is None:
                    latest.declared, latest.declared_on = status, ctx.doc.handled
                    continue  # "… att X. Uppdraget förklaras fullgjort."
                declared = (status, _year_in(piece))
                continue  # "Nedanstående uppdrag (a-c), givna i budget 2021, förklaras fullgjorda."
            if item.isdigit():
                declared = latest = None  # a new decision point
            held = _HELD.match(piece) if declared and item.isalpha() else None
            if held and not _FOLLOWED.search(piece):
                _declared_item(ctx, piece, held, declared, first, last)  # type: ignore[arg-type]
                continue
            # what the assignment is, without what the point declares of it
            stated = piece[: said.start()].rstrip(" ,") + "." if said else piece
            record = _sentence(ctx, stated, first, last)
            if record is not None and said:  # "X:s uppdrag … att …, förklaras fullgjort."
                record.declared = _STATUS_WORDS[" ".join(said.group(1).lower().split())]
                record.declared_on = ctx.doc.handled
            elif record is not None and declared and item.isalpha():
                # "b. X:s uppdrag, givet av kommunfullmäktige DATE § N, att …" under the point
                record.declared, record.declared_on = declared[0], ctx.doc.handled
            elif record is not None and first in beside:
                _status_beside(record, beside, first)
            latest = record or latest
    _comments(ctx, beside)


def _comments(ctx: Context, beside: dict[int, str]) -> None:
    """Give each status cell its comment: the right column's lines below it, up to the next
    status cell or the next assignment beside it, without the table's header where a page
    repeats it ("Uppdragets status och kommentar")."""
    if not beside:
        return
    mine = sorted(
        (r for r in ctx.shared.get("assignments", []) if r.doc_iri == ctx.doc.iri),
        key=lambda r: r.start,
    )
    headers = _header_rows(ctx, beside)
    for record, after in zip(mine, [*mine[1:], None], strict=True):
        if record.status_comment is None:
            continue
        _, first, last = record.status_comment
        if after is not None and after.start > first:
            last = min(last, after.start - 1)
        said = [
            beside[no]
            for no in sorted(n for n in beside if first < n <= last)
            if not _ISO_DATE.fullmatch(beside[no]) and no not in headers
        ]
        record.status_comment = (" ".join(said), first, last) if said else None


# where PDF extraction ran a table's (or a page's) columns into one line, the column gaps stay:
# an assignment cut by one is read from two columns' words ("får i uppdrag att     Under året")
_COLUMN_GAP = re.compile(r"\S {3,}\S")
_CUT_ASSIGNMENT = re.compile(r"\bi\s+uppdrag\b.{0,60}?\S {3,}\S")


def _interleaved(line: str) -> bool:
    """Whether ``line`` holds several columns run together, one cutting an assignment."""
    return len(_COLUMN_GAP.findall(line)) >= 3 and bool(_CUT_ASSIGNMENT.search(line))


def _header_rows(ctx: Context, beside: dict[int, str]) -> set[int]:
    """The lines of a two-column table's header row, which a page repeats ("Uppdrag från
    KF/KS | Uppdragets status och kommentar"): both cells are words, and both recur."""
    left = {
        ln.no: " ".join(ln.text.split())
        for ln in ctx.src.reading_order()
        if ln.column == 1 and ln.no in beside
    }
    rights, lefts = Counter(beside.values()), Counter(left.values())
    rows = {
        no
        for no, cell in beside.items()
        if rights[cell] > 1
        and lefts[left.get(no, "")] > 1
        and len(re.findall(r"[^\W\d]{2,}", left.get(no, ""))) >= 2
    }
    cells = {beside[no] for no in rows}  # the header's cell, also where its row is not split
    return {no for no, cell in beside.items() if cell in cells}


def _right_column(ctx: Context) -> dict[int, str]:
    """The right column's text by line, where the document is laid out in two columns (a
    status table: "Uppdrag | Status och kommentar")."""
    if not ctx.src.regions:
        return {}
    return {
        ln.no: " ".join(ln.text.split())
        for ln in ctx.src.reading_order()
        if ln.column == 2 and ctx.doc.start <= ln.no <= ctx.doc.end and ln.text.strip()
    }


def _status_beside(record: AssignmentRecord, beside: dict[int, str], first: int) -> None:
    """Read the status cell beside an assignment: a status word on its first line
    ("Avslutad", "Pågående"), and the first date below it in its column."""
    status = _CELL_STATUS.get(beside[first].lower().rstrip(" ."))
    if status is None:
        return
    record.declared = status
    for no in range(first, first + STATUS_DATE_LINES):
        found = _ISO_DATE.search(beside.get(no, ""))
        if found:
            record.declared_on = found.group()
            break
    # the lines of its comment: below it, to the next status cell (:func:`_comments` reads
    # them once every assignment beside the column is known)
    last = first
    for no in sorted(n for n in beside if first < n <= first + STATUS_COMMENT_LINES):
        if _CELL_STATUS.get(beside[no].lower().rstrip(" .")):
            break
        last = no
    record.status_comment = ("", first, last)


def _year_in(text: str) -> int | None:
    found = _YEAR.search(text)
    return int(found.group()) if found else None


def _declared_item(
    ctx: Context,
    piece: str,
    held: re.Match[str],
    declared: tuple[str, int | None],
    first: int,
    last: int,
) -> None:
    """Record "a. Grundskolenämndens uppdrag att …" under a point that declares a status."""
    # the council's assignments are the ones it gives ("Kommunfullmäktiges uppdrag")
    holder = held.group("holder")
    bodies = [org for org in holders(holder) or orgs_in(holder) if org.kind != COUNCIL]
    if not bodies:
        return
    status, year = declared
    names = " och ".join(org.label for org in bodies)
    text = f"{names} får i uppdrag{held.group('with') or ''} att {piece[held.end() :]}"
    record = _record(ctx, "tidigare-budget" if year else "lopande", year, text, first, last)
    record.responsible = bodies
    record.declared, record.declared_on = status, ctx.doc.handled


def _joined(block: Block) -> tuple[str, list[int], list[int]]:
    """Return a paragraph's lines joined by one space, with where each line starts in the
    joined text and its number: a sentence wrapped over lines is read whole, and its
    evidence still names its own lines."""
    texts: list[str] = []
    starts: list[int] = []
    numbers: list[int] = []
    at = 0
    for ln in block.lines:
        line = " ".join(ln.text.split())
        if line:
            texts.append(line)
            starts.append(at)
            numbers.append(ln.no)
            at += len(line) + 1
    return " ".join(texts), starts, numbers


def _pieces(text: str) -> Iterator[tuple[int, int]]:
    """Yield the spans of the items and sentences of ``text`` (:data:`_ITEM_BREAK`)."""
    at = 0
    for found in _ITEM_BREAK.finditer(text):
        yield at, found.start()
        at = found.end()
    yield at, len(text)


def _sentence(ctx: Context, piece: str, first: int, last: int) -> AssignmentRecord | None:
    """Record the assignment one sentence or item states, if it states one."""
    followed = _FOLLOWED.search(piece)
    if followed:
        holder = followed.group("holder") or followed.group("holder2") or ""
        date = followed.group("date") or followed.group("date2") or followed.group("date3")
        date = "".join(date.split()) if date else None
        bodies = holders(holder) or orgs_in(holder)
        if not bodies:
            return None
        names = " och ".join(org.label for org in bodies)
        text = f"{names} får i uppdrag att {piece[followed.end() :]}"
        budget = followed.group("budget")
        year = int(date[:4]) if date else int(budget) if budget else None
        origin = "tidigare-budget" if budget else "lopande"
        record = _record(ctx, origin, year, text, first, last)
        record.responsible = bodies
        record.given_on = date
        givers = orgs_in(followed.group("giver") or "kommunfullmäktige")
        record.given_by = givers[0] if givers else None
        return record
    given = _GIVEN.search(piece)
    if given and orgs_in(piece[: given.start()]):
        return _record(ctx, _origin(ctx), ctx.doc.year, piece, first, last)
    told = _TOLD.search(piece)  # a report on it: "I budget 2023 fick kommunstyrelsen i uppdrag att"
    bodies = orgs_in(told.group("holder")) if told else []
    if not (told and bodies):
        return None
    given_in = _YEAR.search(told.group("given") or piece[: told.start()])
    text = f"{bodies[-1].label} får i uppdrag att {piece[told.end() :]}"
    given_year = int(given_in.group()) if given_in else None
    record = _record(ctx, "lopande", given_year, text, first, last)
    record.responsible = bodies[-1:]
    record.given_on = told.group("given")
    return record


def _items(ctx: Context, blocks: list[Block]) -> None:
    """Read "»" items under "Uppdrag:" (implementation-plan layout)."""
    inside = False
    origin = "stadens-budget"
    lines: list[tuple[int, str]] = []

    def close() -> None:
        if lines:
            text = " ".join(t for _, t in lines)
            from .textrepair import join_lines

            _record(ctx, origin, ctx.doc.year, join_lines([text]), lines[0][0], lines[-1][0])
            lines.clear()

    for block in blocks:
        first = block.first
        if LIST_HEADING.match(first):
            inside = True
            continue
        if not inside:
            continue
        if FROM_BOARD.match(first) or FROM_CITY.match(first):
            close()
            origin = "namnden" if FROM_BOARD.match(first) else "stadens-budget"
            continue
        if SECTION_HEADING.match(first) or STOP_HEADING.match(first):
            close()
            inside = False
            continue
        for ln in block.lines:
            text = ln.text.strip()
            if ITEM.match(text):
                close()
                lines.append((ln.no, ITEM.sub("", text)))
            elif lines:
                lines.append((ln.no, text))
            else:
                ctx.unparsed(ln.no, ln.no, "assignment", "text under 'Uppdrag:' outside a » item")
    close()


def _table(ctx: Context, blocks: list[Block]) -> None:
    """Read "Uppdrag … Plan för rapportering" tables (budget layout)."""
    inside = False
    origin = "stadens-budget"
    current: AssignmentRecord | None = None
    plan: list[Block] = []

    def close() -> None:
        nonlocal current
        if current is not None and plan:
            current.plan_text = " ".join(b.text for b in plan)
            current.plan_span = (plan[0].start, plan[-1].end)
        current = None
        plan.clear()

    for block in blocks:
        first = block.first
        if TABLE_HEADER.search(first):
            inside = True
            if EARLIER_TABLE.search(first):
                origin = "tidigare-budget"
            continue
        if not inside:
            continue
        if SECTION_HEADING.match(first):
            close()
            inside = False
            continue
        if FROM_BOARD.match(first):
            close()
            origin = "namnden"
            continue
        if ASSIGNED.search(" ".join(ln.text for ln in block.lines[:3])) and not plan and current:
            # a new assignment directly after one without a plan cell
            close()
        if ASSIGNED.search(" ".join(ln.text for ln in block.lines[:3])):
            close()
            current = _record(ctx, origin, ctx.doc.year, block.text, block.start, block.end)
            continue
        if current is None:
            ctx.unparsed(block.start, block.end, "assignment-table", "row without an assignment")
            continue
        if STATUS.match(first):
            current.status = (STATUS.sub("", block.text), block.start, block.end)
        elif NOT_IN_PLAN.search(block.text) or (block.first[:1].islower() and not plan):
            if block.first[:1].islower() and not NOT_IN_PLAN.search(block.text):
                current.text = f"{current.text} {block.text}"
                current.end = block.end
            else:
                current.notes.append((block.text, block.start, block.end))
        else:
            plan.append(block)
    close()


def report_clause(text: str) -> str | None:
    """Return the "Återrapportering ska ske …" sentence of an assignment text."""
    found = REPORT_CLAUSE.search(text)
    return found.group(0) if found else None
