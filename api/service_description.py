"""The SPARQL 1.1 Service Description of ``/sparql``.

See https://www.w3.org/TR/sparql11-service-description/.

``GET /sparql`` without a query answers it, in Turtle or another RDF format by the Accept
header (a browser gets the query editor instead). It says what a client needs to know
before it asks: the endpoint, the languages it takes (SPARQL 1.1 Query; Update only when
the operator allows updates), the result formats, that the default graph is the merge of
the named graphs (``sd:UnionDefaultGraph``), and which named graphs there are. The
dataset's VoID and DCAT description is linked with ``rdfs:seeAlso``; the catalogue record
names this description as its ``dcat:DataService``'s ``dcat:endpointDescription``.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from .dcat_terms import FORMATS
from .formats import CONSTRUCT_RESULTS, GRAPH_RESULTS, SELECT_RESULTS, Format

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SIMPLE_ENTAILMENT = URIRef("http://www.w3.org/ns/entailment/Simple")
#: What the description itself is written in, by the Accept header (Turtle first).
DESCRIPTION_FORMATS: tuple[Format, ...] = GRAPH_RESULTS


def service_description(endpoint: str, graphs: list[str], updates: bool, void: str) -> Graph:
    """Return the description of the endpoint at URL ``endpoint``.

    ``graphs`` are the store's named graphs, ``updates`` whether updates are allowed, and
    ``void`` the URL of the dataset's VoID and DCAT description.
    """
    g = Graph(bind_namespaces="core")
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    service, dataset = URIRef(endpoint + "#service"), URIRef(endpoint + "#dataset")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, RDFS.label, Literal("styrgrafs SPARQL-gränssnitt", lang="sv")))
    g.add((service, RDFS.label, Literal("styrgraf's SPARQL endpoint", lang="en")))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if updates:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    for fmt in (*SELECT_RESULTS, *CONSTRUCT_RESULTS):
        if fmt.w3c:
            g.add((service, SD.resultFormat, FORMATS[fmt.w3c]))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, SD.defaultEntailmentRegime, SIMPLE_ENTAILMENT))
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, RDFS.seeAlso, URIRef(void)))
    default = BNode()
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    for name in graphs:
        named = BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
    return g
