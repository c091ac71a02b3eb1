"""``/queries``: the named queries for people, each with a form for its typed parameters and
its answer as a table.

``/api/queries`` is the same catalogue for programs (JSON, CSV). Here ``/queries`` lists the
queries by what they answer, and ``/queries/{name}`` shows one: its description, a form whose
fields follow the parameters' types (a date field for a date, a number for a year), and, once
the form is sent (or at once for a query without required parameters), the rows as a table
whose IRIs link to their pages, with the same answer as CSV and JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from rdflib import Literal, URIRef
from rdflib.term import Node

from ..catalogue import NamedQuery, Param
from ..errors import ApiError, NotFound
from ..render import render
from ..services import CatalogueDep, ServicesDep

router = APIRouter(include_in_schema=False)

#: The HTML input for each parameter type (``queries/*.rq`` headers declare the types).
INPUTS = {
    "iri": {"type": "url"},
    "string": {"type": "text"},
    "integer": {"type": "number", "step": "1"},
    "decimal": {"type": "number", "step": "any"},
    "date": {"type": "date"},
    "gYear": {"type": "number", "step": "1", "min": "1900", "max": "2100"},
    "boolean": {"type": "checkbox", "value": "true"},
}


@dataclass(frozen=True)
class Cell:
    """One value of the answer: its text, and the page it links to, if any."""

    text: str
    href: str | None = None


def cell(term: Node | None, base: str) -> Cell:
    """Return a term as a table cell: an IRI of this site links to its page."""
    if term is None:
        return Cell("")
    if isinstance(term, URIRef):
        iri = str(term)
        if iri.startswith(base) and len(iri) > len(base):
            return Cell(iri[len(base) :], "/id/" + iri[len(base) :])
        return Cell(iri, iri)
    if isinstance(term, Literal):
        return Cell(str(term))
    return Cell(f"_:{term}")


def field(param: Param, given: dict[str, str]) -> dict[str, Any]:
    return {
        "name": param.name,
        "type": param.type,
        "description": param.description,
        "example": param.example,
        "required": param.required,
        "value": given.get(param.name, ""),
        "input": INPUTS[param.type],
    }


#: The headings of the groups on /queries: a query's first tag in Swedish (another tag is
#: shown as it is written).
TAGS_SV = {
    "assignments": "uppdrag",
    "budget": "budget",
    "directions": "inriktningar",
    "goals": "mål",
    "parties": "partier",
    "provenance": "ursprung",
    "reporting": "återrapportering",
    "risks": "risker",
    "time plan": "tidsplan",
}


@router.get("/queries", response_class=HTMLResponse)
async def queries_page(catalogue: CatalogueDep) -> HTMLResponse:
    """Every named query, grouped by its first tag."""
    groups: dict[str, list[NamedQuery]] = {}
    for query in sorted(catalogue.values(), key=lambda q: q.name):
        tag = query.tags[0] if query.tags else "övrigt"
        groups.setdefault(TAGS_SV.get(tag, tag), []).append(query)
    html = render("queries.html", title="Namngivna frågor", current="/queries", groups=groups)
    return HTMLResponse(html)


@router.get("/queries/{name}", response_class=HTMLResponse)
async def query_page(request: Request, name: str, kept: ServicesDep) -> HTMLResponse:
    """One named query: its form and, when asked, its answer."""
    query = kept.catalogue.get(name)
    if query is None:
        raise NotFound(f"no named query {name!r}", hint="see /queries for the list")
    given = {k: v for k, v in request.query_params.items() if k != "run"}
    asked = "run" in request.query_params or not any(p.required for p in query.params)
    status, rows, variables, truncated, error = 200, [], [], False, None
    if asked:
        try:
            bindings = query.bindings(given)
            limit = kept.settings.row_limit
            answer = await kept.store.select_async(query.text, bindings, limit)
        except ApiError as exc:
            status, error = exc.status, exc
        else:
            base = kept.settings.base_iri
            variables = list(answer.variables)
            rows = [[cell(row.get(v), base) for v in variables] for row in answer.rows]
            truncated = answer.truncated
    filled = {k: v for k, v in given.items() if v}
    html = render(
        "query.html",
        title=query.title_sv,
        current="/queries",
        query=query,
        fields=[field(p, given) for p in query.params],
        asked=asked,
        error=error,
        variables=variables,
        rows=rows,
        truncated=truncated,
        csv=f"/api/queries/{name}?{urlencode({**filled, 'format': 'csv'})}",
        json=f"/api/queries/{name}?{urlencode({**filled, 'format': 'json'})}",
        example=f"/queries/{name}?{urlencode({**query.example(), 'run': ''})}",
    )
    return HTMLResponse(html, status_code=status)
