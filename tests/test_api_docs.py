"""/docs (Swagger UI) and /redoc (ReDoc) work without internet: their code is served by the
server itself from node_modules (``npm ci``), and a real browser renders the operations.

The expected operations are the server's own routes as the README lists them (/sparql, the
named queries under /api/queries/…), not read from the code under test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import LiveServer

CHROMIUM = Path("/usr/bin/chromium")


class Assets(HTMLParser):
    """Collects the URLs a page loads (scripts, style sheets, icons) and the links it has."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.loaded.append(values["src"] or "")
        elif tag == "link" and values.get("href"):
            self.loaded.append(values["href"] or "")
        elif tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def assets_of(html: str) -> Assets:
    parser = Assets()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_documentation_loads_nothing_from_elsewhere(api_server: LiveServer, path: str) -> None:
    with httpx.Client(base_url=api_server.url, timeout=30) as client:
        page = client.get(path)
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        found = assets_of(page.text)
        scripts = [url for url in found.loaded if url.endswith(".js")]
        assert len(scripts) >= 2, found.loaded  # the viewer's code and the page's starter
        for url in found.loaded:
            # a site path or an inline data: icon; never another host (no CDN, no fonts)
            assert (url.startswith("/") and not url.startswith("//")) or url == "data:,", url
            if url.startswith("/"):
                assert client.get(url).status_code == 200, url
        assert "/openapi.json" in found.links


def test_only_the_viewers_files_are_served(api_server: LiveServer) -> None:
    with httpx.Client(base_url=api_server.url, timeout=30) as client:
        assert client.get("/static/swagger-ui/swagger-ui-bundle.js").status_code == 200
        for other in ("package.json", "index.html", "..%2F..%2Fpackage.json", "README.md"):
            assert client.get(f"/static/swagger-ui/{other}").status_code == 404, other
        assert client.get("/static/redoc/redoc.lib.js").status_code == 404


@pytest.fixture(scope="module")
def chromium(api_server: LiveServer) -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("/usr/bin/chromium is missing, and CI must not skip the browser tests")
        pytest.skip("/usr/bin/chromium is missing (apt-get install -y chromium)")
    httpx.get(api_server.url + "/", timeout=30)  # the store's workers start before the driver
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
        )
        yield browser
        browser.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("path", "operation"),
    [("/docs", ".opblock-summary-path"), ("/redoc", "[data-section-id^='operation/']")],
)
def test_a_browser_shows_the_operations_offline(
    chromium: Any, api_server: LiveServer, path: str, operation: str
) -> None:
    context = chromium.new_context()
    elsewhere: list[str] = []

    def refuse(route: Any) -> None:  # any request off this server fails, as offline
        elsewhere.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(api_server.url), refuse)
    page = context.new_page()
    page.goto(api_server.url + path)
    page.wait_for_selector(operation, timeout=30_000)
    text = page.inner_text("#api-docs")
    assert "/sparql" in text
    assert "/api/queries/assignments_without_date" in text or "assignments_without_date" in text
    assert elsewhere == []
    context.close()


@pytest.mark.slow
def test_the_version_badges_on_docs_are_readable(chromium: Any, api_server: LiveServer) -> None:
    # Swagger UI colours the badge (small) and writes white text in a pre inside it; the
    # site's own pre background once covered the badge's colour: white on pale grey
    page = chromium.new_page()
    page.goto(api_server.url + "/docs")
    page.wait_for_selector(".info .title small pre", timeout=30_000)
    badges = page.eval_on_selector_all(
        ".info .title small pre",
        """els => els.map(e => [e.textContent, getComputedStyle(e).color,
                               getComputedStyle(e).backgroundColor,
                               getComputedStyle(e.parentElement).backgroundColor])""",
    )
    assert badges and all(text.strip() for text, *_ in badges)
    for text, color, own, badge in badges:
        assert own == "rgba(0, 0, 0, 0)", (text, own)  # the badge's colour shows through
        assert color != badge, (text, color, badge)
    page.close()
