"""The ontology service answers from ontology/styr.ttl and kod.ttl, read by a person:

- styr:CityBudget ⊑ styr:Budget (line 84) ⊑ styr:SteeringDocument (line 76) ⊑ styr:Document
  (line 65) ⊑ eli:Work, prov:Entity (line 55), and eli:LegalResource (line 65);
- styr:InterimReport ⊑ styr:FollowUpReport (line 204), labelled "delårsrapport"@sv and
  "interim report"@en;
- the file declares the prefix ``styr:`` for https://w3id.org/styrgraf/ontology# ;
- styr:mainResponsibleBody ⊑ styr:responsibleBody (line 1059) ⊑ styr:involvedBody (line 1069);
- kod.ttl declares three prefixes (lines 8–10): skos, dcterms and kod; styr.ttl declares 22.
"""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef

from loaders.ontology import ontology, read_file

STYR = "https://w3id.org/styrgraf/ontology#"
ELI = "http://data.europa.eu/eli/ontology#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
DCTERMS_DESC = URIRef(DCTERMS + "description")


def test_superclasses_are_the_transitive_closure() -> None:
    above = ontology().superclasses(STYR + "CityBudget")
    assert {STYR + "Budget", STYR + "SteeringDocument", STYR + "Document"} <= above
    assert {ELI + "Work", ELI + "LegalResource", PROV + "Entity"} <= above
    assert STYR + "CityBudget" not in above
    assert STYR + "FollowUpReport" not in above


def test_most_specific_drops_what_another_type_implies() -> None:
    types = [PROV + "Entity", STYR + "Document", STYR + "InterimReport", STYR + "FollowUpReport"]
    assert ontology().most_specific(types) == [STYR + "InterimReport"]
    assert ontology().is_a(STYR + "InterimReport", STYR + "Document")
    assert not ontology().is_a(STYR + "Document", STYR + "InterimReport")


def test_labels_in_both_languages_and_the_files_prefixes() -> None:
    assert ontology().label(STYR + "InterimReport") == "delårsrapport"
    assert ontology().label(STYR + "InterimReport", "en") == "interim report"
    assert ontology().label(STYR + "NoSuchClass") is None
    assert ontology().prefixes["styr"] == STYR


def test_superproperties_are_the_transitive_closure() -> None:
    above = ontology().superproperties(STYR + "mainResponsibleBody")
    assert above == {STYR + "responsibleBody", STYR + "involvedBody"}
    assert ontology().superproperties(STYR + "involvedBody") == frozenset()


def test_a_file_is_read_with_its_prefixes_into_the_callers_graph() -> None:
    graph = read_file("kod.ttl", Graph(bind_namespaces="none"))
    assert dict(graph.namespaces()) == {
        "skos": URIRef("http://www.w3.org/2004/02/skos/core#"),
        "dcterms": URIRef(DCTERMS),
        "kod": URIRef("https://w3id.org/styrgraf/kod/"),
    }
    assert (URIRef(STYR + "InterimReport"), None, None) not in graph
    styr = read_file("styr.ttl", Graph(bind_namespaces="none"))
    assert (URIRef(STYR + "InterimReport"), RDF.type, OWL.Class) in styr
    assert len(dict(styr.namespaces())) == 22
    with pytest.raises(ValueError, match=r"styr\.ttl"):
        read_file("../pyproject.toml", Graph())


def test_it_is_read_once() -> None:
    assert ontology() is ontology()


def test_the_ontology_page_graph_keeps_the_files_order() -> None:
    """The page shows the first description: styr.ttl line 40 states the Swedish one first."""
    from api.routes.describe import ontology_graph

    about = ontology_graph().value(URIRef("https://w3id.org/styrgraf/ontology"), DCTERMS_DESC)
    assert isinstance(about, Literal) and about.language == "sv"
    assert str(about).startswith("Begrepp för att beskriva kommunala styrdokument")
