"""Documents are recognised by their content, not by a list of titles.

The titles below are the ones other municipalities' and regions' documents carry (from the
issue's trials and the family's usual names), and the corpus cases are read off the
documents' first lines by a person.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from loaders.documents import split_documents
from loaders.errors import NotGovernanceError
from loaders.kinds import BY_KEY, REGISTRY, is_governance, recognise
from loaders.source_reader import read_source

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "goteborg"


@pytest.mark.parametrize(
    ("title_zone", "kind"),
    [
        (["Nämndens Årsplan och budget 2026", "Kulturnämnden"], "board_budget"),
        (["Årsrapport nämnder och styrelser 2025", "Nämnden för Intraservice"], "annual_report"),
        (["Verksamhetsplan med budget 2026", "Region Halland"], "board_budget"),
        (["Detaljbudget 2025", "Socialnämnden Nordost"], "board_budget"),
        (["Mål och budget 2026–2028"], "board_budget"),
        (["Verksamhetsplan 2026", "Regionstyrelsen"], "operational_plan"),
        (["Delårsrapport per augusti 2025"], "interim_report"),
        (["Tertialrapport 1 2025", "Regionfullmäktige"], "interim_report"),
        (["Årsredovisning 2024 för Uddevalla kommun"], "annual_report"),
        (["Återrapportering av uppdrag augusti 2023"], "assignment_followup"),
        (["Samlingsärende inom uppföljning oktober 2023"], "assignment_followup"),
        (["Fördelning av ansvar för kommunfullmäktiges budgetmål"], "goal_responsibility"),
        (["Tilläggsyrkande", "angående budget 2025"], "supplementary_motion"),
        (["Reservation", "Ärende 12"], "reservation"),
        (["Särskilt yttrande", "Centerpartiet"], "special_statement"),
        (["Protokollsanteckning", "Sverigedemokraterna"], "minutes_note"),
        (["Återremissyrkande", "M, D, L, KD 2023-01-26"], "referral_motion"),
        (["Yrkande angående budget 2025"], "motion"),
        (["Motion av Anna Andersson (C) om cykelbanor"], "motion"),
        (["Yttrande angående genomförandeplan 2025"], "statement"),
        (["Tjänsteutlåtande", "Utfärdat 2024-11-01"], "service_report"),
        (["Riskanalys 2026", "Tekniska nämnden"], "risk_register"),
        (["Internkontrollplan 2026"], "internal_control_plan"),
        (["Digitaliseringsplan 2025–2027"], "plan"),
        (["Handlingsplan för trygghet"], "action_plan"),
        (["Miljö- och klimatprogram för Göteborgs Stad"], "programme"),
        (["Riktlinjer för representation"], "guideline"),
        (
            ["Interpellation av Pär Gustafsson (L) till kommunstyrelsens ordförande"],
            "interpellation",
        ),
        (["Kommunstyrelsens förslag"], "document"),
    ],
)
def test_a_title_names_its_kind(title_zone: list[str], kind: str) -> None:
    assert recognise(title_zone)[0].key == kind


def test_a_term_inside_a_paragraph_counts_less_than_a_title() -> None:
    paragraph = (
        "Kommunstyrelsens förslag Kommunstyrelsen tillstyrker yrkande från S, V och MP i "
        "kommunfullmäktige den 26 januari 2023 och föreslår att kommunfullmäktige beslutar "
        "enligt följande, med hänvisning till tidigare beslut i ärendet och nämndernas svar"
    )
    kind, line = recognise(["Kommunfullmäktige", paragraph, "Delårsrapport per mars 2025"])
    assert (kind.key, line) == ("interim_report", 2)


def test_a_bodys_statement_is_not_a_partys() -> None:
    zone = ["Kommunfullmäktige", "Yttrande över motion av Anna Ek (V) om cykelbanor"]
    assert recognise(zone)[0].key == "statement"  # by its words alone
    assert recognise(zone, party=False)[0].key == "document"


def test_compound_words_name_the_kind_by_their_last_part() -> None:
    assert recognise(["Bostadsförsörjningsprogram 2030"])[0].key == "programme"
    assert recognise(["Kompetensförsörjningsplan"])[0].key == "plan"
    # a word that merely contains the term elsewhere does not
    assert recognise(["Planeringsförutsättningar"])[0].key == "document"


def test_the_registry_is_one_table() -> None:
    keys = [kind.key for kind in REGISTRY]
    assert len(keys) == len(set(keys))
    assert BY_KEY["document"] is REGISTRY[-1]  # the fallback is tried last


def test_governance_content_is_told_from_other_text() -> None:
    assert not is_governance(["Kanelbullar", "Blanda mjöl, smör och socker."])
    assert is_governance(
        ["Kommunstyrelsens förslag", "Nämnden får i uppdrag att utreda", "Budget 2025"]
    )


def test_a_text_without_governance_content_is_refused(tmp_path: Path) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("Hej!\n\nTack för senast. Vi ses i sommar.\n\nKram\n", encoding="utf-8")
    with pytest.raises(NotGovernanceError, match="no governance content"):
        split_documents(read_source(letter))


def test_a_document_of_no_known_heading_is_still_read(tmp_path: Path) -> None:
    text = tmp_path / "arsplan.txt"
    text.write_text(
        "Nämndens Årsplan och budget 2026\n\nKulturnämnden\n\n"
        "Kulturnämnden får i uppdrag att utreda biblioteken.\n\n"
        "Budget 2026 (belopp i mnkr)\n",
        encoding="utf-8",
    )
    docs = split_documents(read_source(text))
    assert [(d.kind, d.start) for d in docs] == [("board_budget", 1)]
    assert docs[0].title == "Nämndens Årsplan och budget 2026"


# --- the corpus: each case read off the document's first lines by a person ---------------------
CORPUS_KINDS = [
    ("kf-2023-03-23-p21.txt", "goal_responsibility"),  # "Fördelning av ansvar för … budgetmål"
    ("kf-2024-11-07-p451.txt", "council_budget"),  # "Förslag till budget 2025 och flerårsplaner"
    ("kf-2024-04-25-p151.txt", "annual_report"),  # "Göteborgs Stads årsredovisning 2023"
    ("kf-2025-06-18-p371.txt", "interim_report"),  # "Delårsrapport per mars 2025"
    ("kf-2023-01-26-p11.txt", "assignment_followup"),  # "Samlingsärende inom uppföljning …"
    ("kf-2024-02-01-p16.txt", "assignment_followup"),  # "Återrapportering av uppdrag augusti 2023"
    ("intraservice_arsrapport_2025.txt", "annual_report"),  # "Årsrapport nämnder och styrelser"
    ("intraservice_delarsrapport_mars_2026.txt", "interim_report"),  # "Delårsrapport mars 2026"
    ("stadsledningskontoret_punkt3.txt", "plan"),  # "Stadsledningskontorets digitaliseringsplan"
    ("kf-2023-09-07-p17.txt", "interpellation"),  # "Interpellation av Hampus Magnusson (M) …"
]


@pytest.mark.shared
@pytest.mark.parametrize(("name", "kind"), CORPUS_KINDS)
def test_corpus_documents_are_recognised(name: str, kind: str) -> None:
    if not CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("../shared/corpus is missing under CI")
        pytest.skip("../shared/corpus is not beside the checkout")
    docs = split_documents(read_source(CORPUS / name))
    assert docs[0].kind == kind
    assert docs[0].start == 1
