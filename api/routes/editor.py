"""The query editor page (YASGUI arrives with the explorer pages)."""

from __future__ import annotations

from html import escape

from fastapi import Request
from fastapi.responses import HTMLResponse


def editor_page(request: Request) -> HTMLResponse:
    """Return a plain query form, so a browser on /sparql gets something it can use."""
    catalogue = request.app.state.catalogue
    examples = "".join(
        f"<li><a href='/api/queries/{escape(q.name)}'>{escape(q.name)}</a>: "
        f"{escape(q.summary)}</li>"
        for q in catalogue.values()
    )
    body = (
        "<!doctype html><html lang='sv'><meta charset='utf-8'><title>styrgraf SPARQL</title>"
        "<h1>SPARQL</h1><form method='post' action='/sparql'>"
        "<textarea name='query' rows='12' cols='90'>SELECT * WHERE { ?s ?p ?o } LIMIT 10"
        "</textarea><br><button>Kör / Run</button></form>"
        f"<h2>Frågor / Named queries</h2><ul>{examples}</ul></html>"
    )
    return HTMLResponse(body)
