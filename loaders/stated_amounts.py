"""Write the amounts stated in prose, and link each to the table cell it restates.

Every amount (:mod:`loaders.amounts`) becomes a ``styr:StatedAmount`` with its
sentence, its value as printed and in mnkr, its role, year and area; an amount about
an area's municipal allocation ("budgeten", "ramen", "kommunbidraget") is linked to
the table cell it restates (:func:`_restated`).
"""

from __future__ import annotations

import re

from rdflib import URIRef

from .amounts import Amount
from .budget_observations import Written, year_iri
from .builder import dec, sv
from .codes import code
from .context import Context
from .economy_table import APPROVED
from .ids import slug
from .textrepair import join_lines
from .vocab import OBEU_DIM, OBEU_MEASURE, STYR

# --- Swedish words matched in the source -------------------------------------------------
# the line a stated level restates: "Budgeten för X uppgår till", "ramen", "kommunbidraget"
KOMMUNBIDRAG_CUE = re.compile(
    r"\b(?:budgeten|budgetram\w*|budgetförändring\w*|ramen|ekonomiska\s+ramen|kommunbidrag\w*)\b",
    re.IGNORECASE,
)
KOMMUNBIDRAG = "Kommunbidrag"

#: A stated amount's label is its sentence, cut at about this many characters.
LABEL_LIMIT = 80


def _short(text: str) -> str:
    """Shorten ``text`` to about :data:`LABEL_LIMIT` characters at a word boundary."""
    if len(text) <= LABEL_LIMIT:
        return text
    cut = text[: LABEL_LIMIT - 1]
    return (cut[: cut.rfind(" ")] if " " in cut else cut).rstrip(" ,;:") + "…"


def write_amount(
    ctx: Context, amount: Amount, n: int, written: Written, area_iris: dict[str, URIRef]
) -> URIRef:
    b = ctx.b
    iri = URIRef(f"{ctx.doc.iri}/belopp/L{amount.line}-{n}")
    sentence = join_lines([amount.sentence.text])
    b.node(iri, STYR.StatedAmount, _short(sentence))
    b.add(iri, STYR.statedValue, dec(amount.value))
    if amount.unit:
        b.add(iri, STYR.statedUnit, code("enhet", amount.unit))
    b.add(iri, OBEU_MEASURE.amount, dec(amount.mnkr))
    b.add(iri, STYR.text, sv(sentence))
    b.add(iri, STYR.amountRole, code("beloppstyp", amount.role))
    if amount.role == "forandring":
        b.add(iri, STYR.changeAmount, dec(amount.signed_mnkr))
    if amount.year:
        b.add(iri, OBEU_DIM.fiscalYear, year_iri(amount.year))
    if amount.area:
        b.add(iri, STYR.budgetArea, area_iris[amount.area])
        cells = _restated(amount, written, ctx.doc.year)
        if cells is not None:
            b.add(iri, STYR.describesObservation, cells[0])
            if cells[1] is not None:
                b.add(iri, STYR.baselineObservation, cells[1])
    b.evidence(iri, ctx.doc.iri, amount.sentence.start, amount.sentence.end, amount.printed)
    return iri


def _restated(
    amount: Amount, written: Written, budget_year: int | None
) -> tuple[URIRef, URIRef | None] | None:
    """Return the cells an amount restates: (cell, None) for a level, (cell, base) for a change.

    Only amounts about the municipal allocation ("budgeten", "ramen", "kommunbidraget")
    of one area are linked. A level without a year is for the document's budget year;
    a change links the cell of its year and the cell of the year it is compared with
    ("jämfört med 2024", "högre än 2024").
    """
    if amount.area is None or not KOMMUNBIDRAG_CUE.search(amount.sentence.text):
        return None
    line = slug(KOMMUNBIDRAG)
    area = slug(amount.area)
    if amount.role in {"niva", "tidigare-ar"}:
        year = amount.year or (budget_year if amount.role == "niva" else None)
        if year is None:
            return None
        cell = written.observations.get((area, line, year, APPROVED))
        return (cell, None) if cell is not None else None
    year = amount.year or budget_year
    if amount.role != "forandring" or amount.compared_year is None or year is None:
        return None
    cell = written.observations.get((area, line, year, APPROVED))
    base = written.observations.get((area, line, amount.compared_year, APPROVED))
    return (cell, base) if cell is not None and base is not None else None
