"""``/api/assignments`` and ``/api/assignments/item``: the assignments, as JSON or CSV.

The selection is :func:`.assignment_items.select_assignments`, shared with the ledger page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import APIRouter, Query, Request, Response

from ..services import services
from . import status_records
from .answers import Column, code_of, fields, iris_cell, labels_cell, single
from .assignment_items import (
    ASSIGNMENT_FILTERS,
    NO_STATUS,
    ROLES,
    SORTS,
    assignment_item,
    assignment_query,
    select_assignments,
)
from .labels import Labels, page_of
from .params import choice_param, date_param, iri_filter, iri_param
from .resource import Resource, TablePaging
from .schemas import ITEM_ANSWERS, TABLE_ANSWERS, AssignmentDetail, AssignmentPage

router = APIRouter(tags=["resources"])

ASSIGNMENT_COLUMNS: list[Column] = [
    *fields("iri", "label", "label_en"),
    ("responsible", lambda i: labels_cell(i["responsible"])),
    ("contributing", lambda i: labels_cell(i["contributing"])),
    ("due_dates", lambda i: " ".join(i["due_dates"])),
    ("reporting_modes", lambda i: " ".join(i["reporting_modes"])),
    *fields("origin_year"),
    ("listed_in", lambda i: labels_cell(i["listed_in"])),
    ("responsible_iri", lambda i: iris_cell(i["responsible"])),
    ("contributing_iri", lambda i: iris_cell(i["contributing"])),
    *fields("page"),
    ("current_status", lambda i: code_of(i["current_status"])),
    ("origin", lambda i: code_of(i["origin"])),
]
ASSIGNMENTS = Resource("assignment", "/api/assignments", ASSIGNMENT_COLUMNS, ASSIGNMENT_FILTERS)
ASSIGNMENT_DETAIL_QUERY = assignment_query(None, False, detail=True)


@router.get(
    "/api/assignments",
    response_model=AssignmentPage,
    responses=TABLE_ANSWERS,
    summary="List the assignments",
    description="The assignments (styr:Assignment), ordered by origin year, label and IRI "
    "(or by due date: `sort`). "
    "Each has its responsible bodies (styr:responsibleBody), contributing bodies "
    "(styr:cooperatingBody, styr:supportingBody, with the role), its reporting requirements "
    "(due date, reporting mode, to whom, in which document, the plan as written), the due "
    "dates and reporting modes in short, its origin year, its origin (`origin`, a code of "
    "https://w3id.org/styrgraf/kod/uppdragsursprung/), the documents it is listed "
    "in and its current status (`current_status`: the latest status report's, a code of "
    "https://w3id.org/styrgraf/kod/uppdragsstatus/; null without one).\n\nA requirement's "
    "due date is its exact date (styr:dueDate) when the document "
    "gives one, else the last day of the month, quarter or season it gives (styr:dueBy). "
    "`due_after`, `due_before` and `reporting_mode` keep an assignment when one and the "
    "same requirement meets them all (dates inclusive). JSON, or CSV by "
    "`Accept: text/csv` or `format=csv`. One assignment in full: `/api/assignments/item`. "
    "The same list as a page: `/assignments`.",
)
async def list_assignments(
    request: Request,
    paging: TablePaging,
    body: str | None = iri_filter(
        "Only assignments of this body (its IRI, as /api/bodies gives it), in the role `role`."
    ),
    role: str = choice_param(
        "any",
        "With `body`: `responsible` (styr:responsibleBody: the body is given the "
        "assignment), `contributing` (styr:cooperatingBody or styr:supportingBody: it works "
        "with or supports the responsible body) or `any` (either).",
        ROLES,
    ),
    origin: str | None = Query(
        None,
        description="Where the assignment comes from (styr:origin): a code of "
        "https://w3id.org/styrgraf/kod/uppdragsursprung/ (stadens-budget, namnden, "
        "tidigare-budget, lopande, yrkande) or the code's IRI.",
        examples=["stadens-budget"],
    ),
    status: str | None = Query(
        None,
        description="The current status (styr:currentStatus): a code of "
        "https://w3id.org/styrgraf/kod/uppdragsstatus/ (fullgjord, pagaende, ej-paborjad, "
        f"avslutad) or the code's IRI; `{NO_STATUS}` for the assignments without one.",
        examples=["fullgjord"],
    ),
    due_before: str | None = date_param(
        "Due on or before this xsd:date (YYYY-MM-DD).", "2025-06-30"
    ),
    due_after: str | None = date_param("Due on or after this xsd:date (YYYY-MM-DD).", "2025-01-01"),
    reporting_mode: str | None = Query(
        None,
        description="A reporting mode: a code of https://w3id.org/styrgraf/kod/rapporteringssatt/ "
        "(delrapport, slutrapport, lopande, information, ej-angiven) or the code's IRI.",
        examples=["delrapport"],
    ),
    sort: str = choice_param(
        "year",
        "`year` (origin year, then label), `due` (the earliest due date first) or "
        "`-due` (the latest due date first); undated assignments come last by due date.",
        SORTS,
    ),
) -> Response:
    listed = ASSIGNMENTS.begin(request, paging)
    found = await select_assignments(
        request,
        body=body,
        role=role,
        origin=origin,
        status=status,
        due_before=due_before,
        due_after=due_after,
        reporting_mode=reporting_mode,
        sort=sort,
    )
    return listed.answer(found.items, found.truncated, found.params)


@router.get(
    "/api/assignments/item",
    response_model=AssignmentDetail,
    responses=ITEM_ANSWERS,
    summary="One assignment",
    description="An assignment by its IRI, with what the list gives plus its full text, "
    "status and handling notes, and its status history (`status_history`: every status "
    "report on it, undated ones first, then by date, each with its status, date, "
    "document, source file, lines and quote). 404 when no assignment has the IRI.",
)
async def get_assignment(request: Request, iri: str = iri_param()) -> Response:
    found = await ASSIGNMENTS.find(request, iri, ASSIGNMENT_DETAIL_QUERY)
    item = assignment_item(found.facts, found.labels, detail=True)
    reports = await status_records.status_history(services(request).store, found.term, None)
    item["status_history"] = status_history(reports, found.labels)
    return single(item)


def status_history(reports: Iterable[status_records.Report], known: Labels) -> list[dict[str, Any]]:
    """Return an assignment's status reports (oldest first) as JSON."""
    labels = Labels(known.base)
    labels.merge(known)
    for report in reports:
        if report.document and report.document_label is not None:
            labels.add(report.document, report.document_label)
    return [
        {
            "iri": r.iri,
            "page": page_of(r.iri, labels.base),
            "status": labels.code(r.status) if r.status else None,
            "date": r.date,
            "document": labels.ref(r.document) if r.document else None,
            "source": r.file,
            "line_start": r.line_start,
            "line_end": r.line_end,
            "quote": r.quote,
            "comment": r.comment,
        }
        for r in reports
    ]
