"""``/api/goals`` and ``/api/goals/item``: the numbered, municipality-wide goals (styr:Goal).

:func:`select_goals` also serves the home page.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from rdflib.namespace import SKOS

from .answers import Column, fields, iri_of, label_of, labels_cell, single
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
    props,
    sort_key,
)
from .labels import Labels
from .params import iri_param
from .resource import Resource, TablePaging
from .schemas import ITEM_ANSWERS, TABLE_ANSWERS, GoalDetail, GoalPage

router = APIRouter(tags=["resources"])

GOAL_SELF = (*LABELS, "styr:goalNumber", "skos:inScheme", "styr:listedIn")
GOAL_BRANCHES = [props("self", "", *GOAL_SELF)]
GOAL_HEAD = "?s a styr:Goal ."
GOAL_DETAIL_QUERY = facet_query(
    GOAL_HEAD,
    [
        props("self", "", *GOAL_SELF, "styr:text"),
        props("contribution", "^styr:contributesTo", "styr:contributingBody", "styr:statedIn"),
        props("supported_by", "^styr:supportsGoal", *LABELS, "rdf:type"),
    ],
    ["s"],
)


def goal_item(facts: Facts, labels: Labels, detail: bool = False) -> dict[str, Any]:
    scheme = facts.iris("self", str(SKOS.inScheme))
    item: dict[str, Any] = {
        **labels.ref(facts.iri),
        "number": number(facts.first("self", STYR + "goalNumber")),
        "scheme": labels.ref(scheme[0]) if scheme else None,
        "listed_in": [labels.ref(i) for i in facts.iris("self", STYR + "listedIn")],
    }
    if detail:
        item["text"] = facts.text("self", STYR + "text")
        item["contributions"] = [
            {
                "iri": node,
                "bodies": [
                    labels.ref(i)
                    for i in facts.iris("contribution", STYR + "contributingBody", node)
                ],
                "stated_in": [
                    labels.ref(i) for i in facts.iris("contribution", STYR + "statedIn", node)
                ],
            }
            for node in facts.nodes("contribution")
        ]
        supporters = sorted(
            facts.nodes("supported_by"), key=lambda n: (sort_key(labels.get(n, "sv")), n)
        )
        item["supported_by"] = [
            {
                **labels.ref(n),
                "kind": kind_of(facts.iris("supported_by", RDF_TYPE, n), DOCUMENT_KINDS, labels),
            }
            for n in supporters
        ]
    return item


def goal_order(item: dict[str, Any]) -> tuple[str, int, str]:
    number_ = item["number"] if isinstance(item["number"], int) else NO_LINE
    return str(iri_of(item["scheme"]) or ""), number_, item["iri"]


async def select_goals(request: Request) -> tuple[list[dict[str, Any]], bool]:
    """Return every goal (as /api/goals lists them), ordered by goal set and number, and
    whether a row limit cut the rows. Used by /api/goals and by the home page."""
    result = await facts(request, facet_query(GOAL_HEAD, GOAL_BRANCHES))
    items = sorted((goal_item(f, result.labels) for f in result.items.values()), key=goal_order)
    return items, result.truncated


GOAL_COLUMNS: list[Column] = [
    *fields("iri", "number", "label", "label_en"),
    ("scheme", lambda i: label_of(i["scheme"])),
    ("listed_in", lambda i: labels_cell(i["listed_in"])),
    *fields("page"),
]
GOALS = Resource("goal", "/api/goals", GOAL_COLUMNS)


@router.get(
    "/api/goals",
    response_model=GoalPage,
    responses=TABLE_ANSWERS,
    summary="List the goals",
    description="The numbered, municipality-wide goals (styr:Goal), ordered by goal set and "
    "number, each with its goal set and the documents that list it. JSON, or CSV by "
    "`Accept: text/csv` or `format=csv`. One goal in full: `/api/goals/item?iri=`.",
)
async def list_goals(request: Request, paging: TablePaging) -> Response:
    listed = GOALS.begin(request, paging)
    items, truncated = await select_goals(request)
    return listed.answer(items, truncated)


@router.get(
    "/api/goals/item",
    response_model=GoalDetail,
    responses=ITEM_ANSWERS,
    summary="One goal",
    description="A goal by its IRI, with its text, the bodies' contributions to it "
    "(styr:GoalContribution) and the steering documents that support it "
    "(styr:supportsGoal). 404 when no goal has the IRI.",
)
async def get_goal(request: Request, iri: str = iri_param()) -> Response:
    found = await GOALS.find(request, iri, GOAL_DETAIL_QUERY)
    return single(goal_item(found.facts, found.labels, detail=True))
