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

import json
from html import escape
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from loaders.resources import checkout_root

from ..catalogue import NamedQuery
from .pages import PREFIXES, shell, yasgui_installed

DEFAULT_BODY = """
SELECT ?mal ?namn
WHERE {
  ?mal a styr:Goal ;
    rdfs:label ?namn .
}
ORDER BY ?namn
"""
FORMATS = (
    ("", "automatiskt (efter frågan)"),
    ("csv", "CSV"),
    ("json", "SPARQL JSON"),
    ("xml", "SPARQL XML"),
    ("tsv", "TSV"),
    ("turtle", "Turtle (CONSTRUCT, DESCRIBE)"),
    ("jsonld", "JSON-LD (CONSTRUCT, DESCRIBE)"),
)


def prefixes(request: Request) -> dict[str, str]:
    """Return the editor's prefixes: ours, then any the settings add."""
    extra: dict[str, str] = dict(request.app.state.settings.prefixes or {})
    return {**PREFIXES, **extra}


def default_query(known: dict[str, str]) -> str:
    """Return the editor's first query: the prefixes, then the goals and their names."""
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in known.items())
    return head + DEFAULT_BODY


def script_json(value: object) -> str:
    """Return JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def form_html(query: str) -> str:
    options = "".join(f'<option value="{v}">{escape(t)}</option>' for v, t in FORMATS)
    return (
        "<form id='plain-form' class='plain' method='post' action='/sparql'>"
        "<p><label for='query'>SPARQL-fråga</label><br>"
        f"<textarea id='query' name='query' rows='14' cols='90' spellcheck='false'>"
        f"{escape(query)}</textarea></p>"
        f"<p><label for='format'>Svarsformat</label> <select id='format' name='format'>"
        f"{options}</select> <button type='submit'>Kör frågan</button></p></form>"
    )


def example_html(query: NamedQuery) -> str:
    """Return one named query: what it does, its parameters, its text, and where to run it."""
    params = "".join(
        f"<li><code>?{escape(p.name)}</code> ({escape(p.type)}"
        f"{', valfri' if not p.required else ''})"
        f"{': ' + escape(p.description) if p.description else ''}"
        f" – exempel: <code>{escape(p.example)}</code></li>"
        for p in query.params
    )
    api = f"/api/queries/{query.name}"
    if query.params:
        api += "?" + urlencode(query.example())
    described = f"<p>{escape(query.description)}</p>" if query.description else ""
    return (
        f"<li class='example' id='fraga-{escape(query.name)}'>"
        f"<h3><code>{escape(query.name)}</code>: {escape(query.summary)}</h3>{described}"
        + (f"<p>Parametrar:</p><ul>{params}</ul>" if params else "")
        + "<p>"
        f"<button type='button' class='open-example' data-example='{escape(query.name)}' hidden>"
        "Öppna i redigeraren</button> "
        f"<a href='{escape(api)}'>Kör den namngivna frågan"
        f"{' med exempelvärdena' if query.params else ''}</a> (JSON)</p>"
        f"<details><summary>Frågetexten</summary><pre><code>{escape(query.text.strip())}"
        "</code></pre></details></li>"
    )


def yasgui_missing() -> str:
    """Say why YASGUI is missing and how to get it: npm not run in a checkout, or an
    installed package, which does not carry it."""
    if checkout_root() is not None:
        return (
            "Frågeredigeraren YASGUI är inte installerad, så här finns ett enkelt formulär i "
            "stället. Installera den med <code>npm ci</code> (eller <code>make run</code>) i "
            "projektets rotkatalog och ladda om sidan."
        )
    return (
        "Frågeredigeraren YASGUI följer inte med det installerade paketet (den hämtas med "
        "npm), så här finns ett enkelt formulär i stället, som kör samma frågor. Hela "
        "redigeraren finns när styrgraf körs från en utcheckning av projektet efter "
        "<code>npm ci</code>."
    )


def editor_page(request: Request) -> HTMLResponse:
    """Return the query editor (YASGUI when installed, else a plain form)."""
    catalogue: dict[str, NamedQuery] = request.app.state.catalogue
    known = prefixes(request)
    first = default_query(known)
    installed = yasgui_installed()
    config = {
        "endpoint": "/sparql",
        "base": request.app.state.settings.base_iri,
        "defaultQuery": first,
        "prefixes": known,
        "examples": [
            {"name": q.name, "summary": q.summary, "query": q.text.strip() + "\n"}
            for q in catalogue.values()
        ],
    }
    intro = (
        "<h1>SPARQL-frågor</h1>"
        "<p>Fråga grafen med SPARQL 1.1. Frågorna går till <code>/sparql</code> på den här "
        "servern, som bara läser. Prefixen "
        + ", ".join(f"<code>{escape(p)}:</code>" for p in known)
        + " är redan inlagda.</p>"
    )
    if installed:
        editor = (
            "<div id='yasgui' class='yasgui-root' data-state='loading'></div>"
            f"<noscript>{form_html(first)}</noscript>"
        )
        head = "<link rel='stylesheet' href='/static/yasgui/yasgui.min.css'>\n"
        scripts = "<script src='/static/yasgui/yasgui.min.js'></script>\n"
    else:
        editor = f"<p class='notice' role='status'>{yasgui_missing()}</p>" + form_html(first)
        head = ""
        scripts = ""
    scripts += (
        f"<script type='application/json' id='editor-config'>{script_json(config)}</script>\n"
        "<script src='/static/editor.js'></script>\n"
    )
    examples = "".join(example_html(q) for q in catalogue.values())
    body = (
        intro + editor + "<section aria-labelledby='exempel'><h2 id='exempel'>Exempelfrågor</h2>"
        "<p>De namngivna frågorna. I redigeraren körs de som vanlig SPARQL: parametrarna är "
        "där obundna variabler, så frågan svarar för alla värden. Välj ett värde genom att "
        "ändra frågan (till exempel med <code>VALUES ?goal { &lt;…&gt; }</code>), eller kör "
        "den namngivna frågan, som binder exempelvärdena åt dig.</p>"
        f"<ul class='examples'>{examples}</ul></section>"
    )
    return HTMLResponse(shell("SPARQL-frågor", body, head=head, scripts=scripts))
