"""A party's proposals wherever the extraction put them: on the heading's own line.

Extracted council handlings join a proposal's heading, its forum and its points into one
line ("Förslag till beslut I kommunstyrelsen: 1. … 2. …"); a referral motion proposes
"Ärendet återremitteras 1. …", a councillor's motion "Kommunfullmäktige föreslås att
besluta: 1. …". The texts are made up; expected values were written from reading them.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from loaders.pipeline import ingest
from loaders.vocab import STYR

TEXTS = {
    "joined": (
        "Kommunstyrelsen\n\nYrkande        M, L\n\n2024-02-02\n\n"
        "Yrkande angående parkeringen vid badplatserna Förslag till beslut I kommunstyrelsen "
        "och kommunfullmäktige: 1. Idrotts- och föreningsnämnden får i uppdrag att bygga fler "
        "parkeringsplatser vid badplatserna. 2. Stadsmiljönämnden får i uppdrag att se över "
        "skyltningen vid badplatserna.\n\n"
        "Yrkandet Badplatserna har många besökare och parkeringen räcker inte till.\n"
    ),
    "referral": (
        "Kommunstyrelsen\n\nÅterremissyrkande        Kristdemokraterna\n\n2023-11-01\n\n"
        "Återremissyrkande angående motion om ombildning av hyresrätter\n\n"
        "Ärendet återremitteras 1. Kommunstyrelsen får i uppdrag att bereda ärendet avseende "
        "sociala konsekvenser. 2. Förvaltnings AB Framtiden får i uppdrag att bereda ärendet "
        "avseende ekonomin.\n\n"
        "Yrkande Beredningen av motionen har inte skett på ett tillfredsställande sätt.\n"
    ),
    "councillor": (
        "Kommunfullmäktige\n\nHandling 2024 nr 5\n\n"
        "Motion av Anna Ek (V) om cykelbanor Cykelbanorna i staden räcker inte till och "
        "behöver byggas ut för att fler ska kunna cykla till arbetet.\n\n"
        "Kommunfullmäktige föreslås att besluta: 1. Trafiknämnden får i uppdrag att utreda "
        "fler cykelbanor. 2. Trafiknämnden får utifrån detta i uppdrag att ta fram en "
        "plan för cykelparkering.\n\nAnna Ek (V)\n"
    ),
    "unnumbered": (
        "Kommunfullmäktige\n\nHandling 2024 nr 6\n\n"
        "Motion av Bo Ås (C) om en hyresmodell för elitidrotten Hyrorna för arenorna skiljer "
        "sig mellan damlag och herrlag, och staden bör se över dem.\n\n"
        "Förslag till beslut i kommunfullmäktige: Got Event AB får i uppdrag att ta fram en "
        "hyresmodell för elitidrotten.\n\nBo Ås (C)\n"
    ),
}


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Graph]:
    folder = tmp_path_factory.mktemp("proposals")
    found = {}
    for name, text in TEXTS.items():
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        found[name] = ingest([path]).merged()
    return found


def _proposals(graph: Graph) -> list[tuple[str, list[str]]]:
    """Return each proposed assignment's text and its responsible bodies' labels (lower
    case: a label's capital is not what is tested)."""
    found = []
    for point in graph.subjects(RDF.type, STYR.AssignmentProposal):
        bodies = sorted(
            str(graph.value(body, RDFS.label)).lower()
            for body in graph.objects(point, STYR.responsibleBody)
        )
        found.append((str(graph.value(point, STYR.text)), bodies))
    return sorted(found)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "joined",
            [
                ("Idrotts- och föreningsnämnden får i uppdrag att bygga fler parkeringsplatser "
                 "vid badplatserna.", ["idrotts- och föreningsnämnden"]),
                ("Stadsmiljönämnden får i uppdrag att se över skyltningen vid badplatserna.",
                 ["stadsmiljönämnden"]),
            ],
        ),
        (
            "referral",
            [
                ("Förvaltnings AB Framtiden får i uppdrag att bereda ärendet avseende ekonomin.",
                 ["förvaltnings ab framtiden"]),
                ("Kommunstyrelsen får i uppdrag att bereda ärendet avseende sociala "
                 "konsekvenser.", ["kommunstyrelsen"]),
            ],
        ),
        (
            "councillor",
            [
                ("Trafiknämnden får i uppdrag att utreda fler cykelbanor.", ["trafiknämnden"]),
                ("Trafiknämnden får utifrån detta i uppdrag att ta fram en plan för "
                 "cykelparkering.", ["trafiknämnden"]),
            ],
        ),
        (
            "unnumbered",
            [
                ("Got Event AB får i uppdrag att ta fram en hyresmodell för elitidrotten.",
                 ["got event ab"]),
            ],
        ),
    ],
)  # fmt: skip
def test_points_on_the_headings_line_are_proposals(
    graphs: dict[str, Graph], name: str, expected: list[tuple[str, list[str]]]
) -> None:
    assert _proposals(graphs[name]) == expected


def test_the_forum_on_the_headings_line_is_kept(graphs: dict[str, Graph]) -> None:
    graph = graphs["joined"]
    forums = {
        str(graph.value(forum, RDFS.label)).lower()
        for point in graph.subjects(RDF.type, STYR.DecisionPoint)
        for forum in graph.objects(point, STYR.decisionForum)
    }
    assert forums == {"kommunstyrelsen", "kommunfullmäktige"}


def test_a_referral_motion_is_its_partys(graphs: dict[str, Graph]) -> None:
    graph = graphs["referral"]
    (motion,) = graph.subjects(RDF.type, STYR.Motion)
    assert "/aterremissyrkande/kd" in URIRef(str(motion))
