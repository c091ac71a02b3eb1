"""Read tables laid out with spaces: the columns of ``pdftotext -layout`` text.

A report's tables reach us as lines whose cells are separated by runs of two spaces or
more, at the horizontal place of their column::

    Resultatredovisning i sammandrag                              <- caption
                                        Prognos     Utfall fg     <- header, over lines
      Belopp i mnkr    Utfall   Budget  Avvikelse                 <- stub and header
                                          aug          år
      Intäkter        1 420,1  1 434,1      -14,0  1 442,7  1 341,8   <- row
      Kommuninterna                                             <- label wrapped around
                            0        0          0        0        0
      bidrag

:func:`find_layout_tables` reads them by their geometry alone, never by a document's
wording: a *row* is a label and number cells (Swedish format: "1 420,1", "-14,0",
"−0,8", "87,5 %", "-" for an empty cell); the *columns* are where the cells of the rows
stand (cells that overlap across rows are one column), so a sparse row's cell lands in
its own column; the *header* is the lines above the first row that reach over the
columns, each piece joined to the column it stands over (a head broken over lines,
"Prognos" / "aug", is read top to bottom); the *caption* is the short lines just above
the header; a text line between rows is a label's continuation (it starts in lower
case, or the label above ends with a comma or a joining word) or a sub-heading (rows
follow it). A table ends at prose, at a new header, or after a wide gap.

The *unit* is the one the caption, the header's stub or the line before the caption
states ("(mnkr)", "Belopp i mnkr", "miljoner kronor", "tkr", "årsarbetare", "(%)"), else
the one every cell or every row label shows ("%"). A row of numbers without a label and
without one wrapped around it is a chart's axis, not a table row: such runs are not
tables. A table whose cells cannot be put in columns is returned as a :class:`Problem`
with its lines, never dropped.

What the columns and rows mean (budget phase, year, indicator) is decided by the
readers that use these tables: :mod:`loaders.economy` and :mod:`loaders.indicators`.

A line is cut into its label and cells by :mod:`loaders.table_lines`, the columns are
found by :mod:`loaders.table_columns`, and the header, caption and unit words are
:mod:`loaders.table_heads`'.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .source import SourceText
from .table_columns import Columns, find_columns
from .table_heads import STATED_BEFORE, join_head, read_head, section_above, unit_in
from .table_lines import (
    JOINING,
    LineView,
    Parsed,
    Value,
    is_prose,
    is_prose_text,
    is_row_label,
    is_section,
    stands_over_cells,
)

# --- how far a table reaches -----------------------------------------------------------------
#: Blank lines (page breaks and furniture count as blank) a table may span between rows.
MAX_GAP = 6


@dataclass
class GridRow:
    """One row: its label, its sub-heading (``area``) and its cells by column."""

    label: str
    area: str | None
    start: int
    end: int
    cells: dict[int, Value]
    unit: str | None = None  # the unit the row label states ("(%)", "Antal årsarbetare")
    quote: str | None = None  # the row's own words, when its line holds other rows too


@dataclass
class Grid:
    """A table read from layout text: caption, header per column, rows, unit."""

    caption: str
    stub: str
    start: int
    end: int
    headers: list[str]
    rows: list[GridRow] = field(default_factory=list)
    unit: str | None = None
    unit_stated: bool = False  # the caption, stub or the line before states the unit
    #: Rows or cells that could not be read: (first line, last line, why), for the report.
    unread: list[tuple[int, int, str]] = field(default_factory=list)
    joined: bool = False  # rows joined into one line (:mod:`loaders.joined_tables`)

    @property
    def title(self) -> str:
        return self.caption or self.stub


@dataclass(frozen=True)
class Problem:
    """Lines of a table that could not be read."""

    start: int
    end: int
    message: str


def find_layout_tables(
    src: SourceText, start: int, end: int, taken: Iterable[tuple[int, int]] = ()
) -> tuple[list[Grid], list[Problem]]:
    """Find every space-aligned table in lines ``start..end``, outside the ``taken`` spans."""
    view = LineView(src, start, end)
    busy = {n for a, b in taken for n in range(a, b + 1)}
    grids: list[Grid] = []
    problems: list[Problem] = []
    floor = start
    no = start
    while no <= end:
        line = view.get(no)
        if line is None or no in busy or not _opens_table(line):
            no += 1
            continue
        rows = _rows_from(view, no)
        if not _is_table(rows):  # numbers without labels: a chart, passed over whole
            no = rows[-1].no + 1
            continue
        grid, problem = _read(view, rows, floor)
        if problem is not None:
            problems.append(problem)
        elif grid is not None:
            grids.append(grid)
        last = rows[-1].no
        floor, no = last + 1, last + 1
    return grids, problems


def _opens_table(line: Parsed) -> bool:
    """Tell whether a line can be a table's first row: a row whose label is not the middle
    of a sentence (lower case) and whose text after the cells is not a sentence."""
    label = line.label_text
    return (
        line.is_row
        and is_row_label(label)
        and not label[:1].islower()
        and not any(is_prose_text(c.text) for c in line.rest)
    )


def _rows_from(view: LineView, first: int) -> list[Parsed]:
    """Return the lines of the table whose first row is ``first``: rows and text between.

    Text lines are kept while rows follow (the last ones are dropped again); the table
    ends at prose, at a line that reaches over the cells (a new header), at a row whose
    cells stand left of the table's (after a gap) or after :data:`MAX_GAP` blank lines.
    """
    lines = [view.lines[first]]
    left = min(v.chunk.start for v in lines[0].values)
    label_x = min((c.start for c in lines[0].label), default=left)
    gap = 0
    side = bool(lines[0].rest)  # the lines go on in a text column right of the cells
    no = first + 1
    while no <= view.end:
        line = view.get(no)
        if line is None:
            gap += 1
            side = False
            if gap > MAX_GAP:
                break
            no += 1
            continue
        if line.is_row:
            if not is_row_label(line.label_text) or any(is_prose_text(c.text) for c in line.rest):
                break
            if gap > 1 and min(v.chunk.start for v in line.values) < left - 12:
                break
            lines.append(line)
            left = min(left, *(v.chunk.start for v in line.values))
            side = bool(line.rest)
        else:
            reaches = stands_over_cells(line, label_x, left)
            if reaches and side:
                no += 1
                continue
            if is_prose(line) or is_section(line):
                break
            if reaches:
                break  # a header: a new table starts here
            lines.append(line)
        gap = 0
        no += 1
    while lines and not lines[-1].is_row:
        lines.pop()
    return lines


def _is_table(lines: list[Parsed]) -> bool:
    """A table has labelled rows; label-less number lines alone are a chart's axis."""
    rows = [ln for ln in lines if ln.is_row]
    labelled = [ln for ln in rows if ln.label]
    return bool(labelled) and len(labelled) * 2 >= len(rows)


def _read(view: LineView, lines: list[Parsed], floor: int) -> tuple[Grid | None, Problem | None]:
    """Read the header above ``lines`` and turn the lines into a grid."""
    rows = [ln for ln in lines if ln.is_row]
    first, last = lines[0].no, lines[-1].no
    columns = find_columns(rows)
    if columns is None:
        return None, Problem(first, last, "table cells do not fall into columns")
    left = min(v.chunk.start for r in rows for v in r.values)
    label_x = min((c.start for r in rows for c in r.label), default=left)
    head, caption, pre = read_head(view, first, floor, label_x, left)
    top = min([first, *(ln.no for ln in head)])
    if not caption:
        caption = section_above(view, top, floor)
    headers = [""] * len(columns.centres)
    stub: list[str] = []
    for line in head:
        for chunk in line.chunks:
            if chunk.end <= left and chunk.start < label_x + 4:
                stub.append(chunk.text)
                continue
            col = columns.nearest(chunk)
            if col is not None:
                headers[col] = join_head(headers[col], chunk.text)
    start = min([first, *(ln.no for ln in head), *(ln.no for ln in caption)])
    grid = Grid(
        caption=" ".join(ln.text for ln in caption),
        stub=" ".join(stub),
        start=start,
        end=last,
        headers=headers,
    )
    _fill(grid, [*pre, *lines], columns)
    if not grid.rows:
        return None, Problem(start, last, "table rows without labels")
    _unit(grid, view, caption[0].no if caption else start)
    return grid, None


def _fill(grid: Grid, lines: list[Parsed], columns: Columns) -> None:
    """Turn row and text lines into rows with labels, continuations and sub-headings."""
    area: str | None = None
    waiting: list[Parsed] = []  # text lines not yet placed: a heading or a label's start
    previous: GridRow | None = None
    for i, line in enumerate(lines):
        if line.is_row:
            label = line.label_text
            start = line.no
            if waiting and (not label or label[:1].islower()):
                start = waiting[-1].no
                label = _join_label(waiting.pop().text, label)
            if waiting:
                area = " ".join(w.text for w in waiting)
                waiting = []
            cells: dict[int, Value] = {}
            placed = columns.place(line.values) or []
            for col, value in zip(placed, line.values, strict=False):
                if value.number is not None:
                    cells[col] = value
            previous = GridRow(label, area, start, line.no, cells)
            grid.rows.append(previous)
            continue
        text = line.text
        adjacent = previous is not None and previous.end == line.no - 1 and not waiting
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        bullet_next = nxt is not None and nxt.is_row and nxt.label_text[:1] in "-–•"
        heading = text.isupper() and len(text) > 4 and text[:1] != "("
        opens_next = (
            nxt is not None
            and nxt.is_row
            and nxt.no == line.no + 1
            and (not nxt.label or nxt.label_text[:1].islower())
        )
        if (
            previous is not None
            and adjacent
            and not heading
            and not bullet_next
            and not (opens_next)
            and (
                text[:1].islower()
                or text[:1] == "("
                or JOINING.search(previous.label)
                or len(text.split()) <= 3
                or not previous.label
            )
        ):
            previous.label = _join_label(previous.label, text)
            previous.end = line.no
            continue
        waiting.append(line)
    for row in grid.rows:
        row.label = " ".join(row.label.split())
        if not row.label:
            grid.unread.append((row.start, row.end, "table row without a label"))
    grid.rows = [r for r in grid.rows if r.label]


def _join_label(label: str, more: str) -> str:
    """Join a label and its next line: "IT-" and "utrustning" is "IT-utrustning"."""
    if not label:
        return more
    if not more:
        return label
    if label.endswith("-") and more[:1].islower() and not JOINING.search(f" {more.split()[0]}"):
        return label + more
    return f"{label} {more}"


def _unit(grid: Grid, view: LineView, caption_start: int) -> None:
    """Find the table's unit: stated by the caption, stub or line before, else by its cells."""
    for text in (grid.caption, grid.stub, *grid.headers):
        found = unit_in(text)
        if found:
            grid.unit, grid.unit_stated = found, True
            break
    if grid.unit is None:
        for no in range(caption_start - 1, max(view.start, caption_start - 3) - 1, -1):
            line = view.get(no)
            if line is not None and STATED_BEFORE.search(line.text):
                grid.unit, grid.unit_stated = unit_in(line.text), True
                break
    for row in grid.rows:
        row.unit = unit_in(row.label)
        cells = list(row.cells.values())
        if cells and all(v.percent for v in cells):
            row.unit = "procent"
    if grid.unit is None:
        units = {r.unit for r in grid.rows}
        if len(units) == 1:
            grid.unit = units.pop()


__all__ = [
    "Grid",
    "GridRow",
    "Problem",
    "find_layout_tables",
]
