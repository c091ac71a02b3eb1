"""`styrgraf load` and `serve --endpoint` on external SPARQL stores: `oxigraph serve` and
Virtuoso 7 (Debian's virtuoso-opensource), both started by the tests.

The answers through an external store must be the embedded store's: the same graphs, the
same rows for every named query. Virtuoso's writable endpoints are behind digest auth, as
an operator would set them up; a wrong password must fail the load clearly, without the
password in what is printed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from api.app import create_app
from api.cli import main
from api.settings import Settings
from api.store.remote import RemoteStore
from tests.conftest import (
    DATA,
    ROOT,
    VIRTUOSO_PASSWORD,
    VIRTUOSO_REFUSES,
    LiveServer,
    clear_remote,
    oxigraph_urls,
    running_oxigraph,
    serving_remotely,
    store_options,
)

#: Named queries a server refuses though they are SPARQL 1.1: the API answers 502 for them.
REFUSED = {"virtuoso": VIRTUOSO_REFUSES}
#: Named queries whose answer differs because the server changed the data as it stored it
#: (the load's datatype check reports it): Virtuoso 7.2 keeps "P1M"^^xsd:duration as "1".
CHANGED = {"virtuoso": {"time_plan"}}


@pytest.fixture(scope="module", params=["remote_api_server", "virtuoso_api_server"])
def remote(request: pytest.FixtureRequest) -> LiveServer:
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


def unordered(value: object) -> object:
    """A GROUP_CONCAT's parts in order: the queries join lists with ", " and do not order
    them, so engines may join them in any order (responsible: "Kommunstyrelsen,
    Miljö- och klimatnämnden" or the other way round)."""
    return ", ".join(sorted(value.split(", "))) if isinstance(value, str) else value


def rows(server: LiveServer, path: str, params: dict[str, str]) -> list[str]:
    """The answer's rows, each as sorted JSON, sorted: order is not part of the answer."""
    response = httpx.get(server.url + path, params=params, timeout=30)
    assert response.status_code == 200, (path, response.text)
    found = response.json()["rows"]
    assert not response.json()["truncated"]
    return sorted(
        json.dumps({k: unordered(v) for k, v in r.items()}, sort_keys=True) for r in found
    )


def test_the_graphs_are_the_embedded_stores(api_server: LiveServer, remote: LiveServer) -> None:
    embedded = httpx.get(api_server.url + "/api/graphs").json()
    assert httpx.get(remote.url + "/api/graphs").json() == embedded
    assert len(embedded["graphs"]) == len(DATA)


def test_every_named_query_answers_as_on_the_embedded_store(
    api_server: LiveServer, remote: LiveServer
) -> None:
    listed = httpx.get(api_server.url + "/api/queries").json()["queries"]
    refused = REFUSED.get(remote.kind, set())
    differ = []
    for query in listed:
        params = {p["name"]: p["example"] for p in query["params"]}
        path = f"/api/queries/{query['name']}"
        if query["name"] in refused:
            answer = httpx.get(remote.url + path, params=params, timeout=30)
            assert answer.status_code == 502, answer.text
            assert "valid SPARQL 1.1" in answer.json()["error"]["message"]
        elif rows(remote, path, params) != rows(api_server, path, params):
            differ.append(query["name"])
    assert set(differ) == CHANGED.get(remote.kind, set())


def test_a_wrong_password_fails_the_load_without_showing_it(
    scratch_virtuoso: list[str],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    wrong = "not-the-password-4711"
    caplog.set_level("DEBUG")
    code = main(["load", str(ROOT / "data"), *scratch_virtuoso, f"--password={wrong}"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "not authorised (401)" in err and "sparql-graph-crud-auth" in err
    assert wrong not in out + err + caplog.text
    assert wrong not in repr(Settings(store_user="dba", store_password=wrong))
    os.environ["STYRGRAF_STORE_PASSWORD"] = wrong  # the same through the environment
    try:
        assert main(["load", str(ROOT / "data"), *scratch_virtuoso, "-q"]) == 2
    finally:
        del os.environ["STYRGRAF_STORE_PASSWORD"]
    out, err = capsys.readouterr()
    assert "not authorised" in err and wrong not in out + err


@pytest.fixture(params=["oxigraph", "virtuoso"])
def empty_store(request: pytest.FixtureRequest) -> Iterator[tuple[list[str], RemoteStore]]:
    """A store of the module's own, emptied, with the options `styrgraf load` takes."""
    if request.param == "oxigraph":
        urls = oxigraph_urls(request.getfixturevalue("scratch_oxigraph"))
        store = RemoteStore(**store_options(urls))
    else:
        urls = [*request.getfixturevalue("scratch_virtuoso"), f"--password={VIRTUOSO_PASSWORD}"]
        store = RemoteStore(**store_options(urls[:-1]), password=VIRTUOSO_PASSWORD)
    clear_remote(store)
    yield urls, store
    store.close()


def graph_counts(store: RemoteStore) -> dict[str, int]:
    found = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {str(r["g"]): int(r["n"]) for r in found.rows}  # type: ignore[call-overload]


def test_a_broken_file_leaves_the_loaded_graphs_as_they_were(
    empty_store: tuple[list[str], RemoteStore], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    urls, store = empty_store
    main(["load", str(ROOT / "data"), *urls, "-q"])
    before, merged = graph_counts(store), store.count()
    assert sorted(before) == store.graphs() and len(before) == len(DATA)
    broken = tmp_path / DATA[0].name  # the same graph, cut off in the middle of a triple
    broken.write_text(DATA[0].read_text(encoding="utf-8")[:5000] + "\n<oops", encoding="utf-8")
    capsys.readouterr()
    assert main(["load", str(broken), *urls, "-q"]) == 2
    err = capsys.readouterr().err
    assert DATA[0].name in err and "the store was not changed" in err
    assert graph_counts(store) == before and store.count() == merged


def test_an_update_registers_the_graphs_it_makes_and_forgets_those_it_drops(
    empty_store: tuple[list[str], RemoteStore],
) -> None:
    _, store = empty_store
    store.load(DATA[0])
    (loaded,) = store.graphs()
    made, moved = "https://example.org/made-by-update", "https://example.org/moved-here"
    store.update(
        f"PREFIX ex: <https://example.org/>\nINSERT DATA {{ GRAPH <{made}> {{ ex:a ex:p ex:b }} }}"
    )
    assert store.graphs() == sorted([loaded, made])
    ask = "SELECT ?o WHERE { <https://example.org/a> <https://example.org/p> ?o }"
    assert [str(r["o"]) for r in store.select(ask).rows] == ["https://example.org/b"]
    store.update(f"MOVE <{made}> TO <{moved}>")
    assert store.graphs() == sorted([loaded, moved])
    store.update(f"DROP SILENT GRAPH <{moved}>")  # Virtuoso: DROP fails on a graph never CREATEd
    assert store.graphs() == [loaded] and store.select(ask).rows == []


def test_an_update_with_a_graph_variable_registers_the_graphs_it_made(
    empty_store: tuple[list[str], RemoteStore],
) -> None:
    """``INSERT { GRAPH ?g … } WHERE …``: the graphs are known only after it ran."""
    _, store = empty_store
    store.load(DATA[0])
    (loaded,) = store.graphs()
    copies = ["https://example.org/copy-1", "https://example.org/copy-2"]
    # Virtuoso 7.2 fails on a VALUES block in an update's WHERE (SR002): a UNION of BINDs
    where = " UNION ".join(f"{{ BIND (<{g}> AS ?g) }}" for g in copies)
    store.update(
        "INSERT { GRAPH ?g { <https://example.org/a> <https://example.org/p> ?g } } "
        f"WHERE {{ {where} }}"
    )
    assert store.graphs() == sorted([loaded, *copies])
    found = store.select("SELECT ?o WHERE { <https://example.org/a> <https://example.org/p> ?o }")
    assert sorted(str(r["o"]) for r in found.rows) == copies  # in the merged default graph


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_triple_terms_of_an_external_store_are_written_as_oxigraph_writes_them(
    scratch_oxigraph: str, fmt: str
) -> None:
    """`oxigraph serve` answers triple terms in JSON (SPARQL 1.2); they are terms again."""
    from api.formats import named
    from tests.test_clients import TRIPLE_TERMS

    store = RemoteStore(**store_options(oxigraph_urls(scratch_oxigraph)))
    try:
        body = store.raw(TRIPLE_TERMS, fmt).body
    finally:
        store.close()
    results_format = named(fmt).results
    assert results_format is not None
    parsed = ox.parse_query_results(body, format=results_format)
    expected = ox.Store().query(TRIPLE_TERMS)
    assert isinstance(parsed, ox.QuerySolutions) and isinstance(expected, ox.QuerySolutions)
    want = [[row[v] for v in expected.variables] for row in expected]
    assert [[row[v] for v in parsed.variables] for row in parsed] == want


def test_the_load_checks_the_datatypes_the_store_kept(
    empty_store: tuple[list[str], RemoteStore], request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    urls, _ = empty_store
    code = main(["load", str(ROOT / "data"), *urls, "-q"])
    err = capsys.readouterr().err
    if "oxigraph" in request.node.callspec.id:
        assert code == 0 and "datatype check" not in err
    else:  # the budget's one duration (001: "P1M", every month) is kept as a number
        assert code == 1
        (line,) = [x for x in err.splitlines() if x.startswith("datatype check")]
        assert "001_ac962998a4b6cb85" in line and "xsd:duration" in line and '"P1M"' in line


def test_serve_loads_its_data_into_the_external_store(
    empty_store: tuple[list[str], RemoteStore],
) -> None:
    urls, store = empty_store
    options = store_options([u for u in urls if not u.startswith("--password")])
    password = VIRTUOSO_PASSWORD if "user" in options else None
    settings = Settings(data=(ROOT / "data",), endpoint=options["endpoint"],
                        graph_store=options["graph_store"],
                        update_endpoint=options["update_endpoint"],
                        store_user=options.get("user"), store_password=password)  # fmt: skip
    server = LiveServer(create_app(settings))
    try:
        graphs = httpx.get(server.url + "/api/graphs").json()["graphs"]
    finally:
        server.stop()
    assert graphs == store.graphs() and len(graphs) == len(DATA)


def test_virtuosos_own_row_cap_is_flagged(scratch_virtuoso: list[str]) -> None:
    store = RemoteStore(**store_options(scratch_virtuoso), password=VIRTUOSO_PASSWORD)
    clear_remote(store)
    for file in DATA:
        store.load(file)
    # every typed resource with every other: far more than Virtuoso's 10,000 rows
    cut = store.select("SELECT ?a ?b WHERE { ?a a ?t . ?b a ?u }", limit=50_000)
    assert len(cut.rows) == 10_000 and cut.truncated
    store.close()


# --- the external store's failures, as the API answers them --------------------------------
def serve_on(endpoint: str, timeout: float = 3.0) -> LiveServer:
    return LiveServer(create_app(Settings(data=(), endpoint=endpoint, query_timeout=timeout)))


def test_a_store_that_is_down_is_a_503_naming_it(tmp_path: Path) -> None:
    with running_oxigraph(tmp_path) as base:
        pass  # stopped: its port now refuses connections
    server = serve_on(f"{base}/query")
    try:
        response = httpx.get(server.url + "/api/graphs")
    finally:
        server.stop()
    assert response.status_code == 503
    assert f"{base}/query" in response.json()["error"]["message"]


def test_a_url_that_is_no_sparql_endpoint_is_a_502_naming_it(api_server: LiveServer) -> None:
    server = serve_on(f"{api_server.url}/no-such-endpoint")  # a real server's 404
    try:
        response = httpx.get(server.url + "/api/graphs")
    finally:
        server.stop()
    assert response.status_code == 502
    error = response.json()["error"]
    assert error["code"] == "bad-gateway" and "/no-such-endpoint" in error["message"]


@pytest.mark.slow  # waits for the time limit
def test_a_store_that_does_not_answer_in_time_is_a_504(tmp_path: Path) -> None:
    with running_oxigraph(tmp_path) as base, serving_remotely(base, timeout=1.0) as server:
        expensive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        response = httpx.get(server.url + "/sparql", params={"query": expensive}, timeout=30)
        assert response.status_code == 504
        assert response.json()["error"]["code"] == "gateway-timeout"
        assert f"{base}/query" in response.json()["error"]["message"]
