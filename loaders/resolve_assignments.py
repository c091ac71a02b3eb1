"""Merge the assignments that several documents state into one node each, and write them.

Records are grouped by :class:`loaders.assignment_identity.AssignmentGroups`, in the
order of the documents' precedence; each group is one assignment, with the IRI its
first record gives it, the evidence, bodies and notes of every record, the status
reports of the documents that declare one, its current status (:func:`latest_status`)
and the reporting requirements each document states (:mod:`loaders.assignment_reporting`).
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from .assignment_identity import AssignmentGroups, Renamed, core, key_text
from .assignment_records import AssignmentRecord
from .assignment_reporting import write_reporting
from .builder import Builder, date, sv
from .codes import code
from .ids import Minter, slug, words_slug
from .merging import rank, short
from .orgs import make_org
from .vocab import DCTERMS, STYR, XSD


def write_assignments(
    records: list[AssignmentRecord], builders: dict[str, Builder], renamed: Renamed
) -> None:
    """Group the assignment records into one assignment each and write them."""
    grouping = AssignmentGroups(renamed)
    for rec in sorted(records, key=lambda r: (rank(r.doc_kind, r.source), r.order)):
        grouping.add(rec)
    groups = grouping.groups
    used: set[URIRef] = set()
    for group in groups:
        canonical = group[0]
        iri = _assignment_iri(builders[canonical.source].mint, canonical, used)
        for rec in group:
            _write_assignment(builders[rec.source], iri, canonical, rec)
        current = latest_status(group)
        if current is not None:
            builders[canonical.source].add(iri, STYR.currentStatus, code("uppdragsstatus", current))


def latest_status(group: list[AssignmentRecord]) -> str | None:
    """Return the status the latest report gives an assignment (its history stays in the
    reports): the one with the latest date; undated reports count only when no report is
    dated, and then only when they agree. None when nothing decides."""
    declared = [r for r in group if r.declared]
    dated = [r for r in declared if r.declared_on]
    if dated:
        last = max(r.declared_on or "" for r in dated)
        statuses = {r.declared for r in dated if r.declared_on == last}
    else:
        statuses = {r.declared for r in declared}
    return statuses.pop() if len(statuses) == 1 else None


def _assignment_iri(mint: Minter, rec: AssignmentRecord, used: set[URIRef]) -> URIRef:
    assigner = "kf" if rec.origin in {"stadens-budget", "tidigare-budget"} else "ks"
    if rec.origin == "namnden" and rec.body_key and rec.body_key != "kommunstyrelsen":
        assigner = rec.body_key
    year = rec.origin_year or rec.year or "okant-ar"
    key = slug(rec.case_number) if rec.case_number else words_slug(key_text(rec.text), 8)
    iri = mint(rec.municipality, year, assigner, "uppdrag", key)
    n = 2
    base = iri
    while iri in used:
        iri = URIRef(f"{base}-{n}")
        n += 1
    used.add(iri)
    return iri


def _write_assignment(
    b: Builder, iri: URIRef, canonical: AssignmentRecord, rec: AssignmentRecord
) -> None:
    municipality = rec.municipality
    b.node(iri, STYR.Assignment, short(core(canonical.text)[:1].upper() + core(canonical.text)[1:]))
    b.add(iri, STYR.text, sv(canonical.text))
    b.add(iri, STYR.origin, code("uppdragsursprung", canonical.origin))
    if canonical.origin_year:
        b.add(iri, STYR.originYear, Literal(str(canonical.origin_year), datatype=XSD.gYear))
    council = b.mint(municipality, "org", "kommunfullmaktige")
    if canonical.origin in {"stadens-budget", "tidigare-budget"}:
        b.org(municipality, make_org("council", "kommunfullmäktige"), rec.doc_iri, rec.start)
        b.add(iri, STYR.assignedBy, council)
    given_on = canonical.given_on or rec.given_on
    if given_on:  # "givet av kommunfullmäktige DATE § N"
        b.add(iri, STYR.givenOn, date(given_on))
    giver = canonical.given_by or rec.given_by
    if giver is not None:
        b.add(iri, STYR.assignedBy, b.org(municipality, giver, rec.doc_iri, rec.start))
    if canonical.case_number:
        b.add(iri, STYR.caseNumber, Literal(canonical.case_number))
    b.add(iri, STYR.listedIn, rec.doc_iri)
    for org in rec.responsible:
        b.add(iri, STYR.responsibleBody, b.org(municipality, org, rec.doc_iri, rec.start))
    for org in rec.cooperating:
        b.add(iri, STYR.cooperatingBody, b.org(municipality, org, rec.doc_iri, rec.start))
    for org in rec.supporting:
        b.add(iri, STYR.supportingBody, b.org(municipality, org, rec.doc_iri, rec.start))
    end = rec.end
    if rec.plan_span:
        end = max(end, rec.plan_span[1])
    b.evidence(iri, rec.doc_iri, rec.start, end, stated_text=rec.text)
    for text, start, last in rec.notes:
        b.add(iri, STYR.handlingNote, sv(text))
        b.evidence(iri, rec.doc_iri, start, last, stated_text=text)
    if rec.status:
        b.add(iri, STYR.statusText, sv(rec.status[0]))
    if rec.declared:
        _status_report(b, iri, rec)
    write_reporting(b, iri, rec)


#: How a status report's label says the status ("Uppdraget fullgjort: …").
STATUS_WORDS = {
    "fullgjord": "fullgjort",
    "avslutad": "avslutat",
    "pagaende": "pågående",
    "ej-paborjad": "ej påbörjat",
}


def _status_report(b: Builder, assignment: URIRef, rec: AssignmentRecord) -> None:
    """Write what ``rec``'s document declares of the assignment (issue 14)."""
    assert rec.declared is not None
    iri = URIRef(f"{rec.doc_iri}/status/{rec.order}")
    status = code("uppdragsstatus", rec.declared)
    label = STATUS_WORDS.get(rec.declared, rec.declared)
    b.node(iri, STYR.StatusReport, f"Uppdraget {label}: {short(core(rec.text))}")
    b.add(iri, STYR.reportsOn, assignment)
    b.add(iri, STYR.assignmentStatus, status)
    b.add(iri, STYR.reportedIn, rec.doc_iri)
    if rec.body_key:  # the body whose document gives the report (its subject)
        b.add(iri, STYR.reportingBody, b.mint(rec.municipality, "org", rec.body_key))
    if rec.declared_on:
        b.add(iri, DCTERMS.date, date(rec.declared_on))
    end = rec.end
    if rec.status_comment is not None:
        comment, _, last = rec.status_comment
        b.add(iri, STYR.statusComment, sv(comment))
        end = max(end, last)
    b.evidence(iri, rec.doc_iri, rec.start, end, stated_text=rec.text)
