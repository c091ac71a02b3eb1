"""What has become of assignments, and who answers for goals, on the pages and in the API
(issue 14), against data built from real council documents and served by a real server
(embedded store, and the remote backend on its own `oxigraph serve`).

Read off the documents with ``grep -n`` (../shared/corpus/goteborg and ../shared/seeds):

- kf-2024-02-01-p16.txt line 17: "3. Nedanstående uppdrag (a-r), givna i budget 2022,
  förklaras fullgjorda." and line 19, item e: "Grundskolenämndens uppdrag att fortsätta
  utveckla lärarakademin och rektorsakademin." The document dates no item.
- intraservice_arsrapport_2025.txt lines 1958–1962: "Kommunstyrelsen får i uppdrag att i
  Pågående / samverkan med samtliga nämnder / utveckla det systematiska / 2026-01-16 /
  arbetsmiljöarbetet." (the assignment of 000_64bcae0d445429da.txt lines 238–240); its
  reporting is due "KS 2025-04-23" (001_ac962998a4b6cb85.txt line 826).
- kf-2023-03-23-p21.txt, the council's distribution of responsibility for the goals:
  line 13 "Mål: Andelen utbildad personal i förskolorna ska öka … Huvudansvariga
  nämnder/styrelser: förskolenämnden Ansvariga nämnder/styrelser: kommunstyrelsen, nämnden
  för arbetsmarknad och vuxenutbildning"; line 17 "Mål: Fler elever ska nå
  gymnasiebehörighet … Huvudansvariga nämnder/styrelser: grundskolenämnden,
  utbildningsnämnden"; line 19 "Mål: Livsvillkoren för Göteborgs invånare ska bli mer
  jämlika. Huvudansvariga nämnder/styrelser: kommunstyrelsen"; line 31 "Mål: Deltagandet i
  idrotts- och föreningslivet ska öka … Ansvariga nämnder/styrelser: grundskolenämnden, …".
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
from collections.abc import Iterator, Mapping

import httpx
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from api.routes import status_records, status_view
from api.store import Rows
from tests.conftest import LiveServer

# the documents above: COUNCIL_SOURCES, built once per session (tests/conftest.py)
ID = "https://w3id.org/styrgraf/id/goteborg/"
TEACHERS = ID + "2022/kf/uppdrag/fortsatta-utveckla-lararakademin-och-rektorsakademin"
WORK_ENVIRONMENT = ID + "2025/kf/uppdrag/utveckla-det-systematiska-arbetsmiljoarbetet"
KS = ID + "org/kommunstyrelsen"
GSN = ID + "org/grundskolenamnden"
UN = ID + "org/utbildningsnamnden"
MORE_PUPILS = ID + "mal/2023-2026/fler-elever-ska-na-gymnasiebehorighet-i-grundskolan-och"
SPORTS = ID + "mal/2023-2026/deltagandet-i-idrotts-och-foreningslivet-ska-oka-bland"
LIVING = ID + "mal/2023-2026/livsvillkoren-for-goteborgs-invanare-ska-bli-mer-jamlika"
PRESCHOOL_STAFF = ID + "mal/2023-2026/andelen-utbildad-personal-i-forskolorna-ska-oka-och"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def page(iri: str) -> str:
    return "/id/goteborg/" + iri.removeprefix(ID)


# --- the served data: the build of the five documents above, shared with test_ledger_pages.py --
@pytest.fixture(scope="module", params=["embedded", "remote"])
def client(request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
    server: LiveServer = request.getfixturevalue(f"council_{request.param}")
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


def html_of(client: httpx.Client, iri: str) -> str:
    response = client.get(page(iri), headers={"Accept": BROWSER})
    assert response.status_code == 200, response.text[:300]
    return response.text


def part(html: str, pattern: str) -> str:
    found = re.search(pattern, html, re.DOTALL)
    assert found, f"no {pattern!r} on the page"
    return found.group(0)


def section(html: str, anchor: str) -> str:
    return part(html, rf"<section aria-labelledby='{anchor}'>.*?</section>")


def row_of(table: str, iri: str) -> str:
    """Return the table row that links to ``iri``'s page."""
    rows = [r for r in re.findall(r"<tr>.*?</tr>", table, re.DOTALL) if f'"{page(iri)}"' in r]
    assert len(rows) == 1, f"{len(rows)} rows link to {iri}"
    return str(rows[0])


def item(client: httpx.Client, path: str, iri: str) -> dict[str, object]:
    response = client.get(path, params={"iri": iri})
    assert response.status_code == 200, response.text[:300]
    found: dict[str, object] = response.json()
    return found


# --- the assignment page ---------------------------------------------------------------------
@pytest.mark.shared
@pytest.mark.slow
def test_assignment_page_leads_with_its_status(client: httpx.Client) -> None:
    html = html_of(client, TEACHERS)
    lead = part(html, r"<dl class='lead'>.*?</dl>")
    # kf-2024-02-01-p16.txt lines 17 and 19: "förklaras fullgjorda" (kod: fullgjort/fulfilled)
    assert "Aktuell status" in lead
    assert ">Fullgjort</a></span>" in lead
    assert "<span class='en' lang='en'>fulfilled</span>" in lead
    assert 'href="/kod/uppdragsstatus/fullgjord"' in lead
    # the lead comes before the facts
    assert html.index("<dl class='lead'>") < html.index('id="uppgifter"')


@pytest.mark.shared
@pytest.mark.slow
def test_status_history_names_the_document_and_quotes_the_line(client: httpx.Client) -> None:
    history = section(html_of(client, TEACHERS), "statushistorik")
    rows = re.findall(r"<tr><td>.*?</tr>", history, re.DOTALL)
    assert len(rows) == 1
    row = rows[0]
    assert "fullgjort" in row
    assert "kf-2024-02-01-p16.txt" in row
    assert "rad 19," in row
    # the long line is cut to the item's words, marked, and given whole below
    assert "<mark>fortsätta utveckla lärarakademin och rektorsakademin</mark>" in row
    assert "<summary>Hela citatet</summary>" in row
    assert "e. Grundskolenämndens uppdrag att fortsätta utveckla" in row
    # the document cell links the document the API names
    report = item(client, "/api/assignments/item", TEACHERS)["status_history"]
    assert isinstance(report, list)
    document = report[0]["document"]
    assert f'<a href="{document["page"]}">' in row


@pytest.mark.shared
@pytest.mark.slow
def test_dated_status_and_due_date(client: httpx.Client) -> None:
    html = html_of(client, WORK_ENVIRONMENT)
    lead = part(html, r"<dl class='lead'>.*?</dl>")
    # intraservice_arsrapport_2025.txt lines 1958-1962: "Pågående", "2026-01-16"; the status's
    # comment below it in its column runs to line 1976 ("… kan bidra i arbetet.")
    assert ">Pågående</a></span>" in lead
    assert "<span class='en' lang='en'>ongoing</span>" in lead
    assert "den senaste 2026-01-16" in lead
    # 001 line 826: "KS 2025-04-23, delrapportering i delårsrapport mars"
    assert "<dt>Återrapporteras</dt><dd><time datetime='2025-04-23'>2025-04-23</time>" in lead
    row = part(section(html, "statushistorik"), r"<tr><td>.*?</tr>")
    assert "<time datetime='2026-01-16'>2026-01-16</time>" in row
    assert "intraservice_arsrapport_2025.txt" in row
    assert "rad 1958–1976" in row
    assert "Kommunstyrelsen får i uppdrag att i Pågående samverkan" in row


# --- the body page ---------------------------------------------------------------------------
@pytest.mark.shared
@pytest.mark.slow
def test_body_page_lists_the_goals_it_answers_for(client: httpx.Client) -> None:
    goals = section(html_of(client, GSN), "mal-ansvar")
    assert "<h2 id='mal-ansvar'>Mål som organet ansvarar för</h2>" in goals
    # kf-2023-03-23-p21.txt line 17 (main responsible) and line 31 (responsible)
    assert "<span class='role role-huvudansvarig'>huvudansvarig</span>" in row_of(
        goals, MORE_PUPILS
    )
    assert "<span class='role role-ansvarig'>ansvarig</span>" in row_of(goals, SPORTS)
    # main responsibility first
    assert goals.index(page(MORE_PUPILS)) < goals.index(page(SPORTS))

    ks = section(html_of(client, KS), "mal-ansvar")
    assert "role-huvudansvarig" in row_of(ks, LIVING)  # line 19
    assert "role-ansvarig'>ansvarig" in row_of(ks, PRESCHOOL_STAFF)  # line 13


@pytest.mark.shared
@pytest.mark.slow
def test_body_page_lists_its_assignments_with_status_and_due_date(client: httpx.Client) -> None:
    assignments = section(html_of(client, GSN), "organets-uppdrag")
    row = row_of(assignments, TEACHERS)
    assert "role-ansvarig" in row
    assert "status-fullgjord" in row and ">fullgjort</a>" in row

    row = row_of(section(html_of(client, KS), "organets-uppdrag"), WORK_ENVIRONMENT)
    assert ">pågående</a>" in row
    assert "<time datetime='2025-04-23'>2025-04-23</time>" in row


# --- the goal page ---------------------------------------------------------------------------
@pytest.mark.shared
@pytest.mark.slow
def test_goal_page_names_its_responsible_bodies(client: httpx.Client) -> None:
    lead = part(html_of(client, MORE_PUPILS), r"<dl class='lead responsibility'>.*?</dl>")
    main = part(lead, r"<dt>Huvudansvariga organ</dt><dd>.*?</dd>")
    assert f'href="{page(GSN)}"' in main and f'href="{page(UN)}"' in main  # line 17
    assert "Ansvariga organ" not in lead

    lead = part(html_of(client, PRESCHOOL_STAFF), r"<dl class='lead responsibility'>.*?</dl>")
    responsible = part(lead, r"<dt>Ansvariga organ</dt><dd>.*?</dd>")
    assert f'href="{page(KS)}">Kommunstyrelsen</a>' in responsible  # line 13
    assert f'href="{page(KS)}"' not in part(lead, r"<dt>Huvudansvariga organ</dt><dd>.*?</dd>")


# --- the JSON resources ----------------------------------------------------------------------
@pytest.mark.shared
@pytest.mark.slow
def test_assignment_resource_has_status_and_history(client: httpx.Client) -> None:
    found = item(client, "/api/assignments/item", TEACHERS)
    assert found["current_status"] == {
        "iri": "https://w3id.org/styrgraf/kod/uppdragsstatus/fullgjord",
        "code": "fullgjord",
        "label": "fullgjort",
        "label_en": "fulfilled",
    }
    history = found["status_history"]
    assert isinstance(history, list) and len(history) == 1
    report = history[0]
    assert report["status"]["code"] == "fullgjord"
    assert (report["source"], report["line_start"], report["line_end"]) == (
        "kf-2024-02-01-p16.txt", 19, 19,
    )  # fmt: skip
    assert "fortsätta utveckla lärarakademin och rektorsakademin" in report["quote"]
    assert report["document"]["page"].startswith("/id/")
    # the keys the resource had stay
    assert {"responsible", "due_dates", "reporting", "text", "status_text"} <= set(found)

    dated = item(client, "/api/assignments/item", WORK_ENVIRONMENT)
    assert dated["current_status"]["code"] == "pagaende"  # type: ignore[index]
    assert dated["due_dates"] == ["2025-04-23"]
    [report] = dated["status_history"]  # type: ignore[misc]
    # the assignment on 1958-1962, its status's comment to 1976
    assert (report["date"], report["line_start"], report["line_end"]) == ("2026-01-16", 1958, 1976)
    # the comment, lines 1963-1976 of the right column: "Det bidrag som hittills efterfrågats
    # från SLK …", "… kan bidra i arbetet."
    assert report["comment"].startswith("Det bidrag som hittills efterfrågats från SLK")
    assert report["comment"].endswith("kan bidra i arbetet.")
    assert report["source"] == "intraservice_arsrapport_2025.txt"


@pytest.mark.shared
@pytest.mark.slow
def test_assignment_list_and_csv_carry_the_current_status(client: httpx.Client) -> None:
    listing = client.get("/api/assignments", params={"body": GSN, "limit": "1000"}).json()
    teachers = next(i for i in listing["items"] if i["iri"] == TEACHERS)
    assert teachers["current_status"]["code"] == "fullgjord"
    response = client.get(
        "/api/assignments", params={"body": GSN, "limit": "1000", "format": "csv"}
    )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert next(r for r in rows if r["iri"] == TEACHERS)["current_status"] == "fullgjord"


@pytest.mark.shared
@pytest.mark.slow
def test_body_resource_has_goals_and_assignment_status(client: httpx.Client) -> None:
    found = item(client, "/api/bodies/item", GSN)
    goals = {g["iri"]: g for g in found["goals"]}  # type: ignore[attr-defined]
    assert goals[MORE_PUPILS]["role"] == "huvudansvarig"
    assert goals[SPORTS]["role"] == "ansvarig"
    assert goals[MORE_PUPILS]["label"].startswith("Fler elever ska nå gymnasiebehörighet")
    responsible = {a["iri"]: a for a in found["responsible_for"]}  # type: ignore[attr-defined]
    teachers = responsible[TEACHERS]
    assert teachers["label"] == "Fortsätta utveckla lärarakademin och rektorsakademin"
    assert teachers["current_status"]["code"] == "fullgjord"

    ks = item(client, "/api/bodies/item", KS)
    assert {g["iri"]: g["role"] for g in ks["goals"]}[LIVING] == "huvudansvarig"  # type: ignore[attr-defined]
    work = {a["iri"]: a for a in ks["responsible_for"]}[WORK_ENVIRONMENT]  # type: ignore[attr-defined]
    assert work["current_status"]["code"] == "pagaende"
    assert work["due_dates"] == ["2025-04-23"]


# --- without a server ------------------------------------------------------------------------
class FakeStore:
    """Answers every SELECT with the given rows."""

    def __init__(self, rows: list[dict[str, Node]]) -> None:
        self.rows = rows

    async def select_async(
        self, query: str, bindings: Mapping[str, Node] | None = None, limit: int | None = None
    ) -> Rows:
        return Rows(list(self.rows[0]) if self.rows else [], self.rows)


def test_history_puts_undated_reports_first_then_by_date() -> None:
    def row(report: str, day: str | None, line: int) -> dict[str, Node]:
        found: dict[str, Node] = {"report": URIRef(report), "lineStart": Literal(line)}
        if day:
            found["date"] = Literal(day, datatype=XSD.date)
        return found

    store = FakeStore(
        [row("r:late", "2025-06-01", 5), row("r:undated", None, 9), row("r:early", "2024-01-31", 7),
         row("r:early", "2024-01-31", 3)]
    )  # fmt: skip
    reading = status_records.status_history(store, URIRef("a:x"), None)  # type: ignore[arg-type]
    history = asyncio.run(reading)
    assert [(r.iri, r.date, r.line_start) for r in history] == [
        ("r:undated", None, 9),
        ("r:early", "2024-01-31", 3),  # one entry per report: its first line
        ("r:late", "2025-06-01", 5),
    ]


def test_quotes_are_escaped_and_marked() -> None:
    quote = "a. <b>Annat</b> & mer. " * 20 + "b. Nämndens uppdrag att ta fram en plan <nu>."
    html = status_view.quote_html(quote, "Ta fram en plan <nu> …")
    assert "<mark>ta fram en plan &lt;nu&gt;</mark>" in html
    assert "<b>" not in html and "&lt;b&gt;Annat&lt;/b&gt; &amp; mer." in html
    short = status_view.quote_html("Kort <citat>", "ta fram")
    assert short == "<blockquote><p>Kort &lt;citat&gt;</p></blockquote>"
