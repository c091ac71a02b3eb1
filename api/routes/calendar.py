"""The reporting calendar: every dated reporting requirement and time-plan entry.

``GET /api/calendar`` answers JSON (or CSV, or iCalendar by ``Accept: text/calendar``);
``GET /api/calendar.ics`` answers iCalendar only, for calendar subscriptions. Each event
has a date, what is due, who owes it, to whom, and the document and lines it comes from.

Three kinds of event:

* ``reporting``: a reporting requirement of an assignment (styr:ReportingRequirement) with
  a due date: its exact date (styr:dueDate) when the document gives one, else the last day
  of the month, quarter or season it names (styr:dueBy; ``date_from`` is the first day).
  It is owed by the assignment's responsible and contributing bodies, to styr:reportTo.
* ``time-plan``: a time-plan entry's date to the executive board (styr:dateToKS), owed by
  the planned report's reporting body, to the body whose time plan it is.
* ``decision-deadline``: a time-plan entry's last day for the decision (styr:lastDecisionDate).

The iCalendar follows RFC 5545: CRLF line ends, lines folded at 75 octets, TEXT values
escaped, all-day events (``DTSTART;VALUE=DATE``), a UID per event derived from the IRI
of what it comes from (stable across requests), SUMMARY and DESCRIPTION in Swedish and the
URL of the entity's page.

This module declares its routes before it imports the shared helpers of
:mod:`.resources` (which includes this router), so either module may be imported first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response

from ..errors import BadRequest

router: APIRouter = APIRouter()

KINDS = ("reporting", "time-plan", "decision-deadline")
ROLES = ("any", "owes", "receives")
CATEGORIES = {
    "reporting": "Återrapportering",
    "time-plan": "Tidplan",
    "decision-deadline": "Beslut",
}
PARAMS = ("body", "role", "after", "before", "kind")
DESCRIPTION = "Återrapportering av uppdrag och tid- och arbetsplan, ur styrgraf."


def _body() -> Any:
    return Query(
        None,
        description="Only this body's events (its IRI, from /api/bodies), in the role `role`: "
        "subscribe to one board's calendar.",
        examples=["https://w3id.org/styrgraf/id/goteborg/org/kommunstyrelsen"],
    )


def _role() -> Any:
    return Query(
        "any",
        description="With `body`: `owes` (the body is responsible for or contributes to the "
        "assignment, or is the reporting body of a time-plan report), `receives` (the report "
        "goes to the body: styr:reportTo, or its own time plan) or `any`.",
        json_schema_extra={"enum": list(ROLES)},
    )


def _after() -> Any:
    return Query(
        None,
        description="Only events on or after this xsd:date (YYYY-MM-DD).",
        examples=["2025-01-01"],
    )


def _before() -> Any:
    return Query(
        None,
        description="Only events on or before this xsd:date (YYYY-MM-DD).",
        examples=["2025-12-31"],
    )


def _kind() -> Any:
    return Query(
        None,
        description="Only events of this kind: reporting, time-plan or decision-deadline.",
        json_schema_extra={"enum": list(KINDS)},
    )


@router.get(
    "/api/calendar",
    summary="The reporting calendar",
    description="Every dated reporting requirement and time-plan entry as an event, ordered by "
    "date: date (and first day, for a month, quarter or season), kind (`reporting`, "
    "`time-plan`, `decision-deadline`), a Swedish summary, what is due, who owes it, to "
    "whom, the reporting mode, and the source (document, file, lines and quote). JSON; CSV "
    "by `Accept: text/csv`; iCalendar by `Accept: text/calendar` or `format=ics` (all events, "
    "not paged: the same as /api/calendar.ics).",
    tags=["calendar"],
)
async def calendar(
    request: Request,
    body: str | None = _body(),
    role: str = _role(),
    after: str | None = _after(),
    before: str | None = _before(),
    kind: str | None = _kind(),
    limit: int = Query(100, description="Events per page, 1–1000 (JSON and CSV)."),
    offset: int = Query(0, description="Events to skip, for paging (JSON and CSV)."),
    format: str | None = Query(
        None, description="`json`, `csv` or `ics`; without it the Accept header decides."
    ),
) -> Response:
    res.check_params(request, [*PARAMS, "limit", "offset", "format"])
    res.check_paging(limit, offset)
    media = res.media_for(request, format, [res.JSON, res.CSV, res.ICAL])
    events, truncated, title = await _events(request, body, role, after, before, kind)
    if media == res.ICAL:
        return _ics_response(request, events, title, truncated)
    params = {
        "body": body,
        "role": role if body else None,
        "after": after,
        "before": before,
        "kind": kind,
    }
    return res.listing(
        request,
        events,
        limit=limit,
        offset=offset,
        truncated=truncated,
        media=media,
        columns=COLUMNS,
        params=params,
    )


@router.get(
    "/api/calendar.ics",
    summary="The reporting calendar as iCalendar",
    description="The reporting calendar as an iCalendar file (RFC 5545, `text/calendar`) for "
    "calendar applications: one all-day event per due date, with a Swedish summary, the "
    "source quote and lines in the description, and the URL of the page. Subscribe with "
    "`body=` to follow one board.",
    tags=["calendar"],
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}, "description": "An iCalendar file."}},
)
async def calendar_ics(
    request: Request,
    body: str | None = _body(),
    role: str = _role(),
    after: str | None = _after(),
    before: str | None = _before(),
    kind: str | None = _kind(),
) -> Response:
    res.check_params(request, PARAMS)
    res.media_for(request, None, [res.ICAL])
    events, truncated, title = await _events(request, body, role, after, before, kind)
    return _ics_response(request, events, title, truncated)


# --- queries -------------------------------------------------------------------------------
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
        res.props(
            "evidence",
            "prov:qualifiedDerivation",
            "styr:quote",
            "styr:lineStart",
            "styr:lineEnd",
            "prov:entity",
        ),
        res.props(
            "document", "prov:qualifiedDerivation/prov:entity", *res.LABELS, "dcterms:source"
        ),
    ]
    if source == "reporting":
        branches = [
            res.props(
                "self",
                "",
                *res.LABELS,
                "styr:dueDate",
                "styr:dueBy",
                "styr:dueFrom",
                "styr:reportingMode",
                "styr:timingKind",
                "styr:reportTo",
                "styr:statedIn",
                "styr:planText",
            ),
            res.props(
                "assignment",
                "styr:forAssignment",
                *res.LABELS,
                "styr:responsibleBody",
                "styr:cooperatingBody",
                "styr:supportingBody",
            ),
            *evidence,
        ]
    else:
        branches = [
            res.props(
                "self",
                "",
                *res.LABELS,
                "styr:dateToKS",
                "styr:lastDecisionDate",
                "styr:dueMonth",
                "styr:plannedReport",
                "styr:inTimePlan",
                "styr:noteText",
            ),
            res.props("report", "styr:plannedReport", *res.LABELS, "styr:reportingBody"),
            res.props("plan", "styr:inTimePlan", *res.LABELS, "dcterms:subject"),
            *evidence,
        ]
    return res.facet_query(head + HEADS[source], branches, ["body"] if role else [])


async def _events(
    request: Request,
    body: str | None,
    role: str,
    after: str | None,
    before: str | None,
    kind: str | None,
) -> tuple[list[dict[str, Any]], bool, str]:
    """Return the events that pass the filters, in order; whether rows were cut; a title."""
    res.parse_choice("role", role, ROLES)
    if kind is not None:
        res.parse_choice("kind", kind, KINDS)
    start, end = res.parse_date("after", after), res.parse_date("before", before)
    if start is not None and end is not None and start > end:
        raise BadRequest(f"after ({start}) is later than before ({end})", hint="swap the two dates")
    bindings = {"body": res.parse_iri("body", body)} if body else {}
    events: list[dict[str, Any]] = []
    truncated = False
    title, body_label = "Styrgraf: återrapportering och tidplan", None
    for source in ("reporting", "time-plan"):
        if kind is not None and (kind == "reporting") != (source == "reporting"):
            continue
        result = await res.facts(request, _query(source, role if body else None), bindings)
        truncated = truncated or result.truncated
        build = _reporting if source == "reporting" else _time_plan
        for facts in result.items.values():
            events.extend(build(facts, result.labels))
        body_label = body_label or (result.labels.get(body.strip(), "sv") if body else None)
    events = [
        e
        for e in events
        if (kind is None or e["kind"] == kind) and res.in_range(e["date"], start, end)
    ]
    events.sort(
        key=lambda e: (e["date"], KINDS.index(e["kind"]), res.sort_key(e["summary"]), e["uid"])
    )
    return events, truncated, f"{title} – {body_label}" if body_label else title


# --- events --------------------------------------------------------------------------------
def _uid(iri: str, kind: str) -> str:
    """Return an event's UID: a digest of the IRI it comes from and its kind (stable)."""
    return hashlib.sha256(f"{iri}|{kind}".encode()).hexdigest()[:32] + "@styrgraf"


def _source(facts: res.Facts, labels: res.Labels) -> dict[str, Any] | None:
    """Return the evidence with the first line: document, file, lines and quote."""
    nodes = sorted(facts.nodes("evidence"), key=lambda n: (facts.line("evidence", n), n))
    if not nodes:
        return None
    node = nodes[0]
    document = facts.iris("evidence", "http://www.w3.org/ns/prov#entity", node)
    start = res.number(facts.first("evidence", res.LINE_START, node))
    end = res.number(facts.first("evidence", res.STYR + "lineEnd", node))
    return {
        "document": labels.ref(document[0]) if document else None,
        "file": facts.text("document", "http://purl.org/dc/terms/source", document[0])
        if document
        else None,
        "line_start": start,
        "line_end": end if end is not None else start,
        "quote": facts.text("evidence", res.STYR + "quote", node),
    }


def _event(
    kind: str, iri: str, day: str, summary: str, labels: res.Labels, **fields: Any
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


def _reporting(facts: res.Facts, labels: res.Labels) -> list[dict[str, Any]]:
    """Return the event of a dated reporting requirement (none if it has no date)."""
    day = res.due_of(facts, "self", facts.iri)
    if day is None:
        return []
    assignments = facts.nodes("assignment")
    what = labels.ref(assignments[0]) if assignments else labels.ref(facts.iri)
    owed = [
        {**ref, "role": role}
        for node in assignments
        for role in ("responsible", "cooperating", "supporting")
        for ref in res.refs(facts, labels, "assignment", role + "Body", node)
    ]
    mode = res.first_code(facts, labels, "self", "reportingMode")
    first = res.plain_date(facts.first("self", res.STYR + "dueFrom"))
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
            exact_date=res.plain_date(facts.first("self", res.STYR + "dueDate")) is not None,
            what=what,
            owed_by=owed,
            to=res.refs(facts, labels, "self", "reportTo"),
            mode=mode,
            timing=res.first_code(facts, labels, "self", "timingKind"),
            plan_text=facts.text("self", res.STYR + "planText"),
            source=_source(facts, labels),
        )
    ]


def _time_plan(facts: res.Facts, labels: res.Labels) -> list[dict[str, Any]]:
    """Return a time-plan entry's events: its date to the board and its decision deadline."""
    reports = facts.nodes("report")
    plans = facts.nodes("plan")
    what = labels.ref(reports[0]) if reports else labels.ref(facts.iri)
    owed = [
        {**ref, "role": "reporting"}
        for node in reports
        for ref in res.refs(facts, labels, "report", "reportingBody", node)
    ]
    to = [
        ref
        for node in plans
        for ref in res.refs(facts, labels, "plan", "http://purl.org/dc/terms/subject", node)
    ]
    label = labels.get(facts.iri, "sv") or what["label"] or facts.iri
    receiver = ", ".join(str(r["label"]) for r in to if r["label"])
    notes = facts.texts("self", res.STYR + "noteText")
    events = []
    for predicate, kind in (("dateToKS", "time-plan"), ("lastDecisionDate", "decision-deadline")):
        day = res.plain_date(facts.first("self", res.STYR + predicate))
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


def _source_cell(event: dict[str, Any], key: str) -> object:
    source = event.get("source") or {}
    value = source.get(key)
    return value.get("label") if isinstance(value, dict) else value


COLUMNS: list[tuple[str, Any]] = [
    ("date", lambda e: e["date"]),
    ("date_from", lambda e: e["date_from"]),
    ("kind", lambda e: e["kind"]),
    ("summary", lambda e: e["summary"]),
    ("what", lambda e: e["what"]["label"]),
    ("owed_by", lambda e: res.labels_cell(e["owed_by"])),
    ("to", lambda e: res.labels_cell(e["to"])),
    ("mode", lambda e: e["mode"]["code"] if e["mode"] else None),
    ("plan_text", lambda e: e["plan_text"]),
    ("document", lambda e: _source_cell(e, "document")),
    ("file", lambda e: _source_cell(e, "file")),
    ("line_start", lambda e: _source_cell(e, "line_start")),
    ("line_end", lambda e: _source_cell(e, "line_end")),
    ("iri", lambda e: e["iri"]),
    ("uid", lambda e: e["uid"]),
    ("page", lambda e: e["page"]),
]


# --- iCalendar -----------------------------------------------------------------------------
def escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545, 3.3.11): backslash, semicolon, comma and newlines;
    other control characters are dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in "\n\t" or (ord(c) >= 0x20 and ord(c) != 0x7F))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line so that no physical line exceeds ``limit`` octets of UTF-8
    (RFC 5545, 3.1), never inside a character; continuation lines start with a space."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _where(source: dict[str, Any]) -> str:
    """Return "document (file, rad a–b)" for an event's source."""
    start, end = source.get("line_start"), source.get("line_end")
    lines = (
        None if start is None else f"rad {start}" if end in (None, start) else f"rad {start}–{end}"
    )
    details = ", ".join(str(part) for part in (source.get("file"), lines) if part)
    document = source["document"]["label"] if source.get("document") else None
    return " ".join(part for part in (document, f"({details})" if details else None) if part)


def _description(event: dict[str, Any], url: str | None) -> str:
    lines = [event["summary"]]
    if event["kind"] == "reporting":
        lines.append(f"Uppdrag: {event['what']['label'] or event['what']['iri']}")
    owed = ", ".join(str(r["label"] or r["iri"]) for r in event["owed_by"])
    if owed:
        lines.append(f"Ska lämnas av: {owed}")
    to = ", ".join(str(r["label"] or r["iri"]) for r in event["to"])
    if to:
        lines.append(f"Till: {to}")
    if event.get("mode"):
        lines.append(f"Rapporteringssätt: {event['mode']['label'] or event['mode']['code']}")
    if event.get("date_from"):
        lines.append(f"Tidigast: {event['date_from']}, senast: {event['date']}")
    if event.get("plan_text"):
        heading = "Plan för rapportering" if event["kind"] == "reporting" else "Noteringar"
        lines.append(f"{heading}: {event['plan_text']}")
    source = event.get("source")
    if source:
        lines.append(f"Källa: {_where(source)}")
        if source.get("quote"):
            lines.append(f"”{source['quote']}”")
    if url:
        lines.append(url)
    return "\n".join(lines)


def ics(events: Sequence[dict[str, Any]], title: str, base_url: str, stamp: datetime) -> str:
    """Return the events as an iCalendar stream (CRLF line ends, folded lines)."""
    dtstamp = stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//styrgraf//Rapporteringskalender//SV",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(title)}",
        f"X-WR-CALDESC:{escape(DESCRIPTION)}",
    ]
    for event in events:
        day = date.fromisoformat(event["date"])
        url = base_url + quote(event["page"], safe="/:@!$&'()*+,;=-._~%") if event["page"] else None
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event['uid']}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY;LANGUAGE=sv:{escape(event['summary'])}",
            f"DESCRIPTION;LANGUAGE=sv:{escape(_description(event, url))}",
            f"CATEGORIES:{escape(CATEGORIES[event['kind']])}",
            "TRANSP:TRANSPARENT",
            *([f"URL:{url}"] if url else []),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _ics_response(
    request: Request, events: Sequence[dict[str, Any]], title: str, truncated: bool
) -> Response:
    body = ics(events, title, str(request.base_url).rstrip("/"), datetime.now(UTC))
    headers = {"Vary": "Accept", "Content-Disposition": 'inline; filename="styrgraf.ics"'}
    if truncated:
        headers["X-Styrgraf-Truncated"] = "true"
    return Response(
        body.encode("utf-8"), media_type="text/calendar; charset=utf-8", headers=headers
    )


# The shared helpers, imported after the routes are declared (see the module docstring).
from . import resources as res  # noqa: E402
