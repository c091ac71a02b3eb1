"""The site's Jinja2 templates (``api/templates``): one environment, read once.

Templates are found through the package (:class:`~jinja2.PackageLoader`), so they come
with an installed wheel as they do from a checkout. Autoescaping is on for every template
and for strings. Every HTML page extends ``base.html``: a skip link, the site's
navigation (:data:`NAV`), the content in ``<main id="innehall">`` and the footer, in
Swedish.

Every template sees ``static_site``: true while ``styrgraf publish`` asks the application
for the pages of a static site (:func:`static_site`). Templates leave out, by that flag,
what only a running server answers (the query services, forms whose answers the server
computes) and link the site's files instead (:data:`DOWNLOADS`); the navigation leaves
out the items marked ``server_only``.

A link's target must be an ``http(s)`` URL or a path on this site: the ``href`` filter
gives ``None`` for anything else (``javascript:``, ``data:``, ``//host``), and the
``link`` macro of ``_macros.html`` then writes the text without a link. Numbers are
written the Swedish way by the ``number`` filter (:func:`swedish_number`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, NamedTuple
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


class NavItem(NamedTuple):
    """A link of the site's navigation; ``server_only`` when a static site cannot have it."""

    path: str
    text: str
    server_only: bool = False


#: The site's navigation, in the order of the header. Search, the query editor and the API
#: answer from the running server only.
NAV = (
    NavItem("/", "Start"),
    NavItem("/assignments", "Uppdrag"),
    NavItem("/bodies", "Organ"),
    NavItem("/search", "Sök", server_only=True),
    NavItem("/calendar", "Kalender"),
    NavItem("/findings", "Granskning"),
    NavItem("/sparql", "Frågeredigerare", server_only=True),
    NavItem("/queries", "Namngivna frågor"),
    NavItem("/docs", "API", server_only=True),
    NavItem("/ontology", "Ontologi"),
)
#: The files a static site has in place of the server's data answers (``styrgraf publish``
#: writes them; the pages link them when ``static_site`` is set).
DOWNLOADS = {
    "dump_ttl": "/data/styrgraf.ttl.gz",
    "dump_nt": "/data/styrgraf.nt.gz",
    "dump_jsonld": "/data/styrgraf.jsonld.gz",
    "dump_trig": "/data/styrgraf.trig.gz",
    "sums": "/data/SHA256SUMS",
    "void": "/data/void.ttl",
    "catalog": "/data/catalog",
    "manifest": "/data/manifest.json",
    "validation": "/data/validation-report.ttl",
    "assignments_csv": "/data/assignments.csv",
    "assignments_json": "/data/assignments.json",
    "bodies_csv": "/data/bodies.csv",
    "bodies_json": "/data/bodies.json",
    "goals_json": "/data/goals.json",
    "calendar_ics": "/data/calendar.ics",
    "calendar_csv": "/data/calendar.csv",
    "calendar_json": "/data/calendar.json",
}
_STATIC_SITE: ContextVar[bool] = ContextVar("static_site", default=False)
_BUILD_DATE: ContextVar[date | None] = ContextVar("build_date", default=None)
#: Thousands are grouped with a narrow no-break space; negatives take a minus sign.
THOUSANDS = "\u202f"
MINUS = "\u2212"


def href(target: object) -> str | None:
    """Return ``target`` if a page may link to it (http(s) or a site path), else None."""
    if not isinstance(target, str) or not target:
        return None
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    if target.lower().startswith(("http://", "https://")):
        return target
    return None


def graph_page(iri: object) -> str | None:
    """Return the page of a source file's named graph (``/graph/<name>``), else None."""
    from .store.base import GRAPH_IRI_BASE

    if not isinstance(iri, str) or not iri.startswith(GRAPH_IRI_BASE):
        return None
    name = iri[len(GRAPH_IRI_BASE) :]
    return "/graph/" + quote(name, safe="-._~") if name else None


def swedish_number(value: object, places: int | None = None) -> str:
    """Return a number as Swedish text: ``-1020.3`` → ``−1 020,3`` (with narrow no-break
    spaces between the thousands); with ``places`` decimals (rounded half even), else as
    given. Text that is no number is returned as it is."""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places))
    whole, _, decimals = f"{abs(number):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        whole, group = whole[:-3], whole[-3:]
        groups.insert(0, group)
    text = THOUSANDS.join([whole, *groups]) + ("," + decimals if decimals else "")
    return (MINUS if number < 0 else "") + text


@cache
def environment() -> Environment:
    """Return the templates' environment (built once; templates are read once)."""
    env = Environment(
        loader=PackageLoader("api", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        auto_reload=False,
    )
    env.filters["href"] = href
    env.filters["number"] = swedish_number
    env.filters["graph_page"] = graph_page
    env.tests["linkable"] = lambda target: href(target) is not None
    env.globals["nav"] = lambda: NAV
    env.globals["downloads"] = DOWNLOADS
    return env


@contextmanager
def static_site(built: date | None = None) -> Iterator[None]:
    """Render the pages of a static site within the block (``static_site`` is true); the
    pages' "today" is ``built``, the site's build date (:func:`build_date`)."""
    token = _STATIC_SITE.set(True)
    day = _BUILD_DATE.set(built)
    try:
        yield
    finally:
        _BUILD_DATE.reset(day)
        _STATIC_SITE.reset(token)


def build_date() -> date | None:
    """Return the build date of the static site being written, else None (a server)."""
    return _BUILD_DATE.get()


def render(template: str, context: Mapping[str, Any] | None = None, /, **values: Any) -> str:
    """Return the template ``template`` rendered with ``context`` and ``values``."""
    flag = {"static_site": _STATIC_SITE.get()}
    return environment().get_template(template).render({**flag, **(context or {}), **values})
