"""``/api/budget``: the amounts of the budget tables (RDF Data Cube observations)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Query, Request, Response
from rdflib import URIRef
from rdflib.term import Node

from loaders.vocab import INTERVAL

from ..errors import BadRequest
from .answers import Column, fields, iri_of, label_of
from .facts import (
    EVIDENCE_LINE,
    LABELS,
    NO_LINE,
    PREFIXES,
    STYR,
    Facts,
    derived,
    facet_query,
    facts,
    first_ref,
    number,
    props,
    select,
    year_of,
)
from .labels import Labels
from .params import SLUG, YEAR, parse_iri
from .resource import Resource, TablePaging
from .schemas import TABLE_ANSWERS, BudgetPage

router = APIRouter(tags=["resources"])

BUDGET_BRANCHES = [
    props(
        "self",
        "",
        *LABELS,
        "styr:budgetArea",
        "styr:budgetLine",
        "obeu-dimension:fiscalYear",
        "obeu-measure:amount",
        "qb:dataSet",
    ),
    derived("self", "", EVIDENCE_LINE, "styr:lineStart"),
]
DATASETS = facet_query(
    "?s a qb:DataSet .",
    [props("self", "", *LABELS, "dcterms:title", "styr:unit", "sdmx-attribute:unitMult")],
)
BUDGET_NODES = PREFIXES + "SELECT DISTINCT ?v WHERE { ?o styr:budgetArea|styr:budgetLine ?v . }"
FISCAL_YEAR = "http://data.openbudgets.eu/ontology/dsd/dimension/fiscalYear"
AMOUNT = "http://data.openbudgets.eu/ontology/dsd/measure/amount"
DATASET = "http://purl.org/linked-data/cube#dataSet"
UNIT_MULT = "http://purl.org/linked-data/sdmx/2009/attribute#unitMult"
TITLE = "http://purl.org/dc/terms/title"


async def resolve(request: Request, name: str, value: str, kind: str) -> URIRef:
    """Return a budget area or line given by its IRI or by the last segment of its IRI.

    Raises:
        BadRequest: neither an IRI nor the slug of a known area or line.
    """
    value = value.strip()
    if not SLUG.fullmatch(value):
        return parse_iri(name, value)
    rows = await select(request, BUDGET_NODES)
    known = sorted({str(r["v"]) for r in rows.rows if "v" in r and f"/{kind}/" in str(r["v"])})
    for iri in known:
        if iri.rsplit("/", 1)[-1] == value:
            return URIRef(iri)
    slugs = ", ".join(iri.rsplit("/", 1)[-1] for iri in known)
    raise BadRequest(
        f"parameter {name!r}: no budget {name} {value!r}", hint=f"give an IRI or one of: {slugs}"
    )


def observation(facts: Facts, labels: Labels, datasets: Mapping[str, Facts]) -> dict[str, Any]:
    dataset = facts.iris("self", DATASET)
    info = datasets.get(dataset[0]) if dataset else None
    unit = info.iris("self", STYR + "unit") if info else []
    line = facts.line()
    return {
        **labels.ref(facts.iri),
        "area": first_ref(facts, labels, "self", "budgetArea"),
        "line": first_ref(facts, labels, "self", "budgetLine"),
        "year": year_of(facts.first("self", FISCAL_YEAR)),
        "amount": number(facts.first("self", AMOUNT)),
        "unit": unit[0].rsplit("/", 1)[-1] if unit else None,
        "unit_multiplier": number(info.first("self", UNIT_MULT)) if info else None,
        "dataset": {**labels.ref(dataset[0]), "title": info.text("self", TITLE) if info else None}
        if dataset
        else None,
        "source_line": line if line != NO_LINE else None,
    }


BUDGET_COLUMNS: list[Column] = [
    *fields("iri"),
    ("area", lambda i: label_of(i["area"])),
    ("line", lambda i: label_of(i["line"])),
    *fields("year", "amount", "unit"),
    ("dataset", lambda i: label_of(i["dataset"])),
    ("area_iri", lambda i: iri_of(i["area"])),
    ("line_iri", lambda i: iri_of(i["line"])),
    *fields("label", "page"),
]
#: Only a list: an observation's page is its entity page (/id/…).
BUDGET = Resource("budget figure", "/api/budget", BUDGET_COLUMNS, ("area", "line", "year"))


@router.get(
    "/api/budget",
    response_model=BudgetPage,
    responses=TABLE_ANSWERS,
    summary="List the budget figures",
    description="The amounts of the budget tables (styr:BudgetObservation, RDF Data Cube): "
    "budget area, budget line, fiscal year and amount, with the table's unit (e.g. mnkr), in "
    "the order of the source tables. `area` and `line` take an IRI or its last segment "
    "(e.g. `stadsledningskontoret`, `kommunbidrag`). JSON, or CSV by `Accept: text/csv` or "
    "`format=csv`.",
)
async def list_budget(
    request: Request,
    paging: TablePaging,
    area: str | None = Query(
        None, description="A budget area: its IRI or its slug.", examples=["stadsledningskontoret"]
    ),
    line: str | None = Query(
        None, description="A budget line: its IRI or its slug.", examples=["kommunbidrag"]
    ),
    year: str | None = Query(
        None,
        description="A fiscal year (YYYY).",
        examples=["2025"],
        json_schema_extra={"pattern": f"^{YEAR.pattern}$"},
    ),
) -> Response:
    listed = BUDGET.begin(request, paging)
    head, bindings = "", dict[str, Node]()
    if year:
        if not YEAR.fullmatch(year.strip()):
            raise BadRequest(
                f"parameter 'year' must be a year (YYYY), not {year!r}",
                hint="for example year=2025",
            )
        head += "?s obeu-dimension:fiscalYear ?year .\n  "
        bindings["year"] = URIRef(f"{INTERVAL}year/{year.strip()}")
    if area:
        head += "?s styr:budgetArea ?area .\n  "
        bindings["area"] = await resolve(request, "area", area, "budgetomrade")
    if line:
        head += "?s styr:budgetLine ?line .\n  "
        bindings["line"] = await resolve(request, "line", line, "budgetrad")
    head += "?s a styr:BudgetObservation ."
    result = await facts(request, facet_query(head, BUDGET_BRANCHES, sorted(bindings)), bindings)
    datasets = await facts(request, DATASETS)
    labels = Labels(result.labels.base)
    labels.merge(result.labels)
    labels.merge(datasets.labels)
    items = [observation(f, labels, datasets.items) for f in result.items.values()]
    items.sort(
        key=lambda i: (
            str(iri_of(i["dataset"]) or ""),
            i["source_line"] or NO_LINE,
            i["year"] or 0,
            i["iri"],
        )
    )
    return listed.answer(items, result.truncated, {"area": area, "line": line, "year": year})
