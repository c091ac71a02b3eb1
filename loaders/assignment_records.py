"""What one document says about one assignment: the record, its bodies and its case.

Every reader of assignments (:mod:`loaders.assignments`) makes its records with
:func:`record_assignment`, which takes an earlier budget's year ("Budget 2023 …") and a
case number ("- dnr 0437/23", "- ärende SLK-2023-00437") off the text and reads the
bodies: those before "får i uppdrag" are responsible, those after "i samverkan med"
co-operate, those that "ska stötta" support (:func:`parse_parties`). Records are merged
across documents by :mod:`loaders.resolve`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import URIRef

from .context import Context, StatedBy
from .orgs import Org, find_orgs, orgs_in

# Words matched in the source.
ASSIGNED = re.compile(r"\bfår\s+i\s+uppdrag\b", re.IGNORECASE)
GIVEN = re.compile(r"\b(?:får|ges)\s+i\s+uppdrag\s+att\b|\buppdras\s+att\b", re.I)
EARLIER = re.compile(r"^Budget\s*[-–]?\s*(20\d\d)\s*[-–]?\s*(?=[A-ZÅÄÖ])")
CASE_NO = re.compile(
    r"[-–]\s*(?:(dnr)\s+(\d{3,5}/\d{2})|ärende\s+([A-ZÅÄÖ]{2,6}-\d{4}-\d{3,6}))\s*\.?$",
    re.IGNORECASE,
)
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
    match = ASSIGNED.search(text) or GIVEN.search(text)  # "får i uppdrag", "uppdras att"
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


def record_assignment(
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


def report_clause(text: str) -> str | None:
    """Return the "Återrapportering ska ske …" sentence of an assignment text."""
    found = REPORT_CLAUSE.search(text)
    return found.group(0) if found else None
