"""The shapes of the resources' JSON answers, so that /openapi.json describes each answer.

The routes build their answers as plain dicts (and CSV from the same dicts) and return
them as responses, so FastAPI documents these models without validating each answer
against them; ``tests/test_openapi_resources.py`` checks real answers against the models
instead. Every model forbids keys it does not name, so a key added to an answer and not
here fails that test.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .answers import CSV, ICAL

Number = int | float


class Shape(BaseModel):
    """A JSON object with exactly the keys its model names."""

    model_config = ConfigDict(extra="forbid")


# --- building blocks -----------------------------------------------------------------------
class Ref(Shape):
    """An entity: its IRI, its Swedish and English labels, and the path of its page."""

    iri: str
    label: str | None = Field(description="The Swedish (or untagged) label.")
    label_en: str | None = Field(description="The English label, when the data has one.")
    page: str | None = Field(description="The path of its HTML page (/id/…), if it has one.")


class Code(Shape):
    """A concept of a code list (or an ontology class): its IRI, its code and its labels."""

    iri: str
    code: str = Field(description="The last segment of the IRI (a class's local name).")
    label: str | None
    label_en: str | None


class Page(Shape):
    """A page of a list: the items from ``offset``, at most ``limit``, of ``total``."""

    total: int = Field(description="The items of the whole list.")
    limit: int
    offset: int
    truncated: bool = Field(description="Whether a row limit of the store cut the list.")
    params: dict[str, str] = Field(description="The filters given (empty ones left out).")


class Error(BaseModel):
    """What went wrong and how to fix it (more keys give context, e.g. the query's name)."""

    status: int
    code: str
    message: str
    hint: str | None = None


class ErrorAnswer(Shape):
    error: Error


# --- goals ---------------------------------------------------------------------------------
class Goal(Ref):
    number: Number | None = Field(description="The goal's number in its set.")
    scheme: Ref | None = Field(description="The goal set (skos:inScheme).")
    listed_in: list[Ref]


class Contribution(Shape):
    iri: str
    bodies: list[Ref]
    stated_in: list[Ref]


class Supporter(Ref):
    kind: Code | None


class GoalDetail(Goal):
    text: str | None
    contributions: list[Contribution]
    supported_by: list[Supporter]


class GoalPage(Page):
    items: list[Goal]


# --- assignments ---------------------------------------------------------------------------
class BodyRole(Ref):
    role: str = Field(description="cooperating or supporting (responsible in the calendar).")


class Requirement(Ref):
    """A reporting requirement of an assignment."""

    due_date: str | None = Field(description="Its exact date, else the end of its period.")
    due_from: str | None
    exact_date: bool
    timing: Code | None
    mode: Code | None
    report_to: list[Ref]
    occasion: Ref | None
    stated_in: list[Ref]
    plan_text: str | None


class Assignment(Ref):
    responsible: list[Ref]
    contributing: list[BodyRole]
    due_dates: list[str]
    reporting_modes: list[str]
    origin_year: int | None
    origin: Code | None
    assigned_by: Ref | None
    case_number: str | None
    listed_in: list[Ref]
    reporting: list[Requirement]
    current_status: Code | None = Field(description="The latest status report's status.")


class StatusReport(Shape):
    iri: str
    page: str | None
    status: Code | None
    date: str | None
    document: Ref | None
    source: str | None = Field(description="The source file.")
    line_start: int | None
    line_end: int | None
    quote: str | None
    comment: str | None


class AssignmentDetail(Assignment):
    text: str | None
    status_text: str | None
    handling_note: str | None
    status_history: list[StatusReport]


class AssignmentPage(Page):
    items: list[Assignment]


# --- bodies --------------------------------------------------------------------------------
class Body(Ref):
    kind: Code | None
    alt_labels: list[str]
    part_of: list[Ref]
    assignments_responsible: int
    assignments_contributing: int


class AssignmentState(Ref):
    current_status: Code | None
    due_dates: list[str]


class GoalRole(Ref):
    number: int | None
    role: str = Field(description="The strongest role: huvudansvarig, ansvarig or bidrar.")
    roles: list[str]


class BodyDetail(Body):
    responsible_for: list[AssignmentState]
    contributes_to: list[AssignmentState]
    directions: list[Ref]
    units: list[Ref]
    goals: list[GoalRole]


class BodyPage(Page):
    items: list[Body]


# --- programmes, risks, budget -------------------------------------------------------------
class NumberedGoal(Ref):
    number: Number | None


class Programme(Ref):
    kind: Code | None
    valid_from: str | None
    valid_until: str | None
    validity_text: str | None
    goals: list[NumberedGoal]
    listed_in: list[Ref]


class ProgrammePage(Page):
    items: list[Programme]


class Action(Ref):
    text: str | None
    status: Code | None


class Control(Ref):
    text: str | None
    method: Code | None
    follow_up: str | None
    followed_up_in: list[Ref]


class Risk(Ref):
    area: Ref | None
    descriptions: list[str]
    consequences: list[str]
    actions: list[Action]
    controls: list[Control]
    follow_up: str | None
    followed_up_in: list[Ref]
    listed_in: list[Ref]
    source_line: int | None


class RiskPage(Page):
    items: list[Risk]


class Dataset(Ref):
    title: str | None


class Observation(Ref):
    area: Ref | None
    line: Ref | None
    year: int | None
    amount: Number | None
    unit: str | None = Field(description="The table's unit, e.g. mnkr.")
    unit_multiplier: Number | None
    dataset: Dataset | None
    source_line: int | None


class BudgetPage(Page):
    items: list[Observation]


# --- the calendar --------------------------------------------------------------------------
class Source(Shape):
    document: Ref | None
    file: str | None
    line_start: Number | None
    line_end: Number | None
    quote: str | None


class Event(Shape):
    uid: str = Field(description="Stable across requests: derived from the IRI and the kind.")
    kind: str = Field(description="reporting, time-plan or decision-deadline.")
    date: str
    summary: str
    iri: str
    page: str | None
    date_from: str | None = Field(description="The first day, for a month, quarter or season.")
    exact_date: bool
    what: Ref
    owed_by: list[BodyRole]
    to: list[Ref]
    mode: Code | None
    timing: Code | None
    plan_text: str | None
    source: Source | None


class EventPage(Page):
    items: list[Event]


# --- search --------------------------------------------------------------------------------
class SearchHit(Shape):
    iri: str
    label: str = Field(description="The Swedish label.")
    kind: str = Field(description="The local name of its most specific type, e.g. Assignment.")
    snippet: str = Field(description="Plain text around the first match.")


class SearchAnswer(Shape):
    hits: list[SearchHit] = Field(description="Best first.")


# --- OpenAPI -------------------------------------------------------------------------------
#: The error body (:class:`ErrorAnswer`) in OpenAPI entries written by hand: ``/sparql``
#: and the 400 of a request that fails FastAPI's validation (:mod:`api.openapi`).
ERROR_CONTENT: dict[str, Any] = {
    "application/json": {"schema": {"$ref": "#/components/schemas/ErrorAnswer"}}
}
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorAnswer, "description": "A parameter is unknown or not what it takes"},
    406: {"model": ErrorAnswer, "description": "The client accepts none of the media types"},
}
#: A list also answers CSV (``format=csv`` or ``Accept: text/csv``).
TABLE_ANSWERS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: {"content": {CSV: {"schema": {"type": "string"}}}},
}
#: A single item answers 404 when no item has the IRI.
ITEM_ANSWERS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {"model": ErrorAnswer, "description": "No item of this kind has the IRI"},
}
CALENDAR_ANSWERS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: {"content": {CSV: {"schema": {"type": "string"}}, ICAL: {"schema": {"type": "string"}}}},
}
