"""The HTTP layer through real clients (httpx, SPARQLWrapper) against a real uvicorn.

Cases run on both backends: the embedded store and a real `oxigraph serve`. Goal 4's label
is read off 000_64bcae0d445429da.txt line 127 and 001_ac962998a4b6cb85.txt line 544.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from api.app import create_app
from api.settings import Settings
from tests.conftest import (
    DATA,
    VIRTUOSO_REFUSES,
    LiveServer,
    running_oxigraph,
    serving_remotely,
)

ROOT = Path(__file__).resolve().parents[1]
GOAL_4 = "https://w3id.org/styrgraf/id/goteborg/mal/2023-2026/4"
GOAL_4_LABEL = "Göteborg ska byggas ihop till en grön och levande stad utan bostadsbrist"
LABEL_QUERY = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?label WHERE { "
    f"<{GOAL_4}> rdfs:label ?label FILTER (LANG(?label) = 'sv') }}"
)
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(params=["api_server", "remote_api_server", "virtuoso_api_server"])
def server(request: pytest.FixtureRequest) -> LiveServer:
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


@pytest.fixture
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


def test_sparqlwrapper_is_a_client(server: LiveServer) -> None:
    wrapper = SPARQLWrapper(f"{server.url}/sparql")
    wrapper.setQuery(LABEL_QUERY)
    wrapper.setReturnFormat(JSON)
    result = wrapper.query().convert()
    assert [b["label"]["value"] for b in result["results"]["bindings"]] == [GOAL_4_LABEL]  # type: ignore[index,call-overload]
    wrapper.setQuery(f"DESCRIBE <{GOAL_4}>")
    wrapper.setReturnFormat(TURTLE)
    graph = Graph().parse(data=wrapper.query().convert(), format="turtle")  # type: ignore[arg-type]
    assert len(graph) > 3


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("text/csv;q=0.4, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/*;q=0.5, */*;q=0.1", "text/csv"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_negotiation(client: httpx.Client, accept: str, media: str) -> None:
    response = client.get("/sparql", params={"query": LABEL_QUERY}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert GOAL_4_LABEL in response.text
    assert "Accept" in response.headers["vary"].split(", ")


@pytest.mark.parametrize(
    ("accept", "fmt", "parse_as"),
    [
        ("text/turtle", None, "turtle"),
        ("application/n-triples", None, "nt"),
        ("application/ld+json", None, "json-ld"),
        ("application/rdf+xml", None, "xml"),
        ("application/sparql-results+json", "turtle", "turtle"),  # format= overrides Accept
    ],
)
def test_graph_negotiation(
    client: httpx.Client, accept: str, fmt: str | None, parse_as: str
) -> None:
    params = {"query": f"DESCRIBE <{GOAL_4}>"} | ({"format": fmt} if fmt else {})
    response = client.post("/sparql", data=params, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    graph = Graph().parse(data=response.content, format=parse_as)
    assert GOAL_4_LABEL in {str(o) for o in graph.objects()}


def test_post_direct(client: httpx.Client) -> None:
    response = client.post(
        "/sparql", content=LABEL_QUERY.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )  # fmt: skip
    assert response.text.splitlines()[1] == GOAL_4_LABEL


def error(response: httpx.Response, status: int) -> dict[str, str]:
    assert response.status_code == status, response.text
    body: dict[str, str] = response.json()["error"]
    assert body["status"] == status and body["message"] and body["code"]
    return body


def test_406_when_nothing_fits(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": LABEL_QUERY}, headers={"Accept": "image/png"})
    assert "accept one of" in error(response, 406)["hint"]
    response = client.get("/sparql", params={"query": f"DESCRIBE <{GOAL_4}>"},
                          headers={"Accept": "text/csv"})  # fmt: skip
    error(response, 406)


@pytest.mark.parametrize(
    ("query", "status", "word"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
        ("SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }", 403, "FROM"),
        ("SELECT * FROM NAMED <http://example.org/x> WHERE { GRAPH ?g { ?s ?p ?o } }", 403, "FROM"),
        ("LOAD <http://example.org/data.ttl>", 403, "read-only"),
        ("SELECT ?x WHERE { ?x ", 400, "does not parse"),
    ],
)
def test_refused_queries(client: httpx.Client, query: str, status: int, word: str) -> None:
    assert word in error(client.get("/sparql", params={"query": query}), status)["message"]


def test_updates_are_refused(client: httpx.Client) -> None:
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    response = client.post("/sparql", content=update.encode(),
                           headers={"Content-Type": "application/sparql-update"})  # fmt: skip
    error(response, 403)
    error(client.post("/sparql", data={"update": update}), 403)
    ask = {"query": "ASK { <urn:a> ?p ?o }"}
    assert (
        client.get("/sparql", params=ask, headers={"Accept": "application/json"}).json()["boolean"]
        is False
    )  # nothing was written


def test_from_a_graph_of_the_store(client: httpx.Client) -> None:
    graph = client.get("/api/graphs").json()["graphs"][0]
    query = f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert int(response.text.splitlines()[1]) > 1000


def test_graph_sizes_are_the_files_and_the_default_graph_their_merge(
    client: httpx.Client,
) -> None:
    """Counted by rdflib from the files: each graph holds its file's triples, ``triples``
    is their sum, and the default graph holds a triple both files state once."""
    files = {path.stem: Graph().parse(path, format="turtle") for path in DATA}
    merged = Graph()
    for graph in files.values():
        merged += graph
    answer = client.get("/api/graphs").json()
    sizes = {iri.rsplit("/", 1)[1]: n for iri, n in answer["graph_triples"].items()}
    assert sizes == {stem: len(graph) for stem, graph in files.items()}
    assert answer["triples"] == sum(len(graph) for graph in files.values())
    assert answer["default_graph_triples"] == len(merged) < answer["triples"]


def test_request_size_limit(client: httpx.Client) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_100_000
    response = client.post("/sparql", content=big.encode(),
                           headers={"Content-Type": "application/sparql-query"})  # fmt: skip
    assert "smaller" in error(response, 413)["hint"]


def test_row_cap_is_flagged(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                          headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    doc = response.json()
    assert len(doc["results"]["bindings"]) == 1000  # the fixtures' row limit
    assert doc["styrgraf"]["truncated"] is True
    assert response.headers["x-styrgraf-truncated"].startswith("true")


@pytest.fixture(params=["api_server", "remote_api_server"])
def bombed(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    """A server for a query that outruns the time limit: the embedded one (the worker is
    stopped), or the remote backend on an `oxigraph serve` of the test's own, stopped with
    the test (the query would run on in it: see conftest.remote_api_server)."""
    if request.param == "api_server":
        yield request.getfixturevalue("api_server")
        return
    with running_oxigraph(tmp_path) as base, serving_remotely(base) as server:
        yield server


@pytest.mark.slow  # waits for the time limit
def test_time_limit_gives_503_or_504_and_a_cheap_query_stays_fast(bombed: LiveServer) -> None:
    server = bombed
    client = httpx.Client(base_url=server.url, timeout=30)
    statuses: list[int] = []

    def expensive() -> None:  # from another client: one client alone never takes every worker
        other_client = httpx.HTTPTransport(local_address="127.0.0.2")
        with httpx.Client(base_url=server.url, timeout=30, transport=other_client) as other:
            statuses.append(other.get("/sparql", params={"query": EXPENSIVE}).status_code)

    runner = threading.Thread(target=expensive)
    runner.start()
    time.sleep(0.3)  # a head start: the expensive query is running
    assert client.get("/sparql", params={"query": LABEL_QUERY}).status_code == 200
    # the cheap answer came while the expensive query still ran: it did not wait for it
    assert statuses == [] and runner.is_alive()
    runner.join()
    client.close()
    # 503: the embedded store stopped its worker; 504: the external store did not answer
    assert statuses in ([503], [504])


def test_unknown_route_and_method_use_the_error_shape(client: httpx.Client) -> None:
    error(client.get("/no/such/thing"), 404)
    error(client.put("/sparql", content=b"x"), 405)


def test_a_wrong_query_file_stops_start_up(tmp_path: Path) -> None:
    from api.catalogue import CatalogueError

    (tmp_path / "broken.rq").write_text(
        "#+ summary: Broken\n#+ params:\n#+   goal:\n#+     type: iri\n"
        "#+     example: https://example.org/g\nSELECT ?x WHERE { ?x ?p ?o }\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError, match=r"broken\.rq.*no \?goal"):
        create_app(Settings(data=(), queries=tmp_path))


def test_named_query_parameters_are_terms_not_text(tmp_path: Path) -> None:
    (tmp_path / "label_of.rq").write_text(
        "#+ summary: The Swedish label of an entity\n#+ params:\n#+   entity:\n"
        f"#+     type: iri\n#+     example: {GOAL_4}\n#+   lang:\n#+     type: string\n"
        "#+     example: sv\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?entity ?lang ?label WHERE { ?entity rdfs:label ?label "
        "FILTER (LANG(?label) = ?lang) }\n",
        encoding="utf-8",
    )
    server = LiveServer(create_app(Settings(data=(ROOT / "data",), queries=tmp_path)))
    try:
        with httpx.Client(base_url=server.url, timeout=30) as c:
            ok = c.get("/api/queries/label_of", params={"entity": GOAL_4, "lang": "sv"}).json()
            assert [r["label"] for r in ok["rows"]] == [GOAL_4_LABEL]
            # an injection attempt is one odd string literal: no rows, no error, no leak
            evil = "sv') || true || ('"
            rows = c.get("/api/queries/label_of", params={"entity": GOAL_4, "lang": evil}).json()
            assert rows["rows"] == []
            bad_iri = GOAL_4 + "> ?p ?o } UNION { ?entity ?p ?label"
            assert (
                "absolute IRI"
                in error(
                    c.get("/api/queries/label_of", params={"entity": bad_iri, "lang": "sv"}), 400
                )["message"]
            )
            missing = c.get("/api/queries/label_of", params={"lang": "sv"})
            assert "required" in error(missing, 400)["message"]
            csv_text = c.get("/api/queries/label_of", params={"entity": GOAL_4, "lang": "sv"},
                             headers={"Accept": "text/csv"}).text  # fmt: skip
            assert csv_text.splitlines() == ["entity,lang,label", f"{GOAL_4},sv,{GOAL_4_LABEL}"]
            schema = c.get("/openapi.json").json()["paths"]["/api/queries/label_of"]["get"]
            params = {p["name"]: p["schema"] for p in schema["parameters"]}
            assert params["entity"] == {"type": "string", "format": "uri"}
    finally:
        server.stop()


def test_every_query_file_is_listed_and_runs_with_its_example(
    client: httpx.Client, server: LiveServer
) -> None:
    listed = {q["name"]: q for q in client.get("/api/queries").json()["queries"]}
    files = {p.stem for p in (ROOT / "queries").glob("*.rq")}
    assert set(listed) == files
    refused = VIRTUOSO_REFUSES if server.kind == "virtuoso" else set()
    for name, query in listed.items():
        params = {p["name"]: p["example"] for p in query["params"]}
        response = client.get(f"/api/queries/{name}", params=params)
        if name in refused:  # the store's failure, named: tests/test_external_store.py
            assert response.status_code == 502, (name, response.text)
            continue
        assert response.status_code == 200, (name, response.text)
        assert json.loads(response.content)["rows"], f"{name} returns nothing for its example"


def test_updates_need_the_setting_and_the_token(tmp_path: Path) -> None:
    settings = Settings(data=(ROOT / "data",), update_token="s3cret", queries=tmp_path)
    server = LiveServer(create_app(settings))
    update = "INSERT DATA { GRAPH <urn:x-test:notes> { <urn:a> <urn:b> 'c' } }"
    form = {"Content-Type": "application/sparql-update"}
    ask = {"query": "ASK { <urn:a> <urn:b> 'c' }"}
    try:
        with httpx.Client(base_url=server.url, timeout=30) as c:
            assert "token" in error(c.post("/sparql", content=update, headers=form), 401)["message"]
            wrong = form | {"Authorization": "Bearer guess"}
            error(c.post("/sparql", content=update, headers=wrong), 401)
            right = form | {"Authorization": "Bearer s3cret"}
            assert c.post("/sparql", content=update, headers=right).status_code == 204
            # the default graph is the merge of the named graphs, so the new fact shows
            answer = c.get("/sparql", params=ask, headers={"Accept": "application/json"})
            assert answer.json()["boolean"] is True
            into_default = "INSERT DATA { <urn:d> <urn:e> 'f' }"
            error(c.post("/sparql", content=into_default, headers=right), 400)
            load = "LOAD <http://example.org/x.ttl> INTO GRAPH <urn:x-test:x>"
            error(c.post("/sparql", content=load, headers=right), 403)
    finally:
        server.stop()


def test_the_validation_report_is_served(tmp_path: Path) -> None:
    import shutil

    from rdflib.namespace import RDF, SH

    from api.cli import main

    data = tmp_path / "data"
    data.mkdir()
    for file in DATA:
        shutil.copy(file, data)
    assert main(["validate", str(data)]) == 1  # the seeds have violations (see test_validate)
    server = LiveServer(create_app(Settings(data=(data,), queries=tmp_path)))
    try:
        with httpx.Client(base_url=server.url, timeout=30) as c:
            turtle = c.get("/api/validation", headers={"Accept": "text/turtle"})
            graph = Graph().parse(data=turtle.content, format="turtle")
            # 5 + 15 + 13: the seven council goals name no main responsible body
            assert len(set(graph.subjects(RDF.type, SH.ValidationResult))) == 33
            jsonld = c.get("/api/validation", headers={"Accept": "application/ld+json"})
            assert len(Graph().parse(data=jsonld.content, format="json-ld")) == len(graph)
            error(c.get("/api/validation", headers={"Accept": "text/csv"}), 406)
    finally:
        server.stop()


def test_contact_data_is_not_published_unless_configured(tmp_path: Path) -> None:
    data = tmp_path / "contacts.ttl"
    data.write_text(
        "@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .\n"
        "<urn:x-test:official> vcard:fn 'Handläggare' ;\n"
        "  vcard:hasEmail <mailto:someone@example.org> ; vcard:hasTelephone <tel:+46311234567> .\n",
        encoding="utf-8",
    )
    ask = {"query": "ASK { ?s ?p <mailto:someone@example.org> }"}
    accept = {"Accept": "application/json"}
    for include, expected in ((False, False), (True, True)):
        settings = Settings(data=(data,), queries=tmp_path, include_personal=include)
        server = LiveServer(create_app(settings))
        try:
            with httpx.Client(base_url=server.url, timeout=30) as c:
                assert c.get("/sparql", params=ask, headers=accept).json()["boolean"] is expected
                role = {"query": "ASK { <urn:x-test:official> ?p 'Handläggare' }"}
                assert c.get("/sparql", params=role, headers=accept).json()["boolean"] is True
        finally:
            server.stop()


def test_the_sparql_endpoint_is_documented(client: httpx.Client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    get, post = paths["/sparql"]["get"], paths["/sparql"]["post"]
    assert {p["name"] for p in get["parameters"]} >= {"query", "default-graph-uri", "format"}
    assert {"application/x-www-form-urlencoded", "application/sparql-query"} <= set(
        post["requestBody"]["content"]
    )
    assert {"400", "403", "406", "503"} <= set(get["responses"])
    # the example in the description runs
    example = next(p["example"] for p in get["parameters"] if p["name"] == "query")
    response = client.get("/sparql", params={"query": example, "format": "json"})
    assert response.status_code == 200 and response.json()["results"]["bindings"]
