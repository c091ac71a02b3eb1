"""The site's Jinja2 templates (``api/templates``): one environment, read once.

Templates are found through the package (:class:`~jinja2.PackageLoader`), so they come
with an installed wheel as they do from a checkout. Autoescaping is on for every template
and for strings. Pages extend ``base.html``, the layout :func:`api.routes.pages.shell`
also writes: a skip link, the site's navigation (``pages.NAV``), the content in
``<main id="innehall">`` and the footer, in Swedish.

A link's target must be an ``http(s)`` URL or a path on this site: the ``href`` filter
gives ``None`` for anything else (``javascript:``, ``data:``, ``//host``), and the
``link`` macro of ``_macros.html`` then writes the text without a link.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


def href(target: object) -> str | None:
    """Return ``target`` if a page may link to it (http(s) or a site path), else None."""
    if not isinstance(target, str) or not target:
        return None
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    if target.lower().startswith(("http://", "https://")):
        return target
    return None


def site_nav() -> tuple[tuple[str, str], ...]:
    """Return the navigation's (path, text) pairs, as :mod:`api.routes.pages` lists them."""
    from .routes.pages import NAV  # here, not above: the CLI's diff needs no web routes

    return NAV


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
    env.tests["linkable"] = lambda target: href(target) is not None
    env.globals["nav"] = site_nav
    return env


def render(name: str, context: Mapping[str, Any] | None = None, **values: Any) -> str:
    """Return the template ``name`` rendered with ``context`` and ``values``."""
    return environment().get_template(name).render({**(context or {}), **values})
