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

from rdflib import OWL, RDF, URIRef

from loaders.ontology import ontology

STYR = "https://w3id.org/styrgraf/ontology#"
ELI = "http://data.europa.eu/eli/ontology#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"


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


def test_each_file_keeps_its_triples_and_prefixes() -> None:
    files = ontology().files
    assert (URIRef(STYR + "InterimReport"), RDF.type, OWL.Class) in files["styr.ttl"]
    assert (URIRef(STYR + "InterimReport"), None, None) not in files["kod.ttl"]
    assert dict(files["kod.ttl"].namespaces()) == {
        "skos": URIRef("http://www.w3.org/2004/02/skos/core#"),
        "dcterms": URIRef(DCTERMS),
        "kod": URIRef("https://w3id.org/styrgraf/kod/"),
    }
    assert len(dict(files["styr.ttl"].namespaces())) == 22


def test_it_is_read_once() -> None:
    assert ontology() is ontology()
