"""Party documents by their headers, and the parties' acts the minutes record.

The texts are short and made up, in the shapes council handlings of Swedish municipalities
and regions take (a cover quoting the minutes, then each party's document headed by its
act and authors). Every expected value was written from reading the text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from loaders.documents import split_documents
from loaders.minutes import read_acts
from loaders.parties import Act, read_header, references
from loaders.pipeline import ingest
from loaders.source_reader import read_source
from loaders.vocab import DCTERMS, KOD, ORG, SKOS, STYR


@pytest.mark.parametrize(
    ("line", "following", "kind", "parties", "date"),
    [
        ("Yrkande                (Vänsterpartiet, Miljöpartiet)", [], "motion", {"V", "MP"}, None),
        ("Yttrande               Socialdemokraterna", [], "statement", {"S"}, None),
        ("Kommunstyrelsen Yttrande M, D, L, KD 2023-02-17", [], "statement",
         {"M", "D", "L", "KD"}, "2023-02-17"),
        ("Regionstyrelsen Tilläggsyrkande (SD)", [], "supplementary_motion", {"SD"}, None),
        ("Återremissyrkande      Moderaterna, Liberalerna", [], "referral_motion", {"M", "L"},
         None),
        ("Särskilt yttrande      Centerpartiet", [], "special_statement", {"C"}, None),
        ("Protokollsanteckning   Feministiskt initiativ", [], "minutes_note", {"FI"}, None),
        ("Reservation Anna Ek (M), Bo Ås (KD)", [], "reservation", {"M", "KD"}, None),
        ("Yrkande 2024-03-01", [], "motion", set(), "2024-03-01"),
        ("Yrkande      (V,S,Mp) 2023-08-23", [], "motion", {"V", "S", "MP"}, "2023-08-23"),
        ("Yttrande      (SVMP)", ["Nr 13"], "statement", {"S", "V", "MP"}, None),
        ("Yrkande SLK-2024-00855 2025-03-21", [], "motion", set(), "2025-03-21"),
        ("Yrkande 2023-08-24 från (SD) enligt bilaga 1 till protokollet", [], "motion", {"SD"},
         "2023-08-24"),
        # the authors' list broken by the date, as a wide header line extracts
        ("Yrkande   Moderaterna, Liberalerna, 2024-10-23     Kristdemokraterna", [], "motion",
         {"M", "L", "KD"}, "2024-10-23"),
        # the act word alone: a header when the date or the title follows
        ("Yrkande", ["2019-03-22", "Yrkande angående älvkantsskydd"], "motion", set(),
         "2019-03-22"),
        ("Reservation", ["Ärende 12", "Vi reserverar oss mot beslutet."], "reservation", set(),
         None),
        ("Särskilt yttrande", ["§ 45 Budget 2026"], "special_statement", set(), None),
    ],
)  # fmt: skip
def test_a_header_names_the_act_its_authors_and_its_date(
    line: str, following: list[str], kind: str, parties: set[str], date: str | None
) -> None:
    header = read_header(line, following)
    assert header is not None
    assert (header.kind, set(header.parties), header.date) == (kind, parties, date)


@pytest.mark.parametrize(
    "line",
    [
        "Yrkandet Vi delar motionärens syn.",
        "Yrkande För att kunna nå målen behövs mer.",
        "Yttrande över motion av Anna Ek (M) om cykelbanor",
        "Yttrande till kommunstyrelsen om motion av Bo Ås (KD)",
        "Yrkande angående budget 2025",
        "Yrkande Moderaterna och Liberalerna ställer sig inte bakom förslaget.",
        "Yrkande",  # alone, with prose after it
        "Yttrande Diarienummer Sida 2020-04-09 402-7610-2020 10(12)",  # an authority's
        "Yttrande över motion av Eva Lund (KD) om hundrastgårdar",  # with "Diarienummer" next
        "Yrkande 2023-08-28 från (S) (V) (MP) enligt bilaga 2 till protokollet.",  # minutes
        "Yrkande S                   Utmaningen med kompetensförsörjning behöver",  # a row
    ],
)
def test_prose_and_bodies_statements_are_not_headers(line: str) -> None:
    assert read_header(line, ["Vi vill se fler cykelbanor i staden."]) is None
    assert read_header(line, ["Diarienummer SMF-2024-00561"]) is None or line == "Yrkande"


def test_a_header_may_attach_another_partys_act() -> None:
    header = read_header("Yrkande     M, D, L Särskilt yttrande     KD")
    assert header is not None
    assert [(a.kind, set(a.parties)) for a in header.acts] == [
        ("motion", {"M", "D", "L"}),
        ("special_statement", {"KD"}),
    ]
    inside = read_header("Yrkande  (Vänsterpartiet, Miljöpartiet särskilt yttrande Centerpartiet)")
    assert inside is not None
    assert [set(a.parties) for a in inside.acts] == [{"V", "MP"}, {"C"}]


def test_references_name_a_document_by_act_parties_and_date() -> None:
    text = (
        "Anna Ek (V) yrkade bifall till yrkande från V och MP den 4 november 2022 och avslag "
        "på tilläggsyrkande från SD den 28 oktober 2022. Regionstyrelsen tillstyrker "
        "återremissyrkande från M, L och KD i regionfullmäktige den 26 januari 2023."
    )
    found = [(r.act, r.date, r.at_meeting) for r in references(text)]
    assert found == [
        (Act("motion", frozenset({"V", "MP"})), "2022-11-04", False),
        (Act("supplementary_motion", frozenset({"SD"})), "2022-10-28", False),
        (Act("referral_motion", frozenset({"M", "L", "KD"})), "2023-01-26", True),
    ]


HANDLING = """\
Regionfullmäktige

Handling 2024 nr 12

Yttrande över motion av Anna Ek (V) om fler cykelbanor i Region Skåne

Till Region Skånes regionfullmäktige

Regionstyrelsens förslag Regionstyrelsen föreslår att regionfullmäktige beslutar: Motionen avslås.

Vid behandling av ärendet i regionstyrelsen förekom skiljaktiga meningar:

Anna Ek (V) och Cecilia Berg (MP) yrkade bifall till yrkande från V och MP den 4 mars 2024.

Dan Ås (M) och ordföranden Eva Lund (S) yrkade att motionen skulle avslås.

Filip Ny (SD) avstod från att rösta.

Anna Ek (V) och Cecilia Berg (MP) reserverade sig mot beslutet.

Gun Ros (C) antecknade följande till protokollet: Vi hade velat se en utredning.

Representanterna från KD antecknade som yttrande en skrivelse från den 5 mars 2024.

Malmö den 12 mars 2024 Regionstyrelsen

Regionstyrelsen

Yrkande                                   (Vänsterpartiet, Miljöpartiet)

2024-03-04                                Ärende 7

Yrkande angående motion om fler cykelbanor i Region Skåne

Förslag till beslut I regionstyrelsen och regionfullmäktige:

1. Regionstyrelsen får i uppdrag att utreda fler cykelbanor i regionen.

Yrkandet Vi delar motionärens syn på cykelbanorna i regionen och vill gå vidare.

Regionstyrelsen

Yttrande 2024-03-05

Yttrande angående motion om fler cykelbanor i Region Skåne

Cykelbanor är viktiga, men regionen har redan en plan för dem och budgeten räcker inte.

Regionstyrelsen

Tilläggsyrkande                           M, L Särskilt yttrande              C

2024-03-06

Tilläggsyrkande angående motion om fler cykelbanor i Region Skåne

Förslag till beslut I regionstyrelsen:

1. Regionstyrelsen får i uppdrag att se över cykelparkeringen vid sjukhusen.

Yrkandet Cykelparkeringen vid sjukhusen behöver bli bättre för personalen i regionen.
"""


@pytest.fixture(scope="module")
def handling(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Graph]:
    path = tmp_path_factory.mktemp("handling") / "rs-2024-12.txt"
    path.write_text(HANDLING, encoding="utf-8")
    return path, ingest([path]).merged()


def test_each_party_document_starts_at_its_header(handling: tuple[Path, Graph]) -> None:
    docs = split_documents(read_source(handling[0]))
    # the cover is the regional board's, not a party's; each party document starts at the
    # board's name above its header (lines 27, 41, 49) and keeps its "… angående" title
    assert [(d.kind, d.start) for d in docs] == [
        ("document", 1),
        ("motion", 27),
        ("statement", 41),
        ("supplementary_motion", 49),
    ]
    assert docs[1].title == "Yrkande angående motion om fler cykelbanor i Region Skåne"


def _authors(graph: Graph, node: URIRef) -> set[str]:
    found: set[str] = set()
    for creator in graph.objects(node, DCTERMS.creator):
        for party in list(graph.objects(creator, ORG.hasMember)) or [creator]:
            found.update(str(a) for a in graph.objects(party, SKOS.altLabel))
    return found


def _by(graph: Graph, cls: URIRef, parties: set[str]) -> list[URIRef]:
    return [URIRef(str(n)) for n in graph.subjects(RDF.type, cls) if _authors(graph, n) == parties]


def _lines(graph: Graph, node: URIRef) -> set[int]:
    found = set()
    for ev in graph.objects(node, URIRef("http://www.w3.org/ns/prov#qualifiedDerivation")):
        start, end = graph.value(ev, STYR.lineStart), graph.value(ev, STYR.lineEnd)
        found.update(range(int(start), int(end) + 1))
    return found


def test_the_header_names_the_authors(handling: tuple[Path, Graph]) -> None:
    graph = handling[1]
    motion = [m for m in _by(graph, STYR.Motion, {"V", "MP"}) if "/protokoll/" not in m]
    assert len(motion) == 1 and {29, 33} <= _lines(graph, motion[0])
    supplementary = _by(graph, STYR.Motion, {"M", "L"})
    assert len(supplementary) == 1 and "/tillaggsyrkande/" in supplementary[0]


def test_a_header_with_only_a_date_takes_its_authors_from_the_minutes(
    handling: tuple[Path, Graph],
) -> None:
    # "Yttrande 2024-03-05" (line 43) is the statement KD entered on 5 March (line 23)
    graph = handling[1]
    (statement,) = _by(graph, STYR.Statement, {"KD"})
    assert {23, 43} <= _lines(graph, statement)


def test_an_act_attached_in_the_header_is_the_other_partys(
    handling: tuple[Path, Graph],
) -> None:
    graph = handling[1]
    (special,) = [s for s in _by(graph, STYR.Statement, {"C"}) if "sarskilt-yttrande" in s]
    assert 51 in _lines(graph, special)
    assert graph.value(special, STYR.concerns) == _by(graph, STYR.Motion, {"M", "L"})[0]


@pytest.mark.parametrize(
    ("cls", "parties", "line", "stance"),
    [
        (STYR.Motion, {"V", "MP"}, 13, "bifall"),
        (STYR.Motion, {"M", "S"}, 15, "avslag"),
        (STYR.Statement, {"SD"}, 17, "avstar"),
        (STYR.Statement, {"V", "MP"}, 19, "reservation"),
        (STYR.Statement, {"C"}, 21, None),
    ],
)
def test_the_minutes_credit_each_act_to_its_parties(
    handling: tuple[Path, Graph], cls: URIRef, parties: set[str], line: int, stance: str | None
) -> None:
    graph = handling[1]
    acts = [a for a in _by(graph, cls, parties) if "/protokoll/" in a and line in _lines(graph, a)]
    assert len(acts) == 1
    expected = KOD[f"stallningstagande/{stance}"] if stance else None
    assert graph.value(acts[0], STYR.stance) == expected


def test_an_acts_text_leaves_the_people_out(handling: tuple[Path, Graph]) -> None:
    graph = handling[1]
    said = {
        str(text)
        for node, text in graph.subject_objects(DCTERMS.description)
        if "/protokoll/" in node
    }
    assert "reserverade sig mot beslutet" in said
    assert not [text for text in said if "Anna Ek" in text or "Eva Lund" in text]


def test_no_act_without_a_party(handling: tuple[Path, Graph]) -> None:
    graph = handling[1]
    for node in graph.subjects(RDF.type, STYR.Document):
        if "/protokoll/" in node:
            assert _authors(graph, URIRef(str(node)))


def test_an_interpellation_is_its_councillors_partys(tmp_path: Path) -> None:
    path = tmp_path / "kf-interpellation.txt"
    path.write_text(
        "Kommunfullmäktige\n\nHandling 2024 nr 3\n\n"
        "Interpellation av Per Holm (L) till kommunstyrelsens ordförande angående "
        "skolskjutsarna i Uddevalla kommun\n\n"
        "Skolskjutsarna i kommunen har blivit sämre, och nämnden har inte svarat. Därför vill "
        "jag fråga kommunstyrelsens ordförande:\n\n"
        "1. Vad avser du att göra åt skolskjutsarna?\n\nPer Holm (L)\n",
        encoding="utf-8",
    )
    graph = ingest([path]).merged()
    (doc,) = _by(graph, STYR.Document, {"L"})
    assert (doc, RDF.type, STYR.Statement) not in graph
    assert (doc, RDF.type, STYR.Motion) not in graph


@pytest.mark.parametrize(
    ("sentence", "kind", "parties", "stance"),
    [
        ("Axel Ek (M) yrkade att motionen skulle tillstyrkas.", "motion", {"M"}, "bifall"),
        ("Bo Ås (S) yrkade att motionen skulle avstyrkas.", "motion", {"S"}, "avslag"),
        ("Yrkanden Eva Lund (KD) yrkar bifall till förvaltningens förslag.", "motion", {"KD"},
         "bifall"),
        ("Ordförande Per Holm (L) yrkar avslag.", "motion", {"L"}, "avslag"),
        ("Kristina Ek (KD) och Anette Ås (C) avstår från att rösta.", "statement", {"KD", "C"},
         "avstar"),
        ("Jan Berg (SD) reserverar sig mot beslutet.", "reservation", {"SD"}, "reservation"),
    ],
)  # fmt: skip
def test_a_sentence_of_the_minutes_is_an_act(
    tmp_path: Path, sentence: str, kind: str, parties: set[str], stance: str
) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text(f"Utdrag ur protokoll\n\n{sentence}\n", encoding="utf-8")
    (act,) = read_acts(read_source(path), 1, 3)
    assert (act.kind, set(act.parties), act.stance, act.line) == (kind, parties, stance, 3)


@pytest.mark.parametrize(
    "sentence",
    [
        "Kommunstyrelsen beslutade utan omröstning att avstyrka motionen.",
        "Bengt Ek, Stefan Ås och Ann Berg reserverar sig till förmån för eget förslag.",
        "Eva Lund (S) antecknade att hon hade velat se en utredning.",
    ],
)
def test_no_act_without_a_party_or_an_act_of_the_meeting(tmp_path: Path, sentence: str) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text(f"Utdrag ur protokoll\n\n{sentence}\n", encoding="utf-8")
    assert read_acts(read_source(path), 1, 3) == []


def test_people_named_without_their_party_take_the_party_the_file_gives_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text(
        "Utdrag ur protokoll\n\n"
        "Styrelsen beslutar att motionen anses besvarad. Bo Ek, Eva Ås och Per Holm "
        "reserverar sig till förmån för eget förslag.\n\n"
        "Yrkande från Bo Ek (D), Eva Ås (M) och Per Holm (L):\n\n"
        "Lisa Lund yrkar bifall till förslaget.\n",
        encoding="utf-8",
    )
    # Lisa Lund is named with no party anywhere: no act is credited for her (line 7)
    acts = [(a.kind, set(a.parties), a.line) for a in read_acts(read_source(path), 1, 7)]
    assert acts == [("reservation", {"D", "M", "L"}, 3)]


def test_the_motion_a_party_document_is_about_is_its_title_not_a_document(tmp_path: Path) -> None:
    path = tmp_path / "handling.txt"
    path.write_text(
        "Kommunstyrelsen\n\nYrkande       M, D, L, KD\n\n2023-02-22       3.1\n\n"
        "Motion av Anna Ek (FI) om ett föreningshus Förslag till beslut I kommunstyrelsen:\n\n"
        "1. Avslå motionen.\n\nYrkandet Motionen tar upp angelägna frågor.\n\n"
        "Utdrag ur protokoll\n\n"
        "Motion av Bo Ås (KD) om friidrottsanläggningar avstyrks.\n",
        encoding="utf-8",
    )
    docs = split_documents(read_source(path))
    assert [(d.kind, d.start) for d in docs] == [("motion", 1), ("document", 13)]
