"""The site in a real browser: headless Chromium from Debian (/usr/bin/chromium), driven by
Playwright for Python against a real uvicorn.

Playwright's own browser downloads are not used (no ``playwright install``): the Debian
package is. Without it these tests are skipped locally and fail under CI=true, which must
not skip (.ci/run installs it). YASGUI comes from node_modules (``npm ci``, which ``make
test`` runs).

Read off the seed texts in ../shared/seeds: goal 4's label, 000_64bcae0d445429da.txt line
127; goal 1's label, 000_64bcae0d445429da.txt lines 82–83; goal 1's programmes,
001_ac962998a4b6cb85.txt lines 429 ("Göteborgs Stads program för full delaktighet för personer
med funktionsnedsättning") and 430 ("Göteborgs Stads trygghetsskapande och brottsförebyggande
program").
"""

from __future__ import annotations

import os
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from api.routes import pages
from tests.conftest import LiveServer

pytestmark = pytest.mark.slow  # a real Chromium
CHROMIUM = Path("/usr/bin/chromium")
GOAL_1_PAGE = "/id/goteborg/mal/2023-2026/1"
GOAL_1_LABEL = (  # 000_64bcae0d445429da.txt lines 82–83
    "Göteborg ska vara en jämlik och trygg stad där alla invånare ges inflytande och "
    "möjlighet till delaktighet"
)
GOAL_4_LABEL = "Göteborg ska byggas ihop till en grön och levande stad utan bostadsbrist"
PROGRAMMES = {  # 001_ac962998a4b6cb85.txt lines 429 and 430
    "Göteborgs Stads program för full delaktighet för personer med funktionsnedsättning":
        "/id/goteborg/styrdokument/program-for-full-delaktighet-for-personer-med",
    "Göteborgs Stads trygghetsskapande och brottsförebyggande program":
        "/id/goteborg/styrdokument/trygghetsskapande-och-brottsforebyggande-program",
}  # fmt: skip
GOAL_4_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX styr: <https://w3id.org/styrgraf/ontology#>
SELECT ?goal ?name WHERE {
  ?goal styr:goalNumber 4 ;
    rdfs:label ?name .
}"""


def require(ready: bool, reason: str) -> None:
    """Skip when ``ready`` is false, except under CI, which must not skip."""
    if not ready:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}, and CI must not skip the browser tests")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(api_server: LiveServer) -> Iterator[Any]:
    """Chromium, launched once the server's query workers run.

    The embedded store forks its workers on the first query; a worker forked after
    Playwright's driver started would inherit the driver's pipes and keep them open, and
    Playwright would wait for the driver forever at the end. So a query runs first.
    """
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install -y chromium)")
    with urllib.request.urlopen(api_server.url + "/", timeout=30) as response:
        assert response.status == 200
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright is not installed (pip install -r requirements.lock)")
        raise
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, api_server: LiveServer) -> Iterator[Any]:
    """A fresh page; every request it makes is recorded in ``page.hosts``."""
    context = browser.new_context(base_url=api_server.url, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(20_000)
    hosts: list[str] = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    page.hosts = hosts
    yield page
    context.close()


def open_editor(page: Any) -> None:
    require(pages.yasgui_installed(), "YASGUI is not installed (npm ci)")
    page.goto("/sparql")
    page.wait_for_function("() => window.styrgrafEditor !== undefined")
    page.locator(".yasqe .CodeMirror").first.wait_for(state="visible")


def test_editor_runs_a_query(page: Any, api_server: LiveServer) -> None:
    open_editor(page)
    assert page.locator("h1").inner_text() == "SPARQL-frågor"
    # the first tab holds our prefixes
    first = page.evaluate("() => window.styrgrafEditor.getTab().getQuery()")
    assert "PREFIX styr: <https://w3id.org/styrgraf/ontology#>" in first
    assert "PREFIX obm: <http://data.openbudgets.eu/ontology/dsd/measure/>" in first
    page.evaluate("(q) => { window.styrgrafEditor.getTab().setQuery(q); }", GOAL_4_QUERY)
    page.locator(".yasqe_queryButton").first.click()
    rows = page.locator(".yasr table tbody tr")
    rows.first.wait_for(state="visible")
    assert rows.count() == 1
    assert GOAL_4_LABEL in rows.first.inner_text()
    assert "goteborg/mal/2023-2026/4" in rows.first.inner_text()
    # everything came from this server: no CDN, no remote completers
    assert set(page.hosts) == {urlsplit(api_server.url).netloc}
    # an entity in the results opens its page here
    with page.context.expect_page() as opened:
        rows.first.locator("a.iri").first.click()
    goal_page = opened.value
    goal_page.wait_for_load_state()
    assert urlsplit(goal_page.url).path == "/id/goteborg/mal/2023-2026/4"
    assert goal_page.locator("h1").inner_text() == GOAL_4_LABEL


def test_editor_opens_a_named_query_in_a_new_tab(page: Any) -> None:
    open_editor(page)
    tabs = page.evaluate("() => Object.keys(window.styrgrafEditor._tabs).length")
    button = page.locator("#fraga-programmes_supporting_goal button.open-example")
    button.click()
    assert page.evaluate("() => Object.keys(window.styrgrafEditor._tabs).length") == tabs + 1
    tab = page.evaluate("() => window.styrgrafEditor.getTab().getName()")
    assert tab == "programmes_supporting_goal"
    text = page.evaluate("() => window.styrgrafEditor.getTab().getQuery()")
    assert "styr:supportsGoal" in text and "?goal" in text


def test_goal_page_shows_programmes_and_diagram(page: Any) -> None:
    page.goto(GOAL_1_PAGE)
    assert page.locator("h1").inner_text() == GOAL_1_LABEL
    assert page.title() == f"{GOAL_1_LABEL} – styrgraf"
    # the steering documents that support the goal, on the page (not in its collapsed
    # list of all properties)
    supporters = page.locator("h2#styrdokument + ul.links a")
    assert set(PROGRAMMES) <= set(supporters.all_inner_texts())
    diagram = page.locator("svg.chain")
    diagram.wait_for(state="visible")
    box = diagram.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200
    titles = set(page.locator("svg.chain a.node-document title").all_text_contents())
    assert {f"{name} (program)" for name in PROGRAMMES} <= titles
    # the nodes are links: open a programme from the diagram
    name, href = next(iter(sorted(PROGRAMMES.items())))
    page.locator(f'svg.chain a[href="{href}"]').click()
    page.wait_for_url(f"**{href}")
    assert page.locator("h1").inner_text() == name
    # and back to the goal, which the programme supports
    assert page.locator(f'dl.props a[href="{GOAL_1_PAGE}"]').inner_text() == GOAL_1_LABEL


def test_pages_work_without_javascript(browser: Any, api_server: LiveServer) -> None:
    context = browser.new_context(base_url=api_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(GOAL_1_PAGE)
        assert page.locator("svg.chain a.node").count() == 6 + 2 + 1 + 1
        page.goto("/sparql")
        # without scripts the editor is the plain form
        form = page.locator("form#plain-form")
        assert form.count() == 1
        assert "PREFIX styr:" in page.locator("textarea#query").input_value()
        page.goto("/")
        assert page.locator("ol.goals li").count() == 7
    finally:
        context.close()
