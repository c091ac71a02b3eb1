"""``/bodies``: every body, a page (HTML, Swedish) for people.

The bodies are those ``/api/bodies`` lists (:func:`.bodies.select_bodies`: political
bodies, administrations, collective addressees, companies, external organisations), each
linked to its page, with what it answers for: the goals it is the main responsible body
for (styr:mainResponsibleBody) and a responsible body for (styr:responsibleBody, not
main), the assignments it is responsible for or contributes to (each count links to the
ledger, ``/assignments``, of that body and role), and the status reports it has given
(styr:reportingBody).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from rdflib.term import Node

from ..render import render
from .bodies import select_bodies
from .facts import PREFIXES, number, select
from .ledger import url

router = APIRouter()

#: Goals per body and role; a goal's main responsible bodies are also its responsible
#: bodies (sub-property), so "responsible" counts the others only.
GOAL_COUNTS = (
    PREFIXES
    + """SELECT ?s ?role (COUNT(DISTINCT ?g) AS ?n)
WHERE {
  { ?g styr:mainResponsibleBody ?s . BIND("main" AS ?role) }
  UNION
  { ?g styr:responsibleBody ?s .
    FILTER NOT EXISTS { ?g styr:mainResponsibleBody ?s }
    BIND("responsible" AS ?role) }
  ?g a styr:Goal .
}
GROUP BY ?s ?role"""
)
#: Status reports per reporting body.
REPORT_COUNTS = (
    PREFIXES
    + """SELECT ?s ("reports" AS ?role) (COUNT(DISTINCT ?r) AS ?n)
WHERE {
  ?r styr:reportingBody ?s .
  ?r a styr:StatusReport .
}
GROUP BY ?s"""
)


def whole(term: Node | None) -> int:
    value = number(term)
    return value if isinstance(value, int) else 0


async def counts(request: Request) -> Counter[tuple[str, str]]:
    """Return the goal and status-report counts by (body IRI, role)."""
    found: Counter[tuple[str, str]] = Counter()
    for query in (GOAL_COUNTS, REPORT_COUNTS):
        rows = await select(request, query)
        for row in rows.rows:
            body, role = row.get("s"), row.get("role")
            if body is not None and role is not None:
                found[str(body), str(role)] += whole(row.get("n"))
    return found


def assignments_link(iri: str, role: str, count: int) -> str | None:
    """Return the ledger of ``iri``'s assignments in ``role``, when it has any."""
    return url("/assignments", {"body": iri, "role": role}) if count else None


@router.get("/bodies", include_in_schema=False)
async def bodies_page(request: Request) -> HTMLResponse:
    """Every body, with the goals, assignments and status reports it answers for."""
    bodies, truncated = await select_bodies(request)
    found = await counts(request)
    # "del av Göteborgs Stad" on every board says nothing: the municipality is left out
    municipality = {b["iri"] for b in bodies if b["kind"] and b["kind"]["code"] == "Municipality"}
    rows: list[dict[str, Any]] = []
    for body in bodies:
        iri = body["iri"]
        responsible = body["assignments_responsible"]
        contributing = body["assignments_contributing"]
        rows.append(
            {
                **body,
                "part_of": [part for part in body["part_of"] if part["iri"] not in municipality],
                "goals_main": found[iri, "main"],
                "goals_responsible": found[iri, "responsible"],
                "reports": found[iri, "reports"],
                "responsible_link": assignments_link(iri, "responsible", responsible),
                "contributing_link": assignments_link(iri, "contributing", contributing),
            }
        )
    html = render("bodies.html", title="Organ", current="/bodies", rows=rows, truncated=truncated)
    return HTMLResponse(html)
