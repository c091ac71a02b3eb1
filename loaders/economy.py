"""Economy: the tables of a document (belopp i mnkr) and the amounts its prose states.

The extractor finds a document's tables, writes them, then reads the prose around them:

* tables titled by their unit, "(belopp i mnkr)", in running text
  (:mod:`loaders.titled_tables`);
* tables laid out in columns of spaces (:mod:`loaders.tables`) or with their rows joined
  into one line (:mod:`loaders.joined_tables`), turned into the same tables
  (:mod:`loaders.economy_grids`); indicator tables among them are written by
  :mod:`loaders.indicators`;
* every table is written as a data set whose cells are ``qb:Observation``\\ s
  (:mod:`loaders.budget_observations`, :mod:`loaders.budget_sums`);
* every "<number> mnkr|tkr|kr|miljoner kronor" in the document's prose becomes a
  ``styr:StatedAmount`` with its sentence, its value converted to mnkr, its role (level,
  change, prior year) and, when unambiguous, its year, area and the table cell it
  restates (:mod:`loaders.amounts`, :mod:`loaders.stated_amounts`).
"""

from __future__ import annotations

import re

from rdflib import URIRef

from .amounts import AreaMatcher, prose_sentences, read_amounts
from .budget_observations import Written, area_iri, table_iri, write_table
from .context import Context
from .economy_grids import from_grid, layout_column
from .economy_table import MONEY, Table
from .indicators import is_indicator_table, write_indicators
from .joined_tables import find_joined_tables
from .stated_amounts import write_amount
from .tables import find_layout_tables
from .titled_tables import find_tables


def _prose_ranges(start: int, end: int, tables: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the line ranges of ``start..end`` outside the tables' spans."""
    ranges: list[tuple[int, int]] = []
    cursor = start
    for first, last in sorted(tables):
        if first > cursor:
            ranges.append((cursor, first - 1))
        cursor = max(cursor, last + 1)
    if cursor <= end:
        ranges.append((cursor, end))
    return ranges


def _sibling_areas(ctx: Context) -> dict[str, URIRef]:
    """Return the table areas of the source's budget documents (for a document without tables)."""
    areas: dict[str, URIRef] = {}
    for doc in ctx.docs:
        if doc is ctx.doc or doc.kind != "board_budget":
            continue
        tables, _ = find_tables(ctx.src, doc.start, doc.end)
        for table in tables:
            for label in [table.title, *table.subareas]:
                areas.setdefault(label.lower(), area_iri(ctx, label))
    return areas


def _layout_tables(ctx: Context, tables: list[Table]) -> tuple[list[Table], list[tuple[int, int]]]:
    """Read the document's space-aligned tables (:mod:`loaders.tables`) outside ``tables``.

    Indicator tables are written as indicators (:mod:`loaders.indicators`); the others
    become tables whose cells are written as observations (returned with the spans of the
    indicator tables, which are not prose either). A table is written only when its unit
    or its column heads are known: numbers in columns whose meaning is unknown (a table
    of contents, a chart's labels, a form's page numbers) are a note, not data. A table whose
    unit is not stated takes the money unit every other table of the document states,
    when its columns are budget phases (a note says so); else it is written without one.
    """
    doc, src = ctx.doc, ctx.src
    taken = [(t.start, t.end) for t in tables]
    lines = ((n, src.line(n).text) for n in range(doc.start, doc.end + 1))
    joined = find_joined_tables((n, t) for n, t in lines if t.strip())
    joined = [g for g in joined if not any(a <= g.start <= b for a, b in taken)]
    grids, problems = find_layout_tables(
        src, doc.start, doc.end, [*taken, *((g.start, g.end) for g in joined)]
    )
    grids = sorted([*joined, *grids], key=lambda g: g.start)
    for problem in problems:
        ctx.unparsed(problem.start, problem.end, "tabell", problem.message)
    stated = {g.unit for g in grids if g.unit_stated and g.unit in MONEY}
    stated |= {t.unit for t in tables}
    found: list[Table] = []
    spans: list[tuple[int, int]] = []
    for grid in grids:
        if not grid.unit and not any(grid.headers):
            ctx.note(grid.start, grid.end, "tabell", "numbers in columns without unit or heads")
            continue
        if is_indicator_table(grid):
            write_indicators(ctx, grid)
            spans.append((grid.start, grid.end))
            for first, last, why in grid.unread:
                ctx.unparsed(first, last, "tabell", why)
            continue
        unit = grid.unit
        phases = any(layout_column(h, grid.stub, None, True).phase for h in grid.headers)
        if unit is None and phases and len(stated) == 1:
            unit = next(iter(stated))
            ctx.note(grid.start, grid.end, "tabell", f"unit not stated; {unit} as the other tables")
        elif unit is None:
            ctx.note(grid.start, grid.end, "tabell", "unit not stated")
        title = re.sub(r"\s*\((?:belopp\s+i\s+)?(?:mnkr|tkr)\)", "", grid.title).strip()
        table = from_grid(grid, title or f"Tabell på rad {grid.start}", unit, doc.year)
        table.area = doc.body.label if doc.body else None
        for first, last, why in grid.unread:
            ctx.unparsed(first, last, "tabell", why)
        if table.rows:
            found.append(table)
    return found, spans


def extract(ctx: Context) -> None:
    """Extract every budget-table cell and every amount stated in prose."""
    doc = ctx.doc
    tables, problems = find_tables(ctx.src, doc.start, doc.end)
    layout, indicator_spans = _layout_tables(ctx, tables)
    read = [(t.start, t.end) for t in layout] + indicator_spans
    for problem in problems:  # a title the budget-table reader gave up on, read as layout
        if not any(a <= problem.start <= b for a, b in read):
            ctx.unparsed(problem.start, problem.end, "budgettabell", problem.message)
    written = Written()
    used: set[URIRef] = set()
    labels: dict[str, str] = {}
    for table in tables:
        write_table(ctx, table, table_iri(ctx, table, used), written)
        for label in [table.title, *table.subareas]:
            labels.setdefault(label.lower(), label)
    for table in layout:
        write_table(ctx, table, table_iri(ctx, table, used), written)
    area_iris = dict(written.areas)
    if not tables:
        area_iris = _sibling_areas(ctx)
        labels = {key: key for key in area_iris}
    matcher = AreaMatcher(list(labels.values()))
    by_label = {label: area_iris[key] for key, label in labels.items()}
    counters: dict[int, int] = {}
    spans = [(t.start, t.end) for t in [*tables, *layout]] + indicator_spans
    ranges = _prose_ranges(doc.start, doc.end, spans)
    for sentence in prose_sentences(ctx.src, ranges):
        for amount in read_amounts(sentence, matcher):
            counters[amount.line] = counters.get(amount.line, 0) + 1
            write_amount(ctx, amount, counters[amount.line], written, by_label)
