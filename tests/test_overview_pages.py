"""The dashboard (``/``), the reporting calendar page (``/calendar``) and the findings of
the last validation run (``/findings``), issue 15, through a real server serving the
committed data/ (the seeds).

Read off the documents with ``grep -n ../shared/seeds/*.txt``:

- 001_ac962998a4b6cb85.txt lines 821–826: "Kommunstyrelsen får i uppdrag att i samverkan
  med samtliga nämnder och bolagsstyrelser utveckla det systematiska arbetsmiljöarbetet.
  …" to be reported "KS 2025-04-23" (an exact date): on the calendar under April 2025.
- 001 line 2668: the time plan's "Årsrapport 2024 för kommunstyrelsen", to the board
  2025-02-05 ("Ordinarie KS 2025-02-05"): under February 2025.
- 001 lines 1569–1571: "Budgetramen är 4,3 mnkr högre än 2024 (281,4 mnkr)", while the
  table at line 1684 has "Kommunbidrag 282,3 285,7": the rule that amounts in the text
  agree with the table finds 281,4 against 282,3 (a violation, the board's).
- The seven council goals (000 lines 82–139) name no main responsible body: seven
  warnings of one rule.
"""

from __future__ import annotations

import html as htmllib
import re
import shutil
from collections.abc import Iterator
from datetime import date

import httpx
import pytest

from api.app import create_app
from api.routes import overview
from api.settings import Settings
from tests.conftest import DATA, LiveServer

ID = "https://w3id.org/styrgraf/id/goteborg/"
KS = ID + "org/kommunstyrelsen"
WORK_ENVIRONMENT = ID + "2025/kf/uppdrag/utveckla-det-systematiska-arbetsmiljoarbetet"
AMOUNT = ID + "2025/ks/budget/belopp/L1570-2"
GOAL_4 = ID + "mal/2023-2026/4"


def page(iri: str) -> str:
    return "/id/goteborg/" + iri.removeprefix(ID)


def get_page(client: httpx.Client, path: str, expect: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == expect, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def text_of(html: str) -> str:
    text = re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", html)))
    return re.sub(r" ([,.;:])", r"\1", text)


def section(html: str, start: str, end: str = "</section>") -> str:
    """Return the HTML from ``start`` to the next ``end``."""
    assert start in html, f"no {start!r}"
    return html.split(start, 1)[1].split(end, 1)[0]


def tiles(html: str) -> dict[str, str]:
    """Return the dashboard's figures by their text ("mål": "7")."""
    found = re.findall(
        r'<strong class="figure">([^<]*)</strong>\s*([^<]+)</a>', section(html, '"tiles"', "</ul>")
    )
    return {text.strip(): figure for figure, text in found}


def total(client: httpx.Client, path: str) -> int:
    response = client.get(path, params={"limit": "1"})
    assert response.status_code == 200, response.text
    return int(response.json()["total"])


def api_findings(client: httpx.Client) -> int:
    turtle = client.get("/api/validation", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200
    return turtle.text.count("a sh:ValidationResult")


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """The committed data/, copied where no validation has run."""
    data = tmp_path_factory.mktemp("plain") / "data"
    data.mkdir()
    for file in DATA:
        shutil.copy(file, data)
    server = LiveServer(create_app(Settings(data=(data,), query_timeout=3.0, row_limit=1000)))
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client
    server.stop()


@pytest.fixture(scope="module")
def validated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """The committed data/, copied and validated (`styrgraf validate DATA`)."""
    from api.cli import main

    data = tmp_path_factory.mktemp("validated") / "data"
    data.mkdir()
    for file in DATA:
        shutil.copy(file, data)
    assert main(["validate", str(data)]) == 1  # the seeds have violations
    server = LiveServer(create_app(Settings(data=(data,), query_timeout=3.0, row_limit=1000)))
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client
    server.stop()


# --- the dashboard ---------------------------------------------------------------------------
def test_the_dashboard_counts_what_the_api_lists(validated: httpx.Client) -> None:
    html = get_page(validated, "/")
    figures = tiles(html)
    graphs = validated.get("/api/graphs").json()["graphs"]
    assert figures["inlästa dokument"] == str(len(graphs)) == "2"
    assert figures["mål"] == str(total(validated, "/api/goals")) == "7"
    assert figures["uppdrag"] == str(total(validated, "/api/assignments"))
    assert figures["organ"] == str(total(validated, "/api/bodies"))
    count = validated.get(
        "/sparql",
        params={"query": "PREFIX styr: <https://w3id.org/styrgraf/ontology#>\n"
                "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a styr:StatusReport }"},
        headers={"Accept": "application/sparql-results+json"},
    )  # fmt: skip
    reports = count.json()["results"]["bindings"][0]["n"]["value"]
    assert figures["statusrapporter"] == reports
    assert figures["anmärkningar vid granskningen"] == str(api_findings(validated)) == "33"
    # the goals are kept, in order, linked to their pages
    goals = section(html, '<ol class="goals">', "</ol>")
    assert goals.count("<li>") == 7
    assert f'<a href="{page(GOAL_4)}">' in goals
    # the documents: the two seed files, the budget among what 001 holds
    documents = text_of(section(html, 'id="dokument"'))
    assert "000_64bcae0d445429da.txt: Genomförandeplan 2025 för kommunstyrelsen" in documents
    assert "Budget 2025 för kommunstyrelsen" in documents
    for href in ("/assignments", "/bodies", "/calendar", "/findings", "/sparql", "/api/queries",
                 "/api/graphs", "/api/calendar.ics"):  # fmt: skip
        assert f'href="{href}"' in html, href


def test_the_dashboard_summarises_the_last_run(validated: httpx.Client) -> None:
    summary = section(get_page(validated, "/"), 'id="granskning"')
    text = text_of(summary)
    assert "Datan uppfyller inte reglerna. 5 fel, 15 varningar, 13 information." in text
    assert "Fullmäktiges mål har huvudansvarig (7)" in text
    assert 'href="/findings#regel-' in summary


def test_the_dashboard_lists_the_next_dates(
    validated: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the server runs in this process: its today is the test's
    monkeypatch.setattr(overview, "today", lambda: date(2025, 4, 10))
    coming = section(get_page(validated, "/"), 'id="kommande"')
    dates = re.findall(r'<time datetime="([^"]+)">', coming)
    assert dates == sorted(dates) and dates[0] == "2025-04-23"
    assert len(dates) == overview.UPCOMING
    assert "23 april 2025" in text_of(coming)
    assert f'href="{page(WORK_ENVIRONMENT)}"' in coming
    # after the last date: none coming, the latest passed ones instead
    monkeypatch.setattr(overview, "today", lambda: date(2030, 1, 1))
    coming = section(get_page(validated, "/"), 'id="kommande"')
    assert "Inga datum i kalendern efter i dag, 1 januari 2030." in text_of(coming)
    assert "Senast passerade" in coming


def test_the_dashboard_says_when_no_validation_has_run(plain: httpx.Client) -> None:
    html = get_page(plain, "/")
    assert tiles(html)["ingen granskning ännu"] == "–"
    assert "styrgraf validate DATA" in text_of(section(html, 'id="granskning"'))


# --- the calendar ----------------------------------------------------------------------------
def test_the_calendar_lists_the_dates_by_month(plain: httpx.Client) -> None:
    html = get_page(plain, "/calendar")
    api = plain.get("/api/calendar", params={"limit": "1000"}).json()
    assert f"<strong>{api['total']} datum</strong>" in html
    assert html.count('<li class="event') == api["total"]
    headings = re.findall(r'<h2 id="m-([0-9-]+)">([^<]+)</h2>', html)
    assert headings == sorted(headings)
    assert ("2025-04", "April 2025") in headings and ("2025-02", "Februari 2025") in headings
    april = section(html, '<h2 id="m-2025-04">')
    work = [e for e in april.split('<li class="event')[1:] if page(WORK_ENVIRONMENT) in e]
    assert len(work) == 1
    assert '<time datetime="2025-04-23">23 april</time>' in work[0]
    assert f'<a href="{page(KS)}">Kommunstyrelsen</a>' in work[0]
    assert "001_ac962998a4b6cb85.txt" in work[0]
    february = text_of(section(html, '<h2 id="m-2025-02">'))
    assert "5 februari Till kommunstyrelsen Till Kommunstyrelsen: Årsrapport 2024" in february


def test_the_calendar_links_its_feeds(plain: httpx.Client) -> None:
    html = get_page(plain, "/calendar")
    assert 'href="/api/calendar.ics"' in html
    feed = re.search(r'href="(/api/calendar\.ics\?body=[^"]*kommunstyrelsen[^"]*)"', html)
    assert feed
    ics = plain.get(htmllib.unescape(feed.group(1)))
    assert ics.status_code == 200
    assert ics.headers["content-type"].startswith("text/calendar")
    assert "X-WR-CALNAME:Styrgraf: återrapportering och tidplan – Kommunstyrelsen" in ics.text


def test_one_bodys_calendar(plain: httpx.Client) -> None:
    mine = plain.get("/calendar", params={"body": KS, "role": "owes"})
    assert mine.status_code == 200
    assert "<h1>Kalender: Kommunstyrelsen</h1>" in mine.text
    api = plain.get("/api/calendar", params={"body": KS, "role": "owes", "limit": "1000"})
    assert mine.text.count('<li class="event') == api.json()["total"]
    bad = get_page(plain, "/calendar?body=not%20an%20iri", 400)
    assert 'role="alert"' in bad


# --- the findings ----------------------------------------------------------------------------
def test_the_findings_page_without_a_run(plain: httpx.Client) -> None:
    text = text_of(get_page(plain, "/findings"))
    assert "Ingen granskning har körts på den här datan." in text
    assert "styrgraf validate DATA" in text


def test_the_findings_are_grouped_by_rule_and_body(validated: httpx.Client) -> None:
    html = get_page(validated, "/findings")
    assert html.count('<p class="entity">') == api_findings(validated) == 33
    rules = re.findall(r'<section class="rule (\w+)" id="([^"]+)"', html)
    severities = [css for css, _ in rules]
    order = {"violation": 0, "warning": 1, "info": 2}
    assert severities == sorted(severities, key=order.__getitem__)
    amounts = section(html, "Belopp i text stämmer med tabellen (2)")
    assert "<h3>Kommunstyrelsen</h3>" in amounts
    finding = amounts.split(f'<a href="{page(AMOUNT)}">', 1)[1].split("</li>", 1)[0]
    text = text_of(finding)
    assert "Beloppet i texten stämmer inte med tabellen" in text
    assert "Värde: 281,4; enligt tabellen = 282,3" in text
    assert "001_ac962998a4b6cb85.txt, rad 1569–1571" in text
    assert "Budgetramen är 4,3 mnkr högre än 2024 (281,4 mnkr)" in text
    goals = section(html, "Fullmäktiges mål har huvudansvarig (7)")
    assert f'<a href="{page(GOAL_4)}">' in goals


def test_swedish_numbers_and_dates() -> None:
    assert overview.swedish_number("281.4") == "281,4"
    assert overview.swedish_number("12345") == "12\u00a0345"
    assert overview.swedish_number("-1234.5") == "-1234,5"
    assert overview.swedish_number("https://example.org/1.5") == "https://example.org/1.5"
    assert overview.swedish_date("2025-04-23") == "23 april 2025"
    assert overview.swedish_date("2025-04-23", year=False) == "23 april"
