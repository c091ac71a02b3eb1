"""The store interface: the same cases on the embedded store and on a real `oxigraph serve`.

Expected values are read off the seed documents: goal 4 is "Göteborg ska byggas ihop till
en grön och levande stad utan bostadsbrist" (000_64bcae0d445429da.txt line 127,
001_ac962998a4b6cb85.txt line 544).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from api.errors import QuerySyntaxError, QueryTimeout
from api.store import Store, graph_iri
from api.store.base import LoadError
from api.store.embedded import EmbeddedStore
from tests.conftest import DATA, empty_store

ROOT = Path(__file__).resolve().parents[1]
GOAL_4 = URIRef("https://w3id.org/styrgraf/id/goteborg/mal/2023-2026/4")
GOAL_4_LABEL = "Göteborg ska byggas ihop till en grön och levande stad utan bostadsbrist"
LABEL = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?goal ?label WHERE { ?goal rdfs:label ?label FILTER (LANG(?label) = "sv") }"""
# every triple joined with every triple twice: far beyond any time limit
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module", params=["embedded", "oxigraph", "virtuoso"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """The committed data/ in each store, loaded once per module: a test that loads a file
    loads it as it was (the data stays the same)."""
    made = empty_store(request, request.param, timeout=2.0, workers=2)
    for file in DATA:
        made.load(file)
    yield made
    made.close()


def test_one_named_graph_per_source_file(store: Store) -> None:
    assert store.graphs() == sorted(graph_iri(f) for f in DATA)
    assert store.count() > 5000


def test_parameters_are_bound_as_terms(store: Store) -> None:
    rows = store.select(LABEL, {"goal": GOAL_4}).rows
    assert [str(r["label"]) for r in rows] == [GOAL_4_LABEL]
    # a string that looks like SPARQL is a literal, not query text
    evil = Literal('x" } UNION { ?goal ?p ?label } #')
    assert store.select(LABEL, {"label": evil}).rows == []


def test_row_limit_is_flagged(store: Store) -> None:
    query = "SELECT ?s WHERE { ?s a ?type }"
    cut = store.select(query, limit=3)
    assert len(cut.rows) == 3 and cut.truncated
    raw = store.raw(query, "json", limit=3)
    doc = json.loads(raw.body)
    assert len(doc["results"]["bindings"]) == 3 and raw.truncated
    assert doc["styrgraf"]["truncated"] is True


@pytest.mark.parametrize(
    ("query", "fmt", "media"),
    [
        ("ASK { ?s a ?o }", "json", "application/sparql-results+json"),
        ("SELECT ?s WHERE { ?s a ?o } LIMIT 2", "tsv", "text/tab-separated-values"),
        ("CONSTRUCT { ?s a ?o } WHERE { ?s a ?o } LIMIT 5", "turtle", "text/turtle"),
        ("DESCRIBE <https://w3id.org/styrgraf/id/goteborg/mal/2023-2026/4>", "ntriples",
         "application/n-triples"),
    ],
)  # fmt: skip
def test_raw_formats(store: Store, query: str, fmt: str, media: str) -> None:
    raw = store.raw(query, fmt)
    assert raw.media_type == media
    if fmt == "json":
        assert json.loads(raw.body) == {"head": {}, "boolean": True}
    elif fmt == "tsv":
        assert raw.body.decode().splitlines()[0] == "?s"
    else:
        graph = Graph().parse(data=raw.body, format="nt" if fmt == "ntriples" else fmt)
        assert len(graph) > 0


def test_construct(store: Store) -> None:
    graph = store.construct("DESCRIBE ?goal", {"goal": GOAL_4})
    assert Literal(GOAL_4_LABEL, lang="sv") in set(graph.objects(GOAL_4, None))


def test_reload_replaces_and_a_bad_file_changes_nothing(store: Store, tmp_path: Path) -> None:
    before = store.count()
    store.load(DATA[0])
    assert store.count() == before  # replaced, not appended
    broken = tmp_path / DATA[0].name
    broken.write_text(DATA[0].read_text(encoding="utf-8")[:5000] + "\n<oops", encoding="utf-8")
    with pytest.raises(LoadError):
        store.load(broken)
    assert store.count() == before
    assert store.select(LABEL, {"goal": GOAL_4}).rows  # still answers


def test_syntax_error_is_a_client_error(store: Store) -> None:
    with pytest.raises(QuerySyntaxError):
        store.select("SELECT ?x WHERE { ?x ")


@pytest.mark.slow  # waits for the time limit
def test_expensive_query_is_stopped(store: Store) -> None:
    # the query would run for ever: it ends only by the store's limit of 2 s
    with pytest.raises(QueryTimeout, match=r"\b2 s\b"):
        store.select(EXPENSIVE)
    assert store.select(LABEL, {"goal": GOAL_4}).rows  # and the store answers the next one


@pytest.mark.slow  # waits for the time limit
def test_cheap_query_stays_fast_while_an_expensive_one_runs() -> None:
    store = EmbeddedStore(None, workers=2, timeout=3.0)
    for file in DATA:
        store.load(file)
    store.select(LABEL, {"goal": GOAL_4})  # workers are up
    errors: list[Exception] = []

    def expensive() -> None:
        try:
            store.select(EXPENSIVE)
        except QueryTimeout as exc:
            errors.append(exc)

    runner = threading.Thread(target=expensive)
    runner.start()
    time.sleep(0.3)  # a head start: the expensive query is running
    assert store.select(LABEL, {"goal": GOAL_4}).rows
    # the cheap answer came while the expensive query still ran: it did not wait for it
    assert errors == [] and runner.is_alive()
    runner.join()
    assert len(errors) == 1
    store.close()


# --- the event-loop path the server uses ---------------------------------------------------
def test_async_answers_match_the_sync_ones(store: Store) -> None:
    query = (
        "SELECT ?s ?label WHERE { ?s ?p ?label FILTER (isLiteral(?label)) } ORDER BY ?s LIMIT 50"
    )
    for fmt in ("json", "xml", "csv", "tsv"):
        assert asyncio.run(store.raw_async(query, fmt)).body == store.raw(query, fmt).body
    rows = asyncio.run(store.select_async(LABEL, {"goal": GOAL_4})).rows
    assert [str(r["label"]) for r in rows] == [GOAL_4_LABEL]


@pytest.mark.slow  # waits for the time limit
def test_async_time_limit_stops_the_worker_and_the_pool_recovers() -> None:
    store = EmbeddedStore(None, workers=1, timeout=1.0)
    for file in DATA:
        store.load(file)
    # the query would run for ever: the time limit stops it, not a busy pool
    with pytest.raises(QueryTimeout, match="ran longer than 1 s and was stopped"):
        asyncio.run(store.select_async(EXPENSIVE))
    assert asyncio.run(store.select_async(LABEL, {"goal": GOAL_4})).rows
    store.close()


def test_a_cancelled_request_does_not_hand_its_answer_to_the_next() -> None:
    # one worker: the request after the cancelled one must get its own answer, not the
    # cancelled request's, which the worker may still be writing
    store = EmbeddedStore(None, workers=1, timeout=5.0)
    for file in DATA:
        store.load(file)
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"

    async def cancel_then_ask() -> list[str]:
        task = asyncio.create_task(store.select_async(slow))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        rows = (await store.select_async(LABEL, {"goal": GOAL_4})).rows
        return [str(r["label"]) for r in rows]

    assert asyncio.run(cancel_then_ask()) == [GOAL_4_LABEL]
    store.close()


def test_requests_beyond_the_workers_wait_their_turn() -> None:
    store = EmbeddedStore(None, workers=1, timeout=5.0)
    for file in DATA:
        store.load(file)

    async def many() -> list[list[str]]:
        answers = await asyncio.gather(
            *(store.select_async(LABEL, {"goal": GOAL_4}) for _ in range(6))
        )
        return [[str(r["label"]) for r in a.rows] for a in answers]

    assert asyncio.run(many()) == [[GOAL_4_LABEL]] * 6
    store.close()


# --- the result writers: the same document from both backends -------------------------------
KINDS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?iri ?lang ?plain ?typed ?unbound WHERE {
  VALUES (?iri ?lang ?plain ?typed) {
    (<https://w3id.org/styrgraf/id/x-a1-b2> "mål \\"4\\"\\ttab"@sv "rad 1\\nrad 2, <&>"
     "4.30"^^xsd:decimal)
  }
  OPTIONAL { ?nothing rdfs:label "never" . BIND (1 AS ?unbound) }
}"""


def test_every_result_format_writes_each_kind_of_term(store: Store) -> None:
    query = KINDS
    doc = json.loads(store.raw(query, "json").body)
    assert doc["head"]["vars"] == ["iri", "lang", "plain", "typed", "unbound"]
    (row,) = doc["results"]["bindings"]
    assert row["iri"] == {"type": "uri", "value": "https://w3id.org/styrgraf/id/x-a1-b2"}
    assert row["lang"] == {"type": "literal", "value": 'mål "4"\ttab', "xml:lang": "sv"}
    assert row["plain"] == {"type": "literal", "value": "rad 1\nrad 2, <&>"}
    assert row["typed"]["datatype"] == "http://www.w3.org/2001/XMLSchema#decimal"
    assert float(row["typed"]["value"]) == 4.3
    assert "unbound" not in row
    tsv = store.raw(query, "tsv").body.decode().split("\n")
    assert tsv[0] == "?iri\t?lang\t?plain\t?typed\t?unbound"
    cells = tsv[1].split("\t")
    assert cells[:3] == ["<https://w3id.org/styrgraf/id/x-a1-b2>", '"mål \\"4\\"\\ttab"@sv',
                         '"rad 1\\nrad 2, <&>"']  # fmt: skip
    assert cells[4] == ""
    import csv
    import io

    (header, values) = list(csv.reader(io.StringIO(store.raw(query, "csv").body.decode())))
    assert header[:3] == ["iri", "lang", "plain"]
    assert values[1:3] == ['mål "4"\ttab', "rad 1\nrad 2, <&>"] and values[4] == ""
    from xml.etree import ElementTree

    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ElementTree.fromstring(store.raw(query, "xml").body)
    bindings = {b.get("name"): b[0] for b in root.iterfind(".//r:binding", ns)}
    assert bindings["lang"].text == 'mål "4"\ttab'
    assert bindings["lang"].get("{http://www.w3.org/XML/1998/namespace}lang") == "sv"
    assert bindings["plain"].text == "rad 1\nrad 2, <&>" and "unbound" not in bindings


def test_blank_nodes_are_written_as_blank_nodes(
    store: Store, request: pytest.FixtureRequest
) -> None:
    if "virtuoso" in request.node.callspec.id:
        pytest.skip("Virtuoso 7.2 has no BNODE() (SP031: built-in function is not implemented)")
    query = 'SELECT ?blank WHERE { BIND (BNODE("b") AS ?blank) }'
    (row,) = json.loads(store.raw(query, "json").body)["results"]["bindings"]
    assert row["blank"]["type"] == "bnode"
    assert store.raw(query, "tsv").body.decode().split("\n")[1].startswith("_:")
