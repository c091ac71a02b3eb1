"""The parts of an economy table: its columns, rows and unit, and the words they share.

A table (:class:`Table`) has value columns (:class:`Column`: the header as printed, its
budget phase and fiscal year) and rows (:class:`Row`) in a budget area. The readers
(:mod:`loaders.titled_tables`, :mod:`loaders.economy_grids`) make them, the writer
(:mod:`loaders.budget_observations`) writes them; the words and tests they share are here: the
phase words of column heads, the money units, and what a heading line looks like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

# --- Swedish words matched in the source -------------------------------------------------
# column headers: a phase word, then a year
PHASES: dict[str, str] = {
    "budget": "approved",
    "ram": "approved",
    "utfall": "executed",
    "bokslut": "executed",
    "prognos": "draft",
    "förslag": "draft",
    "plan": "draft",
    "reviderad": "revised",
}
BULLET = re.compile(r"^[•·▪●○◦\-–»]\s*")
# column heads of layout tables: a year before the report's ("fg år"), a year
PRIOR_HEAD = re.compile(r"\b(?:fg|föreg\w*)\s+år\b|\bfg\b", re.IGNORECASE)
HEAD_YEAR = re.compile(r"\b(20\d\d)\b")

#: The budget phase of the amounts a document decides (``obeu-code:budget-phase``).
APPROVED = "approved"
#: money units (``kod:enhet``) -> power of ten that turns a value into mnkr
MONEY: dict[str, int] = {"mnkr": 0, "tkr": -3, "mdkr": 3, "kr": -6}


@dataclass(frozen=True)
class Column:
    """One value column: its header text, budget phase and fiscal year."""

    header: str
    phase: str | None
    year: int | None


@dataclass
class Row:
    """One table row in one area, values as printed and parsed (in the table's unit)."""

    area: str
    label: str
    printed: list[str]
    values: list[Decimal]
    start: int
    end: int
    columns: tuple[int, ...] | None = None  # a sparse row: the column of each value
    quote: str | None = None  # the row's own words, when its line holds other rows too


@dataclass
class Table:
    """One economy table."""

    title: str
    verbatim: str
    unit: str
    start: int
    end: int
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    subareas: dict[str, int] = field(default_factory=dict)  # sub-heading -> its line
    layout: bool = False  # read from layout text (:mod:`loaders.tables`): cells by header
    area: str | None = None  # the budget area of the rows outside a sub-heading

    @property
    def money(self) -> bool:
        return self.unit in MONEY


def is_heading(text: str, words: int = 8) -> bool:
    """Tell whether ``text`` reads as a heading: short, capitalised, no digits, no end stop."""
    return (
        bool(text)
        and text[0].isupper()
        and len(text.split()) <= words
        and len(text) <= 80
        and not re.search(r"\d", text)
        and not text.endswith((".", ",", ":", ";"))
        and not BULLET.match(text)
    )


def to_mnkr(value: Decimal, power: int) -> Decimal:
    """Return ``value`` times ten to ``power``, exact, without trailing zeros when scaled."""
    if power == 0:
        return value
    scaled = value.scaleb(power).normalize()
    exponent = scaled.as_tuple().exponent
    return scaled.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else scaled
