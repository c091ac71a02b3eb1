"""The events of the reporting calendar: every dated reporting requirement and time-plan entry.

Three kinds of event:

* ``reporting``: a reporting requirement of an assignment (styr:ReportingRequirement) with
  a due date: its exact date (styr:dueDate) when the document gives one, else the last day
  of the month, quarter or season it names (styr:dueBy; ``date_from`` is the first day).
  It is owed by the assignment's responsible and contributing bodies, to styr:reportTo.
* ``time-plan``: a time-plan entry's date to the executive board (styr:dateToKS), owed by
  the planned report's reporting body, to the body whose time plan it is.
* ``decision-deadline``: a time-plan entry's last day for the decision (styr:lastDecisionDate).

Each event has a date, what is due, who owes it, to whom, the document and lines it comes
from, and a UID derived from the IRI of what it comes from (stable across requests).
:func:`select_events` serves ``/api/calendar``, the calendar page and the home page.
"""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import Request

from ..errors import BadRequest
from .facts import (
    ASSIGNMENT_BODIES,
    LABELS,
    LINE_START,
    REQUIREMENT_TERMS,
    STYR,
    Facts,
    due_of,
    facet_query,
    facts,
    first_code,
    number,
    plain_date,
    props,
    refs,
    sort_key,
)
from .labels import Labels
from .params import in_range, parse_choice, parse_date, parse_iri

KINDS = ("reporting", "time-plan", "decision-deadline")
#: The calendar's name (the iCalendar feed's X-WR-CALNAME); one body's adds its name.
TITLE = "Styrgraf: återrapportering och tidplan"
ROLES = ("any", "owes", "receives")


OWES = {
    "reporting": "?s styr:forAssignment/(styr:responsibleBody|styr:cooperatingBody|"
    "styr:supportingBody) ?body .",
    "time-plan": "?s styr:plannedReport/styr:reportingBody ?body .",
}
RECEIVES = {
    "reporting": "?s styr:reportTo ?body .",
    "time-plan": "?s styr:inTimePlan/dcterms:subject ?body .",
}
HEADS = {
    "reporting": "?s styr:dueDate|styr:dueBy ?due .\n  ?s styr:forAssignment ?assignment .",
    "time-plan": "?s styr:dateToKS|styr:lastDecisionDate ?when .\n  ?s a styr:TimePlanEntry .",
}


def _query(source: str, role: str | None) -> str:
    """Return the facet query of dated requirements (``reporting``) or time-plan entries."""
    head = ""
    if role == "owes":
        head = OWES[source] + "\n  "
    elif role == "receives":
        head = RECEIVES[source] + "\n  "
    elif role == "any":
        head = f"{{ {OWES[source]} }} UNION {{ {RECEIVES[source]} }}\n  "
    evidence = [
        props(
            "evidence",
            "prov:qualifiedDerivation",
            "styr:quote",
            "styr:lineStart",
            "styr:lineEnd",
            "prov:entity",
        ),
        props("document", "prov:qualifiedDerivation/prov:entity", *LABELS, "dcterms:source"),
    ]
    if source == "reporting":
        branches = [
            props("self", "", *LABELS, *REQUIREMENT_TERMS, "styr:planText"),
            props("assignment", "styr:forAssignment", *LABELS, *ASSIGNMENT_BODIES),
            *evidence,
        ]
    else:
        branches = [
            props(
                "self",
                "",
                *LABELS,
                "styr:dateToKS",
                "styr:lastDecisionDate",
                "styr:dueMonth",
                "styr:plannedReport",
                "styr:inTimePlan",
                "styr:noteText",
            ),
            props("report", "styr:plannedReport", *LABELS, "styr:reportingBody"),
            props("plan", "styr:inTimePlan", *LABELS, "dcterms:subject"),
            *evidence,
        ]
    return facet_query(head + HEADS[source], branches, ["body"] if role else [])


async def select_events(
    request: Request,
    body: str | None,
    role: str,
    after: str | None,
    before: str | None,
    kind: str | None,
) -> tuple[list[dict[str, Any]], bool, str]:
    """Return the events that pass the filters, in order; whether rows were cut; a title."""
    parse_choice("role", role, ROLES)
    if kind is not None:
        parse_choice("kind", kind, KINDS)
    start, end = parse_date("after", after), parse_date("before", before)
    if start is not None and end is not None and start > end:
        raise BadRequest(f"after ({start}) is later than before ({end})", hint="swap the two dates")
    bindings = {"body": parse_iri("body", body)} if body else {}
    events: list[dict[str, Any]] = []
    truncated = False
    title, body_label = TITLE, None
    for source in ("reporting", "time-plan"):
        if kind is not None and (kind == "reporting") != (source == "reporting"):
            continue
        result = await facts(request, _query(source, role if body else None), bindings)
        truncated = truncated or result.truncated
        build = _reporting if source == "reporting" else _time_plan
        for item in result.items.values():
            events.extend(build(item, result.labels))
        body_label = body_label or (result.labels.get(body.strip(), "sv") if body else None)
    events = [
        e for e in events if (kind is None or e["kind"] == kind) and in_range(e["date"], start, end)
    ]
    events.sort(key=lambda e: (e["date"], KINDS.index(e["kind"]), sort_key(e["summary"]), e["uid"]))
    return events, truncated, f"{title} – {body_label}" if body_label else title


# --- events --------------------------------------------------------------------------------
def _uid(iri: str, kind: str) -> str:
    """Return an event's UID: a digest of the IRI it comes from and its kind (stable)."""
    return hashlib.sha256(f"{iri}|{kind}".encode()).hexdigest()[:32] + "@styrgraf"


def _source(facts: Facts, labels: Labels) -> dict[str, Any] | None:
    """Return the evidence with the first line: document, file, lines and quote."""
    nodes = sorted(facts.nodes("evidence"), key=lambda n: (facts.line("evidence", n), n))
    if not nodes:
        return None
    node = nodes[0]
    document = facts.iris("evidence", "http://www.w3.org/ns/prov#entity", node)
    start = number(facts.first("evidence", LINE_START, node))
    end = number(facts.first("evidence", STYR + "lineEnd", node))
    return {
        "document": labels.ref(document[0]) if document else None,
        "file": facts.text("document", "http://purl.org/dc/terms/source", document[0])
        if document
        else None,
        "line_start": start,
        "line_end": end if end is not None else start,
        "quote": facts.text("evidence", STYR + "quote", node),
    }


def _event(
    kind: str, iri: str, day: str, summary: str, labels: Labels, **fields: Any
) -> dict[str, Any]:
    return {
        "uid": _uid(iri, kind),
        "kind": kind,
        "date": day,
        "summary": summary,
        "iri": iri,
        "page": labels.ref(iri)["page"],
        **fields,
    }


def _reporting(facts: Facts, labels: Labels) -> list[dict[str, Any]]:
    """Return the event of a dated reporting requirement (none if it has no date)."""
    day = due_of(facts, "self", facts.iri)
    if day is None:
        return []
    assignments = facts.nodes("assignment")
    what = labels.ref(assignments[0]) if assignments else labels.ref(facts.iri)
    owed = [
        {**ref, "role": role}
        for node in assignments
        for role in ("responsible", "cooperating", "supporting")
        for ref in refs(facts, labels, "assignment", role + "Body", node)
    ]
    mode = first_code(facts, labels, "self", "reportingMode")
    first = plain_date(facts.first("self", STYR + "dueFrom"))
    named = mode["label"] if mode and mode["code"] != "ej-angiven" and mode["label"] else None
    heading = named[:1].upper() + named[1:] if named else "Återrapportering"
    return [
        _event(
            "reporting",
            facts.iri,
            day,
            f"{heading}: {what['label'] or what['iri']}",
            labels,
            date_from=first if first and first != day else None,
            exact_date=plain_date(facts.first("self", STYR + "dueDate")) is not None,
            what=what,
            owed_by=owed,
            to=refs(facts, labels, "self", "reportTo"),
            mode=mode,
            timing=first_code(facts, labels, "self", "timingKind"),
            plan_text=facts.text("self", STYR + "planText"),
            source=_source(facts, labels),
        )
    ]


def _time_plan(facts: Facts, labels: Labels) -> list[dict[str, Any]]:
    """Return a time-plan entry's events: its date to the board and its decision deadline."""
    reports = facts.nodes("report")
    plans = facts.nodes("plan")
    what = labels.ref(reports[0]) if reports else labels.ref(facts.iri)
    owed = [
        {**ref, "role": "reporting"}
        for node in reports
        for ref in refs(facts, labels, "report", "reportingBody", node)
    ]
    to = [
        ref
        for node in plans
        for ref in refs(facts, labels, "plan", "http://purl.org/dc/terms/subject", node)
    ]
    label = labels.get(facts.iri, "sv") or what["label"] or facts.iri
    receiver = ", ".join(str(r["label"]) for r in to if r["label"])
    notes = facts.texts("self", STYR + "noteText")
    events = []
    for predicate, kind in (("dateToKS", "time-plan"), ("lastDecisionDate", "decision-deadline")):
        day = plain_date(facts.first("self", STYR + predicate))
        if day is None:
            continue
        if kind == "time-plan":
            summary = f"Till {receiver}: {label}" if receiver else f"Tidplan: {label}"
        else:
            summary = f"Sista dag för beslut: {label}"
        events.append(
            _event(
                kind,
                facts.iri,
                day,
                summary,
                labels,
                date_from=None,
                exact_date=True,
                what=what,
                owed_by=owed,
                to=to,
                mode=None,
                timing=None,
                plan_text="; ".join(notes) or None,
                source=_source(facts, labels),
            )
        )
    return events
