"""What was rewritten so that pages and the traversal graph do not grow with the data gives
the answers it gave before (no timing here: ``bench/scale_bench.py`` measures it).

- The page queries (:data:`bench.scale_queries.BEFORE` keeps their earlier texts) answer as
  before for every entity of their classes, on the committed graph and on generated data
  with planted defects; the body page's on the embedded store, `oxigraph serve` and
  Virtuoso 7 alike.
- ``select_values`` (the traversal graph's plain-text rows) gives each store's ``select``
  rows as text, and the graph built from it on each store is the one built before (the
  labels in the nodes' query, rows as RDF terms, on the embedded store).
- ``serve`` builds the traversal graph as it starts, before any request asks for it.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph as RdflibGraph
from rdflib import URIRef
from rdflib.term import Node

from api.app import create_app
from api.graph_build import build_graph, queries
from api.routes.status_records import fold_states
from api.services import of_app
from api.settings import Settings
from api.shacl.store import to_rdflib
from api.store import Store
from api.store.embedded import EmbeddedStore
from bench.generate import write
from bench.scale_queries import Rewrite, build_as_before, rewrites
from tests.conftest import DATA, LiveServer, empty_remote, empty_store

STYR = "https://w3id.org/styrgraf/ontology#"
#: At most this many entities of each class are compared (the seeds have fewer).
PER_CLASS = 40
STATES = "body: assignment states"


def entities(store: ox.Store, classes: tuple[str, ...]) -> list[ox.NamedNode]:
    found: list[ox.NamedNode] = []
    for cls in classes:
        query = f"SELECT ?e WHERE {{ ?e a <{STYR}{cls}> }} ORDER BY ?e LIMIT {PER_CLASS}"
        found += [row["e"] for row in store.query(query)]  # type: ignore[union-attr]
    return found


def answer(store: ox.Store, rewrite: Rewrite, query: str, term: ox.NamedNode) -> object:
    """The rows of ``query`` for ``term``, as the code reads them: the states folded per
    assignment (their rows are shaped differently now), the others as a sorted list."""
    result = store.query(query, substitutions={ox.Variable(rewrite.variable): term})
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    rows = [{n: to_rdflib(row[n]) for n in names if row[n] is not None} for row in result]
    if rewrite.name == STATES:
        return fold_states(rows)
    return sorted(sorted((k, str(v)) for k, v in row.items()) for row in rows)


@pytest.fixture(scope="module", params=["seeds", "generated"])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    store = ox.Store()
    if request.param == "seeds":
        for path in DATA:
            store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    else:  # 20k triples in the benchmark's shape, with its planted defects
        path = tmp_path_factory.mktemp("generated") / "20k.nt"
        with path.open("w", encoding="utf-8") as out:
            write(out, 20_000, 0)
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    return store


@pytest.mark.parametrize("rewrite", rewrites(), ids=lambda r: r.name)
def test_a_rewritten_page_query_answers_as_before(engine: ox.Store, rewrite: Rewrite) -> None:
    terms = entities(engine, rewrite.classes)
    assert len(terms) >= len(rewrite.classes), "the data has entities of each class"
    differ = [
        t.value
        for t in terms
        if answer(engine, rewrite, rewrite.before, t) != answer(engine, rewrite, rewrite.after, t)
    ]
    assert differ == []
    # and the answers are not all empty: the comparison compared something
    assert any(answer(engine, rewrite, rewrite.after, t) for t in terms)


def test_an_assignment_with_neither_status_nor_requirement_is_left_out() -> None:
    """The states' OPTIONALs keep the UNION's meaning: no row without either."""
    states = next(r for r in rewrites() if r.name == STATES)
    store = ox.Store()
    body, bare, dated = (ox.NamedNode(f"https://example.org/{n}") for n in ("b", "a1", "a2"))
    styr = lambda local: ox.NamedNode(STYR + local)  # noqa: E731
    kind = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    requirement = ox.NamedNode("https://example.org/r")
    for triple in [
        (bare, kind, styr("Assignment")), (bare, styr("responsibleBody"), body),
        (dated, kind, styr("Assignment")), (dated, styr("involvedBody"), body),
        (dated, styr("hasReportingRequirement"), requirement),
        (requirement, styr("dueDate"), ox.Literal("2025-05-01", datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#date"))),
    ]:  # fmt: skip
        store.add(ox.Quad(*triple))
    for query in (states.before, states.after):
        found = answer(store, states, query, body)
        assert isinstance(found, dict)
        assert list(found) == [dated.value]
        assert found[dated.value].due_dates == ["2025-05-01"]


# --- on every store ----------------------------------------------------------------------------
@pytest.fixture(scope="module", params=["embedded", "oxigraph", "virtuoso"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """The committed data/ in each store."""
    made = empty_store(request, request.param, workers=2)
    for file in DATA:
        made.load(file)
    yield made
    made.close()


@pytest.fixture(scope="module")
def reference() -> ox.Store:
    store = ox.Store()
    for path in DATA:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def folded(rewrite: Rewrite, rows: list[dict[str, Node]]) -> object:
    if rewrite.name == STATES:
        return fold_states(rows)
    # Virtuoso may join a GROUP_CONCAT's parts in another order
    return Counter(
        tuple(sorted((k, ", ".join(sorted(str(v).split(", ")))) for k, v in row.items()))
        for row in rows
    )


def test_the_body_pages_queries_answer_as_before_on_every_store(
    store: Store, reference: ox.Store
) -> None:
    for rewrite in rewrites():
        if rewrite.classes != ("PoliticalBody",):
            continue
        bodies = entities(reference, ("PoliticalBody", "BodyCollective"))
        assert bodies
        for body in bodies:
            old = reference.query(
                rewrite.before, substitutions={ox.Variable(rewrite.variable): body}
            )
            assert isinstance(old, ox.QuerySolutions)
            names = [v.value for v in old.variables]
            before = [{n: to_rdflib(r[n]) for n in names if r[n] is not None} for r in old]
            now = store.select(rewrite.after, {rewrite.variable: URIRef(body.value)}).rows
            assert folded(rewrite, now) == folded(rewrite, before), (rewrite.name, body.value)


def test_select_values_are_the_rows_as_text(store: Store) -> None:
    for query in queries():
        terms = store.select(query).rows
        text = store.select_values(query)
        assert text, query
        as_text = Counter(tuple(sorted((k, str(v)) for k, v in r.items())) for r in terms)
        assert Counter(tuple(sorted(r.items())) for r in text) == as_text


def test_the_traversal_graph_is_the_one_built_before(store: Store) -> None:
    """The graph from the labels read apart, as text, is the one the nodes query with
    its labels gave (on the embedded store)."""
    built = build_graph(store)
    embedded = EmbeddedStore(None, workers=2, timeout=10.0)
    try:
        for file in DATA:
            embedded.load(file)
        expected = build_as_before(embedded)
    finally:
        embedded.close()
    assert dict(built.nodes(data=True)) == dict(expected.nodes(data=True))
    assert sorted(built.edges(keys=True)) == sorted(expected.edges(keys=True))


# --- serve ---------------------------------------------------------------------------------------
def test_serve_builds_the_traversal_graph_before_any_request(tmp_path: Path) -> None:
    app = create_app(Settings(data=(Path(DATA[0]).parent,), query_timeout=10.0))
    server = LiveServer(app)
    try:
        cache = of_app(app).graphs
        deadline = time.monotonic() + 120
        while cache.builds == 0:  # no request has been sent
            assert time.monotonic() < deadline, "the graph was not built at start"
            time.sleep(0.05)
        summary = httpx.get(server.url + "/api/traverse/summary", timeout=30)
        assert summary.status_code == 200
        assert summary.json()["edges"] > 0
        assert cache.builds == 1  # the request used the graph built at start
    finally:
        server.stop()


def test_a_result_the_store_cut_is_read_in_pages(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> None:
    """Virtuoso answers at most 10,000 rows (only it cuts at a limit of its own).
    select_values asks for every row, so it reads the rest in pages of that size: every
    triple of the default graph, 10,687 by rdflib's count of the merged files. A query
    that cuts itself (its own LIMIT) cannot be paged: that cut is logged."""
    store = empty_remote(request, "virtuoso", 10.0)
    for file in DATA:
        store.load(file)
    merged = RdflibGraph()
    for file in DATA:
        merged.parse(file, format="turtle")
    triples = store.select_values("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    named = sum(1 for row in triples if not row["s"].startswith("_:"))
    assert len(triples) == len(merged) == 10_687
    assert named == sum(1 for s in merged.subjects() if isinstance(s, URIRef))
    # no two pages overlap (an overlap would repeat some rows and miss as many others)
    assert len({(r["s"], r["p"], r["o"]) for r in triples}) == len(triples)
    with caplog.at_level("WARNING", logger="styrgraf"):
        rows = store.select_values("SELECT ?a ?b WHERE { ?a a ?t . ?b a ?u } LIMIT 50000")
    store.close()
    assert len(rows) == 10_000
    assert "cut a result at 10000 rows" in caplog.text
