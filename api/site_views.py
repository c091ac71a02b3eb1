"""The pages people come for on a published site, and the data files they link.

The server's pages ``/`` (the dashboard), ``/assignments`` (the ledger), ``/bodies``,
``/calendar``, ``/findings`` and ``/queries`` (with ``/queries/{name}``) are asked of the
application in process (:class:`api.site_pages.Site`, which renders them with
``static_site`` set, :func:`api.render.static_site`) and written as ``<path>.html``,
where the nginx and Apache rules (:mod:`api.webserver`) find an extensionless path. What
the server answers from its query services is written as files instead
(:data:`api.render.DOWNLOADS`): the ledger and the bodies as CSV and JSON, the goals as
JSON, the calendar as iCalendar, CSV and JSON. ``/findings`` shows the validation of the
published data (:func:`api.site_data.write_validation`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from .render import DOWNLOADS
from .site_writer import Published, Writer

if TYPE_CHECKING:
    from .site_pages import Site

#: The pages written as ``<path>.html`` (the home page is ``index.html``); the ledger is
#: asked for whole (a static page has no paging).
PAGES = (
    ("/", "index.html"),
    ("/assignments?limit=1000", "assignments.html"),
    ("/bodies", "bodies.html"),
    ("/calendar", "calendar.html"),
    ("/findings", "findings.html"),
    ("/queries", "queries.html"),
)
#: The data files the pages link, and the server's answers they are (path, Accept).
DATA_FILES = {
    "assignments_csv": ("/api/assignments?format=csv&limit=1000", "text/csv"),
    "assignments_json": ("/api/assignments?format=json&limit=1000", "application/json"),
    "bodies_csv": ("/api/bodies?format=csv&limit=1000", "text/csv"),
    "bodies_json": ("/api/bodies?limit=1000", "application/json"),
    "goals_json": ("/api/goals?limit=1000", "application/json"),
    "calendar_csv": ("/api/calendar?format=csv&limit=1000", "text/csv"),
    "calendar_json": ("/api/calendar?limit=1000", "application/json"),
}
HTML = "text/html"


async def write_views(
    site: Site, writer: Writer, result: Published, queries: Iterable[str], base: str
) -> None:
    """Write the pages of :data:`PAGES`, one page per named query, and the data files.

    ``queries`` are the named queries' names; ``base`` is the public base
    (``https://w3id.org/styrgraf/``), which the iCalendar file's links start with.
    """
    pages = [*PAGES, *((f"/queries/{name}", f"queries/{name}.html") for name in queries)]
    for path, target in pages:
        status, body = await site.get(path, HTML)
        if status != 200:
            result.failed.append(f"{path} ({HTML}: {status})")
            continue
        writer.write(target, body)
    for key, (path, accept) in DATA_FILES.items():
        status, body = await site.get(path, accept)
        if status != 200:
            result.failed.append(f"{path} ({accept}: {status})")
            continue
        writer.write(DOWNLOADS[key].removeprefix("/"), body)
    await write_calendar(site, writer, result, base)


async def write_calendar(site: Site, writer: Writer, result: Published, base: str) -> None:
    """Write the whole calendar as iCalendar, stamped with the build time (the server's
    feed is stamped with the time it answers, and links its own host)."""
    from .routes.calendar import ics
    from .routes.calendar_events import TITLE

    status, body = await site.get(DATA_FILES["calendar_json"][0], "application/json")
    if status != 200:
        result.failed.append(f"{DOWNLOADS['calendar_ics']} ({status})")
        return
    events = json.loads(body)["items"]
    stamp: datetime = result.build_time
    text = ics(events, TITLE, base.rstrip("/"), stamp)
    writer.write(DOWNLOADS["calendar_ics"].removeprefix("/"), text.encode("utf-8"))
