"""``/calendar``: the reporting calendar, a page (HTML, Swedish) for people.

The events are those of ``/api/calendar`` (:mod:`.calendar`: dated reporting
requirements, time-plan dates to the executive board and decision deadlines), listed by
month, each with its date, what is due (linked to its page), the bodies that owe it and
to whom it goes, and the document and lines it comes from. ``body`` (and ``role``) keep
one body's events, as the API's parameters do. The page links the subscribable iCalendar
feed, ``/api/calendar.ics``, for all events and for each body that owes any.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..errors import BadRequest
from ..render import render
from .calendar_events import select_events
from .facts import sort_key
from .ledger import url
from .overview import MONTHS, swedish_date, today
from .params import MAX_LIMIT, check_params

router = APIRouter()

KIND_TEXTS = {
    "reporting": "Återrapportering",
    "time-plan": "Till kommunstyrelsen",
    "decision-deadline": "Sista dag för beslut",
}
ROLE_CHOICES = (
    ("any", "lämnar eller tar emot"),
    ("owes", "ska lämna"),
    ("receives", "tar emot"),
)


def months(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the events by month, in date order, each month with a Swedish name."""
    out: list[dict[str, Any]] = []
    for event in events:
        key = event["date"][:7]
        if not out or out[-1]["key"] != key:
            year, month = key.split("-")
            out.append({"key": key, "name": f"{MONTHS[int(month) - 1]} {year}", "events": []})
        out[-1]["events"].append(
            {
                **event,
                "day": swedish_date(event["date"], year=False),
                "from_text": swedish_date(event["date_from"]) if event.get("date_from") else None,
                "kind_text": KIND_TEXTS.get(event["kind"], event["kind"]),
            }
        )
    return out


def feeds(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the bodies that owe events, each with its page and its calendar feed."""
    bodies: dict[str, dict[str, Any]] = {}
    for event in events:
        for body in event["owed_by"]:
            entry = bodies.setdefault(body["iri"], {**body, "count": 0, "seen": set()})
            if event["uid"] not in entry["seen"]:
                entry["seen"].add(event["uid"])
                entry["count"] += 1
    return [
        {
            **{k: v for k, v in body.items() if k != "seen"},
            "ics": url("/api/calendar.ics", {"body": body["iri"], "role": "owes"}),
            "html": url("/calendar", {"body": body["iri"], "role": "owes"}),
        }
        for body in sorted(bodies.values(), key=lambda b: sort_key(b["label"]))
    ]


@router.get("/calendar", include_in_schema=False)
async def calendar_page(request: Request) -> HTMLResponse:
    """The reporting calendar by month, with links to the iCalendar feeds."""
    query = request.query_params
    body = query.get("body", "").strip() or None
    role = query.get("role", "").strip() or "any"
    error: BadRequest | None = None
    events: list[dict[str, Any]] = []
    truncated, title = False, ""
    try:
        check_params(request, ("body", "role"))
        events, truncated, title = await select_events(request, body, role, None, None, None)
    except BadRequest as failed:
        error, body, role = failed, None, "any"
    everything, _, _ = await select_events(request, None, "any", None, None, None)
    now = today().isoformat()
    upcoming = next((e for e in events if e["date"] >= now), None)
    label = title.partition(" – ")[2] if body else None
    params = {"body": body, "role": role if body else None}
    html = render(
        "calendar.html",
        title="Kalender" + (f": {label}" if label else ""),
        current="/calendar",
        months=months(events),
        total=len(events),
        truncated=truncated,
        error=error,
        body=body,
        body_label=label,
        role=role,
        roles=ROLE_CHOICES,
        today=swedish_date(now),
        upcoming=upcoming["uid"] if upcoming else None,
        feeds=feeds(everything),
        ics=url("/api/calendar.ics", params),
        json=url("/api/calendar", {**params, "limit": MAX_LIMIT}),
        csv=url("/api/calendar", {**params, "format": "csv", "limit": MAX_LIMIT}),
    )
    return HTMLResponse(html, status_code=400 if error else 200)
