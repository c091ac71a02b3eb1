"""``/api/bodies`` and ``/api/bodies/item``: the municipality's bodies.

:func:`select_bodies` also serves the pages ``/bodies``, ``/assignments`` and the home page;
a body's goals and the status of its assignments come from :mod:`.status_records`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fastapi import APIRouter, Request, Response
from rdflib.namespace import SKOS
from rdflib.term import Node

from ..services import services
from . import status_records
from .answers import Column, code_of, fields, single
from .facts import (
    LABELS,
    PREFIXES,
    RDF_TYPE,
    STYR,
    Facts,
    facet_query,
    facts,
    kind_of,
    props,
    refs,
    select,
    sort_key,
)
from .labels import Labels
from .params import iri_param
from .resource import Resource, TablePaging
from .schemas import ITEM_ANSWERS, TABLE_ANSWERS, BodyDetail, BodyPage

router = APIRouter(tags=["resources"])

#: Kinds of organisation /api/bodies lists, most specific first.
BODY_KINDS = (
    "ExecutiveBoard",
    "Council",
    "CompanyBoard",
    "Committee",
    "Board",
    "PoliticalBody",
    "BodyCollective",
    "Administration",
    "MunicipalCompany",
    "Municipality",
    "ExternalAuthority",
    "ExternalOrganisation",
)
BODY_HEAD = (
    "VALUES ?type { styr:PoliticalBody styr:BodyCollective styr:Administration "
    "styr:Municipality styr:MunicipalCompany styr:ExternalOrganisation }\n  ?s a ?type ."
)
BODY_BRANCHES = [props("self", "", *LABELS, "skos:altLabel", "rdf:type", "org:subOrganizationOf")]
BODY_DETAIL_QUERY = facet_query(
    BODY_HEAD,
    [
        *BODY_BRANCHES,
        props("responsible_for", "^styr:responsibleBody", *LABELS, "rdf:type"),
        props("contributes_to", "^(styr:cooperatingBody|styr:supportingBody)", *LABELS, "rdf:type"),
        props("directions", "^styr:directedTo", *LABELS, "rdf:type"),
        props("units", "^org:subOrganizationOf", *LABELS),
    ],
    ["s"],
)
#: Assignments per body and role; the type check keeps out proposed assignments in motions
#: (styr:AssignmentProposal), which also have a styr:responsibleBody.
COUNTS = (
    PREFIXES
    + """SELECT ?s ?role (COUNT(DISTINCT ?a) AS ?n)
WHERE {
  { ?a styr:responsibleBody ?s . BIND("responsible" AS ?role) }
  UNION { ?a styr:cooperatingBody|styr:supportingBody ?s . BIND("contributing" AS ?role) }
  ?a a styr:Assignment .
}
GROUP BY ?s ?role"""
)
SUB_ORGANIZATION_OF = "http://www.w3.org/ns/org#subOrganizationOf"


def typed(facts: Facts, facet: str, cls: str) -> list[str]:
    """Return the nodes of ``facet`` that have the type ``styr:cls``."""
    return [n for n in facts.nodes(facet) if STYR + cls in facts.iris(facet, RDF_TYPE, n)]


def by_label(labels: Labels, nodes: Iterable[str]) -> list[dict[str, Any]]:
    return [labels.ref(n) for n in sorted(nodes, key=lambda n: (sort_key(labels.get(n, "sv")), n))]


def body_item(
    facts: Facts, labels: Labels, counts: Mapping[tuple[str, str], int], detail: bool = False
) -> dict[str, Any]:
    item: dict[str, Any] = {
        **labels.ref(facts.iri),
        "kind": kind_of(facts.iris("self", RDF_TYPE), BODY_KINDS, labels),
        "alt_labels": facts.texts("self", str(SKOS.altLabel)),
        "part_of": refs(facts, labels, "self", SUB_ORGANIZATION_OF),
        "assignments_responsible": counts.get((facts.iri, "responsible"), 0),
        "assignments_contributing": counts.get((facts.iri, "contributing"), 0),
    }
    if detail:
        item["responsible_for"] = by_label(labels, typed(facts, "responsible_for", "Assignment"))
        item["contributes_to"] = by_label(labels, typed(facts, "contributes_to", "Assignment"))
        item["directions"] = by_label(labels, typed(facts, "directions", "Direction"))
        item["units"] = by_label(labels, facts.nodes("units"))
    return item


async def assignment_counts(
    request: Request, bindings: Mapping[str, Node] | None = None
) -> dict[tuple[str, str], int]:
    rows = await select(request, COUNTS, bindings)
    return {
        (str(r["s"]), str(r["role"])): int(str(r["n"]))
        for r in rows.rows
        if "s" in r and "role" in r and "n" in r
    }


async def select_bodies(request: Request) -> tuple[list[dict[str, Any]], bool]:
    """Return every body (as /api/bodies lists them), ordered by label, and whether a row
    limit cut the rows. Used by /api/bodies and by the pages /bodies and /assignments."""
    result = await facts(request, facet_query(BODY_HEAD, BODY_BRANCHES))
    counts = await assignment_counts(request)
    items = [body_item(f, result.labels, counts) for f in result.items.values()]
    items.sort(key=lambda i: (sort_key(i["label"]), i["iri"]))
    return items, result.truncated


BODY_COLUMNS: list[Column] = [
    *fields("iri", "label", "label_en"),
    ("kind", lambda i: code_of(i["kind"])),
    *fields("assignments_responsible", "assignments_contributing", "page"),
]
BODIES = Resource("body", "/api/bodies", BODY_COLUMNS)


@router.get(
    "/api/bodies",
    response_model=BodyPage,
    responses=TABLE_ANSWERS,
    summary="List the bodies",
    description="The municipality's bodies: political bodies, administrations, collective "
    'addressees such as "alla nämnder och bolagsstyrelser", companies and external '
    "organisations (not the parties), ordered by label. Each has its kind and the number of "
    "assignments it is responsible for (styr:responsibleBody) and contributes to "
    "(styr:cooperatingBody or styr:supportingBody). JSON, or CSV by `Accept: text/csv` or "
    "`format=csv`. One body in full: `/api/bodies/item`.",
)
async def list_bodies(request: Request, paging: TablePaging) -> Response:
    listed = BODIES.begin(request, paging)
    items, truncated = await select_bodies(request)
    return listed.answer(items, truncated)


@router.get(
    "/api/bodies/item",
    response_model=BodyDetail,
    responses=ITEM_ANSWERS,
    summary="One body",
    description="A body by its IRI, with the assignments it is responsible for and "
    "contributes to (each with its `current_status` and `due_dates`), the goals it answers "
    "for (`goals`, from the named query goals_of_body, each with its `role`: huvudansvarig, "
    "ansvarig or bidrar), the directions addressed to it and its units. 404 when no body "
    "has the IRI.",
)
async def get_body(request: Request, iri: str = iri_param()) -> Response:
    found = await BODIES.find(request, iri, BODY_DETAIL_QUERY)
    counts = await assignment_counts(request, {"s": found.term})
    item = body_item(found.facts, found.labels, counts, detail=True)
    kept = services(request)
    store, catalogue = kept.store, kept.catalogue
    goals = await status_records.goals_of_body(store, catalogue, found.term, None)
    states = await status_records.assignment_states(store, found.term, None)
    item["goals"] = goal_roles(goals, found.labels.base)
    for key in ("responsible_for", "contributes_to"):
        item[key] = [with_state(ref, states.get(ref["iri"]), found.labels) for ref in item[key]]
    return single(item)


def goal_roles(goals: Iterable[status_records.Role], base: str) -> list[dict[str, Any]]:
    """Return the goals a body has a part in, with its role (the strongest first in
    ``roles``): huvudansvarig, ansvarig or bidrar."""
    labels = Labels(base)
    for goal in goals:
        if goal.label is not None:
            labels.add(goal.iri, goal.label)
    return [
        {**labels.ref(g.iri), "number": g.number, "role": g.role, "roles": list(g.roles)}
        for g in goals
    ]


def with_state(
    ref: dict[str, Any], state: status_records.State | None, labels: Labels
) -> dict[str, Any]:
    """Return an assignment's ref with its current status and due dates."""
    status = state.status if state else None
    return {
        **ref,
        "current_status": labels.code(status) if status else None,
        "due_dates": list(state.due_dates) if state else [],
    }
