"""The site's Jinja2 templates (``api/templates``): one environment, read once.

Templates are found through the package (:class:`~jinja2.PackageLoader`), so they come
with an installed wheel as they do from a checkout. Autoescaping is on for every template
and for strings. Every HTML page extends ``base.html``: a skip link, the site's
navigation (:data:`NAV`), the content in ``<main id="innehall">`` and the footer, in
Swedish.

A link's target must be an ``http(s)`` URL or a path on this site: the ``href`` filter
gives ``None`` for anything else (``javascript:``, ``data:``, ``//host``), and the
``link`` macro of ``_macros.html`` then writes the text without a link. Numbers are
written the Swedish way by the ``number`` filter (:func:`swedish_number`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

#: The site's navigation: (path, text) pairs, in the order of the header.
NAV = (
    ("/", "Start"),
    ("/assignments", "Uppdrag"),
    ("/bodies", "Organ"),
    ("/search", "Sök"),
    ("/calendar", "Kalender"),
    ("/findings", "Granskning"),
    ("/sparql", "Frågeredigerare"),
    ("/queries", "Namngivna frågor"),
    ("/docs", "API"),
    ("/ontology", "Ontologi"),
)
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
    env.tests["linkable"] = lambda target: href(target) is not None
    env.globals["nav"] = lambda: NAV
    return env


def render(template: str, context: Mapping[str, Any] | None = None, /, **values: Any) -> str:
    """Return the template ``template`` rendered with ``context`` and ``values``."""
    return environment().get_template(template).render({**(context or {}), **values})
