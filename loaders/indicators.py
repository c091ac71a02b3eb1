"""Indicators (nyckeltal, indikatorer, styrtal) and their values per year, from tables.

A report follows its work with indicators: "Antal incidenter lösta inom SLA" 87 % in
2025, 85 % in 2024, target 85 %. A table whose caption or stub names them
("Effektmått och övriga mått/nyckeltal", "Nyckeltal", "Indikator", "Styrtal") is read
by :mod:`loaders.tables`; here each of its rows becomes a ``styr:Indicator`` and each
cell a ``styr:IndicatorValue``:

* the indicator is a concept of the municipality's body (the same name in the annual
  and the interim report is one indicator), with its unit (``kod:enhet``: per cent,
  count, full-time equivalents) when the row or the table states it;
* a value belongs to one document (two reports may state different figures for the
  same year), and says what it is (``styr:valueKind``: outcome, target, forecast,
  baseline; from its column head: "Utfall", "Mål"/"Målvärde", "Prognos", "Startvärde",
  a bare year being an outcome), for which year (``obeu-dimension:fiscalYear``) and the
  number as printed (``styr:statedValue``), with evidence of its row.

The values are not a Data Cube: an indicator table mixes units row by row, and a
value's kind is not a budget phase; a plain node per value keeps each one addressable
and with its own evidence, which is what the questions asked of them need ("which
indicators missed their target in 2025?").
"""

from __future__ import annotations

import re

from rdflib import URIRef

from .budget_observations import year_iri
from .builder import dec, sv
from .codes import code
from .context import Context
from .economy_table import HEAD_YEAR, PRIOR_HEAD
from .ids import slug
from .tables import Grid, GridRow
from .vocab import OBEU_DIM, SKOS, STYR

# --- Swedish words matched in the source ---------------------------------------------------
#: A table of indicators names them in its caption or stub.
INDICATOR_TABLE = re.compile(r"nyckeltal|indikator|styrtal", re.IGNORECASE)
#: column head -> kind of value (``kod:vardetyp``); the first match wins, else an outcome.
VALUE_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bmål(?:värde|nivå)?\b", re.IGNORECASE), "malvarde"),
    (re.compile(r"\bprognos", re.IGNORECASE), "prognos"),
    (re.compile(r"\b(?:startvärde|utgångsvärde|basår|baslinje)", re.IGNORECASE), "startvarde"),
)
OUTCOME = "utfall"


def is_indicator_table(grid: Grid) -> bool:
    """Tell whether a table's rows are indicators (its caption or stub says so)."""
    return bool(INDICATOR_TABLE.search(grid.caption) or INDICATOR_TABLE.search(grid.stub))


def value_kind(header: str) -> str:
    """Return the kind of value a column head announces (``kod:vardetyp`` slug)."""
    for pattern, kind in VALUE_KINDS:
        if pattern.search(header):
            return kind
    return OUTCOME


def _year(header: str, year: int | None) -> int | None:
    years = set(HEAD_YEAR.findall(header))
    if len(years) == 1:
        return int(years.pop())
    if years or year is None:
        return None
    return year - 1 if PRIOR_HEAD.search(header) else year


def indicator_iri(ctx: Context, name: str) -> URIRef:
    """Return the IRI of the indicator ``name`` of the document's body."""
    body = ctx.doc.body.key if ctx.doc.body else "okand"
    return ctx.mint(ctx.doc.municipality, body, "nyckeltal", slug(name))


def write_indicators(ctx: Context, grid: Grid) -> None:
    """Write every row of an indicator table as an indicator with its values."""
    seen: set[URIRef] = set()
    for row in grid.rows:
        _write_row(ctx, grid, row, seen)


def _write_row(ctx: Context, grid: Grid, row: GridRow, seen: set[URIRef]) -> None:
    b = ctx.b
    iri = indicator_iri(ctx, row.label)
    b.node(iri, STYR.Indicator, row.label)
    b.add(iri, SKOS.prefLabel, sv(row.label))
    evidence = b.evidence(iri, ctx.doc.iri, row.start, row.end)
    if row.quote:
        b.graph.set((evidence, STYR.quote, sv(row.quote)))
    unit = row.unit or grid.unit
    if unit and unit in ("procent", "antal", "dagar", "arsarbetare"):
        b.add(iri, STYR.unit, code("enhet", unit))
    for col, cell in sorted(row.cells.items()):
        if cell.number is None:
            continue
        header = grid.headers[col] or f"kolumn {col + 1}"
        kind = value_kind(header)
        year = _year(header, ctx.doc.year)
        base, tail = f"{ctx.doc.iri}/nyckeltal/{slug(row.label)}", slug(header)
        value, n = URIRef(f"{base}/{tail}"), 2
        while value in seen:
            value, n = URIRef(f"{base}-{n}/{tail}"), n + 1
        seen.add(value)
        b.node(value, STYR.IndicatorValue, f"{row.label}: {header}")
        b.add(value, STYR.indicator, iri)
        b.add(value, STYR.valueKind, code("vardetyp", kind))
        if year is not None:
            b.add(value, OBEU_DIM.fiscalYear, year_iri(year))
        b.add(value, STYR.statedValue, dec(cell.number))
        evidence = b.evidence(value, ctx.doc.iri, row.start, row.end, stated_text=cell.printed)
        if row.quote:  # a line of joined rows: the row's words, not the whole line
            b.graph.set((evidence, STYR.quote, sv(row.quote)))


__all__ = ["indicator_iri", "is_indicator_table", "value_kind", "write_indicators"]
