"""The ontology service answers from ontology/styr.ttl and kod.ttl, read by a person:

- styr:CityBudget ⊑ styr:Budget (line 84) ⊑ styr:SteeringDocument (line 76) ⊑ styr:Document
  (line 65) ⊑ eli:Work, prov:Entity (line 55), and eli:LegalResource (line 65);
- styr:InterimReport ⊑ styr:FollowUpReport (line 204), labelled "delårsrapport"@sv and
  "interim report"@en;
- the file declares the prefix ``styr:`` for https://w3id.org/styrgraf/ontology# .
"""

from __future__ import annotations

from loaders.ontology import ontology

STYR = "https://w3id.org/styrgraf/ontology#"
ELI = "http://data.europa.eu/eli/ontology#"
PROV = "http://www.w3.org/ns/prov#"


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


def test_it_is_read_once() -> None:
    assert ontology() is ontology()
