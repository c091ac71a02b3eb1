"""Every kind of page is valid HTML by the Nu HTML Checker (vnu.jar, the W3C's checker, from
npm's vnu-jar, pinned in package.json and installed by ``npm ci``), on the live server and on
the published static site.

The pages checked are those a visitor reaches: every link of the site's navigation, the first
item of each resource list, and a sample of the static site's pages. Errors fail the test;
warnings (for example a section without a heading) do not.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import LiveServer
from tests.test_api_docs import assets_of

pytestmark = pytest.mark.slow  # a Java process over some dozens of pages
ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LISTS = ("goals", "assignments", "bodies", "programmes", "risks", "budget")
#: What Chromium and Firefox send for a page
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def require_checker() -> None:
    ready = VNU.is_file() and shutil.which("java") is not None
    if not ready:
        reason = f"the HTML checker needs java and {VNU} (npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}, and CI must not skip it")
        pytest.skip(reason)


def check(files: list[Path]) -> list[str]:
    """Return the checker's errors for ``files``, each as ``file:line: message``."""
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--exit-zero-always",
         *map(str, files)],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    messages = json.loads(run.stderr or run.stdout)["messages"]
    return [
        f"{Path(urlsplit(m.get('url', '')).path).name}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]


class Navigation(HTMLParser):
    """Collects the links inside ``<nav>``: the pages the site offers people."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "nav":
            self.depth += 1
        elif tag == "a" and self.depth:
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self.depth -= 1


def site_pages(client: httpx.Client) -> dict[str, str]:
    """Return the path and HTML of each page a visitor reaches from the home page: every
    link of the navigation (each must be a page), every other link that answers a browser
    with HTML, and the first item of each resource list."""
    home = client.get("/", headers=BROWSER)
    assert home.status_code == 200
    navigation = Navigation()
    navigation.feed(home.text)
    assert navigation.links, "the home page has no navigation"
    offered = {urlsplit(link).path for link in navigation.links if link.startswith("/")}
    links = {urlsplit(link).path for link in assets_of(home.text).links}
    # pages, not downloads (the calendar's .ics, a list's .csv)
    paths = {p for p in links if p.startswith("/") and "." not in p.rsplit("/", 1)[-1]}
    for name in LISTS:
        items = client.get(f"/api/{name}", params={"limit": 1}).json()["items"]
        assert items, name
        offered.add(items[0]["page"])
        for value in items[0].values():  # the table an observation belongs to, and so on
            if isinstance(value, dict) and str(value.get("page", "")).startswith("/id/"):
                offered.add(value["page"])
    pages = {}
    for path in sorted(offered | paths | {"/"}):
        response = client.get(path, headers=BROWSER)
        assert response.status_code == 200, path
        is_html = response.headers["content-type"].startswith("text/html")
        assert is_html or path not in offered, (
            f"{path} is offered as a page but answers a browser with "
            f"{response.headers['content-type']}"
        )
        if is_html:
            pages[path] = response.text
    return pages


def test_every_kind_of_page_is_valid_html(api_server: LiveServer, tmp_path: Path) -> None:
    require_checker()
    with httpx.Client(base_url=api_server.url, timeout=60) as client:
        pages = site_pages(client)
    assert len(pages) >= 15, sorted(pages)
    files = []
    for number, (path, html) in enumerate(sorted(pages.items())):
        file = tmp_path / f"{number:02d}{path.replace('/', '_')[:80]}.html"
        file.write_text(html, encoding="utf-8")
        files.append(file)
    assert check(files) == []


def test_the_published_sites_pages_are_valid_html(published_site: Path) -> None:
    require_checker()
    pages = sorted(published_site.rglob("*.html"))
    assert len(pages) >= 20
    sample = pages[:: max(1, len(pages) // 60)]  # about sixty, from every folder in order
    # and the pages of the navigation, with the named queries' pages (api.site_views)
    people = ["index", "assignments", "bodies", "calendar", "findings", "queries"]
    sample += [published_site / f"{name}.html" for name in people]
    sample += sorted((published_site / "queries").glob("*.html"))
    assert check(sorted(set(sample))) == []
