"""HTTP for caches, browsers and clients, with httpx against a live ``styrgraf serve``:
HEAD on every GET route, ETag and Last-Modified with 304, CORS for reads and never for
writes, gzip, and the SPARQL 1.1 Service Description at ``GET /sparql``."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from api.app import create_app
from api.settings import Settings
from tests.conftest import LiveServer

ROOT = Path(__file__).resolve().parents[1]
GOAL_4 = "https://w3id.org/styrgraf/id/goteborg/mal/2023-2026/4"
SELECT = f"SELECT ?p ?o WHERE {{ <{GOAL_4}> ?p ?o }}"
ALL_ROWS = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 500"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
UPDATE = "INSERT DATA { GRAPH <urn:x-test:notes> { <urn:a> <urn:b> 'c' } }"
TOKEN = "s3cret"
#: What a page on another site sends.
ORIGIN = {"Origin": "https://example.org"}
#: Headers that differ between two answers to the same request.
PER_ANSWER = {"date"}


@pytest.fixture
def client(api_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_server.url, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def writable() -> Iterator[LiveServer]:
    """A server of this module's own that takes updates (they change its data)."""
    settings = Settings(data=(ROOT / "data",), update_token=TOKEN, query_timeout=3.0)
    server = LiveServer(create_app(settings))
    yield server
    server.stop()


# --- HEAD ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/", {}),
        ("/id/goteborg/mal/2023-2026/4", {}),
        ("/api/goals", {}),
        ("/api/graphs", {}),
        ("/sparql", {"query": SELECT}),
        ("/sparql", {}),
        ("/health", {}),
    ],
)
@pytest.mark.parametrize("coding", ["gzip", "identity"])
def test_head_gives_the_get_headers_and_no_body(
    client: httpx.Client, path: str, params: dict[str, str], coding: str
) -> None:
    headers = {"Accept-Encoding": coding}
    got = client.get(path, params=params, headers=headers)
    head = client.head(path, params=params, headers=headers)
    assert got.status_code == head.status_code == 200
    assert head.content == b"" and got.content
    drop = {k: v for k, v in got.headers.items() if k not in PER_ANSWER}
    assert {k: v for k, v in head.headers.items() if k not in PER_ANSWER} == drop


# --- ETag, Last-Modified, 304 -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "params"),
    [("/", {}), ("/id/goteborg/mal/2023-2026/4", {}), ("/api/goals", {}),
     ("/sparql", {"query": SELECT})],
)  # fmt: skip
def test_a_current_copy_gets_304(client: httpx.Client, path: str, params: dict[str, str]) -> None:
    first = client.get(path, params=params)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert etag.startswith('"') and not etag.startswith("W/")  # strong
    again = client.get(path, params=params, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    listed = client.get(path, params=params, headers={"If-None-Match": f'"other", {etag}'})
    assert listed.status_code == 304
    since = client.get(path, params=params, headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    stale = client.get(path, params=params, headers={"If-None-Match": '"other"'})
    assert stale.status_code == 200 and stale.headers["etag"] == etag
    # If-None-Match decides when both are sent (RFC 9110, 13.2.2)
    both = {"If-None-Match": '"other"', "If-Modified-Since": modified}
    assert client.get(path, params=params, headers=both).status_code == 200
    head = client.head(path, params=params, headers={"If-None-Match": etag})
    assert head.status_code == 304


def test_a_constructed_graph_gets_a_weak_etag(client: httpx.Client) -> None:
    """A template's blank nodes are labelled anew at each run: the same graph, not the
    same bytes, so the tag is weak (RFC 9110 8.8.3), and a 304 repeats it."""
    query = {"query": "CONSTRUCT { _:x <urn:p> ?n } WHERE { VALUES ?n { 1 2 } }"}
    turtle = {"Accept": "application/n-triples"}
    first, second = (client.get("/sparql", params=query, headers=turtle) for _ in range(2))
    assert first.content != second.content  # the labels differ ...
    assert len(first.content.splitlines()) == len(second.content.splitlines()) == 2
    etag = first.headers["etag"]
    assert etag.startswith('W/"') and second.headers["etag"] == etag  # ... the graph does not
    again = client.get("/sparql", params=query, headers={**turtle, "If-None-Match": etag})
    assert again.status_code == 304 and again.headers["etag"] == etag


def test_each_representation_has_its_own_etag(client: httpx.Client) -> None:
    params = {"query": SELECT}
    json = client.get("/sparql", params=params, headers={"Accept": "application/json"})
    csv = client.get("/sparql", params=params, headers={"Accept": "text/csv"})
    assert json.headers["etag"] != csv.headers["etag"]
    other = client.get("/sparql", params={"query": SELECT + " LIMIT 1"})
    assert other.headers["etag"] != json.headers["etag"]


def test_answers_that_change_by_themselves_get_no_validator(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "SELECT (NOW() AS ?t) WHERE {}"})
    assert response.status_code == 200 and "etag" not in response.headers
    dump = client.get("/api/dump", headers={"Accept": "application/n-quads"})
    assert dump.status_code == 200 and "etag" not in dump.headers  # no-store


#: Queries that call a function whose value changes at each run, however written.
VOLATILE = [
    "SELECT (NOW() AS ?t) WHERE {}",
    "SELECT ?s WHERE { ?s ?p ?o } ORDER BY rand ( ) LIMIT 1",
    "SELECT (STRUUID() AS ?u) WHERE {}",
    "SELECT ?b WHERE { BIND(BNODE() AS ?b) }",
    "CONSTRUCT { ?s <urn:x:id> ?u } WHERE { BIND(UUID() AS ?u) BIND(<urn:x:s> AS ?s) }",
]
#: Queries that only mention such a name: in a literal, a comment, a variable, an IRI.
STABLE = [
    f'SELECT ?p WHERE {{ <{GOAL_4}> ?p "NOW()" }}',
    f"SELECT ?p ?o WHERE {{ <{GOAL_4}> ?p ?o }} # ORDER BY RAND()",
    f"SELECT ?rand WHERE {{ <{GOAL_4}> ?rand ?o }}",
    f"SELECT ?o WHERE {{ <{GOAL_4}> <urn:x:uuid()> ?o }}",
]


@pytest.mark.parametrize("backend", ["api_server", "remote_api_server"])
def test_a_validator_is_left_out_by_what_the_query_calls_not_by_its_words(
    request: pytest.FixtureRequest, backend: str
) -> None:
    server: LiveServer = request.getfixturevalue(backend)
    with httpx.Client(base_url=server.url, timeout=30) as c:
        for query in VOLATILE:
            answer = c.get("/sparql", params={"query": query})
            assert answer.status_code == 200, (query, answer.text)
            assert "etag" not in answer.headers, query
            assert "no-store" in answer.headers["cache-control"], query
        for query in STABLE:
            answer = c.get("/sparql", params={"query": query})
            assert answer.status_code == 200, (query, answer.text)
            assert answer.headers["etag"].startswith('"'), query
            assert "cache-control" not in answer.headers, query


def test_a_write_changes_the_etag(writable: LiveServer) -> None:
    with httpx.Client(base_url=writable.url, timeout=30) as c:
        before = c.get("/api/graphs")
        etag = before.headers["etag"]
        assert c.get("/api/graphs", headers={"If-None-Match": etag}).status_code == 304
        direct = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
        written = c.post("/sparql", content=UPDATE, headers=direct)
        assert written.status_code == 204
        after = c.get("/api/graphs", headers={"If-None-Match": etag})
        assert after.status_code == 200 and after.headers["etag"] != etag
        assert "urn:x-test:notes" in after.json()["graphs"]


# --- CORS -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "params"),
    [("/sparql", {"query": SELECT}), ("/api/goals", {}), ("/id/goteborg/mal/2023-2026/4.ttl", {}),
     ("/.well-known/void", {})],
)  # fmt: skip
def test_other_sites_may_read(client: httpx.Client, path: str, params: dict[str, str]) -> None:
    response = client.get(path, params=params, headers=ORIGIN)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "ETag" in response.headers["access-control-expose-headers"]


def test_a_query_posted_from_another_site_is_a_read(client: httpx.Client) -> None:
    preflight = client.options("/sparql", headers={
        **ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})  # fmt: skip
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    direct = {"Content-Type": "application/sparql-query", "Accept": "application/json"}
    posted = client.post("/sparql", content=SELECT, headers={**ORIGIN, **direct})
    assert posted.status_code == 200 and posted.headers["access-control-allow-origin"] == "*"
    form = client.post("/sparql", data={"query": SELECT}, headers=ORIGIN)
    assert form.status_code == 200 and form.headers["access-control-allow-origin"] == "*"


def test_other_sites_never_write(writable: LiveServer) -> None:
    with httpx.Client(base_url=writable.url, timeout=30) as c:
        # an update needs the bearer token: a preflight asking to send it is refused
        preflight = c.options("/sparql", headers={
            **ORIGIN, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type"})  # fmt: skip
        assert preflight.status_code == 403
        assert "access-control-allow-origin" not in preflight.headers
        for method in ("PUT", "DELETE"):
            refused = c.options("/sparql", headers={
                **ORIGIN, "Access-Control-Request-Method": method})  # fmt: skip
            assert refused.status_code == 403
            assert "access-control-allow-origin" not in refused.headers
        direct = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
        written = c.post("/sparql", content=UPDATE, headers={**ORIGIN, **direct})
        assert written.status_code == 204
        assert "access-control-allow-origin" not in written.headers
        form = c.post("/sparql", data={"update": UPDATE}, headers={
            **ORIGIN, "Authorization": f"Bearer {TOKEN}"})  # fmt: skip
        assert form.status_code == 204
        assert "access-control-allow-origin" not in form.headers
        unauthorised = c.post("/sparql", data={"update": UPDATE}, headers=ORIGIN)
        assert unauthorised.status_code == 401
        assert "access-control-allow-origin" not in unauthorised.headers


# --- gzip ---------------------------------------------------------------------------------------
def test_large_answers_are_gzipped_for_clients_that_take_gzip(client: httpx.Client) -> None:
    params = {"query": ALL_ROWS}
    csv = {"Accept": "text/csv"}
    with client.stream(
        "GET", "/sparql", params=params, headers={**csv, "Accept-Encoding": "gzip"}
    ) as packed:
        raw = b"".join(packed.iter_raw())
        assert packed.headers["content-encoding"] == "gzip"
        assert "Accept-Encoding" in packed.headers["vary"]
    plain = client.get("/sparql", params=params, headers={**csv, "Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert gzip.decompress(raw) == plain.content and len(raw) < len(plain.content)
    refused = client.get("/sparql", params=params, headers={**csv, "Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers
    small = client.get("/health", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers


def test_the_streamed_dump_is_gzipped_once(client: httpx.Client) -> None:
    """The dump gzips itself as it streams; the middleware leaves it alone."""
    headers = {"Accept-Encoding": "gzip", "Accept": "application/n-quads"}
    with client.stream("GET", "/api/dump", headers=headers) as packed:
        raw = b"".join(packed.iter_raw())
        assert packed.headers["content-encoding"] == "gzip"
    text = gzip.decompress(raw).decode()
    assert f"<{GOAL_4}>" in text


# --- the service description --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("accept", "syntax"),
    [(None, "turtle"), ("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
     ("application/rdf+xml", "xml")],
)  # fmt: skip
def test_get_sparql_without_a_query_describes_the_service(
    api_server: LiveServer, client: httpx.Client, accept: str | None, syntax: str
) -> None:
    response = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format=syntax)
    endpoint = URIRef(f"{api_server.url}/sparql")
    (service,) = graph.subjects(SD.endpoint, endpoint)
    assert (service, RDF.type, SD.Service) in graph
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    formats = set(graph.objects(service, SD.resultFormat))
    assert {FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_XML, FORMATS.SPARQL_Results_CSV,
            FORMATS.SPARQL_Results_TSV, FORMATS.Turtle, FORMATS["JSON-LD"]} <= formats  # fmt: skip
    names = {str(n) for n in graph.objects(None, SD.name)}
    assert names == set(client.get("/api/graphs").json()["graphs"])


def test_a_browser_still_gets_the_editor(client: httpx.Client) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/sparql", headers={"Accept": browser})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")


def test_updates_are_described_where_they_are_allowed(writable: LiveServer) -> None:
    response = httpx.get(f"{writable.url}/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.content, format="turtle")
    assert SD.SPARQL11Update in set(graph.objects(None, SD.supportedLanguage))
