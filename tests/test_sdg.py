"""Agenda 2030: references to the UN's global goals are links, never the body's goals.

The references and the text below are written here; which goal each names was read off
the UN's list of the seventeen goals by a person.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from loaders.pipeline import ingest
from loaders.sdg import is_sdg_goal, references
from loaders.vocab import DCTERMS, RDF, STYR


@pytest.mark.parametrize(
    ("text", "goals"),
    [
        ("Arbetet bidrar till mål 11 i Agenda 2030.", [11]),
        ("Globala målen 3, 5 och 10 berörs av planen.", [3, 5, 10]),
        ("Insatsen stöder SDG 8.", [8]),
        ("Agenda 2030-mål 10 om minskad ojämlikhet", [10]),
        ("målen 12–14 i Agenda 2030", [12, 13, 14]),
        ("Mål 4: God utbildning för alla", [4]),
        ("Jämställdhet", []),  # a heading of the body's own, maybe
        ("Nämnden ska nå mål 1 i budgeten.", []),
        ("Göteborg ska vara en jämlik och trygg stad", []),
        ("Mål 19 i Agenda 2030", []),  # there are seventeen
    ],
)
def test_references(text: str, goals: list[int]) -> None:
    assert references(text) == goals


def test_titles_of_global_goals_are_not_a_bodys_goals() -> None:
    assert is_sdg_goal("Hållbara städer och samhällen") == 11
    assert is_sdg_goal("Mål 13: Bekämpa klimatförändringarna") == 13
    assert is_sdg_goal("Jämställdhet") is None
    assert is_sdg_goal("Segregationen i Göteborg ska brytas") is None


PLAN = """\
Verksamhetsplan 2026 för kulturnämnden

Mål:
1. Fler ska ta del av kulturen i hela staden.
Nämnden bidrar genom biblioteken, vilket stöder mål 4 och mål 10 i Agenda 2030.

Hållbarhet
Arbetet med hållbara lokaler bidrar till globala målen 11 och 12.

Kulturnämnden får i uppdrag att utreda meröppna bibliotek.
"""


def test_a_plan_links_its_sections_and_goals_to_the_global_goals(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    graph = ingest([path]).merged()
    sdg = {int(str(o).rsplit("/", 1)[1]) for o in graph.objects(None, STYR.relatesToSdg)}
    assert sdg == {4, 10, 11, 12}
    sections = {
        str(graph.value(s, DCTERMS.title)): s for s in graph.subjects(RDF.type, STYR.Section)
    }
    linked = {
        int(str(o).rsplit("/", 1)[1])
        for o in graph.objects(sections["Hållbarhet"], STYR.relatesToSdg)
    }
    assert linked == {11, 12}
    assert (URIRef("http://metadata.un.org/sdg/11"), RDF.type, None) in graph
    goal_texts = [
        str(t) for g in graph.subjects(RDF.type, STYR.Goal) for t in graph.objects(g, STYR.text)
    ]
    assert not any("Agenda 2030" in t or "globala" in t for t in goal_texts)
