"""/queries: the named queries as pages people use, on a real server.

Read off the seed text: 001_ac962998a4b6cb85.txt lines 1029–1033, "Kommunstyrelsen får i
uppdrag att ta fram en doftpolicy för Göteborgs Stads anställda i brukarnära verksamheter –
ärende SLK-2023-01047", reported "KS Q1 2025": due to kommunstyrelsen by 31 March 2025.
"""

from __future__ import annotations

from html.parser import HTMLParser

import httpx
import pytest

from tests.conftest import LiveServer

KS = "https://w3id.org/styrgraf/id/goteborg/org/kommunstyrelsen"


class Page(HTMLParser):
    """The parts of a page these tests read: inputs, table rows, links and alerts."""

    def __init__(self) -> None:
        super().__init__()
        self.inputs: dict[str, dict[str, str | None]] = {}
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self.alerts = 0
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "input" and values.get("name"):
            self.inputs[values["name"] or ""] = values
        elif tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._cell = []
        elif tag == "a":
            self.links.append(values.get("href") or "")
        if values.get("role") == "alert":
            self.alerts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def page(server: LiveServer, path: str, **params: str) -> tuple[int, Page]:
    response = httpx.get(server.url + path, params=params, timeout=60)
    assert response.headers["content-type"].startswith("text/html")
    parsed = Page()
    parsed.feed(response.text)
    return response.status_code, parsed


def test_the_list_has_every_named_query(api_server: LiveServer) -> None:
    names = {q["name"] for q in httpx.get(api_server.url + "/api/queries").json()["queries"]}
    status, parsed = page(api_server, "/queries")
    assert status == 200
    assert {link.removeprefix("/queries/") for link in parsed.links if
            link.startswith("/queries/")} == names  # fmt: skip


def test_every_query_has_a_title_in_swedish_and_in_english(api_server: LiveServer) -> None:
    listed = httpx.get(api_server.url + "/api/queries").json()["queries"]
    assert all(q["summary_sv"] and q["summary_sv"] != q["summary"] for q in listed)
    titles = httpx.get(api_server.url + "/queries", timeout=60).text
    assert "Uppdrag utan datum för återrapportering" in titles  # assignments_without_date
    assert 'lang="en">Assignments with no reporting date<' in titles
    assert ">Uppdrag</h2>" in titles and ">Assignments</h2>" not in titles  # the group
    one = httpx.get(api_server.url + "/queries/what_body_owes_before", timeout=60).text
    assert "<h1>Vad ett organ ska återrapportera före ett datum</h1>" in one


def test_the_form_follows_the_parameter_types(api_server: LiveServer) -> None:
    status, parsed = page(api_server, "/queries/what_body_owes_before")
    assert status == 200
    assert parsed.inputs["before"]["type"] == "date"
    assert parsed.inputs["body"]["type"] == "url"
    assert "required" in parsed.inputs["before"]
    assert parsed.rows == []  # nothing runs before the form is sent


def test_what_the_executive_board_owes_before_summer(api_server: LiveServer) -> None:
    status, parsed = page(
        api_server, "/queries/what_body_owes_before", body=KS, before="2025-06-01", run=""
    )
    assert status == 200
    doft = [row for row in parsed.rows if any("doftpolicy" in c for c in row)]
    assert len(doft) == 1 and "2025-03-31" in doft[0]
    # the assignment's cell links to its page on this site
    assert any(link.endswith("slk-2023-01047") and link.startswith("/id/") for link in parsed.links)
    assert any("format=csv" in link for link in parsed.links)
    _, earlier = page(
        api_server, "/queries/what_body_owes_before", body=KS, before="2025-03-31", run=""
    )  # the day is exclusive: due on 31 March is not "before 31 March"
    assert not [row for row in earlier.rows if any("doftpolicy" in c for c in row)]


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/queries/what_body_owes_before", {"body": KS, "before": "maj", "run": ""}, 400),
        ("/queries/what_body_owes_before", {"before": "2025-06-01", "run": ""}, 400),
    ],
)
def test_a_bad_value_is_said_on_the_page(
    api_server: LiveServer, path: str, params: dict[str, str], status: int
) -> None:
    got, parsed = page(api_server, path, **params)
    assert got == status
    assert parsed.alerts == 1 and parsed.rows == []


def test_an_unknown_query_is_404(api_server: LiveServer) -> None:
    assert httpx.get(api_server.url + "/queries/no_such_query").status_code == 404
