"""The reporting calendar: every dated reporting requirement and time-plan entry.

``GET /api/calendar`` answers JSON (or CSV, or iCalendar by ``Accept: text/calendar``);
``GET /api/calendar.ics`` answers iCalendar only, for calendar subscriptions. Each event
has a date, what is due, who owes it, to whom, and the document and lines it comes from.
The events come from :mod:`.calendar_events`.

The iCalendar follows RFC 5545: CRLF line ends, lines folded at 75 octets, TEXT values
escaped, all-day events (``DTSTART;VALUE=DATE``), a UID per event derived from the IRI
of what it comes from (stable across requests), SUMMARY and DESCRIPTION in Swedish and the
URL of the entity's page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request, Response

from .answers import CSV, ICAL, JSON, Column, code_of, fields, labels_cell, media_for
from .calendar_events import KINDS, ROLES, select_events
from .params import (
    MAX_LIMIT,
    check_params,
    choice_param,
    date_param,
    format_param,
    iri_filter,
    limit_param,
    offset_param,
)
from .resource import Paging, Resource
from .schemas import CALENDAR_ANSWERS, ERRORS, EventPage

router = APIRouter(tags=["calendar"])

CATEGORIES = {
    "reporting": "Återrapportering",
    "time-plan": "Tidplan",
    "decision-deadline": "Beslut",
}
PARAMS = ("body", "role", "after", "before", "kind")
DESCRIPTION = "Återrapportering av uppdrag och tid- och arbetsplan, ur styrgraf."


@dataclass(frozen=True)
class Filters:
    """The filters of both calendar routes, as the client gave them."""

    body: str | None
    role: str
    after: str | None
    before: str | None
    kind: str | None

    @property
    def params(self) -> dict[str, str | None]:
        """Return the filters for the JSON page (``role`` only with ``body``)."""
        return {
            "body": self.body,
            "role": self.role if self.body else None,
            "after": self.after,
            "before": self.before,
            "kind": self.kind,
        }

    async def events(self, request: Request) -> tuple[list[dict[str, Any]], bool, str]:
        """Return the events that pass the filters, in order; whether rows were cut; the
        calendar's title (:func:`.calendar_events.select_events`)."""
        return await select_events(
            request, self.body, self.role, self.after, self.before, self.kind
        )


def event_filters(
    body: str | None = iri_filter(
        "Only this body's events (its IRI, from /api/bodies), in the role `role`: "
        "subscribe to one board's calendar."
    ),
    role: str = choice_param(
        "any",
        "With `body`: `owes` (the body is responsible for or contributes to the "
        "assignment, or is the reporting body of a time-plan report), `receives` (the report "
        "goes to the body: styr:reportTo, or its own time plan) or `any`.",
        ROLES,
    ),
    after: str | None = date_param(
        "Only events on or after this xsd:date (YYYY-MM-DD).", "2025-01-01"
    ),
    before: str | None = date_param(
        "Only events on or before this xsd:date (YYYY-MM-DD).", "2025-12-31"
    ),
    kind: str | None = choice_param(
        None, "Only events of this kind: reporting, time-plan or decision-deadline.", KINDS
    ),
) -> Filters:
    """Declare the filters of both calendar routes."""
    return Filters(body, role, after, before, kind)


def event_paging(
    limit: int = limit_param(f"Events per page, 1–{MAX_LIMIT} (JSON and CSV)."),
    offset: int = offset_param("Events to skip, for paging (JSON and CSV)."),
    format: str | None = format_param("json", "csv", "ics"),
) -> Paging:
    """Declare the paging of /api/calendar (iCalendar is never paged)."""
    return Paging(limit, offset, format)


EventFilters = Annotated[Filters, Depends(event_filters)]
EventPaging = Annotated[Paging, Depends(event_paging)]


# --- CSV -----------------------------------------------------------------------------------
def _source_cell(event: dict[str, Any], key: str) -> object:
    source = event.get("source") or {}
    value = source.get(key)
    return value.get("label") if isinstance(value, dict) else value


COLUMNS: list[Column] = [
    *fields("date", "date_from", "kind", "summary"),
    ("what", lambda e: e["what"]["label"]),
    ("owed_by", lambda e: labels_cell(e["owed_by"])),
    ("to", lambda e: labels_cell(e["to"])),
    ("mode", lambda e: code_of(e["mode"])),
    *fields("plan_text"),
    ("document", lambda e: _source_cell(e, "document")),
    ("file", lambda e: _source_cell(e, "file")),
    ("line_start", lambda e: _source_cell(e, "line_start")),
    ("line_end", lambda e: _source_cell(e, "line_end")),
    *fields("iri", "uid", "page"),
]
CALENDAR = Resource("event", "/api/calendar", COLUMNS, PARAMS, offered=(JSON, CSV, ICAL))


@router.get(
    "/api/calendar",
    response_model=EventPage,
    responses=CALENDAR_ANSWERS,
    summary="The reporting calendar",
    description="Every dated reporting requirement and time-plan entry as an event, ordered by "
    "date: date (and first day, for a month, quarter or season), kind (`reporting`, "
    "`time-plan`, `decision-deadline`), a Swedish summary, what is due, who owes it, to "
    "whom, the reporting mode, and the source (document, file, lines and quote). JSON; CSV "
    "by `Accept: text/csv`; iCalendar by `Accept: text/calendar` or `format=ics` (all events, "
    "not paged: the same as /api/calendar.ics).",
)
async def calendar(request: Request, filters: EventFilters, paging: EventPaging) -> Response:
    listed = CALENDAR.begin(request, paging)
    events, truncated, title = await filters.events(request)
    if listed.media == ICAL:
        return _ics_response(request, events, title, truncated)
    return listed.answer(events, truncated, filters.params)


@router.get(
    "/api/calendar.ics",
    summary="The reporting calendar as iCalendar",
    description="The reporting calendar as an iCalendar file (RFC 5545, `text/calendar`) for "
    "calendar applications: one all-day event per due date, with a Swedish summary, the "
    "source quote and lines in the description, and the URL of the page. Subscribe with "
    "`body=` to follow one board.",
    response_class=Response,
    responses={**ERRORS, 200: {"content": {ICAL: {}}, "description": "An iCalendar file."}},
)
async def calendar_ics(request: Request, filters: EventFilters) -> Response:
    check_params(request, PARAMS)
    media_for(request, None, [ICAL])
    events, truncated, title = await filters.events(request)
    return _ics_response(request, events, title, truncated)


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
