"""``/api/programmes`` and ``/api/programmes/item``: programmes, plans, policies and
guidelines, with the goals they support."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from rdflib.term import Node

from .answers import Column, code_of, fields, iris_cell, single
from .facts import (
    DOCUMENT_KINDS,
    LABELS,
    NO_LINE,
    RDF_TYPE,
    STYR,
    Facts,
    facet_query,
    facts,
    kind_of,
    number,
    plain_date,
    props,
    refs,
    sort_key,
)
from .labels import Labels
from .params import iri_filter, iri_param, parse_iri
from .resource import Resource, TablePaging
from .schemas import ITEM_ANSWERS, TABLE_ANSWERS, Programme, ProgrammePage

router = APIRouter(tags=["resources"])

PROGRAMME_HEAD = (
    "VALUES ?kind { styr:Programme styr:Plan styr:Policy styr:Guideline }\n  ?s a ?kind ."
)
PROGRAMME_BRANCHES = [
    props(
        "self",
        "",
        *LABELS,
        "rdf:type",
        "styr:validFrom",
        "styr:validUntil",
        "styr:validityText",
        "styr:listedIn",
    ),
    props("goal", "styr:supportsGoal", *LABELS, "styr:goalNumber"),
]
PROGRAMME_ITEM_QUERY = facet_query(PROGRAMME_HEAD, PROGRAMME_BRANCHES, ["s"])


def programme_item(facts: Facts, labels: Labels) -> dict[str, Any]:
    def goal_number(goal: str) -> int | float | None:
        return number(facts.first("goal", STYR + "goalNumber", goal))

    goals = sorted(facts.nodes("goal"), key=lambda g: (goal_number(g) or NO_LINE, g))
    return {
        **labels.ref(facts.iri),
        "kind": kind_of(facts.iris("self", RDF_TYPE), DOCUMENT_KINDS, labels),
        "valid_from": plain_date(facts.first("self", STYR + "validFrom")),
        "valid_until": plain_date(facts.first("self", STYR + "validUntil")),
        "validity_text": facts.text("self", STYR + "validityText"),
        "goals": [{**labels.ref(g), "number": goal_number(g)} for g in goals],
        "listed_in": refs(facts, labels, "self", "listedIn"),
    }


PROGRAMME_COLUMNS: list[Column] = [
    *fields("iri", "label", "label_en"),
    ("kind", lambda i: code_of(i["kind"])),
    *fields("valid_from", "valid_until"),
    ("goals", lambda i: " ".join(str(g["number"]) for g in i["goals"])),
    ("goals_iri", lambda i: iris_cell(i["goals"])),
    *fields("page"),
]
PROGRAMMES = Resource(
    "programme, plan, policy or guideline", "/api/programmes", PROGRAMME_COLUMNS, ("goal",)
)


@router.get(
    "/api/programmes",
    response_model=ProgrammePage,
    responses=TABLE_ANSWERS,
    summary="List the programmes, plans, policies and guidelines",
    description="The steering documents bodies work by (styr:Programme, styr:Plan and "
    "styr:ActionPlan, styr:Policy, styr:Guideline), ordered by label, each with its kind, "
    "its period of validity and the goals it supports (styr:supportsGoal). `goal` keeps the "
    "documents that support one goal. JSON, or CSV by `Accept: text/csv` or `format=csv`.",
)
async def list_programmes(
    request: Request,
    paging: TablePaging,
    goal: str | None = iri_filter(
        "Only documents that support this goal (its IRI, from /api/goals).",
        "https://w3id.org/styrgraf/id/goteborg/mal/2023-2026/1",
    ),
) -> Response:
    listed = PROGRAMMES.begin(request, paging)
    head, bound, bindings = PROGRAMME_HEAD, list[str](), dict[str, Node]()
    if goal:
        head = "?s styr:supportsGoal ?goal .\n  " + head
        bound, bindings = ["goal"], {"goal": parse_iri("goal", goal)}
    result = await facts(request, facet_query(head, PROGRAMME_BRANCHES, bound), bindings)
    items = [programme_item(f, result.labels) for f in result.items.values()]
    items.sort(key=lambda i: (sort_key(i["label"]), i["iri"]))
    return listed.answer(items, result.truncated, {"goal": goal})


@router.get(
    "/api/programmes/item",
    response_model=Programme,
    responses=ITEM_ANSWERS,
    summary="One programme, plan, policy or guideline",
    description="A steering document by its IRI, with the goals it supports. 404 when none "
    "of the documents /api/programmes lists has the IRI.",
)
async def get_programme(request: Request, iri: str = iri_param()) -> Response:
    found = await PROGRAMMES.find(request, iri, PROGRAMME_ITEM_QUERY)
    return single(programme_item(found.facts, found.labels))
