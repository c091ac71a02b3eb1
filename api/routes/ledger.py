"""``/assignments``: the assignment ledger, a page (HTML, Swedish) for people.

A table of the assignments: each one's name (linked to its page), responsible bodies,
origin, due dates and current status, filtered by a GET form (body and role, origin,
current status, reporting mode, due dates from–to) and sorted by origin year or by due
date. The selection is :func:`.assignment_items.select_assignments`, the same as
``/api/assignments``: the values are checked and bound as RDF terms there, and the page
links to the same selection as CSV and JSON. A value that is not what its parameter takes
answers 400, with the form and the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from loaders.vocab import KOD_NS

from ..errors import BadRequest
from ..iri import iri_problem
from ..render import render
from .assignment_items import ASSIGNMENT_FILTERS, NO_STATUS, Assignments, select_assignments
from .bodies import select_bodies
from .labels import vocabulary
from .params import MAX_LIMIT, check_paging, check_params

router = APIRouter()

#: Rows on a page of the ledger, unless ``limit`` says otherwise.
PAGE_SIZE = 200
PARAMS = (*ASSIGNMENT_FILTERS, "limit", "offset")
#: The code lists' codes in the order the form offers them (codes not named here follow).
STATUS_ORDER = ("ej-paborjad", "pagaende", "fullgjord", "avslutad")
ORIGIN_ORDER = ("stadens-budget", "tidigare-budget", "namnden", "lopande", "yrkande")
MODE_ORDER = ("delrapport", "slutrapport", "lopande", "information", "ej-angiven")
ROLE_CHOICES = (
    ("any", "alla roller"),
    ("responsible", "ansvarig"),
    ("contributing", "i samverkan eller stödjande"),
)
SORT_CHOICES = (
    ("year", "ursprungsår och namn"),
    ("due", "återrapportering, tidigast först"),
    ("-due", "återrapportering, senast först"),
)


def codes(scheme: str, order: Sequence[str]) -> list[tuple[str, str]]:
    """Return the codes of a code list as (code, Swedish label), in ``order`` first."""
    prefix = f"{KOD_NS}{scheme}/"
    found = {
        iri[len(prefix) :]: labels.get("sv") or iri[len(prefix) :]
        for iri, labels in vocabulary().items()
        if iri.startswith(prefix) and "/" not in iri[len(prefix) :]
    }
    ranked = sorted(found, key=lambda c: (order.index(c) if c in order else len(order), c))
    return [(code, found[code]) for code in ranked]


def url(path: str, params: Mapping[str, object]) -> str:
    """Return ``path`` with the non-empty ``params`` as its query string."""
    kept = {k: str(v) for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(kept) if kept else "")


def number(request: Request, name: str, default: int) -> int:
    """Return the whole-number parameter ``name``, or ``default`` when it is absent.

    Raises:
        BadRequest: it is not a whole number.
    """
    text = request.query_params.get(name, "").strip()
    if not text:
        return default
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise BadRequest(f"parameter {name!r} must be a whole number, not {text!r}")
    return int(text)


def dues(item: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return an assignment's due dates, each once, with whether the document dates it
    exactly (else it is the last day of a month, quarter or season)."""
    seen: dict[str, bool] = {}
    for requirement in item["reporting"]:
        day = requirement["due_date"]
        if day:
            seen[day] = seen.get(day, False) or bool(requirement["exact_date"])
    return [{"date": day, "exact": seen[day]} for day in sorted(seen)]


def body_options(bodies: Iterable[Mapping[str, Any]], chosen: str) -> list[dict[str, Any]]:
    """Return the bodies that have assignments, for the form (and the chosen one, always)."""
    options = [
        {
            "iri": body["iri"],
            "label": body["label"] or body["iri"],
            "count": body["assignments_responsible"] + body["assignments_contributing"],
        }
        for body in bodies
        if body["assignments_responsible"] + body["assignments_contributing"] > 0
        or body["iri"] == chosen
    ]
    if chosen and chosen not in {o["iri"] for o in options}:
        options.append({"iri": chosen, "label": chosen, "count": None})
    return options


@router.get("/assignments", include_in_schema=False)
async def ledger(request: Request) -> HTMLResponse:
    """The assignment ledger: the assignments the form's filters keep, as a table."""
    query = request.query_params
    values = {name: query.get(name, "").strip() for name in ASSIGNMENT_FILTERS}
    values["role"] = values["role"] or "any"
    values["sort"] = values["sort"] or "year"
    found: Assignments | None = None
    error: BadRequest | None = None
    limit, offset = PAGE_SIZE, 0
    try:
        check_params(request, PARAMS)
        limit, offset = number(request, "limit", PAGE_SIZE), number(request, "offset", 0)
        check_paging(limit, offset)
        found = await select_assignments(
            request,
            body=values["body"],
            role=values["role"],
            origin=values["origin"],
            status=values["status"],
            due_before=values["due_before"],
            due_after=values["due_after"],
            reporting_mode=values["reporting_mode"],
            sort=values["sort"],
        )
    except BadRequest as failed:
        error = failed
        limit, offset = PAGE_SIZE, 0
    bodies, _ = await select_bodies(request)
    defaults = {("role", "any"), ("sort", "year")}
    filters = {k: v for k, v in values.items() if v and (k, v) not in defaults}
    selection = {k: v for k, v in filters.items() if k != "sort"}
    items = found.items if found else []
    page = items[offset : offset + limit]

    def sorted_by(sort: str) -> str:
        return url("/assignments", {**filters, "sort": None if sort == "year" else sort})

    def paged(start: int) -> str:
        size = None if limit == PAGE_SIZE else limit
        return url("/assignments", {**filters, "limit": size, "offset": start or None})

    html = render(
        "assignments.html",
        title="Uppdrag",
        current="/assignments",
        values=values,
        error=error,
        filtered=bool(selection),
        total=len(items),
        truncated=bool(found and found.truncated),
        rows=[{**item, "dues": dues(item)} for item in page],
        first=offset + 1,
        last=offset + len(page),
        previous=paged(max(offset - limit, 0)) if offset > 0 else None,
        next=paged(offset + limit) if offset + limit < len(items) else None,
        sort_due=sorted_by("-due" if values["sort"] == "due" else "due"),
        bodies=body_options(bodies, values["body"] if not iri_problem(values["body"]) else ""),
        roles=ROLE_CHOICES,
        origins=codes("uppdragsursprung", ORIGIN_ORDER),
        statuses=[*codes("uppdragsstatus", STATUS_ORDER), (NO_STATUS, "ingen status ännu")],
        modes=codes("rapporteringssatt", MODE_ORDER),
        sorts=SORT_CHOICES,
        csv=url("/api/assignments", {**filters, "format": "csv", "limit": MAX_LIMIT}),
        json=url("/api/assignments", {**filters, "format": "json", "limit": MAX_LIMIT}),
        max_limit=MAX_LIMIT,
    )
    return HTMLResponse(html, status_code=400 if error else 200)
