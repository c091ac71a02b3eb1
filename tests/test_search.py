"""Full-text search, ``/search`` and ``/api/search`` (issue 15), through a real server on
the committed data/ (the seeds), and the index's query handling on its own.

Read off the documents with ``grep -n`` (../shared/seeds):

- 001_ac962998a4b6cb85.txt lines 936–939: "Stadsmiljönämnden får i uppdrag att i samverkan
  med kommunstyrelsen föreslå hur risker och kostnader för vinterväghållningen kan
  hanteras." (the definite form only: the query "vinterväghållning" must find it).
- 001 line 1030: "Kommunstyrelsen får i uppdrag att ta fram en doftpolicy för Göteborgs
  Stads anställda" (SLK-2023-01047): "doftpolicyer" must find it.
- 000_64bcae0d445429da.txt lines 278 and 282: "säkerställa en hållbar livscykelhantering
  av bärbar elektronik"; "analysera sina inköp utifrån Göteborgs Stads spendrapport".
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

import httpx
import pytest

from api import search
from api.search import Entry, SearchIndex
from tests.conftest import LiveServer

ID = "https://w3id.org/styrgraf/id/goteborg/"
WINTER = ID + "2025/kf/uppdrag/foresla-hur-risker-och-kostnader-for-vintervaghallningen-kan"
FRAGRANCE = ID + "2024/kf/uppdrag/slk-2023-01047"
ELECTRONICS = ID + "2025/kf/uppdrag/sakerstalla-en-hallbar-livscykelhantering-av-barbar"
PURCHASES = ID + "2025/kf/uppdrag/analysera-sina-inkop-utifran-spendrapport-och-ta-fram"
HOSTILE = (
    '"',
    '"budget',
    "NEAR(",
    "NEAR(budget uppdrag, 2)",
    "label:",
    "label:budget",
    "{label body}: budget",
    "*",
    "budg*",
    "budget OR",
    "NOT budget",
    "^budget",
    "<script>alert(1)</script>",
    "'; DROP TABLE entry; --",
    "\\",
    "budget)",
)


@pytest.fixture(scope="module")
def client(api_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_server.url, timeout=30) as c:
        yield c


def hits(client: httpx.Client, q: str, **params: object) -> list[dict[str, str]]:
    response = client.get("/api/search", params={"q": q, **params})
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["hits"]
    return list(body["hits"])


# --- through the server -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "iri"),
    [
        ("vinterväghållning", WINTER),
        ("vinterväghållningen", WINTER),
        ("Vinterväghållningens kostnader", WINTER),
        ("doftpolicyer", FRAGRANCE),
        ("livscykelhanteringen elektroniken", ELECTRONICS),
        ("spendrapporten", PURCHASES),
    ],
)
def test_an_inflected_word_finds_its_entity(client: httpx.Client, query: str, iri: str) -> None:
    found = hits(client, query)
    assert iri in [h["iri"] for h in found[:5]], [h["iri"] for h in found]


def test_the_json_shape_is_exact(client: httpx.Client) -> None:
    found = hits(client, "vinterväghållning")
    for hit in found:
        assert set(hit) == {"iri", "label", "kind", "snippet"}
        assert all(isinstance(v, str) for v in hit.values())
    winter = next(h for h in found if h["iri"] == WINTER)
    assert winter["kind"] == "Assignment"
    assert winter["label"].startswith("I samverkan med kommunstyrelsen föreslå hur risker")
    assert "vinterväghållningen kan hanteras" in winter["snippet"]
    assert "<" not in winter["snippet"]


def test_every_word_must_match(client: httpx.Client) -> None:
    both = {h["iri"] for h in hits(client, "vinterväghållning doftpolicy")}
    assert both == set()
    assert FRAGRANCE in {h["iri"] for h in hits(client, "SLK-2023-01047")}


def test_limit(client: httpx.Client) -> None:
    assert len(hits(client, "budget", limit=3)) == 3
    assert len(hits(client, "budget", limit=search.MAX_HITS)) <= search.MAX_HITS
    for bad in (0, search.MAX_HITS + 1, "many"):
        response = client.get("/api/search", params={"q": "budget", "limit": bad})
        assert response.status_code == 400, response.text


@pytest.mark.parametrize("query", ["", "   ", "x" * (search.MAX_QUERY_CHARS + 1)])
def test_an_empty_or_overlong_query_is_refused(client: httpx.Client, query: str) -> None:
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad-request"
    page = client.get("/search", params={"q": query})
    assert page.status_code == 400
    assert "Sökningen går inte att göra" in page.text
    assert client.get("/api/search").status_code == 400


@pytest.mark.parametrize("query", HOSTILE)
def test_a_hostile_query_is_only_words(client: httpx.Client, query: str) -> None:
    found = hits(client, query)
    words = " ".join(search.WORD.findall(query))
    # the same hits as the query's words alone: nothing else in it was run
    assert found == (hits(client, words) if words else [])
    page = client.get("/search", params={"q": query})
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    if "<script>" in query:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_the_page_links_hits_and_escapes(client: httpx.Client) -> None:
    page = client.get("/search", params={"q": "vinterväghållning <b>x</b>"})
    assert page.status_code == 200
    assert "<b>x</b>" not in page.text
    assert "&lt;b&gt;x&lt;/b&gt;" in page.text
    page = client.get("/search", params={"q": "vinterväghållning"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    path = "/id/goteborg/" + WINTER.removeprefix(ID)
    assert f'<a href="{path}">' in page.text
    assert "<mark>vinterväghållningen</mark>" in page.text
    assert re.search(r'<a href="/search" aria-current="page">Sök</a>', page.text)
    assert client.get(path).status_code == 200


def test_the_form_without_a_query(client: httpx.Client) -> None:
    page = client.get("/search")
    assert page.status_code == 200
    assert '<form class="filters" method="get" action="/search"' in page.text
    assert "<mark>" not in page.text and 'class="count"' not in page.text


# --- the index on its own -----------------------------------------------------------------
def entry(iri: str, label: str, text: str) -> Entry:
    e = Entry(iri, types=[search.STYR_NS + "Assignment"])
    e.labels[search.RDFS_LABEL].append(("sv", label))
    e.texts.append((search.STYR_NS + "text", text))
    return e


def test_the_expression_quotes_every_stem() -> None:
    assert (
        search.match_expression('NEAR("a" b*) label:x')
        == '"near" AND "a" AND "b" AND "label" AND "x"'
    )
    assert search.match_expression('"*(:') is None
    assert search.stems("Vinterväghållningen") == ["vinterväghållning"]


def test_hostile_text_finds_only_the_words() -> None:
    index = SearchIndex(
        [
            entry("urn:a", "near", "label body"),
            entry("urn:b", "Budget", "Nämnderna får i uppdrag"),
        ]
    )
    assert [h.iri for h in index.search("NEAR(")] == ["urn:a"]
    assert [h.iri for h in index.search("label: body")] == ["urn:a"]
    assert [h.iri for h in index.search("nämnden")] == ["urn:b"]
    assert index.search("*") == []
    with pytest.raises(ValueError):
        search.check_query(" ")
    index.close()
    with pytest.raises(sqlite3.ProgrammingError):
        index.ranked("budget")


def test_snippets_are_cut_around_the_match() -> None:
    text = " ".join(f"ord{i}" for i in range(100)) + " vinterväghållningen " + "slut " * 80
    found = search.snippet([text], {"vinterväghållning"})
    assert found.startswith("… ord92 ")
    assert "vinterväghållningen" in found
    assert found.endswith(" …")
    assert len(found) <= search.SNIPPET_CHARS + 4
    assert search.marks("Om vinterväghållningen.", {"vinterväghållning"}) == [
        ("Om ", False),
        ("vinterväghållningen", True),
        (".", False),
    ]


@pytest.mark.slow
def test_the_remote_store_is_searched_alike(
    client: httpx.Client, remote_api_server: LiveServer
) -> None:
    """The index is read through SPARQL, so a real `oxigraph serve` gives the same hits."""
    with httpx.Client(base_url=remote_api_server.url, timeout=30) as remote:
        for query in ("vinterväghållning", "doftpolicyer", "budget nämnden"):
            assert hits(remote, query) == hits(client, query)
