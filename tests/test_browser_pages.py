"""Every kind of page people come for, in a real Chromium (issue 15): it loads whole, from
this server alone, without a script error, fits the window from a phone to a desktop, and
shows the fact a reader came for where they can see it.

Run against a real uvicorn serving the committed data/ (the seeds), and the same data
published and served by nginx. Read off the seed texts
in ../shared/seeds with ``grep -n``:

- 000_64bcae0d445429da.txt lines 82–139: the seven council goals.
- 001 line 2668: the time plan's "Årsrapport 2024 för kommunstyrelsen", on the calendar.
- 000 lines 238–240 and 001_ac962998a4b6cb85.txt line 826: the assignment to develop the
  systematic work environment management, for Kommunstyrelsen, reported "KS 2025-04-23".
- 001 line 1030: the assignment about a fragrance policy ("doftpolicy").
- 001 lines 1657–1702: the table "Kommunledningen (belopp i mnkr)", "Kostnader -580,6
  -602,0" (line 1668).
- 001 lines 1756–1830: the risk "Genomförandet av stadsledningskontorets samlade uppdrag".
- the named queries are the files of queries/; assignments_without_date.rq's Swedish
  summary is "Uppdrag utan datum för återrapportering".
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import LiveServer

pytestmark = pytest.mark.slow  # a real Chromium
CHROMIUM = Path("/usr/bin/chromium")

#: path → (the page's main heading contains, a text the page shows in its main part)
PAGES = {
    "/": ("", "Göteborg ska byggas ihop till en grön och levande stad utan bostadsbrist"),
    "/assignments": ("Uppdrag", "doftpolicy"),
    "/bodies": ("Organ", "Kommunstyrelsen"),
    "/calendar": ("", "Årsrapport 2024"),
    "/findings": ("", ""),
    "/search?q=arbetsmiljöarbetet": ("", "systematiska arbetsmiljöarbetet"),
    "/queries": ("", "assignments_without_date"),
    "/queries/assignments_without_date": ("Uppdrag utan datum för återrapportering", "Kör frågan"),
    "/id/goteborg/org/kommunstyrelsen": ("Kommunstyrelsen", "systematiska"),
    "/id/goteborg/mal/2023-2026/1": ("Göteborg ska vara en jämlik och trygg stad", ""),
    "/id/goteborg/2025/kf/uppdrag/utveckla-det-systematiska-arbetsmiljoarbetet": (
        "systematiska",
        "2025-04-23",
    ),
    "/id/goteborg/2025/ks/budget/tabell/kommunledningen": ("Kommunledningen", "-602,0"),
    "/id/goteborg/2025/ks/riskbild/risk/genomforandet-av-stadsledningskontorets-samlade-uppdrag": (
        "Genomförandet av stadsledningskontorets samlade uppdrag",
        "ledarskapsutveckling",
    ),
    "/sparql": ("", ""),
    "/docs": ("", ""),
    "/redoc": ("", ""),
}
#: A phone held upright, and a desktop.
WIDTHS = (390, 1280)
#: The pages whose scripts fetch after the load event (the API documentation's OpenAPI,
#: the editor's examples): they are read once the network is quiet. The others are HTML
#: and CSS only, whole at the load event (waiting for a quiet network costs 0.5 s a page).
SCRIPTED = frozenset({"/docs", "/redoc", "/sparql"})


def require(ready: bool, reason: str) -> None:
    """Skip when ``ready`` is false, except under CI, which must not skip."""
    if not ready:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}, and CI must not skip the browser tests")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(api_server: LiveServer) -> Iterator[Any]:
    """Chromium, launched once the server's query workers run (tests/test_browser.py says
    why the order matters)."""
    import urllib.request

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


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", list(PAGES))
def test_the_page_loads_whole_and_fits(
    browser: Any, api_server: LiveServer, path: str, width: int
) -> None:
    context = browser.new_context(
        base_url=api_server.url, locale="sv-SE", viewport={"width": width, "height": 900}
    )
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        errors: list[str] = []
        failed: list[str] = []
        foreign: list[str] = []
        server = urlsplit(api_server.url).netloc
        blocked: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "console",
            lambda msg: (
                (blocked if "Content Security Policy" in msg.text else errors).append(msg.text)
                if msg.type == "error"
                else None
            ),
        )
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.on(
            "requestfinished",
            lambda request: (
                foreign.append(request.url)
                if urlsplit(request.url).netloc not in (server, "")
                and not request.url.startswith(("data:", "blob:"))
                else None
            ),
        )
        response = page.goto(path, wait_until="networkidle" if path in SCRIPTED else "load")
        assert response is not None and response.status == 200
        if path not in SCRIPTED:  # a page given a script belongs in SCRIPTED
            assert page.locator("script").count() == 0, path
        assert errors == [], f"{path}: script errors {errors}"
        assert foreign == [], f"{path}: got something from other hosts {foreign}"
        # ReDoc shows its maker's logo from their server; the page's policy stops that, and
        # only that: every request to this server succeeds, and a failed one elsewhere is
        # one the policy blocked
        assert all(urlsplit(url).netloc != server for url in failed), failed
        for url in failed:
            assert any(url in message for message in blocked), f"{url} failed, not blocked"
        assert all(server not in message for message in blocked), blocked
        heading, shown = PAGES[path]
        if path not in ("/docs", "/redoc"):  # their headings come from the API's schema
            h1 = page.locator("h1").first
            assert h1.is_visible()
            assert heading in h1.inner_text()
            nav = page.locator("nav").first
            assert nav.is_visible()
        if shown:
            main = page.locator("main").first
            assert shown in main.inner_text(), f"{path}: {shown!r} is not shown"
        # the page is as wide as the window: nothing to scroll sideways but a table's own
        # scrolling box
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{path} at {width}px is {overflow}px wider than the window"
    finally:
        context.close()


#: The pages of the published site: path → a text its main part shows. The ledger and the
#: calendar have no filters there; the rest reads as on the server.
STATIC_PAGES = {
    "/": "Göteborg ska byggas ihop till en grön och levande stad utan bostadsbrist",
    "/assignments": "doftpolicy",
    "/bodies": "Kommunstyrelsen",
    "/calendar": "Årsrapport 2024",
    "/findings": "Belopp i text stämmer med tabellen",
    "/queries": "assignments_without_date",
    "/queries/assignments_without_date": "SELECT",
    "/id/goteborg/org/kommunstyrelsen": "systematiska",
    "/id/goteborg/2025/ks/budget/tabell/kommunledningen": "-602,0",
}


@pytest.fixture(scope="module")
def static_site(published_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The committed data/ published (tests/conftest.py), served by nginx."""
    from tests.test_webserver import running_nginx

    with running_nginx(published_site, tmp_path_factory.mktemp("nginx")) as nginx:
        yield nginx.url


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", list(STATIC_PAGES))
def test_the_published_page_loads_whole_and_fits(
    browser: Any, static_site: str, path: str, width: int
) -> None:
    context = browser.new_context(
        base_url=static_site, locale="sv-SE", viewport={"width": width, "height": 900}
    )
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        errors: list[str] = []
        failed: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("requestfailed", lambda request: failed.append(request.url))
        response = page.goto(path, wait_until="load")  # the published pages have no scripts
        assert response is not None and response.status == 200
        assert page.locator("script").count() == 0
        assert (errors, failed) == ([], [])
        assert page.locator("h1").first.is_visible()
        assert STATIC_PAGES[path] in page.locator("main").first.inner_text()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{path} at {width}px is {overflow}px wider than the window"
    finally:
        context.close()
