"""Backup and restore: a dump restores exactly, and the published TriG serves as data/ does.

Dumps are compared by their quad count and the SHA-256 of their sorted N-Quads lines,
both computed here from the bytes. The expected count comes from rdflib, which reads
data/*.ttl independently of the store: each file's distinct triples (its named graph)
plus the distinct triples of all files together (the default graph, their merge).
"""

from __future__ import annotations

import gzip
import hashlib
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from api.app import create_app
from api.cli import main
from api.settings import Settings
from api.shacl.store import canonical
from api.store import graph_iri
from api.store.base import LoadError
from api.store.embedded import EmbeddedStore
from api.store.remote import RemoteStore
from tests.conftest import DATA, LiveServer, delete_all_graphs, empty_store

pytestmark = pytest.mark.slow  # whole dumps through real servers, and a full publish
ROOT = Path(__file__).resolve().parents[1]
DEFAULT = "urn:x-rdflib:default"
EX = "https://example.org/"
Triple = tuple[Node | None, ...]


# --- expected values, from rdflib ------------------------------------------------------------
@pytest.fixture(scope="module")
def expected() -> dict[str, set[Triple]]:
    """The data files as rdflib reads them: a set of canonical triples per graph."""
    graphs: dict[str, set[Triple]] = {}
    for file in DATA:
        graph = Graph().parse(file, format="turtle")
        graphs[graph_iri(file)] = {tuple(canonical(t) for t in triple) for triple in graph}
    graphs[DEFAULT] = set().union(*graphs.values())
    return graphs


def quads(body: bytes) -> tuple[int, str]:
    """Return the N-Quads lines and the SHA-256 of them sorted, each with its newline."""
    lines = sorted(line for line in body.splitlines() if line.strip())
    assert len(set(lines)) == len(lines), "a quad is in the dump twice"
    return len(lines), hashlib.sha256(b"".join(line + b"\n" for line in lines)).hexdigest()


def serve(*data: Path) -> LiveServer:
    return LiveServer(create_app(Settings(data=data, query_timeout=10.0, row_limit=1000)))


@pytest.fixture(scope="module")
def original() -> Iterator[LiveServer]:
    server = serve(ROOT / "data")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def backup(original: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The original server's dump, downloaded as a file."""
    response = httpx.get(f"{original.url}/api/dump.nq.gz", timeout=60)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/gzip"
    assert "attachment" in response.headers["content-disposition"]
    path = tmp_path_factory.mktemp("backup") / "backup.nq.gz"
    path.write_bytes(response.content)
    return path


@pytest.fixture(scope="module")
def site(published_site: Path) -> Path:
    """The committed data/ published, once per session (tests/conftest.py)."""
    return published_site


def dump_of(server: LiveServer) -> bytes:
    response = httpx.get(f"{server.url}/api/dump.nq.gz", timeout=60)
    assert response.status_code == 200
    return gzip.decompress(response.content)


def goals_total(server: LiveServer) -> int:
    response = httpx.get(f"{server.url}/api/goals", timeout=30)
    assert response.status_code == 200
    total = response.json()["total"]
    assert isinstance(total, int)
    return total


# --- the dump ----------------------------------------------------------------------------------
def test_the_dump_holds_each_source_file_and_their_merge(
    backup: Path, expected: dict[str, set[Triple]]
) -> None:
    count, _ = quads(gzip.decompress(backup.read_bytes()))
    assert count == sum(len(triples) for triples in expected.values()) > 0
    dataset = Dataset()
    dataset.parse(data=gzip.decompress(backup.read_bytes()), format="nquads")
    found = {
        str(graph.identifier): {tuple(canonical(t) for t in triple) for triple in graph}
        for graph in dataset.graphs()
        if len(graph)
    }
    assert found.keys() == expected.keys()
    for name, triples in expected.items():
        assert found[name] == triples, name


def test_a_dump_restores_exactly(original: LiveServer, backup: Path) -> None:
    restored = serve(backup)
    try:
        graphs = httpx.get(f"{restored.url}/api/graphs").json()
        assert graphs == httpx.get(f"{original.url}/api/graphs").json()
        assert graphs["graphs"] == sorted(graph_iri(f) for f in DATA)
        assert goals_total(restored) == goals_total(original) > 0
        before = quads(gzip.decompress(backup.read_bytes()))
        assert quads(dump_of(restored)) == before
    finally:
        restored.stop()


def test_the_published_trig_serves_as_data_does(original: LiveServer, site: Path) -> None:
    trig = site / "data" / "styrgraf.trig.gz"
    served = serve(trig)
    try:
        assert goals_total(served) == goals_total(original) > 0
        assert quads(dump_of(served)) == quads(dump_of(original))
        assert httpx.get(f"{served.url}/api/graphs").json()["graphs"] == sorted(
            graph_iri(f) for f in DATA
        )
    finally:
        served.stop()


def test_the_cli_dump_equals_the_server_dump(
    original: LiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = quads(dump_of(original))
    from_files = tmp_path / "files.nq.gz"
    assert main(["dump", str(ROOT / "data"), "--out", str(from_files)]) == 0
    assert quads(gzip.decompress(from_files.read_bytes())) == server
    assert server[1] in capsys.readouterr().err  # the digest it prints is the same
    from_server = tmp_path / "server.nq"
    assert main(["dump", "--from", original.url, "--out", str(from_server)]) == 0
    assert quads(from_server.read_bytes()) == server
    assert not list(tmp_path.glob(".*"))  # no temporary files left


def test_the_dump_as_trig_and_by_negotiation(original: LiveServer) -> None:
    url = f"{original.url}/api/dump"
    server = quads(dump_of(original))
    trig = httpx.get(url, headers={"Accept": "application/trig"}, timeout=60)
    assert trig.status_code == 200 and trig.headers["content-type"] == "application/trig"
    assert trig.headers["content-encoding"] == "gzip"  # httpx accepts gzip and decodes it
    dataset = Dataset()
    dataset.parse(data=trig.content, format="trig")
    assert sum(len(g) for g in dataset.graphs()) == server[0]
    plain = httpx.get(url, params={"format": "nquads"}, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert quads(plain.content) == server
    assert httpx.get(url, params={"format": "turtle"}).status_code == 400
    assert httpx.get(url, headers={"Accept": "text/turtle"}).status_code == 406
    assert httpx.get(f"{url}.ttl").status_code == 404


# --- restoring files -----------------------------------------------------------------------------
MIXED = f"""<{EX}g1> {{ <{EX}a> <{EX}p> <{EX}b> . }}
<{EX}a> <{EX}p> <{EX}b> .
<{EX}c> <{EX}p> <{EX}d> .
"""


@pytest.fixture(params=["embedded", "oxigraph", "virtuoso"])
def fresh_store(
    request: pytest.FixtureRequest,
) -> Iterator[EmbeddedStore | RemoteStore]:
    made = empty_store(request, request.param)
    yield made
    made.close()


def test_default_graph_triples_a_named_graph_lacks_go_to_the_files_graph(
    fresh_store: EmbeddedStore | RemoteStore, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.trig.gz"
    path.write_bytes(gzip.compress(MIXED.encode()))
    assert fresh_store.load(path) == 2
    own = graph_iri(path)
    assert own.endswith("/graph/mixed")
    assert fresh_store.graphs() == sorted([f"{EX}g1", own])
    query = "SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } }"
    rows = fresh_store.select(query, {"g": URIRef(own)})
    assert [str(r["s"]) for r in rows.rows] == [f"{EX}c"]
    merged = fresh_store.select("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s").rows
    assert [str(r["s"]) for r in merged] == [f"{EX}a", f"{EX}c"]


def test_a_dump_restores_into_the_remote_store_too(
    backup: Path, tmp_path: Path, scratch_oxigraph: str
) -> None:
    delete_all_graphs(scratch_oxigraph)
    base = scratch_oxigraph
    store = RemoteStore(f"{base}/query", f"{base}/store", 10.0, f"{base}/update")
    store.load(backup)
    again = tmp_path / "again.nq"
    with again.open("wb") as out:
        written = store.dump("nquads", out)
    backed_up = quads(gzip.decompress(backup.read_bytes()))
    assert quads(again.read_bytes()) == backed_up and written == backed_up[0]


def test_a_damaged_dump_leaves_the_store_as_it_was(backup: Path, tmp_path: Path) -> None:
    store = EmbeddedStore(None, workers=1, timeout=10.0)
    try:
        for file in DATA:
            store.load(file)
        before = store.count()
        cut = tmp_path / "cut.nq.gz"
        cut.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
        with pytest.raises(LoadError, match="does not load"):
            store.load(cut)
        reserved = tmp_path / "reserved.nq"
        reserved.write_text(f"<{EX}a> <{EX}p> <{EX}b> <urn:x-styrgraf:staging-0> .\n")
        with pytest.raises(LoadError, match="cannot hold"):
            store.load(reserved)
        assert store.count() == before
        assert store.graphs() == sorted(graph_iri(f) for f in DATA)
    finally:
        store.close()


def test_a_client_that_goes_away_frees_its_dump(tmp_path: Path) -> None:
    from api.dump import CHUNK, DUMPS_AT_ONCE

    # a dump much larger than what the sockets and the dump's queue hold, and clients
    # with small receive buffers: a dump waits for its client
    big = tmp_path / "big.nt"
    with big.open("w") as out:
        for i in range(100_000):
            out.write(f'<{EX}s{i}> <{EX}p> "{i:0>60}" .\n')
    # workers: the server admits as many requests at once, and the dumps take two
    settings = Settings(data=(big,), workers=DUMPS_AT_ONCE + 2)
    server = LiveServer(create_app(settings))
    url = f"{server.url}/api/dump.nq"
    small = [(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 * 1024)]
    clients = [
        httpx.Client(transport=httpx.HTTPTransport(socket_options=small), timeout=30)
        for _ in range(DUMPS_AT_ONCE)
    ]
    try:
        abandoned = [client.stream("GET", url) for client in clients]
        readers = []  # kept: a reader that is dropped closes its connection
        for stream in abandoned:  # each reads one chunk and no more
            response = stream.__enter__()
            assert response.status_code == 200
            readers.append(response.iter_raw(CHUNK))
            assert len(next(readers[-1])) > 0
        busy = httpx.get(url, timeout=30)
        assert busy.status_code == 503
        assert busy.json()["error"]["code"] == "store-unavailable"
        for stream, client in zip(abandoned, clients, strict=True):
            stream.__exit__(None, None, None)
            client.close()
        deadline = time.monotonic() + 15
        while (response := httpx.get(url, timeout=60)).status_code == 503:
            assert time.monotonic() < deadline, "the abandoned dumps kept their places"
            time.sleep(0.2)
        assert response.status_code == 200
        assert quads(response.content)[0] == 2 * 100_000
    finally:
        server.stop()
