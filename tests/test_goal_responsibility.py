"""Who answers for each goal: "Huvudansvariga nämnder/styrelser: …" and "Ansvariga …", also
when several goals and their lists are joined into one line (as in the council's decision
kf-2023-03-23-p21). Expected values are read off the texts written here."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from loaders.pipeline import ingest
from loaders.vocab import STYR
from tests.corpus_recall import MATCHERS

TEXT = (
    "Fördelning av ansvar för kommunfullmäktiges budgetmål\n\n"
    "Ansvar för mål i kommunfullmäktiges budget fördelas till nämnder och styrelser enligt "
    "följande:\n\n"
    "Mål: Segregationen i Göteborg ska minska. Huvudansvariga nämnder/styrelser: "
    "kommunstyrelsen Ansvariga nämnder/styrelser: socialnämnderna, idrotts- och "
    "föreningsnämnden, nämnden för arbetsmarknad och vuxenutbildning, AB Framtiden, "
    "Göteborg & Co Mål: Hemlösheten ska upphöra till 2028. Huvudansvariga nämnder och "
    "styrelser: exploateringsnämnden\n"
)


def graph(tmp_path: Path) -> Graph:
    source = tmp_path / "ansvar.txt"
    source.write_text(TEXT, encoding="utf-8")
    return ingest([source]).merged()


def bodies(g: Graph, goal: URIRef, prop: URIRef) -> set[str]:
    return {str(g.value(b, RDFS.label)) for b in g.objects(goal, prop)}


def test_each_goal_of_a_joined_line_gets_its_own_bodies(tmp_path: Path) -> None:
    g = graph(tmp_path)
    goals = {str(g.value(goal, STYR.text)): goal for goal in g.subjects(RDF.type, STYR.Goal)}
    assert set(goals) == {
        "Segregationen i Göteborg ska minska",
        "Hemlösheten ska upphöra till 2028",
    }
    segregation = goals["Segregationen i Göteborg ska minska"]
    assert bodies(g, segregation, STYR.mainResponsibleBody) == {"Kommunstyrelsen"}
    # a main responsible body is responsible too (mainResponsibleBody ⊑ responsibleBody)
    assert bodies(g, segregation, STYR.responsibleBody) == {
        "Kommunstyrelsen",
        "Socialnämnderna",
        "Idrotts- och föreningsnämnden",
        "Nämnden för arbetsmarknad och vuxenutbildning",
        "AB Framtiden",
        "Göteborg & Co",
    }
    homeless = goals["Hemlösheten ska upphöra till 2028"]
    assert bodies(g, homeless, STYR.mainResponsibleBody) == {"Exploateringsnämnden"}
    assert bodies(g, homeless, STYR.responsibleBody) == {"Exploateringsnämnden"}


def test_the_matcher_finds_exact_responsibility_only(tmp_path: Path) -> None:
    g = graph(tmp_path)
    fact = {
        "type": "goal_responsibility",
        "goal": "Hemlösheten ska upphöra till 2028.",
        "main_responsible": ["exploateringsnämnden"],
        "responsible": [],
    }
    assert MATCHERS["goal_responsibility"](g, fact)
    assert not MATCHERS["goal_responsibility"](g, {**fact, "responsible": ["kulturnämnden"]})
    assert not MATCHERS["goal_responsibility"](g, {**fact, "main_responsible": ["kommunstyrelsen"]})
