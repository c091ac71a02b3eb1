"""Assignments stated in running text, one sentence or numbered item at a time.

Paragraphs and numbered items may be joined into one long line; each is read whole and
cut into its items and sentences, whose evidence still names their own lines. A piece
states an assignment as "<bodies> får i uppdrag att …", "ges i uppdrag att", "uppdras
att", "X:s uppdrag, givet av kommunfullmäktige DATE § N, att …", "Kommunfullmäktiges
uppdrag DATE § N till X att …", or in a follow-up's retelling ("… fick kommunstyrelsen i
uppdrag att …"). A decision point may declare the status of the assignments under it
("Nedanstående uppdrag … förklaras fullgjorda."), and a sentence may declare the status
of the one just stated ("Uppdraget förklaras fullgjort."); a status cell beside it is
:mod:`loaders.assignment_status`'.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from .assignment_records import GIVEN, AssignmentRecord, record_assignment
from .assignment_status import read_comments, right_column, status_beside
from .context import Context
from .orgs import COUNCIL, holders, orgs_in
from .source import Block

# where one item or sentence ends and the next begins, inside a line: "… fullgjort. 2. X får …",
# "… a. Grundskolenämndens uppdrag …", "… förfrågningar. Nämnden får …"
_ITEM_BREAK = re.compile(
    r"(?<=[.:;])\s+(?=(?:\d{1,2}|[a-zåäö])\.\s+[A-ZÅÄÖ])|(?<=[.!?])\s+(?=[A-ZÅÄÖ])"
)
_ITEM_NUMBER = re.compile(r"^(?:\d{1,2}|[a-zåäö])\.\s+")
_MARKER = re.compile(r"(?:\d{1,2}|[a-zåäö])\.")
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


def _origin(ctx: Context) -> str:
    if ctx.doc.kind in _CITY_KINDS:
        return "stadens-budget"
    if ctx.doc.kind in _BOARD_KINDS:
        return "namnden"
    return "lopande"


def read_sentences(ctx: Context, blocks: list[Block]) -> None:
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
    beside = right_column(ctx)  # a status table's right column, by line
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
            states = bool(_HELD.match(piece) or _FOLLOWED.search(piece) or GIVEN.search(piece))
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
                status_beside(record, beside, first)
            latest = record or latest
    read_comments(ctx, beside)


# where PDF extraction ran a table's (or a page's) columns into one line, the column gaps stay:
# an assignment cut by one is read from two columns' words ("får i uppdrag att     Under året")
_COLUMN_GAP = re.compile(r"\S {3,}\S")
_CUT_ASSIGNMENT = re.compile(r"\bi\s+uppdrag\b.{0,60}?\S {3,}\S")


def _interleaved(line: str) -> bool:
    """Whether ``line`` holds several columns run together, one cutting an assignment."""
    return len(_COLUMN_GAP.findall(line)) >= 3 and bool(_CUT_ASSIGNMENT.search(line))


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
    record = record_assignment(
        ctx, "tidigare-budget" if year else "lopande", year, text, first, last
    )
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
        record = record_assignment(ctx, origin, year, text, first, last)
        record.responsible = bodies
        record.given_on = date
        givers = orgs_in(followed.group("giver") or "kommunfullmäktige")
        record.given_by = givers[0] if givers else None
        return record
    given = GIVEN.search(piece)
    if given and orgs_in(piece[: given.start()]):
        return record_assignment(ctx, _origin(ctx), ctx.doc.year, piece, first, last)
    told = _TOLD.search(piece)  # a report on it: "I budget 2023 fick kommunstyrelsen i uppdrag att"
    bodies = orgs_in(told.group("holder")) if told else []
    if not (told and bodies):
        return None
    given_in = _YEAR.search(told.group("given") or piece[: told.start()])
    text = f"{bodies[-1].label} får i uppdrag att {piece[told.end() :]}"
    given_year = int(given_in.group()) if given_in else None
    record = record_assignment(ctx, "lopande", given_year, text, first, last)
    record.responsible = bodies[-1:]
    record.given_on = told.group("given")
    return record
