"""Which assignments a selection keeps, and what each says: the query, the items, the order.

:func:`select_assignments` serves ``/api/assignments``, the ledger page (``/assignments``)
and the home page. An assignment has its responsible and contributing bodies, its
reporting requirements (a requirement's due date is its exact date, styr:dueDate, when the
document gives one, else the last day of the period it gives, styr:dueBy), its origin and
its current status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import Request
from rdflib.term import Node

from ..errors import BadRequest
from .answers import iri_of
from .facts import (
    ASSIGNMENT_BODIES,
    LABELS,
    REQUIREMENT_TERMS,
    STYR,
    Facts,
    due_of,
    facet_query,
    facts,
    first_code,
    first_ref,
    plain_date,
    props,
    refs,
    sort_key,
    year_of,
)
from .labels import Labels
from .params import code_or_iri, in_range, parse_choice, parse_date, parse_iri

ROLES = ("any", "responsible", "contributing")
ROLE_PATHS = {
    "responsible": "styr:responsibleBody",
    "contributing": "styr:cooperatingBody|styr:supportingBody",
    "any": "styr:responsibleBody|styr:cooperatingBody|styr:supportingBody",
}
ASSIGNMENT_SELF = (
    *LABELS,
    *ASSIGNMENT_BODIES,
    "styr:originYear",
    "styr:origin",
    "styr:assignedBy",
    "styr:listedIn",
    "styr:caseNumber",
    "styr:currentStatus",
)
REQUIREMENT_PREDICATES = (*LABELS, *REQUIREMENT_TERMS, "styr:reportingOccasion", "styr:planText")


def assignment_query(
    role: str | None, mode: bool, detail: bool = False, origin: bool = False, status: bool = False
) -> str:
    """Return the assignments' facet query; ``role`` adds the body filter (``?body``),
    ``mode`` the reporting-mode filter (``?mode``), ``origin`` and ``status`` the filters on
    the origin (``?origin``) and the current status (``?status``), ``detail`` binds ``?s``."""
    head, bound = "", []
    if role is not None:
        head += f"?s {ROLE_PATHS[role]} ?body .\n  "
        bound.append("body")
    if origin:
        head += "?s styr:origin ?origin .\n  "
        bound.append("origin")
    if status:
        head += "?s styr:currentStatus ?status .\n  "
        bound.append("status")
    if mode:
        head += (
            "?s styr:hasReportingRequirement ?byMode .\n  ?byMode styr:reportingMode ?mode .\n  "
        )
        bound.append("mode")
    if detail:
        bound.append("s")
    head += "?s a styr:Assignment ."
    extra = ("styr:text", "styr:statusText", "styr:handlingNote") if detail else ()
    branches = [
        props("self", "", *ASSIGNMENT_SELF, *extra),
        props("requirement", "styr:hasReportingRequirement", *REQUIREMENT_PREDICATES),
    ]
    return facet_query(head, branches, bound)


def requirement(facts: Facts, labels: Labels, node: str) -> dict[str, Any]:
    return {
        **labels.ref(node),
        "due_date": due_of(facts, "requirement", node),
        "due_from": plain_date(facts.first("requirement", STYR + "dueFrom", node)),
        "exact_date": plain_date(facts.first("requirement", STYR + "dueDate", node)) is not None,
        "timing": first_code(facts, labels, "requirement", "timingKind", node),
        "mode": first_code(facts, labels, "requirement", "reportingMode", node),
        "report_to": refs(facts, labels, "requirement", "reportTo", node),
        "occasion": first_ref(facts, labels, "requirement", "reportingOccasion", node),
        "stated_in": refs(facts, labels, "requirement", "statedIn", node),
        "plan_text": facts.text("requirement", STYR + "planText", node),
    }


def assignment_item(facts: Facts, labels: Labels, detail: bool = False) -> dict[str, Any]:
    requirements = sorted(
        (requirement(facts, labels, node) for node in facts.nodes("requirement")),
        key=lambda r: (r["due_date"] or "9999", r["iri"]),
    )
    contributing = [
        {**ref, "role": role}
        for role in ("cooperating", "supporting")
        for ref in refs(facts, labels, "self", role + "Body")
    ]
    item: dict[str, Any] = {
        **labels.ref(facts.iri),
        "responsible": refs(facts, labels, "self", "responsibleBody"),
        "contributing": contributing,
        "due_dates": sorted({r["due_date"] for r in requirements if r["due_date"]}),
        "reporting_modes": sorted({r["mode"]["code"] for r in requirements if r["mode"]}),
        "origin_year": year_of(facts.first("self", STYR + "originYear")),
        "origin": first_code(facts, labels, "self", "origin"),
        "assigned_by": first_ref(facts, labels, "self", "assignedBy"),
        "case_number": facts.text("self", STYR + "caseNumber"),
        "listed_in": refs(facts, labels, "self", "listedIn"),
        "reporting": requirements,
        "current_status": first_code(facts, labels, "self", "currentStatus"),
    }
    if detail:
        item["text"] = facts.text("self", STYR + "text")
        item["status_text"] = facts.text("self", STYR + "statusText")
        item["handling_note"] = facts.text("self", STYR + "handlingNote")
    return item


def matches_reporting(
    item: dict[str, Any], mode: str | None, after: date | None, before: date | None
) -> bool:
    """Return whether one reporting requirement has ``mode`` and is due in the range."""
    if mode is None and after is None and before is None:
        return True
    return any(
        (mode is None or iri_of(req["mode"]) == mode) and in_range(req["due_date"], after, before)
        for req in item["reporting"]
    )


#: The filters and the order of /api/assignments and of the ledger page (/assignments).
ASSIGNMENT_FILTERS = (
    "body", "role", "origin", "status", "due_before", "due_after", "reporting_mode", "sort",
)  # fmt: skip
#: ``year``: by origin year, label and IRI; ``due``: the earliest due date first, ``-due``:
#: the latest due date first (undated ones last, in both).
SORTS = ("year", "due", "-due")
#: ``status=none``: the assignments no status report has given a current status.
NO_STATUS = "none"


@dataclass
class Assignments:
    """The assignments a selection keeps, in its order, and the parameters it was given."""

    items: list[dict[str, Any]]
    truncated: bool
    params: dict[str, str | None]


def by_origin_year(item: dict[str, Any]) -> tuple[int, str, str]:
    return (item["origin_year"] or 0, sort_key(item["label"]), item["iri"])


def sort_assignments(items: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """Return ``items`` in the order ``sort`` (one of :data:`SORTS`)."""
    ordered = sorted(items, key=by_origin_year)
    if sort == "year":
        return ordered
    dated = [i for i in ordered if i["due_dates"]]
    undated = [i for i in ordered if not i["due_dates"]]
    if sort == "due":
        dated.sort(key=lambda i: min(i["due_dates"]))
    else:  # the sort is stable, also reversed: equal dates keep the origin-year order
        dated.sort(key=lambda i: max(i["due_dates"]), reverse=True)
    return dated + undated


async def select_assignments(
    request: Request,
    *,
    body: str | None = None,
    role: str = "any",
    origin: str | None = None,
    status: str | None = None,
    due_before: str | None = None,
    due_after: str | None = None,
    reporting_mode: str | None = None,
    sort: str = "year",
) -> Assignments:
    """Return the assignments the filters keep (all of them without filters), sorted.

    Every value is checked first and bound as an RDF term (an IRI, or a code list's
    concept); empty values are no filter, as a form sends them. Used by /api/assignments
    and by the ledger page.

    Raises:
        BadRequest: a value is not what its parameter takes.
    """
    parse_choice("role", role, ROLES)
    parse_choice("sort", sort, SORTS)
    before, after = parse_date("due_before", due_before), parse_date("due_after", due_after)
    if before is not None and after is not None and after > before:
        raise BadRequest(
            f"due_after ({after}) is later than due_before ({before})", hint="swap the two dates"
        )
    bindings: dict[str, Node] = {}
    if body:
        bindings["body"] = parse_iri("body", body)
    if reporting_mode:
        bindings["mode"] = code_or_iri("reporting_mode", reporting_mode, "rapporteringssatt")
    if origin:
        bindings["origin"] = code_or_iri("origin", origin, "uppdragsursprung")
    without_status = (status or "").strip() == NO_STATUS
    if status and not without_status:
        bindings["status"] = code_or_iri("status", status, "uppdragsstatus")
    query = assignment_query(
        role if body else None,
        bool(reporting_mode),
        origin="origin" in bindings,
        status="status" in bindings,
    )
    result = await facts(request, query, bindings)
    mode = str(bindings["mode"]) if "mode" in bindings else None
    items = [
        item
        for item in (assignment_item(f, result.labels) for f in result.items.values())
        if matches_reporting(item, mode, after, before)
        and not (without_status and item["current_status"] is not None)
    ]
    params = {
        "body": body or None,
        "role": role if body else None,
        "origin": origin or None,
        "status": status or None,
        "due_before": due_before or None,
        "due_after": due_after or None,
        "reporting_mode": reporting_mode or None,
        "sort": sort if sort != "year" else None,
    }
    return Assignments(sort_assignments(items, sort), result.truncated, params)
