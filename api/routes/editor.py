"""The query editor: what a browser gets on ``GET /sparql`` without a query.

The editor is YASGUI (npm package ``@zazuko/yasgui``, version pinned in package.json and
installed by ``npm ci``), served from node_modules under ``/static/yasgui/`` — nothing is
loaded from elsewhere. It queries this server's ``/sparql`` with our prefixes preloaded,
and offers the named queries of the catalogue as examples: each opens in a new tab with its
text as it is. The editor runs plain SPARQL, so a named query's parameters are unbound
variables there; the page shows each parameter with its example value and links to the
named query's own route (``/api/queries/{name}``), where the server binds the values.

Without YASGUI's files (npm not run, or styrgraf installed from a wheel, which does not carry
them: :func:`loaders.resources.yasgui_dir`) or without JavaScript the page is a plain form
that posts the query to ``/sparql``, and says why and how to get the editor.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from loaders.resources import checkout_root

from ..catalogue import NamedQuery
from ..formats import JSONLD, RESULTS_CSV, RESULTS_JSON, RESULTS_TSV, RESULTS_XML, TURTLE
from ..render import render
from ..services import services
from ..settings import Settings
from .negotiation import PREFIXES
from .pages import yasgui_installed

DEFAULT_BODY = """
SELECT ?mal ?namn
WHERE {
  ?mal a styr:Goal ;
    rdfs:label ?namn .
}
ORDER BY ?namn
"""
#: The plain form's choices of ``format=`` (value, label): the query's own, then SELECT's and
#: ASK's, then two of CONSTRUCT's and DESCRIBE's.
FORMATS = (
    ("", "automatiskt (efter frågan)"),
    *((f.name, f.label) for f in (RESULTS_CSV, RESULTS_JSON, RESULTS_XML, RESULTS_TSV)),
    *((f.name, f"{f.label} (CONSTRUCT, DESCRIBE)") for f in (TURTLE, JSONLD)),
)


def prefixes(settings: Settings) -> dict[str, str]:
    """Return the editor's prefixes: ours, then any the settings add."""
    extra: dict[str, str] = dict(settings.prefixes or {})
    return {**PREFIXES, **extra}


def default_query(known: dict[str, str]) -> str:
    """Return the editor's first query: the prefixes, then the goals and their names."""
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in known.items())
    return head + DEFAULT_BODY


def example(query: NamedQuery) -> dict[str, Any]:
    """Return what the page shows of a named query: what it does, its parameters, its text,
    and where to run it with the example values."""
    api = f"/api/queries/{query.name}"
    if query.params:
        api += "?" + urlencode(query.example())
    return {
        "name": query.name,
        "summary": query.summary,
        "summary_sv": query.title_sv,
        "description": query.description,
        "params": query.params,
        "api": api,
        "text": query.text.strip(),
    }


def editor_page(request: Request) -> HTMLResponse:
    """Return the query editor (YASGUI when installed, else a plain form)."""
    kept = services(request)
    catalogue = kept.catalogue
    known = prefixes(kept.settings)
    first = default_query(known)
    config = {
        "endpoint": "/sparql",
        "base": kept.settings.base_iri,
        "defaultQuery": first,
        "prefixes": known,
        "examples": [
            {"name": q.name, "summary": q.title_sv, "query": q.text.strip() + "\n"}
            for q in catalogue.values()
        ],
    }
    page = render(
        "editor.html",
        title="SPARQL-frågor",
        current="/sparql",
        installed=yasgui_installed(),
        checkout=checkout_root() is not None,
        prefixes=list(known),
        first=first,
        formats=FORMATS,
        examples=[example(q) for q in catalogue.values()],
        config=config,
    )
    return HTMLResponse(page)
