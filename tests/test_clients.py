"""The common SPARQL clients against a live ``styrgraf serve``, with ``oxigraph serve`` as
the yardstick: SPARQLWrapper over every query form, return format and method, and Jena's
``rsparql``.

A combination counts when the client gets an answer it parses, of the kind the query form
gives: a result set for SELECT and ASK, a non-empty graph for CONSTRUCT and DESCRIBE.
"""

from __future__ import annotations

import csv
import io
import subprocess
import warnings
from pathlib import Path
from typing import Any
from xml.dom.minidom import Document

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDF,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.Wrapper import QueryResult

from tests import riot
from tests.conftest import LiveServer

GOAL_4 = "https://w3id.org/styrgraf/id/goteborg/mal/2023-2026/4"
QUERIES = {
    "SELECT": f"SELECT ?p ?o WHERE {{ <{GOAL_4}> ?p ?o }} LIMIT 5",
    "ASK": f"ASK {{ <{GOAL_4}> ?p ?o }}",
    "CONSTRUCT": f"CONSTRUCT {{ <{GOAL_4}> ?p ?o }} WHERE {{ <{GOAL_4}> ?p ?o }}",
    "DESCRIBE": f"DESCRIBE <{GOAL_4}>",
}
#: SPARQLWrapper's nine return formats (its ``_allowedFormats``).
RETURN_FORMATS = (JSON, XML, TURTLE, N3, RDF, RDFXML, CSV, TSV, JSONLD)
#: GET, POST of a form, POST of the query itself.
METHODS = ((GET, URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY))
RESULT_FORMATS = {
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


def _is_results(answer: Any, media: str, form: str) -> bool:
    """Tell whether a converted answer is a result set of the form's kind."""
    if isinstance(answer, dict):
        return "boolean" in answer if form == "ASK" else "results" in answer
    if isinstance(answer, Document):
        root = answer.documentElement
        if root.tagName != "sparql":
            return False
        return bool(root.getElementsByTagName("boolean" if form == "ASK" else "results"))
    if isinstance(answer, bytes) and media in RESULT_FORMATS:
        if form == "ASK":  # the CSV and TSV formats describe no boolean: one true or false
            return answer.decode().split()[-1] in {"true", "false"}
        if media == "text/csv":  # lossy: Oxigraph does not read it back; csv does
            return len(list(csv.reader(io.StringIO(answer.decode())))) > 1
        return bool(list(ox.parse_query_results(answer, format=RESULT_FORMATS[media])))
    return False


def _is_graph(answer: Any, media: str) -> bool:
    """Tell whether a converted answer is a non-empty graph."""
    if isinstance(answer, Graph):
        return len(answer) > 0
    if isinstance(answer, bytes) and media in {"text/turtle", "text/n3", "application/n-triples"}:
        syntax = {"text/turtle": "turtle", "text/n3": "n3"}.get(media, "nt")
        return len(Graph().parse(data=answer, format=syntax)) > 0
    return False


def answers(endpoint: str, form: str, fmt: str, method: tuple[str, str]) -> bool:
    """Run one combination through SPARQLWrapper; tell whether it gave the right kind."""
    wrapper = SPARQLWrapper(endpoint)
    wrapper.setQuery(QUERIES[form])
    wrapper.setReturnFormat(fmt)
    wrapper.setMethod(method[0])
    wrapper.setRequestMethod(method[1])
    wrapper.setTimeout(30)
    with warnings.catch_warnings():
        # SPARQLWrapper warns when it sends */* for a format the form has no type for
        # (TURTLE on SELECT) and when the answer is another format than asked: both fine
        warnings.simplefilter("ignore")
        try:
            result: QueryResult = wrapper.query()
            media = result.info()["content-type"].split(";")[0].strip()
            answer = result.convert()
        except Exception:  # any failure is a combination that does not work
            return False
    if form in {"SELECT", "ASK"}:
        return _is_results(answer, media, form)
    return _is_graph(answer, media)


def matrix(endpoint: str) -> set[tuple[str, str, str, str]]:
    """Return the combinations (form, format, method, request method) that work."""
    return {
        (form, fmt, *method)
        for form in QUERIES
        for fmt in RETURN_FORMATS
        for method in METHODS
        if answers(endpoint, form, fmt, method)
    }


@pytest.mark.slow
def test_sparqlwrapper_matrix(
    api_server: LiveServer, remote_api_server: LiveServer, oxigraph_server: str
) -> None:
    """Every form × format × method works, and nothing that works on oxigraph serve fails.

    ``remote_api_server`` loads the data into the shared ``oxigraph serve``.
    """
    ours = matrix(f"{api_server.url}/sparql")
    theirs = matrix(f"{oxigraph_server}/query")
    total = len(QUERIES) * len(RETURN_FORMATS) * len(METHODS)
    assert total == 108
    assert theirs - ours == set()
    assert len(ours) == total, sorted(
        (f, r, m, e) for f in QUERIES for r in RETURN_FORMATS for m, e in METHODS
        if (f, r, m, e) not in ours
    )  # fmt: skip


def _rsparql(scratch: Path, endpoint: str, query: str, results: str) -> str:
    command = [str(riot.JAVA), "-cp", riot.class_path(scratch), "arq.rsparql"]
    done = subprocess.run(
        [*command, f"--service={endpoint}", f"--query={query}", f"--results={results}"],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow
def test_jena_rsparql_gets_select_and_construct(api_server: LiveServer, tmp_path: Path) -> None:
    if not riot.available():
        pytest.skip("Java or Debian's libapache-jena-java is not installed")
    query_file = tmp_path / "select.rq"
    query_file.write_text(QUERIES["SELECT"])
    table = _rsparql(tmp_path, f"{api_server.url}/sparql", str(query_file), "csv")
    rows = list(csv.reader(io.StringIO(table)))
    assert rows[0] == ["p", "o"] and len(rows) == 6
    query_file = tmp_path / "construct.rq"
    query_file.write_text(QUERIES["CONSTRUCT"])
    text = _rsparql(tmp_path, f"{api_server.url}/sparql", str(query_file), "ntriples")
    graph = Graph().parse(data=text, format="nt")
    assert len(graph) > 3


@pytest.mark.parametrize(
    ("accept", "hints", "media", "syntax"),
    [
        ("application/json", {}, "application/ld+json", "json-ld"),
        ("application/xml", {}, "application/rdf+xml", "xml"),
        ("text/n3", {}, "text/n3", "n3"),
        ("application/trig", {}, "application/trig", "trig"),
        ("application/turtle", {}, "text/turtle", "turtle"),
        ("*/*", {"format": "json"}, "application/ld+json", "json-ld"),
        ("*/*", {"output": "xml"}, "application/rdf+xml", "xml"),
        ("*/*", {"results": "n3"}, "text/n3", "n3"),
        # the header names a graph type: it wins over the hint (SPARQLWrapper's N3)
        ("text/turtle,text/n3", {"format": "n3"}, "text/turtle", "turtle"),
        # a hint for the other form is passed over
        ("application/n-triples", {"format": "csv"}, "application/n-triples", "nt"),
    ],
)
def test_construct_answers_every_graph_type(
    api_server: LiveServer, accept: str, hints: dict[str, str], media: str, syntax: str
) -> None:
    response = httpx.get(
        f"{api_server.url}/sparql",
        params={"query": QUERIES["CONSTRUCT"], **hints},
        headers={"Accept": accept},
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    graph = Graph().parse(data=response.content, format=syntax)
    assert URIRef(GOAL_4) in set(graph.subjects())


@pytest.mark.parametrize(
    ("accept", "hints", "media"),
    [
        ("*/*", {"format": "xml"}, "application/sparql-results+xml"),
        ("*/*", {"format": ["tsv", "text/tab-separated-values"]}, "text/tab-separated-values"),
        ("*/*", {"output": "csv"}, "text/csv"),
        ("*/*", {"format": "turtle"}, "application/sparql-results+json"),  # passed over
        ("text/csv", {"format": "json"}, "text/csv"),  # the header names a result type
        # a browser's Accept names no result type of its own: the link's format= decides
        ("text/html,application/xml;q=0.9,*/*;q=0.8", {"format": "csv"}, "text/csv"),
    ],
)
def test_select_honours_format_hints(
    api_server: LiveServer, accept: str, hints: dict[str, Any], media: str
) -> None:
    response = httpx.get(
        f"{api_server.url}/sparql",
        params={"query": QUERIES["SELECT"], **hints},
        headers={"Accept": accept},
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media


def test_a_hint_naming_no_format_is_400(api_server: LiveServer) -> None:
    response = httpx.get(
        f"{api_server.url}/sparql", params={"query": QUERIES["SELECT"], "format": "pdf"}
    )
    assert response.status_code == 400
    assert "turtle" in response.json()["error"]["hint"]


TRIPLE_TERMS = """SELECT ?t ?s WHERE {
  BIND (<<( <https://w3id.org/styrgraf/id/a> <http://www.w3.org/2000/01/rdf-schema#label>
            "mål \\"4\\""@sv )>> AS ?t)
  BIND (<<( <https://w3id.org/styrgraf/id/a> <https://w3id.org/styrgraf/id/p>
            <<( <https://w3id.org/styrgraf/id/b> <https://w3id.org/styrgraf/id/q> 4.30 )>> )>>
        AS ?s)
}"""


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_triple_terms_are_written_as_oxigraph_writes_them(fmt: str) -> None:
    """Oxigraph's own writers are the yardstick: the same solutions, read back by Oxigraph."""
    from api.formats import named
    from api.store.embedded import EmbeddedStore

    store = EmbeddedStore(workers=1)
    try:
        ours = store.raw(TRIPLE_TERMS, fmt).body
    finally:
        store.close()
    results_format = named(fmt).results
    assert results_format is not None
    solutions = ox.Store().query(TRIPLE_TERMS)
    assert isinstance(solutions, ox.QuerySolutions)
    theirs = solutions.serialize(format=results_format)
    assert theirs is not None

    def read(body: bytes) -> list[list[Any]]:
        parsed = ox.parse_query_results(body, format=results_format)
        assert isinstance(parsed, ox.QuerySolutions)
        return [[row[v] for v in parsed.variables] for row in parsed]

    assert read(ours) == read(theirs)
    assert isinstance(read(ours)[0][1].object, ox.Triple)


def test_rdflib_sparqlstore_gets_select_ask_and_construct(api_server: LiveServer) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(f"{api_server.url}/sparql"))  # its default: XML
    assert len(list(graph.query(QUERIES["SELECT"]))) == 5
    assert graph.query(QUERIES["ASK"]).askAnswer is True
    constructed = graph.query(QUERIES["CONSTRUCT"]).graph
    assert constructed is not None and (URIRef(GOAL_4), None, None) in constructed
