"""Bodies of any municipality, region or company, named in full; the region or municipality
a document belongs to. Expected names are the bodies as the documents write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.documents import split_documents
from loaders.orgs import BOARD, COMPANY, COUNCIL, EXECUTIVE, find_orgs
from loaders.source_reader import read_source


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nämnden för konsument- och medborgarservice får i uppdrag att",
         [("Nämnden för konsument- och medborgarservice", BOARD)]),
        ("nämnden för arbetsmarknad och vuxenutbildning samt kulturnämnden",
         [("Nämnden för arbetsmarknad och vuxenutbildning", BOARD), ("Kulturnämnden", BOARD)]),
        ("Regionstyrelsen får i uppdrag att", [("Regionstyrelsen", EXECUTIVE)]),
        ("Regionfullmäktige beslutar", [("Regionfullmäktige", COUNCIL)]),
        ("Kommunstyrelsens förslag", [("Kommunstyrelsen", EXECUTIVE)]),
        ("Göteborgs Stads Parkerings AB ska", [("Göteborgs Stads Parkerings AB", COMPANY)]),
        ("styrelsen för Förvaltnings AB Framtiden", [("Förvaltnings AB Framtiden", COMPANY)]),
        ("AB Framtiden ska", [("AB Framtiden", COMPANY)]),
        ("Higab AB och Göteborgs Stadshus AB",
         [("Higab AB", COMPANY), ("Göteborgs Stadshus AB", COMPANY)]),
        ("idrotts- och föreningsnämnden och grundskolenämnden",
         [("Idrotts- och föreningsnämnden", BOARD), ("Grundskolenämnden", BOARD)]),
    ],
)  # fmt: skip
def test_bodies_are_found_in_full(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(org.label, org.kind) for org, _, _ in find_orgs(text)] == expected


def test_a_list_of_boards_is_not_one_board() -> None:
    named = [org.label for org, _, _ in find_orgs("nämnden för kultur, kulturnämnden och parken")]
    assert "Kulturnämnden" in named


@pytest.mark.parametrize(
    ("text", "slug", "name"),
    [
        ("Verksamhetsplan med budget 2026\n\nRegion Halland\n\nRegionstyrelsen får i uppdrag "
         "att utreda vården. Regionfullmäktige beslutar om budget och mål i Region Halland.\n",
         "region-halland", "Region Halland"),
        ("Mål och budget 2026\n\nVästra Götalandsregionen\n\nRegionstyrelsen får i uppdrag att "
         "utreda. Västra Götalandsregionen beslutar om budget och mål.\n",
         "vastra-gotalandsregionen", "Västra Götalandsregionen"),
        ("Mål och budget 2026\n\nUddevalla kommun\n\nKommunstyrelsen får i uppdrag att utreda "
         "budget och mål.\n", "uddevalla", "Uddevalla kommun"),
        # the genitive of the name: "Göteborgs Stad" is Göteborg's, "Eds kommun" Ed's
        ("Budget 2026\n\nGöteborgs Stad\n\nKommunstyrelsen får i uppdrag att utreda. "
         "Göteborgs kommunfullmäktige beslutar.\n", "goteborg", "Göteborgs Stad"),
        ("Mål och budget 2026\n\nEds kommun\n\nKommunstyrelsen får i uppdrag att utreda "
         "budget och mål.\n",
         "ed", "Eds kommun"),
        ("Mål och budget 2026\n\nBorås Stad\n\nKommunstyrelsen får i uppdrag att utreda "
         "budget och mål.\n",
         "boras", "Borås Stad"),
        ("Mål och budget 2026\n\nHofors kommun\n\nKommunstyrelsen får i uppdrag att utreda "
         "budget och mål i Hofors.\n", "hofors", "Hofors kommun"),
        ("Mål och budget 2026\n\nLilla Edets kommun\n\nKommunstyrelsen får i uppdrag att "
         "utreda budget och mål.\n",
         "lilla-edet", "Lilla Edets kommun"),
        # the council's own name; "En kommun" names none; Business Region Göteborg is a company
        ("Yrkande\n\nGöteborgs kommunfullmäktige beslutar att kommunstyrelsen får i uppdrag att "
         "utreda. En kommun som ska växa behöver Business Region Göteborg och Business Region "
         "Göteborg.\n", "goteborg", "Göteborgs kommun"),
    ],
)  # fmt: skip
def test_the_region_or_municipality_is_recognised(
    tmp_path: Path, text: str, slug: str, name: str
) -> None:
    source = tmp_path / "doc.txt"
    source.write_text(text, encoding="utf-8")
    doc = split_documents(read_source(source))[0]
    assert (doc.municipality, doc.municipality_name) == (slug, name)
