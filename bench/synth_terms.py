"""The terms and literals of the synthetic data (:mod:`bench.generate`), as N-Triples text."""

from __future__ import annotations

import random

BASE = "https://example.org/bench/"
YEARS_PER_BOARD = 4
FIRST_YEAR = 2023

# --- terms, pre-formatted for N-Triples ---------------------------------------------------
_STYR = "https://w3id.org/styrgraf/ontology#"
_KOD = "https://w3id.org/styrgraf/kod/"
_XSD = "http://www.w3.org/2001/XMLSchema#"


def styr(local: str) -> str:
    return f"<{_STYR}{local}>"


def kod(local: str) -> str:
    return f"<{_KOD}{local}>"


A = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
TITLE = "<http://purl.org/dc/terms/title>"
SUBJECT = "<http://purl.org/dc/terms/subject>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
QUALIFIED = "<http://www.w3.org/ns/prov#qualifiedDerivation>"
ENTITY = "<http://www.w3.org/ns/prov#entity>"
PROV_ENTITY = "<http://www.w3.org/ns/prov#Entity>"
PROV_AGENT = "<http://www.w3.org/ns/prov#Agent>"
DERIVATION = "<http://www.w3.org/ns/prov#Derivation>"
ORG = "<http://www.w3.org/ns/org#Organization>"
ORG_UNIT = "<http://www.w3.org/ns/org#OrganizationalUnit>"
SUB_ORG = "<http://www.w3.org/ns/org#subOrganizationOf>"
PUBLIC_ORG = "<http://data.europa.eu/m8g/PublicOrganisation>"
ELI_WORK = "<http://data.europa.eu/eli/ontology#Work>"
CONCEPT = "<http://www.w3.org/2004/02/skos/core#Concept>"
QB_OBS = "<http://purl.org/linked-data/cube#Observation>"
QB_DATASET = "<http://purl.org/linked-data/cube#DataSet>"
QB_IN = "<http://purl.org/linked-data/cube#dataSet>"
IN_SCHEME = "<http://www.w3.org/2004/02/skos/core#inScheme>"
DATE = "<http://purl.org/dc/terms/date>"
AMOUNT = "<http://data.openbudgets.eu/ontology/dsd/measure/amount>"
FISCAL_YEAR = "<http://data.openbudgets.eu/ontology/dsd/dimension/fiscalYear>"
LOPANDE = kod("rapporteringssatt/lopande")
TERM_YEARS = 4  # a term of office: 2023-2026, 2027-2030, ...

T_DATE = f"<{_XSD}date>"
T_DECIMAL = f"<{_XSD}decimal>"
T_INTEGER = f"<{_XSD}integer>"
T_GYEAR = f"<{_XSD}gYear>"


# --- literals ------------------------------------------------------------------------------
def _esc(text: str) -> str:
    if '"' in text or "\\" in text or "\n" in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return text


def sv(text: str) -> str:
    return f'"{_esc(text)}"@sv'


def en(text: str) -> str:
    return f'"{_esc(text)}"@en'


def plain(text: str) -> str:
    return f'"{_esc(text)}"'


def money(tenths: int) -> str:
    """An exact decimal in mnkr from a whole number of tenths: -5806 -> "-580.6"."""
    sign = "-" if tenths < 0 else ""
    a = abs(tenths)
    return f'"{sign}{a // 10}.{a % 10}"^^{T_DECIMAL}'


def swedish_money(tenths: int) -> str:
    """The amount as printed in the prose ("-580,6"), i.e. a string, not a decimal."""
    sign = "-" if tenths < 0 else ""
    a = abs(tenths)
    return plain(f"{sign}{a // 10},{a % 10}")


def day(y: int, m: int, d: int) -> str:
    return f'"{y:04d}-{m:02d}-{d:02d}"^^{T_DATE}'


def integer(n: int) -> str:
    return f'"{n}"^^{T_INTEGER}'


def gyear(y: int) -> str:
    return f'"{y}"^^{T_GYEAR}'


def gap(rng: random.Random) -> int:
    """A gap larger than the tolerance, in tenths (0.2 to 3.0, either sign)."""
    return rng.choice((-1, 1)) * rng.randrange(2, 31)


def reword(text: str) -> str:
    """The same words with other case, spacing and punctuation (not a wording difference)."""
    out = text.rstrip(".").replace(" och ", ", och ", 1)
    return out[0].lower() + out[1:] + "  "


def plus_week(iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y:04d}-{m:02d}-{d + 7:02d}"
