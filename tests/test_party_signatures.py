"""Who signed a party's document, the ways municipalities and regions write it.

Short made-up documents; the expected authors were written from reading them.
"""

from __future__ import annotations

import pytest

from loaders.parties import detect_parties

OPENING = "Yttrande angående budget 2025\n\nVi vill se fler cykelbanor i kommunen.\n\n"


@pytest.mark.parametrize(
    ("signature", "authors"),
    [
        ("Socialdemokraterna i kulturnämnden", ["S"]),
        ("Vänsterpartiet och Miljöpartiet", ["V", "MP"]),
        ("För Vänsterpartiet\nAnna Andersson", ["V"]),
        ("Anna Andersson (V)      Bo Berg (MP)", ["V", "MP"]),
        ("Anna Andersson (C)\nBo Berg (L)", ["L", "C"]),
        ("Feministiskt initiativ", ["FI"]),
        ("För Socialdemokraterna i kommunstyrelsen\nAnna Andersson", ["S"]),
    ],
)
def test_a_signature_names_the_authors(signature: str, authors: list[str]) -> None:
    assert detect_parties(OPENING + signature) == authors


def test_the_signature_outweighs_a_party_named_in_the_text() -> None:
    text = (
        "Yrkande angående budget 2025\n\n"
        "Socialdemokraterna vill bygga mer, men vi säger nej till det.\n\nModeraterna"
    )
    assert detect_parties(text) == ["M"]


def test_a_party_named_alone_inside_the_text_is_no_signature() -> None:
    lines = ["Yttrande angående budget 2025", "", "Moderaterna", ""]
    lines += [f"Stycke {n} om budgeten för året." for n in range(6)]
    assert detect_parties("\n".join(lines)) == []
