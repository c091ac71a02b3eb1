"""Text repair: expected strings are the words as a person reads them in the PDFs."""

from __future__ import annotations

import unicodedata

from loaders.textrepair import join_lines, repair_line


def test_lost_ligature_becomes_f() -> None:
    assert repair_line("ges in\ufffdlytande och") == "ges inflytande och"
    assert repair_line("De \ufffdinns också speci\ufffdika") == "De finns också specifika"


def test_split_capital_a_ring() -> None:
    assert repair_line("AÅ terrapporteringen ska ske") == "Återrapporteringen ska ske"


def test_nfd_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Göteborg ska nå målet")
    assert repair_line(nfd) == "Göteborg ska nå målet"


def test_page_break_space_removed_and_hyphen_digits_joined() -> None:
    assert repair_line(" antagit. Genomförandeplanen") == "antagit. Genomförandeplanen"
    assert join_lines(["– ärende SLK-", "2023-01045"]) == "– ärende SLK-2023-01045"
    assert join_lines(["miljö- ", "och klimatnämnden"]) == "miljö- och klimatnämnden"
