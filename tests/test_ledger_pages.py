"""The assignment ledger (``/assignments``) and the bodies page (``/bodies``), issue 15,
through a real server: the committed data/ (the seeds), and data built from council
documents, each on the embedded store and on a real `oxigraph serve`; and the ledger's
form in a real browser (headless Chromium, as tests/test_browser.py drives it).

Read off the documents with ``grep -n`` (../shared/seeds and ../shared/corpus/goteborg):

- 001_ac962998a4b6cb85.txt lines 821–826: "Kommunstyrelsen får i uppdrag att i samverkan
  med samtliga nämnder och bolagsstyrelser utveckla det systematiska arbetsmiljöarbetet.
  …" to be reported "KS 2025-04-23" (an exact date).
- 001 lines 1029–1033: "Budget 2024 - Kommunstyrelsen får i uppdrag att ta fram en
  doftpolicy för Göteborgs Stads anställda i brukarnära verksamheter – ärende
  SLK-2023-01047", to be reported "KS Q1 2025": by the quarter's last day, 2025-03-31,
  and given in an earlier year's budget (2024).
- kf-2024-02-01-p16.txt line 17, "3. Nedanstående uppdrag (a-r), givna i budget 2022,
  förklaras fullgjorda.", and line 19, item e: "Grundskolenämndens uppdrag att fortsätta
  utveckla lärarakademin och rektorsakademin." (fulfilled; from an earlier budget). Line
  123: the follow-up reports on 60 assignments.
- intraservice_arsrapport_2025.txt lines 1958–1962: the work-environment assignment
  above is "Pågående" (ongoing).
- kf-2023-03-23-p21.txt, the council's distribution of the goals (lines 13–47):
  grundskolenämnden is a main responsible body of one goal (line 17) and a responsible
  body of five (lines 21, 27, 31, 37 and 47).
"""

from __future__ import annotations

import csv
import html as htmllib
import io
import os
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import httpx
import pytest

from tests.conftest import LiveServer

ID = "https://w3id.org/styrgraf/id/goteborg/"
KS = ID + "org/kommunstyrelsen"
KF = ID + "org/kommunfullmaktige"
GSN = ID + "org/grundskolenamnden"
WORK_ENVIRONMENT = ID + "2025/kf/uppdrag/utveckla-det-systematiska-arbetsmiljoarbetet"
FRAGRANCE = ID + "2024/kf/uppdrag/slk-2023-01047"
TEACHERS = ID + "2022/kf/uppdrag/fortsatta-utveckla-lararakademin-och-rektorsakademin"
CHROMIUM = Path("/usr/bin/chromium")


def page(iri: str) -> str:
    return "/id/goteborg/" + iri.removeprefix(ID)


# --- reading the pages -------------------------------------------------------------------------
def get_page(client: httpx.Client, path: str, expect: int = 200, /, **params: str) -> str:
    response = client.get(path, params=params or None)  # {} would drop the path's query
    assert response.status_code == expect, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def ledger_rows(html: str) -> list[str]:
    """Return the ledger table's body rows, in order."""
    found = re.search(r'<table class="data ledger">.*?<tbody>(.*?)</tbody>', html, re.DOTALL)
    return re.findall(r"<tr>.*?</tr>", found.group(1), re.DOTALL) if found else []


def row_pages(html: str) -> list[str]:
    """Return the pages the ledger's rows link to (each row's first link), in order."""
    pages = []
    for row in ledger_rows(html):
        first = re.search(r'<td class="label"><a href="([^"]+)"', row)
        assert first, row
        pages.append(htmllib.unescape(first.group(1)))
    return pages


def row_of(html: str, iri: str) -> str:
    rows = [r for r in ledger_rows(html) if f'<a href="{page(iri)}">' in r]
    assert len(rows) == 1, f"{len(rows)} rows link to {iri}"
    return rows[0]


def link(html: str, text: str) -> str:
    """Return the target of the link whose text is ``text``."""
    found = re.search(rf'<a [^>]*href="([^"]+)"[^>]*>{re.escape(text)}</a>', html)
    assert found, f"no link {text!r}"
    return htmllib.unescape(found.group(1))


def body_row(html: str, iri: str) -> str:
    """Return a body's row of /bodies."""
    rows = re.findall(r'<tr>\s*<th scope="row">.*?</tr>', html, re.DOTALL)
    mine = [r for r in rows if f'<th scope="row"><a href="{page(iri)}">' in r]
    assert len(mine) == 1, f"{len(mine)} rows for {iri}"
    return str(mine[0])


def counts(row: str) -> list[str]:
    """Return the counts in a row of /bodies (goals: main, responsible; assignments:
    responsible, contributing; status reports), as the cells' text."""
    cells = re.findall(r'<td class="num">(.*?)</td>', row, re.DOTALL)
    return [re.sub(r"<[^>]+>", "", cell) for cell in cells]


def query_of(target: str) -> dict[str, list[str]]:
    path, _, query = target.partition("?")
    return {"": [path], **parse_qs(query)}


def api_total(client: httpx.Client, **params: str) -> int:
    response = client.get("/api/assignments", params={"limit": "1", **params})
    assert response.status_code == 200, response.text
    return int(response.json()["total"])


# --- the seeds (data/) -------------------------------------------------------------------------
@pytest.fixture(scope="module", params=["api_server", "remote_api_server", "virtuoso_api_server"])
def seeds_client(request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
    server: LiveServer = request.getfixturevalue(request.param)
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


def test_ledger_lists_the_assignments_with_body_due_date_and_origin(
    seeds_client: httpx.Client,
) -> None:
    html = get_page(seeds_client, "/assignments")
    assert html.startswith('<!doctype html>\n<html lang="sv">')
    assert "<title>Uppdrag – styrgraf</title>" in html
    assert '<a class="skip" href="#innehall">' in html and '<main id="innehall">' in html
    assert '<a href="/assignments" aria-current="page">Uppdrag</a>' in html
    assert '<a href="/bodies">Organ</a>' in html
    total = api_total(seeds_client)
    assert f"<strong>{total} uppdrag</strong>" in html
    assert len(ledger_rows(html)) == total
    # 001 lines 821-826: Kommunstyrelsen, "KS 2025-04-23" (an exact date)
    row = row_of(html, WORK_ENVIRONMENT)
    assert f'<a href="{page(KS)}">Kommunstyrelsen</a>' in row
    assert '<td class="due"><time datetime="2025-04-23">2025-04-23</time></td>' in row
    # 001 lines 1029-1033: "Budget 2024 - …", "KS Q1 2025": by 2025-03-31, not exactly
    row = row_of(html, FRAGRANCE)
    assert 'senast <time datetime="2025-03-31">2025-03-31</time>' in row
    assert "från tidigare års budget" in row and "(2024)" in row
    assert "SLK-2023-01047" in row
    # the seeds hold no status reports
    assert "ingen ännu" in row
    # the CSV of the whole list
    assert link(html, "CSV") == "/api/assignments?format=csv&limit=1000"


def test_ledger_filters_by_body_and_due_dates_and_sorts_by_due_date(
    seeds_client: httpx.Client,
) -> None:
    march = {"body": KS, "role": "responsible", "due_after": "2025-03-01"}
    html = get_page(seeds_client, "/assignments", **march, due_before="2025-03-31")
    pages = row_pages(html)
    assert page(FRAGRANCE) in pages  # due by 2025-03-31
    assert page(WORK_ENVIRONMENT) not in pages  # due 2025-04-23
    for row in ledger_rows(html):
        assert f'<a href="{page(KS)}">Kommunstyrelsen</a>' in row
    total = api_total(seeds_client, **march, due_before="2025-03-31")
    assert f"<strong>{total} uppdrag</strong> i urvalet" in html
    assert len(pages) == total
    # the form shows the selection
    assert f'<option value="{KS}" selected>Kommunstyrelsen' in html
    assert '<option value="responsible" selected>ansvarig</option>' in html
    assert 'name="due_after" type="date" value="2025-03-01"' in html
    assert 'name="due_before" type="date" value="2025-03-31"' in html

    # to the end of April, by due date: the earliest first, or the latest
    april = {**march, "due_before": "2025-04-30"}
    earliest = row_pages(get_page(seeds_client, "/assignments", **april, sort="due"))
    assert earliest.index(page(FRAGRANCE)) < earliest.index(page(WORK_ENVIRONMENT))
    latest_html = get_page(seeds_client, "/assignments", **april, sort="-due")
    latest = row_pages(latest_html)
    assert latest.index(page(WORK_ENVIRONMENT)) < latest.index(page(FRAGRANCE))
    assert sorted(latest) == sorted(earliest)
    assert '<th scope="col" aria-sort="descending">' in latest_html
    # the due-date heading sorts the same selection the other way
    flip = link(latest_html, "Återrapporteras <span aria-hidden=\"true\">▼</span>"
                "<span class=\"visually-hidden\"> (sortera tidigast först)</span>")  # fmt: skip
    assert query_of(flip) == query_of("/assignments?" + urlencode({**april, "sort": "due"}))


def test_csv_link_gives_the_same_selection(seeds_client: httpx.Client) -> None:
    chosen = {"body": KS, "due_after": "2025-01-01", "sort": "due"}
    html = get_page(seeds_client, "/assignments", **chosen)
    target = link(html, "CSV")
    assert target.startswith("/api/assignments?") and "format=csv" in target
    response = seeds_client.get(target)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["page"] for r in rows] == row_pages(html)
    assert {r["origin"] for r in rows} <= {"stadens-budget", "tidigare-budget", "namnden"}
    fragrance = next(r for r in rows if r["iri"] == FRAGRANCE)
    assert fragrance["due_dates"] == "2025-03-31"


HOSTILE = [
    {"body": "<script>alert(1)</script>"},
    {"body": f"{KS}> }} ; DROP ALL ; #"},
    {"body": f"{KS}>"},
    {"status": 'fullgjord" } UNION { ?s ?p ?o } #'},
    {"status": "fullgjord> . ?s ?p ?o"},
    {"origin": "stadens-budget>"},
    {"origin": "okand"},
    {"reporting_mode": "<b>delrapport</b>"},
    {"due_after": "<script>x</script>"},
    {"due_after": "2025-13-01"},
    {"due_after": "2025-06-01", "due_before": "2025-01-01"},
    {"role": "all"},
    {"sort": "label; DROP"},
    {"limit": "1e9"},
    {"offset": "-1"},
    {"bdy": KS},
]


@pytest.mark.parametrize("params", HOSTILE, ids=lambda p: "&".join(p))
def test_bad_values_are_refused_with_the_form(
    seeds_client: httpx.Client, params: dict[str, str]
) -> None:
    html = get_page(seeds_client, "/assignments", 400, **params)
    assert '<div class="notice error" role="alert">' in html
    assert '<form class="filters" method="get" action="/assignments"' in html
    assert "<table" not in html
    for value in params.values():  # whatever is shown of the value is escaped
        if "<" in value:
            assert value not in html
    assert "<script>" not in html and "<b>delrapport" not in html


def test_echoed_values_are_escaped(seeds_client: httpx.Client) -> None:
    html = get_page(seeds_client, "/assignments", 400, due_after="<script>x</script>")
    assert "not &#39;&lt;script&gt;x&lt;/script&gt;&#39;" in html
    assert 'value="&lt;script&gt;x&lt;/script&gt;"' in html


def test_an_unknown_body_has_no_assignments(seeds_client: httpx.Client) -> None:
    before = api_total(seeds_client)
    html = get_page(seeds_client, "/assignments", body="https://example.org/ingen")
    assert "<strong>0 uppdrag</strong> i urvalet" in html
    assert "Inga uppdrag i urvalet." in html
    # the body is offered in the form as it was given
    assert '<option value="https://example.org/ingen" selected>' in html
    assert api_total(seeds_client) == before
    # the API refuses what the page refuses
    bad = seeds_client.get("/api/assignments", params={"status": "bogus"})
    assert bad.status_code == 400 and "uppdragsstatus" in bad.json()["error"]["message"]


def test_bodies_page_counts_and_links(seeds_client: httpx.Client) -> None:
    html = get_page(seeds_client, "/bodies")
    assert "<title>Organ – styrgraf</title>" in html
    assert '<a href="/bodies" aria-current="page">Organ</a>' in html
    listed = seeds_client.get("/api/bodies", params={"limit": "1000"}).json()
    assert f"<strong>{listed['total']} organ</strong>" in html
    ks = next(b for b in listed["items"] if b["iri"] == KS)
    row = body_row(html, KS)
    cells = counts(row)
    assert cells[2] == str(ks["assignments_responsible"])
    assert cells[3] == str(ks["assignments_contributing"])
    # the count leads to the ledger of the body's assignments, which has as many
    target = link(row, str(ks["assignments_responsible"]))
    assert query_of(target) == {"": ["/assignments"], "body": [KS], "role": ["responsible"]}
    ledger = get_page(seeds_client, target)
    assert len(ledger_rows(ledger)) == ks["assignments_responsible"]
    assert f"<strong>{ks['assignments_responsible']} uppdrag</strong>" in ledger


def test_home_page_leads_to_both(seeds_client: httpx.Client) -> None:
    html = get_page(seeds_client, "/")
    start = re.search(r'<ul class="start">.*?</ul>', html, re.DOTALL)
    assert start
    assert '<a href="/assignments">Uppdragen</a>' in start.group(0)
    assert '<a href="/bodies">Organen</a>' in start.group(0)


# --- council documents: statuses and goal responsibility ------------------------------------------
@pytest.fixture(scope="module", params=["embedded", "remote"])
def client(request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
    """The five documents above (COUNCIL_SOURCES), built once per session (conftest.py)."""
    server: LiveServer = request.getfixturevalue(f"council_{request.param}")
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


@pytest.mark.shared
@pytest.mark.slow
def test_status_filter_keeps_the_fulfilled_and_not_the_ongoing(client: httpx.Client) -> None:
    fulfilled = get_page(client, "/assignments", status="fullgjord")
    pages = row_pages(fulfilled)
    assert page(TEACHERS) in pages  # kf-2024-02-01-p16.txt lines 17 and 19
    assert page(WORK_ENVIRONMENT) not in pages  # intraservice_arsrapport_2025.txt: "Pågående"
    assert len(pages) == api_total(client, status="fullgjord")
    assert all('<span class="status status-fullgjord">fullgjort</span>' in r
               for r in ledger_rows(fulfilled))  # fmt: skip
    row = row_of(fulfilled, TEACHERS)
    assert f'<a href="{page(GSN)}">Grundskolenämnden</a>' in row
    assert '<option value="fullgjord" selected>fullgjort</option>' in fulfilled

    ongoing = row_pages(get_page(client, "/assignments", status="pagaende"))
    assert page(WORK_ENVIRONMENT) in ongoing and page(TEACHERS) not in ongoing
    without = row_pages(get_page(client, "/assignments", status="none"))
    assert page(WORK_ENVIRONMENT) not in without and page(TEACHERS) not in without
    assert page(FRAGRANCE) in without  # no document reports on it

    # "givna i budget 2022" (line 17): from an earlier year's budget, with the body
    earlier = {"status": "fullgjord", "origin": "tidigare-budget", "body": GSN}
    html = get_page(client, "/assignments", **earlier)
    assert page(TEACHERS) in row_pages(html)
    assert len(row_pages(html)) == api_total(client, **earlier)
    during_the_year = row_pages(
        get_page(client, "/assignments", status="fullgjord", origin="lopande")
    )
    assert during_the_year and page(TEACHERS) not in during_the_year


@pytest.mark.shared
@pytest.mark.slow
def test_bodies_page_counts_goals_and_status_reports(client: httpx.Client) -> None:
    html = get_page(client, "/bodies")
    # kf-2023-03-23-p21.txt: main responsible for one goal (line 17), responsible for five
    main, responsible, assigned, _, reports = counts(body_row(html, GSN))
    assert (main, responsible) == ("1", "5")
    assert int(assigned) >= 1  # lärarakademin (kf-2024-02-01-p16.txt line 19), among others
    assert reports == "0"
    # the council's follow-up reports on 60 assignments (line 123): its status reports
    reported = int(counts(body_row(html, KF))[4])
    assert 1 <= reported <= 60


# --- in a browser ----------------------------------------------------------------------------
def require(ready: bool, reason: str) -> None:
    """Skip when ``ready`` is false, except under CI, which must not skip."""
    if not ready:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}, and CI must not skip the browser tests")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(api_server: LiveServer) -> Iterator[Any]:
    """Chromium, launched once the server's query workers run (see tests/test_browser.py:
    a worker forked after Playwright's driver started would keep its pipes open)."""
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install -y chromium)")
    with urllib.request.urlopen(api_server.url + "/assignments", timeout=30) as response:
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


@pytest.mark.slow
def test_the_filter_form_in_a_browser(browser: Any, api_server: LiveServer) -> None:
    context = browser.new_context(base_url=api_server.url, locale="sv-SE")
    try:
        tab = context.new_page()
        tab.set_default_timeout(20_000)
        tab.goto("/assignments")
        rows = tab.locator("table.ledger tbody tr")
        everything = rows.count()
        assert everything == api_total_of(api_server)
        tab.select_option("#f-body", KS)
        tab.select_option("#f-role", "responsible")
        tab.fill("#f-after", "2025-03-01")
        tab.fill("#f-before", "2025-03-31")
        tab.select_option("#f-sort", "due")
        tab.get_by_role("button", name="Visa urvalet").click()
        tab.wait_for_url(re.compile(r"/assignments\?.*due_before=2025-03-31"))
        assert 0 < rows.count() < everything
        labels = rows.locator("td.label a").all_inner_texts()
        assert any("doftpolicy" in label for label in labels)  # 001 line 1030
        assert not any("arbetsmiljöarbetet" in label for label in labels)  # due 2025-04-23
        for text in rows.locator("td:nth-child(2)").all_inner_texts():
            assert "Kommunstyrelsen" in text
        assert tab.locator("p.count").inner_text().startswith(f"{rows.count()} uppdrag")
        # the form kept the selection; clearing it shows everything again
        assert tab.locator("#f-body").input_value() == KS
        tab.get_by_role("link", name="Rensa urvalet").click()
        tab.wait_for_url(re.compile(r"/assignments$"))
        assert rows.count() == everything
    finally:
        context.close()


def api_total_of(server: LiveServer) -> int:
    with httpx.Client(base_url=server.url, timeout=30) as c:
        return api_total(c)
