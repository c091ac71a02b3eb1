"""Dereferencing: every IRI of the graph, the ontology and the code lists resolves on the
server, by content negotiation on the IRI itself and by extension.

The server answers an IRI directly (200, ``Vary: Accept``, ``Content-Location`` naming the
format's own URL) rather than with a 303 redirect: one round trip, and the same rules a
static copy of the site follows (tests/test_publish.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from api.shacl.store import canonical
from tests.conftest import DATA, LiveServer

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/styrgraf/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# 000 line 127: goal 4
GOAL_4 = "https://w3id.org/styrgraf/id/goteborg/mal/2023-2026/4"
GOAL_4_LABEL = "Göteborg ska byggas ihop till en grön och levande stad utan bostadsbrist"
RDF_TYPES = {
    "ttl": ("text/turtle", "turtle"),
    "jsonld": ("application/ld+json", "json-ld"),
    "nt": ("application/n-triples", "nt"),
    "rdf": ("application/rdf+xml", "xml"),
}


@pytest.fixture
def client(api_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_server.url, timeout=30) as c:
        yield c


def local(iri: str) -> str:
    """Return the server's path for a public IRI (the base is mapped onto the host)."""
    assert iri.startswith(BASE)
    return "/" + iri[len(BASE) :]


def data_graph() -> Graph:
    graph = Graph()
    for file in DATA:
        graph.parse(file)
    return graph


def canonical_set(graph: Graph) -> set[tuple[Node | None, ...]]:
    return {tuple(canonical(t) for t in triple) for triple in graph}


def test_an_iri_answers_every_format_by_accept_and_by_extension(client: httpx.Client) -> None:
    path = local(GOAL_4)
    graphs = []
    for extension, (media, parser) in RDF_TYPES.items():
        negotiated = client.get(path, headers={"Accept": media})
        assert negotiated.status_code == 200
        assert negotiated.headers["content-type"].startswith(media)
        assert "Accept" in negotiated.headers["vary"].split(", ")
        assert negotiated.headers["content-location"] == f"{path}.{extension}"
        assert negotiated.headers["access-control-allow-origin"] == "*"
        direct = client.get(f"{path}.{extension}", headers={"Accept": BROWSER})
        assert direct.status_code == 200 and direct.content == negotiated.content
        assert "content-location" not in direct.headers
        graph = Graph().parse(data=direct.content, format=parser)
        assert (URIRef(GOAL_4), RDFS.label, Literal(GOAL_4_LABEL, lang="sv")) in graph
        graphs.append(graph)
    # the four formats say the same thing
    assert all(isomorphic(graphs[0], g) for g in graphs[1:])
    page = client.get(path, headers={"Accept": BROWSER})
    assert page.headers["content-location"] == f"{path}.html"
    assert client.get(f"{path}.html").text == page.text
    assert client.get(f"{path}.pdf").status_code == 404


@pytest.mark.slow
def test_every_instance_iri_in_the_data_resolves(client: httpx.Client) -> None:
    graph = data_graph()
    iris = {
        str(t)
        for triple in graph
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(BASE + "id/")
    }
    assert len(iris) > 800
    failed = [
        iri
        for iri in sorted(iris)
        if client.get(local(iri), headers={"Accept": "application/n-triples"}).status_code != 200
    ]
    assert failed == []


def test_every_ontology_term_and_code_resolves(client: httpx.Client) -> None:
    ontology = Graph().parse(ROOT / "ontology" / "styr.ttl")
    page = client.get("/ontology", headers={"Accept": BROWSER}).text
    terms = {str(s) for s in ontology.subjects() if str(s).startswith(BASE + "ontology#")}
    assert len(terms) > 100
    missing = [t for t in terms if f'id="{t.split("#")[1]}"' not in page]
    assert missing == []
    turtle = Graph().parse(data=client.get("/ontology.ttl").text, format="turtle")
    assert isomorphic(turtle, ontology)
    codes = Graph().parse(ROOT / "ontology" / "kod.ttl")
    concepts = {str(s) for s in codes.subjects(RDF.type, SKOS.Concept)}
    schemes = {str(s) for s in codes.subjects(RDF.type, SKOS.ConceptScheme)}
    assert len(concepts) > 50 and schemes
    failed = [
        iri
        for iri in sorted(concepts | schemes)
        if client.get(local(iri), headers={"Accept": "text/turtle"}).status_code != 200
    ]
    assert failed == []
    index = client.get("/kod/", headers={"Accept": "text/turtle"})
    assert index.headers["content-location"] == "/kod/index.ttl"
    assert client.get("/kod/index.ttl").content == index.content


def test_named_graphs_resolve(client: httpx.Client) -> None:
    names = client.get("/api/graphs").json()
    graphs = [g["iri"] if isinstance(g, dict) else g for g in names.get("graphs", names)]
    assert len(graphs) == 2
    for iri in graphs:
        path = "/graph/" + iri.rsplit("/", 1)[1]
        page = client.get(path, headers={"Accept": BROWSER})
        assert page.status_code == 200 and "tripplar" in page.text
        stem = iri.rsplit("/", 1)[1]
        source = ROOT / "data" / f"{stem}.ttl"
        served = Graph().parse(data=client.get(path + ".nt").text, format="nt")
        # the store keeps a decimal's value, not its spelling ("8.0" comes back as "8")
        assert canonical_set(served) == canonical_set(Graph().parse(source))
        # the page names the source text and its checksum, as the graph records them
        assert f"{stem}.txt" in page.text
    assert client.get("/graph/nope").status_code == 404


def test_jsonld_uses_the_published_context(client: httpx.Client) -> None:
    context = client.get("/context.jsonld")
    assert context.headers["content-type"].startswith("application/ld+json")
    prefixes = context.json()["@context"]
    assert prefixes["styr"] == BASE + "ontology#"
    doc = json.loads(client.get(local(GOAL_4) + ".jsonld").text)
    assert doc["@context"] == prefixes
    # the JSON-LD round-trips to the same graph as the N-Triples
    jsonld = Graph().parse(data=json.dumps(doc), format="json-ld")
    ntriples = Graph().parse(data=client.get(local(GOAL_4) + ".nt").text, format="nt")
    assert isomorphic(jsonld, ntriples)


def test_the_server_describes_its_dataset(client: httpx.Client, api_server: LiveServer) -> None:
    from rdflib import Namespace

    void_ns = Namespace("http://rdfs.org/ns/void#")
    response = client.get("/.well-known/void")
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    dataset = URIRef(BASE + "data/dataset")
    assert (dataset, RDF.type, URIRef("http://www.w3.org/ns/dcat#Dataset")) in graph
    assert str(graph.value(dataset, void_ns.sparqlEndpoint)) == api_server.url + "/sparql"
    # the triple count is the store's (the default graph: each fact once)
    count = client.get(
        "/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    ).json()["results"]["bindings"][0]["n"]["value"]
    assert int(graph.value(dataset, void_ns.triples)) == int(count)  # type: ignore[arg-type]
    # the source texts the graph was read from, with their checksums, as the data records them
    sources = {
        str(o) for o in graph.objects(dataset, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
    }
    assert sources == {
        "https://w3id.org/styrgraf/id/kalla/0574f7e71196935b",
        "https://w3id.org/styrgraf/id/kalla/22c1de19131e73c0",
    }
    jsonld = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert isomorphic(Graph().parse(data=jsonld.text, format="json-ld"), graph)


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        # a format refused with q=0 is not sent, though its name is in the header
        ("application/ld+json;q=0, text/turtle", "text/turtle"),
        ("text/turtle;q=0.5, application/ld+json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("application/*;q=0.9, text/turtle;q=0.1", "application/ld+json"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/turtle"),
        ("", "text/turtle"),
    ],
)
def test_the_dataset_description_is_negotiated(
    client: httpx.Client, accept: str, media: str
) -> None:
    response = client.get("/.well-known/void", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert "Accept" in response.headers["vary"].split(", ")


def test_the_dataset_description_says_406_when_nothing_fits(client: httpx.Client) -> None:
    response = client.get("/.well-known/void", headers={"Accept": "application/pdf"})
    assert response.status_code == 406
    assert response.json()["error"]["code"] == "not-acceptable"
