"""SKOS code lists: every concept the loaders emit, as ``scheme -> slugs``.

``ontology/kod.ttl`` defines each one (``kod:{scheme}/{slug}``) with Swedish and
English labels; ``tests/test_ontology.py`` checks that the two agree.
"""

from __future__ import annotations

from rdflib import URIRef

from .vocab import KOD

CODE_LISTS: dict[str, tuple[str, ...]] = {
    # where an assignment comes from
    "uppdragsursprung": ("stadens-budget", "namnden", "tidigare-budget", "lopande", "yrkande"),
    # how an assignment is reported
    "rapporteringssatt": ("delrapport", "slutrapport", "lopande", "information", "ej-angiven"),
    # what the "Plan för rapportering" text pins down
    "tidpunktstyp": (
        "datum",
        "manad",
        "kvartal",
        "sasong",
        "budgetprocess",
        "rapporttillfalle",
        "lopande",
        "beroende",
        "ingen",
    ),
    "rapporttyp": (
        "delarsrapport-mars",
        "delarsrapport-augusti",
        "arsrapport",
        "arsredovisning",
        "bokslutsberedning",
        "forutsattningar-for-budget",
        "budget",
        "ekonomisk-prognos",
        "uppfoljningsrapport",
        "aterrapportering-finansverksamhet",
    ),
    "atgardsstatus": ("genomford", "existerande", "planerad"),
    # what a follow-up declares of an assignment
    "uppdragsstatus": ("fullgjord", "pagaende", "ej-paborjad", "avslutad"),
    "kontrollmetod": ("stickprov", "genomgang", "atgardsuppfoljning", "ovrig"),
    "dokumentstatus": ("forslag", "antagen", "under-oversyn", "upphord"),
    "stallningstagande": ("avstar", "reservation", "bifall", "avslag"),
    "enhet": ("mnkr", "tkr", "procent", "antal", "dagar", "arsarbetare"),
    # what a value of an indicator is
    "vardetyp": ("utfall", "malvarde", "prognos", "startvarde"),
    "beloppstyp": ("niva", "forandring", "tidigare-ar", "ramforandring"),
    "granskningsstatus": ("maskinell", "granskad"),
    "handlingstyp": ("tjansteutlatande", "information"),
}


def code(scheme: str, slug: str) -> URIRef:
    """Return ``kod:{scheme}/{slug}``, refusing concepts not in :data:`CODE_LISTS`."""
    if slug not in CODE_LISTS.get(scheme, ()):
        raise KeyError(f"kod:{scheme}/{slug} is not in loaders.codes.CODE_LISTS")
    return KOD[f"{scheme}/{slug}"]


def scheme(name: str) -> URIRef:
    if name not in CODE_LISTS:
        raise KeyError(f"kod:{name} is not a code list")
    return KOD[name]
