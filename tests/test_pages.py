"""The site through a real HTTP client: /id/… by content negotiation, an entity's HTML page
(its quotes and source lines), a goal's support-chain diagram, the ontology and code lists,
the home page, and the query editor page with and without YASGUI's files.

Read off the seed texts in ../shared/seeds:

- goal 1: 000_64bcae0d445429da.txt lines 82–83 ("1. Göteborg ska vara en jämlik och trygg
  stad där alla invånare ges inflytande och möjlighet till delaktighet") and
  001_ac962998a4b6cb85.txt lines 341–342 ("Mål: Göteborgs ska vara en jämlik och trygg stad …").
- goal 1's steering documents: 001_ac962998a4b6cb85.txt lines 427–435 ("Viktiga styrdokument
  är:"), among them the programmes on lines 429 ("Göteborgs Stads program för full delaktighet
  för personer med funktionsnedsättning") and 430 ("Göteborgs Stads trygghetsskapande och
  brottsförebyggande program").
- goal 4: 000_64bcae0d445429da.txt line 127; no steering documents are listed for it.
- the assignment to develop systematic work environment management: 000_64bcae0d445429da.txt
  lines 238–240 ("»Kommunstyrelsen får i uppdrag att i samverkan med samtliga nämnder och
  bolagsstyrelser / utveckla det systematiska arbetsmiljöarbetet. …").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from api.routes import chain as chains
from api.routes import pages
from api.routes.names import Names
from api.routes.negotiation import PREFIXES
from tests.conftest import DATA, LiveServer

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/styrgraf/id/"
GOAL_1 = ID + "goteborg/mal/2023-2026/1"
GOAL_1_PAGE = "/id/goteborg/mal/2023-2026/1"
GOAL_1_LABEL = (
    "Göteborg ska vara en jämlik och trygg stad där alla invånare ges inflytande och "
    "möjlighet till delaktighet"
)
GOAL_4_PAGE = "/id/goteborg/mal/2023-2026/4"
PROGRAMMES = {  # 001_ac962998a4b6cb85.txt lines 429 and 430
    "Göteborgs Stads program för full delaktighet för personer med funktionsnedsättning":
        "/id/goteborg/styrdokument/program-for-full-delaktighet-for-personer-med",
    "Göteborgs Stads trygghetsskapande och brottsförebyggande program":
        "/id/goteborg/styrdokument/trygghetsskapande-och-brottsforebyggande-program",
}  # fmt: skip
ASSIGNMENT_PAGE = "/id/goteborg/2025/kf/uppdrag/utveckla-det-systematiska-arbetsmiljoarbetet"
ASSIGNMENT_QUOTE = (  # 000_64bcae0d445429da.txt lines 238–240
    "»Kommunstyrelsen får i uppdrag att i samverkan med samtliga nämnder och bolagsstyrelser "
    "utveckla det systematiska arbetsmiljöarbetet."
)
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(params=["api_server", "remote_api_server", "virtuoso_api_server"])
def server(request: pytest.FixtureRequest) -> LiveServer:
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


@pytest.fixture
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


@pytest.fixture
def local(api_server: LiveServer) -> Iterator[httpx.Client]:
    """A client of the embedded-store server only (for what does not depend on the store)."""
    with httpx.Client(base_url=api_server.url, timeout=30) as c:
        yield c


def svg_of(html: str) -> str:
    found = re.search(r"<svg\b.*?</svg>", html, re.DOTALL)
    assert found, "the page has no SVG"
    return found.group(0)


# --- content negotiation on /id/… --------------------------------------------------------------
def test_browsers_get_the_html_page(client: httpx.Client) -> None:
    response = client.get(GOAL_1_PAGE, headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "Accept" in response.headers["vary"]
    html = response.text
    assert '<html lang="sv">' in html
    assert f"<title>{GOAL_1_LABEL} – styrgraf</title>" in html
    assert f"<h1>{GOAL_1_LABEL}</h1>" in html
    assert '<p class="kind">Mål</p>' in html
    # the formats are linked from the page and announced in its head
    for ext in ("ttl", "jsonld", "nt", "rdf"):
        assert f'href="{GOAL_1_PAGE}.{ext}"' in html
    assert '<link rel="alternate" type="text/turtle"' in html
    # linked values show labels and link to their pages, not raw IRIs
    assert '<a href="/id/goteborg/2025/ks/budget">Budget 2025 för kommunstyrelsen</a>' in html
    assert "<script" not in html  # the page needs no JavaScript


def test_turtle_is_the_description(client: httpx.Client) -> None:
    response = client.get(GOAL_1_PAGE, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    assert "Accept" in response.headers["vary"].split(", ")
    graph = Graph().parse(data=response.text, format="turtle")
    goal = URIRef(GOAL_1)
    assert (goal, RDFS.label, Literal(GOAL_1_LABEL, lang="sv")) in graph
    # labels of linked nodes, and the evidence nodes with their quotes and lines
    budget = URIRef(ID + "goteborg/2025/ks/budget")
    assert (budget, RDFS.label, Literal("Budget 2025 för kommunstyrelsen", lang="sv")) in graph
    styr = "https://w3id.org/styrgraf/ontology#"
    starts = {int(n) for n in graph.objects(None, URIRef(styr + "lineStart"))}  # type: ignore[call-overload]
    assert {82, 341} <= starts
    quotes = [str(q) for q in graph.objects(None, URIRef(styr + "quote"))]
    assert any(q.startswith("Mål: Göteborgs ska vara en jämlik") for q in quotes)
    assert "@prefix styr: <https://w3id.org/styrgraf/ontology#>" in response.text


def test_jsonld_and_ntriples_parse(client: httpx.Client) -> None:
    response = client.get(GOAL_1_PAGE, headers={"Accept": "application/ld+json"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/ld+json"
    json.loads(response.text)
    graph = Graph().parse(data=response.text, format="json-ld")
    assert (URIRef(GOAL_1), RDFS.label, Literal(GOAL_1_LABEL, lang="sv")) in graph
    response = client.get(GOAL_1_PAGE, headers={"Accept": "application/n-triples"})
    assert response.headers["content-type"] == "application/n-triples"
    assert len(Graph().parse(data=response.text, format="nt")) == len(graph)


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
        ("text/html;q=0.1, text/turtle", "text/turtle"),
        ("text/html;q=0, */*;q=0.5", "text/turtle"),
        ("application/*", "application/ld+json"),
        ("*/*", "text/html"),
        ("", "text/html"),
        ("application/rdf+xml", "application/rdf+xml"),
    ],
)
def test_q_values_are_honoured(local: httpx.Client, accept: str, media: str) -> None:
    response = local.get(GOAL_1_PAGE, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media


def test_format_overrides_the_header(local: httpx.Client) -> None:
    response = local.get(GOAL_1_PAGE + "?format=turtle", headers={"Accept": BROWSER})
    assert response.headers["content-type"].startswith("text/turtle")
    response = local.get(GOAL_1_PAGE + "?format=pdf", headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad-request"


def test_nothing_acceptable_is_406(local: httpx.Client) -> None:
    response = local.get(GOAL_1_PAGE, headers={"Accept": "application/pdf, text/html;q=0"})
    assert response.status_code == 406
    assert "Accept" in response.headers["vary"].split(", ")
    assert response.json()["error"]["code"] == "not-acceptable"


def test_unknown_iri_is_404_as_html_or_json(client: httpx.Client) -> None:
    html = client.get("/id/goteborg/mal/2023-2026/99", headers={"Accept": BROWSER})
    assert html.status_code == 404
    assert html.headers["content-type"].startswith("text/html")
    assert '<html lang="sv">' in html.text and "Sidan finns inte" in html.text
    data = client.get("/id/goteborg/mal/2023-2026/99", headers={"Accept": "application/json"})
    assert data.status_code == 404
    assert data.json()["error"]["code"] == "not-found"
    assert client.get("/id/", headers={"Accept": "text/turtle"}).status_code == 404
    assert client.get("/id/no%20such%3Cthing%3E").status_code == 404


def test_a_page_that_does_not_exist_is_an_html_404_for_a_browser(client: httpx.Client) -> None:
    """A mistyped address (no route at all) gets the site's page; a program's path stays JSON."""
    page = client.get("/goals", headers={"Accept": BROWSER})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Sidan finns inte" in page.text and "/goals" in page.text
    assert client.get("/goals", headers={"Accept": "application/json"}).json()["error"]["code"]
    assert client.get("/goals").json()["error"]["code"] == "http-404"  # no preference: JSON
    api = client.get("/api/nope", headers={"Accept": BROWSER})
    assert api.status_code == 404 and api.headers["content-type"] == "application/json"


# --- what the HTML page shows -------------------------------------------------------------------
def test_page_shows_quotes_and_source_lines(client: httpx.Client) -> None:
    html = client.get(ASSIGNMENT_PAGE, headers={"Accept": BROWSER}).text
    assert '<p class="kind">Uppdrag</p>' in html
    assert ASSIGNMENT_QUOTE in html
    assert "000_64bcae0d445429da.txt</span>, rad 238–240" in html
    # the budget states it too (001_ac962998a4b6cb85.txt from line 821)
    assert "001_ac962998a4b6cb85.txt</span>, rad 821–" in html
    # properties by their Swedish names, values by label and linked
    assert ">ansvarigt organ</a></dt>" in html
    assert '<a href="/id/goteborg/org/kommunstyrelsen">Kommunstyrelsen</a>' in html


def test_goal_page_lists_what_supports_it(client: httpx.Client) -> None:
    html = client.get(GOAL_1_PAGE, headers={"Accept": BROWSER}).text
    supported = html.split(">Stöds av</h3>", 1)[1].split("</ul>", 1)[0]
    for name, page in PROGRAMMES.items():
        assert f'<a href="{page}">{name}</a>' in supported
    # the goal's own evidence: the budget's heading, 001_ac962998a4b6cb85.txt lines 341–342
    assert "001_ac962998a4b6cb85.txt</span>, rad 341–342" in html
    assert "Mål: Göteborgs ska vara en jämlik och trygg stad" in html


def test_goal_diagram_links_its_programmes(client: httpx.Client) -> None:
    svg = svg_of(client.get(GOAL_1_PAGE, headers={"Accept": BROWSER}).text)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="chain"')
    for name, page in PROGRAMMES.items():
        node = re.search(rf'<a class="node node-document" href="{re.escape(page)}">(.*?)</a>', svg)
        assert node, f"no node for {name}"
        assert f"<title>{name} (program)</title>" in node.group(1)
    # the goal contributions and the body responsible for them
    assert svg.count('class="node node-action"') == 2
    assert '<a class="node node-body" href="/id/goteborg/org/kommunstyrelsen">' in svg
    assert f'<a class="node node-goal" href="{GOAL_1_PAGE}">' in svg
    # one arrow per supporting item, one per body and action
    assert svg.count("<path d=") == 6 + 2 + 2 + 1  # + the marker's arrow head


def test_goal_without_documents_still_has_a_diagram(local: httpx.Client) -> None:
    svg = svg_of(local.get(GOAL_4_PAGE, headers={"Accept": BROWSER}).text)
    assert 'class="node node-document"' not in svg
    assert svg.count('class="node node-action"') == 2
    assert "Kommunstyrelsen" in svg


def test_layout_keeps_boxes_apart() -> None:
    names = Names(ID)
    chain = chains.Chain(URIRef(GOAL_1))
    for i in range(3):
        item = URIRef(f"{ID}doc/{i}")
        chain.documents.append(item)
        chain.kinds[item] = "program"
    for i in range(4):
        item = URIRef(f"{ID}act/{i}")
        chain.actions.append(item)
        chain.kinds[item] = "uppdrag"
        chain.bodies[item] = [URIRef(f"{ID}body/{i % 2}"), URIRef(f"{ID}body/{i}")]
    boxes, edges, _ = chains.layout(chain, names)
    assert len(boxes) == 3 + 4 + 4 + 1
    assert len(edges) == 7 + 8
    for column in chains.COLUMNS:
        stacked = sorted((b for b in boxes if b.x == column), key=lambda b: b.y)
        for upper, lower in pairwise(stacked):
            assert upper.y + upper.height <= lower.y


# --- the ontology, the code lists, the home page -------------------------------------------------
def test_ontology_and_code_pages(local: httpx.Client) -> None:
    html = local.get("/ontology?term=Goal", headers={"Accept": BROWSER}).text
    assert "<h1>mål</h1>" in html
    assert '<a href="/ontology#contributesTo">bidrar till</a>' in html
    turtle = local.get("/ontology?term=Goal", headers={"Accept": "text/turtle"})
    goal = URIRef("https://w3id.org/styrgraf/ontology#Goal")
    assert (goal, RDFS.label, Literal("mål", lang="sv")) in Graph().parse(data=turtle.text)
    assert local.get("/ontology?term=Nope").status_code == 404
    whole_html = local.get("/ontology", headers={"Accept": BROWSER}).text
    assert "Klasser" in whole_html
    # every term of the ontology is documented in the page, at its own fragment
    assert '<section class="term" id="Goal"><h3>mål <code>styr:Goal</code></h3>' in whole_html
    assert '<p class="en" lang="en">goal</p>' in whole_html
    whole = local.get("/ontology", headers={"Accept": "text/turtle"})
    assert len(Graph().parse(data=whole.text, format="turtle")) > 500
    code = local.get("/kod/beloppstyp/forandring", headers={"Accept": BROWSER})
    assert code.status_code == 200 and "<h1>" in code.text
    assert local.get("/kod/", headers={"Accept": BROWSER}).status_code == 200
    assert local.get("/kod/nope", headers={"Accept": BROWSER}).status_code == 404


def test_entity_pages_link_codes_and_terms(local: httpx.Client) -> None:
    html = local.get(ASSIGNMENT_PAGE, headers={"Accept": BROWSER}).text
    assert 'href="/kod/uppdragsursprung/stadens-budget"' in html
    assert 'href="/ontology#Assignment"' in html


def test_home_page_links_the_site(local: httpx.Client) -> None:
    response = local.get("/", headers={"Accept": BROWSER})
    assert response.status_code == 200
    html = response.text
    assert '<html lang="sv">' in html  # the dashboard (api/routes/overview.py), a template
    for href in ("/sparql", "/docs", "/api/queries", "/api/goals", "/ontology"):
        assert f'href="{href}"' in html
    goals = html.split('<ol class="goals">', 1)[1].split("</ol>", 1)[0]
    assert goals.count("<li>") == 7
    assert f'<a href="{GOAL_1_PAGE}">{GOAL_1_LABEL}</a>' in goals


# --- the query editor ----------------------------------------------------------------------------
def editor_config(html: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="editor-config">(.*?)</script>', html)
    assert found
    config: dict[str, object] = json.loads(found.group(1))
    return config


def test_editor_loads_yasgui_with_our_prefixes_and_examples(local: httpx.Client) -> None:
    if not pages.yasgui_installed():
        pytest.skip("YASGUI is not installed: run `npm ci` (make test does)")
    response = local.get("/sparql", headers={"Accept": BROWSER})
    assert response.status_code == 200
    html = response.text
    assert '<script src="/static/yasgui/yasgui.min.js"></script>' in html
    assert '<link rel="stylesheet" href="/static/yasgui/yasgui.min.css">' in html
    assert '<noscript><form id="plain-form"' in html  # the form still works without scripts
    assert not re.search(r"""(src|href)=['"]https?://""", html)  # nothing from elsewhere
    config = editor_config(html)
    assert config["endpoint"] == "/sparql"
    assert config["prefixes"] == PREFIXES
    assert "PREFIX obm: <http://data.openbudgets.eu/ontology/dsd/measure/>" in str(
        config["defaultQuery"]
    )
    examples = {e["name"]: e for e in config["examples"]}  # type: ignore[attr-defined]
    for file in sorted((ROOT / "queries").glob("*.rq")):
        text = file.read_text(encoding="utf-8")
        body = "\n".join(line for line in text.splitlines() if not line.startswith("#+"))
        # the text as it is: no example value spliced into it
        assert examples[file.stem]["query"].strip() == body.strip()
    assert "programmes_supporting_goal" in html
    assert "/api/queries/goal_support_chain?goal=https%3A%2F%2Fw3id.org" in html
    for asset in ("/static/yasgui/yasgui.min.js", "/static/yasgui/yasgui.min.css"):
        served = local.get(asset)
        assert served.status_code == 200 and len(served.content) > 10_000


def test_editor_prefixes_are_the_datas() -> None:
    used: set[str] = set()
    for file in DATA:
        for triple in Graph().parse(file, format="turtle"):
            used.update(str(t) for t in triple if isinstance(t, URIRef))
            used.update(str(t.datatype) for t in triple if isinstance(t, Literal) and t.datatype)
    for prefix, namespace in PREFIXES.items():
        assert any(iri.startswith(namespace) for iri in used), f"{prefix}: is not used"


def test_editor_without_yasgui_is_a_plain_form(
    local: httpx.Client, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pages, "yasgui_dir", lambda: None)
    html = local.get("/sparql", headers={"Accept": BROWSER}).text
    assert "yasgui.min.js" not in html
    assert '<form id="plain-form" class="plain" method="post" action="/sparql">' in html
    assert "<code>npm ci</code>" in html
    assert local.get("/static/yasgui/yasgui.min.js").status_code == 404


def test_plain_form_runs_a_query(local: httpx.Client) -> None:
    query = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        f"SELECT ?label WHERE {{ <{GOAL_1}> rdfs:label ?label }}"
    )
    response = local.post("/sparql", data={"query": query, "format": "csv"})
    assert response.status_code == 200
    assert GOAL_1_LABEL in response.text
    response = local.post("/sparql", data={"query": query, "format": ""})
    assert response.headers["content-type"].startswith("application/sparql-results+json")


def test_static_files_stay_in_their_folders(local: httpx.Client) -> None:
    css = local.get("/static/site.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert local.get("/static/editor.js").headers["content-type"].startswith("text/javascript")
    for path in (
        "/static/%2e%2e/routes/pages.py",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static/yasgui/%2e%2e%2fpackage.json",
        "/static/yasgui/../../../package.json",
        "/static/nope.css",
    ):
        assert local.get(path).status_code == 404, path


def test_a_document_page_lists_its_sections_in_order(client: httpx.Client) -> None:
    html = client.get("/id/goteborg/2025/ks/budget", headers={"Accept": BROWSER}).text
    contents = html.split(">Innehåll</h2>", 1)[1].split("</ul>", 1)[0]
    # the budget's own headings, in the order they stand (001_ac962998a4b6cb85.txt)
    order = ["1. Inledning", "2.0 Mål, uppdrag och inriktningar", "3.3 Ekonomi"]
    places = [contents.index(heading) for heading in order]
    assert places == sorted(places)


def test_a_section_page_gives_its_text_and_its_document(client: httpx.Client) -> None:
    page = "/id/goteborg/arende/slk-2024-00738/tjansteutlatande/avsnitt/samverkan"
    html = client.get(page, headers={"Accept": BROWSER}).text
    assert '<p class="kind">Avsnitt</p>' in html
    # the section's text, as the service report states it (001_ac962998a4b6cb85.txt)
    assert "Partsamverkan har skett i förvaltningens samverkansgrupp (FSG) 2024-11-28." in html
    assert ">del av</a></dt>" in html
