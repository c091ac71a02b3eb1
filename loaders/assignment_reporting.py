"""Write the reporting requirements a document states for an assignment.

The plan for reporting ("Återrapportering ska ske till kommunstyrelsen senast …", the
budget table's "Plan för rapportering" cell) is read into facets by
:func:`loaders.dates.parse_plan`: when (a date, a month, a quarter, a span), how, to
whom, and at which reporting occasions of the time plan; each facet is one
``styr:ReportingRequirement``.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from .assignment_identity import core
from .assignment_records import AssignmentRecord, report_clause
from .builder import Builder, date, sv
from .codes import code
from .dates import parse_plan
from .merging import short
from .timeplan import CITY_ORGAN, REPORT_NAMES, occasion_iri
from .vocab import DCTERMS, INTERVAL, STYR, XSD


def _occasion(
    b: Builder, rec: AssignmentRecord, plan: str, report_type: str, year: int | None
) -> URIRef:
    """Return the reporting occasion a plan names, named as the time plan names it."""
    town = b.mint(rec.municipality)
    if "kommunstyrelsen" in plan.lower():
        organ, who = "ks", b.mint(rec.municipality, "org", "kommunstyrelsen")
        who_label = "kommunstyrelsen"
    else:
        organ, who = CITY_ORGAN, town
        who_label = b.labels.get(town) or rec.municipality.title()
    if year is None:
        occ = b.mint(rec.municipality, "okant-ar", organ, "rapport", report_type)
        b.node(occ, STYR.ReportingOccasion, f"{REPORT_NAMES[report_type]} för {who_label}")
    else:
        occ = occasion_iri(b.mint, rec.municipality, year, organ, report_type)
        b.node(occ, STYR.ReportingOccasion, f"{REPORT_NAMES[report_type]} {year} för {who_label}")
        b.add(occ, STYR.forBudgetYear, Literal(str(year), datatype=XSD.gYear))
    b.add(occ, STYR.reportType, code("rapporttyp", report_type))
    b.add(occ, STYR.reportingBody, who)
    return occ


def write_reporting(b: Builder, assignment: URIRef, rec: AssignmentRecord) -> None:
    """Write the reporting requirement this document states for an assignment."""
    key = URIRef(str(assignment)).rsplit("/", 1)[-1]
    iri = URIRef(f"{rec.doc_iri}/rapportering/{key}")
    plan = rec.plan_text
    span = rec.plan_span or (rec.start, rec.end)
    if plan is None:
        plan = report_clause(rec.text)
    b.node(iri, STYR.ReportingRequirement, f"Återrapportering: {short(core(rec.text), 60)}")
    b.add(assignment, STYR.hasReportingRequirement, iri)
    b.add(iri, STYR.forAssignment, assignment)
    b.add(iri, STYR.statedIn, rec.doc_iri)
    b.evidence(iri, rec.doc_iri, span[0], span[1])
    if plan is None:
        b.add(iri, STYR.timingKind, code("tidpunktstyp", "ingen"))
        b.add(iri, STYR.reportingMode, code("rapporteringssatt", "ej-angiven"))
        return
    b.add(iri, STYR.planText, sv(plan))
    facets = parse_plan(plan, rec.year)
    if not facets:
        b.add(iri, STYR.timingKind, code("tidpunktstyp", "ingen"))
        b.add(iri, STYR.reportingMode, code("rapporteringssatt", "ej-angiven"))
        b.add(iri, STYR.handlingNote, sv(plan))
        return
    ks = b.mint(rec.municipality, "org", "kommunstyrelsen")
    for i, facet in enumerate(facets):
        node = iri if i == 0 else URIRef(f"{iri}-{i + 1}")
        if i:
            b.node(
                node,
                STYR.ReportingRequirement,
                f"Återrapportering {i + 1}: {short(core(rec.text), 50)}",
            )
            b.add(assignment, STYR.hasReportingRequirement, node)
            b.add(node, STYR.forAssignment, assignment)
            b.add(node, STYR.statedIn, rec.doc_iri)
            b.add(node, STYR.planText, sv(plan))
            b.evidence(node, rec.doc_iri, span[0], span[1])
        b.add(node, STYR.timingKind, code("tidpunktstyp", facet.kind))
        b.add(node, STYR.reportingMode, code("rapporteringssatt", facet.mode))
        if facet.due_date:
            b.add(node, STYR.dueDate, date(facet.due_date))
        if facet.due_month:
            b.add(node, STYR.dueMonth, Literal(facet.due_month, datatype=XSD.gYearMonth))
            b.add(node, DCTERMS.temporal, INTERVAL[f"month/{facet.due_month}"])
        if facet.due_quarter:
            b.add(node, STYR.dueQuarter, Literal(facet.due_quarter))
            b.add(node, DCTERMS.temporal, INTERVAL[f"quarter/{facet.due_quarter}"])
        if facet.due_from:
            b.add(node, STYR.dueFrom, date(facet.due_from))
        if facet.due_by:
            b.add(node, STYR.dueBy, date(facet.due_by))
        if facet.to_ks:
            b.add(node, STYR.reportTo, ks)
        for report_type, year in facet.occasions:
            occ = _occasion(b, rec, plan, report_type, year)
            b.evidence(occ, rec.doc_iri, span[0], span[1])
            b.add(node, STYR.reportingOccasion, occ)
        if facet.milestone_year:
            occ = b.mint(
                rec.municipality,
                facet.milestone_year,
                "stad",
                "rapport",
                "forutsattningar-for-budget",
            )
            b.node(
                occ,
                STYR.BudgetProcessMilestone,
                f"Förutsättningar för budget {facet.milestone_year}",
            )
            b.add(occ, STYR.reportType, code("rapporttyp", "forutsattningar-for-budget"))
            b.add(occ, STYR.forBudgetYear, Literal(str(facet.milestone_year), datatype=XSD.gYear))
            b.evidence(occ, rec.doc_iri, span[0], span[1])
            b.add(node, STYR.reportingOccasion, occ)
