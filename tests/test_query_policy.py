"""Nothing a client sends makes the server fetch anything, and harmless words are not refused.

A canary HTTP server on loopback counts every connection. A corpus of SERVICE, LOAD, FROM
and dataset forms (keyword gluing, comments and escapes between tokens, ``\\u`` escapes,
BASE-relative IRIs, variables bound by VALUES or BIND, subqueries, FILTER EXISTS, …) goes to
/sparql on both backends; the canary must see nothing. Behind the policy, the query workers
and the offline commands cannot open a socket at all: that is tested with the policy out
of the way. Keep the corpus growing: every new trick goes in ``QUERIES`` or ``UPDATES``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.errors import ApiError
from api.query_policy import check_query, check_update
from api.settings import Settings
from tests.canary import Canary, running_canary
from tests.conftest import LiveServer

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "canary-token"


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    with running_canary() as running:
        yield running


def corpus(url: str) -> list[str]:
    """Queries that would make a careless endpoint fetch ``url``."""
    host = url.rstrip("/")
    escaped = url.replace(":", "\\u003A", 1)  # \u escapes are decoded before parsing
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX c: <{url}> SELECT * WHERE {{ SERVICE c:x {{ ?s ?p ?o }} }}",
        f"PREFIX c: <{url}> SELECT * WHERE {{ SERVICEc:x {{ ?s ?p ?o }} }}",  # glued
        f"PREFIX c: <{url}> SELECT * WHERE {{ ?s c:a\\#x ?o . SERVICE c:x {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE # a comment\n <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE\t\n<{url}>{{?s ?p ?o}} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <{escaped}> {{ ?s ?p ?o }} }}",
        f"BASE <{url}> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        f"BASE <{host}/a/> SELECT * WHERE {{ SERVICE <../b> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND (<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}> {{ ?s ?q ?v }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ SERVICE <{url}> {{ SERVICE <{url}x> {{ ?s ?p ?o }} }} }}",
        f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o . FILTER (?o = 1) SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"LOAD <{url}>",
        f"LOAD SILENT <{url}> INTO GRAPH <urn:x:g>",
        f"LOAD<{url}>",
        f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"BASE <{url}> SELECT * FROM <data.ttl> WHERE {{ ?s ?p ?o }}",
        f"PREFIX c: <{url}> SELECT * FROM c:data WHERE {{ ?s ?p ?o }}",
        f"CONSTRUCT {{ ?s ?p ?o }} FROM <{url}> WHERE {{ ?s ?p ?o }}",
    ]


def update_corpus(url: str) -> list[str]:
    """Updates that would make a careless endpoint fetch ``url`` (sent with the token)."""
    return [
        f"LOAD <{url}> INTO GRAPH <urn:x:g>",
        f"LOAD SILENT <{url}> INTO GRAPH <urn:x:g>",
        f"LOAD<{url}>INTO GRAPH<urn:x:g>",
        f"PREFIX c: <{url}> LOAD c:x INTO GRAPH <urn:x:g>",
        f"INSERT {{ GRAPH <urn:x:g> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"WITH <urn:x:g> INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"INSERT DATA {{ GRAPH <urn:x:g> {{ <urn:x:a> <urn:x:b> 1 }} }} ; LOAD <{url}>",
        f"DELETE {{ GRAPH <urn:x:g> {{ ?s ?p ?o }} }} "
        f"WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


def test_the_corpus_is_large_enough() -> None:
    assert len(corpus("http://x/")) + len(update_corpus("http://x/")) >= 30


@pytest.fixture(scope="module")
def token_server() -> Iterator[LiveServer]:
    """The committed data, with updates allowed for the bearer of ``TOKEN``."""
    settings = Settings(data=(ROOT / "data",), query_timeout=5.0, update_token=TOKEN)
    server = LiveServer(create_app(settings))
    yield server
    server.stop()


@pytest.mark.slow  # three requests for each query of the corpus, on both backends
@pytest.mark.parametrize("backend", ["api_server", "remote_api_server", "virtuoso_api_server"])
def test_no_query_reaches_the_canary(
    backend: str, canary: Canary, request: pytest.FixtureRequest
) -> None:
    server: LiveServer = request.getfixturevalue(backend)
    before = canary.connections
    with httpx.Client(base_url=server.url, timeout=30) as client:
        for query in corpus(canary.url):
            for response in (
                client.get("/sparql", params={"query": query}),
                client.post("/sparql", data={"query": query}),
                client.post("/sparql", content=query.encode(),
                            headers={"Content-Type": "application/sparql-query"}),
            ):  # fmt: skip
                assert response.status_code in {400, 403}, (query, response.text)
                assert "CANARY" not in response.text
        for param in ("default-graph-uri", "named-graph-uri"):
            response = client.get(
                "/sparql",
                params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", param: canary.url},
            )
            assert response.status_code == 200 and "CANARY" not in response.text
    assert canary.connections == before, canary.requests


def test_no_update_reaches_the_canary(token_server: LiveServer, canary: Canary) -> None:
    before = canary.connections
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=token_server.url, timeout=30) as client:
        for update in update_corpus(canary.url):
            form = client.post("/sparql", data={"update": update}, headers=auth)
            direct_headers = {**auth, "Content-Type": "application/sparql-update"}
            direct = client.post("/sparql", content=update.encode(), headers=direct_headers)
            for response in (form, direct):
                assert response.status_code in {400, 403}, (update, response.text)
    assert canary.connections == before, canary.requests


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
        "PREFIX service: <http://example.org/service/> SELECT * WHERE { ?s ?p ?o } LIMIT 1",
        "SELECT * WHERE { ?s ?p ?o FILTER (?o != <http://example.org/service>) } LIMIT 1",
        'SELECT * WHERE { ?s ?p ?o FILTER (?o != "SERVICE <http://example.org/> { }") } LIMIT 1',
        "SELECT ?load ?from WHERE { ?load ?from ?o } LIMIT 1",
        "# SERVICE <http://example.org/> in a comment\nSELECT * WHERE { ?s ?p ?o } LIMIT 1",
    ],
)
def test_words_that_merely_contain_service_are_not_refused(
    api_server: LiveServer, query: str
) -> None:
    response = httpx.get(f"{api_server.url}/sparql", params={"query": query}, timeout=30)
    assert response.status_code == 200, response.text


def test_an_update_on_a_named_graph_is_allowed_and_one_on_the_default_graph_is_not(
    token_server: LiveServer,
) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=token_server.url, timeout=30) as client:
        ok = client.post(
            "/sparql",
            data={"update": "INSERT DATA { GRAPH <urn:x:policy> { <urn:x:a> <urn:x:b> 1 } }"},
            headers=auth,
        )
        assert ok.status_code == 204, ok.text
        for update in ("INSERT DATA { <urn:x:a> <urn:x:b> 2 }", "CLEAR ALL", "DROP DEFAULT"):
            response = client.post("/sparql", data={"update": update}, headers=auth)
            assert response.status_code == 400, (update, response.text)
            assert "name its graph" in response.json()["error"]["message"]


def test_the_w3c_positive_syntax_tests_pass_the_policy() -> None:
    """No false refusal: every query of the W3C SPARQL 1.1 positive syntax suite is allowed."""
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF

    mf = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
    suite = ROOT.parent / "shared" / "vendor" / "w3c-sparql11" / "syntax-query"
    if not suite.is_dir():
        pytest.skip("../shared/vendor/w3c-sparql11 is not beside the checkout")
    manifest = Graph().parse(suite / "manifest.ttl")
    positive = [
        suite / Path(str(manifest.value(test, mf.action))).name
        for test in manifest.subjects(RDF.type, mf.PositiveSyntaxTest11)
    ]
    assert len(positive) >= 60
    for path in positive:
        check_query(path.read_text(encoding="utf-8"), "http://example.org/sparql")


def test_the_policy_refuses_what_the_corpus_holds() -> None:
    url = "http://127.0.0.1:9/"
    for text in corpus(url):
        try:
            checked = check_query(text, "http://example.org/sparql")
        except ApiError:
            continue
        # what passes names graphs in FROM, which the store then refuses as not its own
        assert checked.from_graphs and all(g.startswith(url) for g in checked.from_graphs), text
    for text in update_corpus(url):
        with pytest.raises(ApiError):
            check_update(text)


# --- the second barrier: no socket, whatever the parser lets through -------------------------
def test_a_query_worker_cannot_reach_the_network_even_past_the_policy(canary: Canary) -> None:
    """``raw`` skips the policy (it serves the server's own queries): the engine must still
    be unable to call the canary, because the worker has no socket."""
    from api.store.embedded import EmbeddedStore

    store = EmbeddedStore(workers=1, timeout=10)
    try:
        before = canary.connections
        query = f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}"
        with pytest.raises(ApiError):
            store.raw(query, "json")
        assert canary.connections == before
    finally:
        store.close()


def test_the_sandbox_leaves_unix_sockets_and_takes_the_rest(canary: Canary) -> None:
    port = int(canary.url.rsplit(":", 1)[1].strip("/"))
    script = textwrap.dedent(f"""
        import socket, sys
        from api.sandbox import deny_network
        assert deny_network()
        a, b = socket.socketpair()  # pipes to the server still work
        for family in (socket.AF_INET, socket.AF_INET6):
            try:
                socket.socket(family)
            except PermissionError:
                continue
            sys.exit("a network socket was opened")
        try:
            socket.create_connection(("127.0.0.1", {port}), timeout=5)
        except PermissionError:
            sys.exit(0)
        sys.exit("connected")
    """)
    before = canary.connections
    env = {k: v for k, v in os.environ.items() if k != "STYRGRAF_ALLOW_NETWORK"}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert canary.connections == before
    # and the parent process is untouched
    socket.socket(socket.AF_INET).close()


def test_the_offline_commands_run_without_a_network(tmp_path: Path) -> None:
    """The console script gives ``validate`` (and build, ingest, publish) no socket, and the
    command still does its work under the filter."""
    data = tmp_path / "data.ttl"
    data.write_text("<http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> 'a' .\n")
    script = textwrap.dedent(f"""
        import socket, sys
        from api.cli import main
        code = main(["validate", {str(data)!r}, "--shapes", {str(ROOT / "shapes")!r},
                     "--no-file"], sandbox=True)
        try:
            socket.socket(socket.AF_INET)
        except PermissionError:
            sys.exit(code)
        sys.exit(9)
    """)
    env = {k: v for k, v in os.environ.items() if k != "STYRGRAF_ALLOW_NETWORK"}
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode in {0, 1}, done.stderr[-2000:]  # validated, and had no socket


def test_an_updates_graph_changes_are_read_from_its_algebra() -> None:
    from api.query_policy import graph_changes

    changes = graph_changes(
        "PREFIX ex: <https://example.org/>\n"
        "INSERT DATA { GRAPH ex:one { ex:a ex:p ex:b } } ;\n"
        "CREATE SILENT GRAPH <https://example.org/two> ;\n"
        "COPY ex:one TO ex:three ; MOVE ex:four TO ex:five ;\n"
        "WITH ex:six INSERT { ?s ex:q 1 } WHERE { ?s ex:p ?o } ;\n"
        "WITH ex:seven DELETE { ?s ex:p ?o } WHERE { ?s ex:p ?o } ;\n"
        "DROP GRAPH ex:eight ; CLEAR GRAPH ex:nine"
    )
    written = {"one", "two", "three", "five", "six"}
    assert changes.written == {f"https://example.org/{n}" for n in written}
    assert changes.dropped == {"https://example.org/four", "https://example.org/eight"}
    assert not changes.all_dropped and not changes.unknown
    some = graph_changes("INSERT { GRAPH ?g { ?s ?p 1 } } WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert some.unknown and not some.written
    assert graph_changes("DROP NAMED").all_dropped
