"""The council's goals as an outline's numbered headings, as a board's annual report gives
them (pdftotext -layout: the title wraps onto an indented line; a table of contents repeats
the headings with dot leaders). Expected values are read off the text written here."""

from __future__ import annotations

from pathlib import Path

from rdflib.namespace import RDF, RDFS

from loaders.pipeline import ingest
from loaders.vocab import STYR

TEXT = """Årsrapport 2025
Nämnden för Intraservice

Innehållsförteckning
   2.2      Uppföljning av kommunfullmäktiges budgetmål ............... 8
      2.2.1 Göteborg ska vara en jämlik och trygg stad där alla
            invånare ges inflytande. ....................................... 8
      2.2.2 Segregationen i Göteborg ska brytas. ......................... 9

2.2       Uppföljning av kommunfullmäktiges
          budgetmål

2.2.1     Göteborg ska vara en jämlik och trygg stad där alla
          invånare ges inflytande.
          Förvaltningen arbetar för en jämlik och trygg stad genom nämndens uppdrag.

2.2.2     Segregationen i Göteborg ska brytas.
          Nämnden bidrar genom upphandling och budget för sociala hänsyn.

5.2       Mål

5.2.1     Kund och ägare

5.2.1.1 Förbättra kundernas upplevelse av nytta, kvalitet, service
        och samarbete
          Intraservice levererar tjänster till nämnder och styrelser.
"""


def test_the_councils_goals_are_read_from_the_outline(tmp_path: Path) -> None:
    source = tmp_path / "arsrapport.txt"
    source.write_text(TEXT, encoding="utf-8")
    graph = ingest([source]).merged()
    goals = {
        str(graph.value(goal, STYR.goalNumber)): str(graph.value(goal, STYR.text))
        for goal in graph.subjects(RDF.type, STYR.Goal)
        if graph.value(goal, STYR.goalNumber) is not None
    }
    assert goals == {
        "1": "Göteborg ska vara en jämlik och trygg stad där alla invånare ges inflytande",
        "2": "Segregationen i Göteborg ska brytas",
    }  # the board's own goal under "5.2 Mål" is not one of the council's numbered goals


def test_a_boards_own_goals_are_the_leaves_under_its_goal_heading(tmp_path: Path) -> None:
    source = tmp_path / "arsrapport.txt"
    source.write_text(TEXT, encoding="utf-8")
    graph = ingest([source]).merged()
    own = [
        g for g in graph.subjects(RDF.type, STYR.Goal) if (g, STYR.goalNumber, None) not in graph
    ]
    assert len(own) == 1  # "5.2.1 Kund och ägare" is the goal's area, not a goal
    goal = own[0]
    text = "Förbättra kundernas upplevelse av nytta, kvalitet, service och samarbete"
    assert str(graph.value(goal, STYR.text)) == text  # its wrapped title, not the text below
    board = graph.value(goal, STYR.mainResponsibleBody)
    assert str(graph.value(board, RDFS.label)) == "Nämnden för intraservice"
    assert "/mal/2023-2026/namnden-for-intraservice/forbattra-kundernas" in str(goal)
