"""Economy tables from layout grids: what a column head means, and a grid as a table.

Tables of real reports are read by their layout: :mod:`loaders.tables` (columns of
spaces, ``pdftotext -layout``) and :mod:`loaders.joined_tables` (rows joined into one
line) give grids whose cells :func:`from_grid` turns into the tables
:mod:`loaders.titled_tables` reads, written by the same writer: a column head's phase
and year are read by :func:`layout_column`, a deviation column has none, and a table
of per cent, counts, days or full-time equivalents keeps its numbers and states its
unit.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .economy_table import HEAD_YEAR, MONEY, PHASES, PRIOR_HEAD, Column, Row, Table
from .tables import Grid

# --- Swedish words matched in the source -------------------------------------------------
#: column heads of layout tables: a deviation (no budget phase)
DEVIATION_HEAD = re.compile(r"\b(?:avvik|förändr|diff|differens)", re.IGNORECASE)


def layout_column(header: str, context: str, year: int | None, money: bool) -> Column:
    """Read what a layout table's column head means: its budget phase and its year.

    The phase is the first phase word of the head ("Utfall", "Budget", "Prognos aug",
    "Bokslut 2025"), else of the ``context`` (the table's stub, "Utfall perioden jämfört
    med …"); a deviation ("Avvikelse", "Förändring") has none, nor has a column of a table
    that is not money. The year is the one year the head names, else the report's year
    (the year before for "fg år", "föregående år").
    """
    years = set(HEAD_YEAR.findall(header))
    found = int(years.pop()) if len(years) == 1 else None
    if found is None and year is not None and not years:
        found = year - 1 if PRIOR_HEAD.search(header) else year
    phase = None
    if money and not DEVIATION_HEAD.search(header):
        for text in (header, context):
            words = [w for w in re.findall(r"[a-zåäö]+", text.lower()) if len(w) > 3]
            phase = next((PHASES[k] for w in words for k in PHASES if w.startswith(k)), None)
            if phase:
                break
    return Column(header, phase, found)


def from_grid(grid: Grid, title: str, unit: str | None, year: int | None) -> Table:
    """Return a layout table as a :class:`Table` whose rows keep the column of each cell."""
    money = unit in MONEY
    columns = [
        layout_column(head, grid.stub, year, money)
        if head
        else Column(f"kolumn {i + 1}", None, None)
        for i, head in enumerate(grid.headers)
    ]
    table = Table(title, grid.caption or title, unit or "", grid.start, grid.end, columns)
    table.layout = True
    for row in grid.rows:
        cols = tuple(sorted(c for c, v in row.cells.items() if not v.percent or unit == "procent"))
        if len(cols) < len(row.cells):
            why = f"per cent cells of row {row.label!r} in a table of {unit}"
            grid.unread.append((row.start, row.end, why))
        if not cols:
            continue
        printed = [row.cells[c].printed for c in cols]
        values = [row.cells[c].number or Decimal(0) for c in cols]
        area = row.area or title
        if row.area:
            table.subareas.setdefault(row.area, row.start)
        table.rows.append(
            Row(area, row.label, printed, values, row.start, row.end, cols, row.quote)
        )
    return table
