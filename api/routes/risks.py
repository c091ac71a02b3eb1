"""``/api/risks`` and ``/api/risks/item``: the risks of the risk registers and internal
control plans, with their actions and controls."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from .answers import single
from .facts import (
    DCT_SOURCE,
    EVIDENCE_LINE,
    LABELS,
    NO_LINE,
    STYR,
    Facts,
    derived,
    facet_query,
    facts,
    first_code,
    first_ref,
    number,
    props,
    refs,
)
from .labels import Labels
from .params import iri_param
from .resource import JsonPaging, Resource
from .schemas import ERRORS, ITEM_ANSWERS, Risk, RiskPage

router = APIRouter(tags=["resources"])

RISK_BRANCHES = [
    props(
        "self",
        "",
        *LABELS,
        "styr:riskArea",
        "styr:riskDescription",
        "styr:consequenceDescription",
        "styr:listedIn",
        "styr:followUpText",
        "styr:followedUpIn",
    ),
    derived("self", "", EVIDENCE_LINE, "styr:lineStart"),
    props("document", "styr:listedIn", "styr:order", "dcterms:source"),
    props("action", "styr:hasAction", *LABELS, "styr:text", "styr:actionStatus"),
    derived("action", "styr:hasAction", EVIDENCE_LINE, "styr:lineStart"),
    props(
        "control",
        "styr:hasControl",
        *LABELS,
        "styr:text",
        "styr:controlMethod",
        "styr:followUpText",
        "styr:followedUpIn",
    ),
    derived("control", "styr:hasControl", EVIDENCE_LINE, "styr:lineStart"),
]
RISK_HEAD = "?s a styr:Risk ."
RISK_ITEM_QUERY = facet_query(RISK_HEAD, RISK_BRANCHES, ["s"])
#: Actions and controls are nested lists: no CSV.
RISKS = Resource("risk", "/api/risks")


def risk_item(facts: Facts, labels: Labels) -> dict[str, Any]:
    actions = [
        {
            **labels.ref(node),
            "text": facts.text("action", STYR + "text", node),
            "status": first_code(facts, labels, "action", "actionStatus", node),
        }
        for node in sorted(facts.nodes("action"), key=lambda n: (facts.line("action", n), n))
    ]
    controls = [
        {
            **labels.ref(node),
            "text": facts.text("control", STYR + "text", node),
            "method": first_code(facts, labels, "control", "controlMethod", node),
            "follow_up": facts.text("control", STYR + "followUpText", node),
            "followed_up_in": refs(facts, labels, "control", "followedUpIn", node),
        }
        for node in sorted(facts.nodes("control"), key=lambda n: (facts.line("control", n), n))
    ]
    line = facts.line()
    return {
        **labels.ref(facts.iri),
        "area": first_ref(facts, labels, "self", "riskArea"),
        "descriptions": facts.texts("self", STYR + "riskDescription"),
        "consequences": facts.texts("self", STYR + "consequenceDescription"),
        "actions": actions,
        "controls": controls,
        "follow_up": facts.text("self", STYR + "followUpText"),
        "followed_up_in": refs(facts, labels, "self", "followedUpIn"),
        "listed_in": refs(facts, labels, "self", "listedIn"),
        "source_line": line if line != NO_LINE else None,
    }


def risk_order(facts: Facts) -> tuple[str, int, int, str]:
    """Document order: source file, the document's place in it, the first line."""
    documents = facts.nodes("document")
    files = [t for d in documents for t in facts.texts("document", DCT_SOURCE, d)]
    places = [number(v) for d in documents for v in facts.values("document", STYR + "order", d)]
    place = min((n for n in places if isinstance(n, int)), default=NO_LINE)
    return min(files, default=""), place, facts.line(), facts.iri


@router.get(
    "/api/risks",
    response_model=RiskPage,
    responses=ERRORS,
    summary="List the risks",
    description="The risks of the risk registers and internal control plans (styr:Risk), in "
    "document order, each with its risk area, descriptions, consequences, actions "
    "(styr:hasAction, with their status, in document order) and controls "
    "(styr:hasControl, with method and follow-up). JSON only: actions and controls are "
    "nested lists. One risk: `/api/risks/item`.",
)
async def list_risks(request: Request, paging: JsonPaging) -> Response:
    listed = RISKS.begin(request, paging)
    result = await facts(request, facet_query(RISK_HEAD, RISK_BRANCHES))
    ordered = sorted(result.items.values(), key=risk_order)
    return listed.answer([risk_item(f, result.labels) for f in ordered], result.truncated)


@router.get(
    "/api/risks/item",
    response_model=Risk,
    responses=ITEM_ANSWERS,
    summary="One risk",
    description="A risk by its IRI, with its actions and controls. 404 when no risk has the IRI.",
)
async def get_risk(request: Request, iri: str = iri_param()) -> Response:
    found = await RISKS.find(request, iri, RISK_ITEM_QUERY)
    return single(risk_item(found.facts, found.labels))
