"""What has become of assignments and who answers for goals: records read from the store.

An assignment's current status (``styr:currentStatus``) is its latest status report's; its
status history is every ``styr:StatusReport`` on it, undated ones first (a dated report
outranks them, as the loader decides the current status), then by date. A body answers for
goals (the named query ``goals_of_body``) and has a part in assignments (the named query
``assignments_by_body``), each with its roles, strongest first.

The functions take the store and return plain records: :mod:`.status_view` renders them
on the entity pages, :mod:`.assignments` and :mod:`.bodies` answer them as JSON.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..catalogue import NamedQuery
from ..store import Rows, Store

LOG = logging.getLogger("styrgraf")

PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX styr: <https://w3id.org/styrgraf/ontology#>
"""
#: The status reports on assignment ``?e``, one row per report and piece of evidence.
HISTORY = (
    PREFIXES
    + """SELECT ?e ?report ?status ?date ?document ?documentLabel ?lineStart ?lineEnd ?quote ?file
  ?comment
WHERE {
  ?report styr:reportsOn ?e .
  ?report a styr:StatusReport .
  OPTIONAL { ?report styr:assignmentStatus ?status }
  OPTIONAL { ?report styr:statusComment ?comment }
  OPTIONAL { ?report dcterms:date ?date }
  OPTIONAL {
    ?report styr:reportedIn ?document .
    OPTIONAL { ?document rdfs:label ?documentLabel
               FILTER (LANGMATCHES(LANG(?documentLabel), "sv") || LANG(?documentLabel) = "") }
  }
  OPTIONAL {
    ?report prov:qualifiedDerivation ?evidence .
    OPTIONAL { ?evidence styr:lineStart ?lineStart }
    OPTIONAL { ?evidence styr:lineEnd ?lineEnd }
    OPTIONAL { ?evidence styr:quote ?quote }
    OPTIONAL { ?evidence styr:sourceText/dcterms:title ?file }
  }
}"""
)
#: The due dates of assignment ``?e``'s reporting requirements.
DUE = (
    PREFIXES
    + """SELECT ?e ?requirement ?exact ?by ?mode
WHERE {
  ?e styr:hasReportingRequirement ?requirement .
  OPTIONAL { ?requirement styr:dueDate ?exact }
  OPTIONAL { ?requirement styr:dueBy ?by }
  OPTIONAL { ?requirement styr:reportingMode ?mode }
}"""
)
#: The current status and due dates of the assignments body ``?e`` has a part in. The
#: class is a FILTER EXISTS and the status and requirements OPTIONALs: as a triple pattern
#: and a UNION, Oxigraph (0.5) read every assignment in the store before the body's few
#: (5 ms at 100k triples against 0.4 ms at 10k, for the same 24 rows; now 0.3 ms at both).
STATES = (
    PREFIXES
    + """SELECT ?e ?assignment ?status ?requirement ?exact ?by
WHERE {
  ?assignment styr:responsibleBody|styr:cooperatingBody|styr:supportingBody
    |styr:dependsOnBody|styr:involvedBody ?e .
  FILTER EXISTS { ?assignment a styr:Assignment }
  OPTIONAL { ?assignment styr:currentStatus ?status }
  OPTIONAL { ?assignment styr:hasReportingRequirement ?requirement .
    OPTIONAL { ?requirement styr:dueDate ?exact }
    OPTIONAL { ?requirement styr:dueBy ?by } }
  FILTER (BOUND(?status) || BOUND(?requirement))
}"""
)
GOALS_QUERY = "goals_of_body"
ASSIGNMENTS_QUERY = "assignments_by_body"
#: Roles, strongest first: a body's part in a goal (goals_of_body) and in an assignment
#: (assignments_by_body).
GOAL_ROLES = ("huvudansvarig", "ansvarig", "bidrar")
ASSIGNMENT_ROLES = ("ansvarig", "i samverkan", "stödjande", "beroende av", "berörd")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# --- records ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Report:
    """One status report on an assignment."""

    iri: str
    status: str | None
    date: str | None
    document: str | None
    document_label: Literal | None
    line_start: int | None
    line_end: int | None
    quote: str | None
    file: str | None
    comment: str | None = None  # what the report says of the status, in its words


@dataclass(frozen=True)
class Due:
    """A reporting requirement's due date: exact (``styr:dueDate``) or the end of a period."""

    date: str
    exact: bool
    mode: str | None


@dataclass
class State:
    """An assignment's current status and due dates, as a body's list shows them."""

    status: str | None = None
    due_dates: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Role:
    """A goal or an assignment a body has a part in, with its roles (strongest first)."""

    iri: str
    label: Literal | None
    roles: tuple[str, ...]
    number: int | None = None

    @property
    def role(self) -> str:
        return self.roles[0] if self.roles else ""


# --- reading the store -----------------------------------------------------------------------
def day(term: Node | None) -> str | None:
    """Return an xsd:date literal as ``YYYY-MM-DD`` (None for anything else)."""
    text = str(term) if isinstance(term, Literal) else ""
    return text[:10] if DATE.match(text) else None


def whole(term: Node | None) -> int | None:
    try:
        return int(str(term)) if isinstance(term, Literal) else None
    except ValueError:
        return None


def text(term: Node | None) -> str | None:
    return str(term) if term is not None else None


def iri(term: Node | None) -> str | None:
    return str(term) if isinstance(term, URIRef) else None


def label(term: Node | None) -> Literal | None:
    return term if isinstance(term, Literal) else None


def history_order(report: Report) -> tuple[bool, str, int, str]:
    """Undated reports first (any dated one outranks them), then by date and line."""
    line = report.line_start if report.line_start is not None else 1 << 30
    return (report.date is not None, report.date or "", line, report.iri)


async def status_history(store: Store, assignment: URIRef, limit: int | None) -> list[Report]:
    """Return the status reports on ``assignment``, oldest first; one per report (its
    first piece of evidence)."""
    rows: Rows = await store.select_async(HISTORY, {"e": assignment}, limit)
    found: dict[str, Report] = {}
    for row in rows.rows:
        report = Report(
            iri=str(row["report"]),
            status=iri(row.get("status")),
            date=day(row.get("date")),
            document=iri(row.get("document")),
            document_label=label(row.get("documentLabel")),
            line_start=whole(row.get("lineStart")),
            line_end=whole(row.get("lineEnd")),
            quote=text(row.get("quote")),
            file=text(row.get("file")),
            comment=text(row.get("comment")),
        )
        known = found.get(report.iri)
        if known is None or history_order(report) < history_order(known):
            found[report.iri] = report
    return sorted(found.values(), key=history_order)


async def due_dates(store: Store, assignment: URIRef, limit: int | None) -> list[Due]:
    """Return the due dates of ``assignment``'s reporting requirements, earliest first."""
    rows: Rows = await store.select_async(DUE, {"e": assignment}, limit)
    found: set[Due] = set()
    for row in rows.rows:
        exact, by = day(row.get("exact")), day(row.get("by"))
        when = exact or by
        if when:
            found.add(Due(when, exact is not None, iri(row.get("mode"))))
    return sorted(found, key=lambda d: (d.date, not d.exact, d.mode or ""))


async def assignment_states(store: Store, body: URIRef, limit: int | None) -> dict[str, State]:
    """Return the current status and due dates of each assignment ``body`` has a part in."""
    rows: Rows = await store.select_async(STATES, {"e": body}, limit)
    return fold_states(rows.rows)


def fold_states(rows: list[dict[str, Node]]) -> dict[str, State]:
    """Return each assignment's status and due dates from rows of :data:`STATES`."""
    states: dict[str, State] = defaultdict(State)
    dues: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        assignment = str(row["assignment"])
        state = states[assignment]
        status = iri(row.get("status"))
        if status is not None:
            state.status = min(status, state.status or status)
        when = day(row.get("exact")) or day(row.get("by"))
        if when:
            dues[assignment].add(when)
    for assignment, dates in dues.items():
        states[assignment].due_dates = sorted(dates)
    return dict(states)


async def named_rows(
    store: Store, catalogue: Mapping[str, NamedQuery], name: str, body: URIRef, limit: int | None
) -> Rows | None:
    """Run the named query ``name`` for ``body``; None when the catalogue lacks it."""
    query = catalogue.get(name)
    if query is None:
        LOG.warning("the named query %s is missing: the body page leaves its section out", name)
        return None
    rows: Rows = await store.select_async(query.text, {"body": body}, limit)
    return rows


def roles_of(value: Node | None, order: tuple[str, ...]) -> tuple[str, ...]:
    """Return the roles of a GROUP_CONCAT cell, strongest (first in ``order``) first."""
    found = {r.strip() for r in str(value or "").split(",") if r.strip()}
    return tuple(sorted(found, key=lambda r: (order.index(r) if r in order else len(order), r)))


def role_order(order: tuple[str, ...]) -> Callable[[Role], tuple[int, int, str, str]]:
    """Return the sort key of roles: strongest role first, then goal number and label."""

    def key(item: Role) -> tuple[int, int, str, str]:
        rank = order.index(item.role) if item.role in order else len(order)
        number = item.number if item.number is not None else 1 << 30
        return (rank, number, str(item.label or "").casefold(), item.iri)

    return key


async def goals_of_body(
    store: Store, catalogue: Mapping[str, NamedQuery], body: URIRef, limit: int | None
) -> list[Role]:
    """Return the goals ``body`` answers for or contributes to (``goals_of_body.rq``),
    main responsibility first."""
    rows = await named_rows(store, catalogue, GOALS_QUERY, body, limit)
    goals = [
        Role(
            str(row["goal"]),
            label(row.get("label")),
            roles_of(row.get("roles"), GOAL_ROLES),
            whole(row.get("goalNumber")),
        )
        for row in (rows.rows if rows else [])
        if isinstance(row.get("goal"), URIRef)
    ]
    return sorted(goals, key=role_order(GOAL_ROLES))


async def assignments_of_body(
    store: Store, catalogue: Mapping[str, NamedQuery], body: URIRef, limit: int | None
) -> list[Role]:
    """Return the assignments ``body`` has a part in (``assignments_by_body.rq``),
    those it is responsible for first."""
    rows = await named_rows(store, catalogue, ASSIGNMENTS_QUERY, body, limit)
    found = [
        Role(
            str(row["assignment"]),
            label(row.get("label")),
            roles_of(row.get("roles"), ASSIGNMENT_ROLES),
        )
        for row in (rows.rows if rows else [])
        if isinstance(row.get("assignment"), URIRef)
    ]
    return sorted(found, key=role_order(ASSIGNMENT_ROLES))
