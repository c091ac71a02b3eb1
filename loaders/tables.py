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
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .source import SourceText

# --- what a cell and a line are ------------------------------------------------------------
#: Text separated by two spaces or more: one cell, or one label.
CHUNK = re.compile(r"\S+(?: \S+)*")
_NUMBER = r"[-−–]?(?:\d{1,3}(?: \d{3})+|\d+)(?:,\d+)?"
#: A number cell: "1 420,1", "-14,0", "−0,8", "87,5%", "58,6 %*" (a footnote star).
CELL = re.compile(rf"^(?P<num>{_NUMBER})(?: ?(?P<pct>%))?\*?$")
#: An empty cell printed as a dash.
DASH = frozenset({"-", "–", "−"})
YEAR = re.compile(r"^(?:19|20)\d\d$")
MINUS = "-−–"

# --- the words a caption states its unit with (the lexicon of this module) ------------------
#: unit slug (``kod:enhet``) -> how captions, stubs and labels say it; the first match wins.
UNIT_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("mnkr", re.compile(r"\b(?:mnkr|mkr|msek|miljoner\s+kronor)\b", re.IGNORECASE)),
    ("tkr", re.compile(r"\b(?:tkr|tusen(?:tals)?\s+kronor)\b", re.IGNORECASE)),
    ("mdkr", re.compile(r"\b(?:mdkr|miljarder\s+kronor)\b", re.IGNORECASE)),
    ("arsarbetare", re.compile(r"årsarbetare", re.IGNORECASE)),
    ("procent", re.compile(r"\(\s*%\s*\)|\bprocent\b|\bandel\b", re.IGNORECASE)),
    ("dagar", re.compile(r"\bdagar\b", re.IGNORECASE)),
    ("antal", re.compile(r"^antal\b", re.IGNORECASE)),
)
#: Units a line before the caption may state for the table ("Belopp i mnkr.").
STATED_BEFORE = re.compile(
    r"(?:belopp|redovisas|anges)\s+i\s+(?:mnkr|tkr|miljoner\s+kronor|tusen\s+kronor)"
    r"|\((?:belopp\s+i\s+)?(?:mnkr|tkr)\)",
    re.IGNORECASE,
)
#: A label ends with a word that the next line continues.
JOINING = re.compile(
    r"(?:[,\-–/&]|\b(?:och|samt|för|med|av|i|till|inom|inkl|exkl))$", re.IGNORECASE
)
#: Sentences, not labels: a full stop, or many words.
SENTENCE_END = re.compile(r"[.:;!?]$")
MAX_LABEL_WORDS = 12
#: Dot leaders: a table of contents, not a table.
LEADERS = re.compile(r"\.{4,}|(?:\. ){3,}")

# --- how far a table reaches -----------------------------------------------------------------
#: Blank lines (page breaks and furniture count as blank) a table may span between rows.
MAX_GAP = 6
#: Lines above the first row searched for the header and caption.
MAX_HEAD_LINES = 14
#: Caption lines at most.
MAX_CAPTION_LINES = 3


@dataclass(frozen=True)
class Chunk:
    """A run of text on one line, at characters ``start..end``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Value:
    """One number cell as printed, with its place."""

    chunk: Chunk
    number: Decimal | None  # None: a dash, an empty cell
    percent: bool

    @property
    def printed(self) -> str:
        return self.chunk.text


@dataclass(frozen=True)
class Parsed:
    """One line cut into its label, its number cells and any text after them."""

    no: int
    chunks: tuple[Chunk, ...]
    label: tuple[Chunk, ...]
    values: tuple[Value, ...]
    rest: tuple[Chunk, ...]

    @property
    def is_row(self) -> bool:
        return any(v.number is not None for v in self.values)

    @property
    def label_text(self) -> str:
        return " ".join(c.text for c in self.label)

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.chunks)


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


def parse_number(text: str) -> Decimal:
    """Return the Decimal of a printed Swedish number ("1 420,1", "−0,8", "87,5 %")."""
    cleaned = re.sub(r"[\s\u00a0\u202f\u2009%*]", "", text)
    if cleaned[:1] in MINUS:
        cleaned = "-" + cleaned[1:]
    return Decimal(cleaned.replace(",", "."))


def _value(chunk: Chunk) -> Value | None:
    if chunk.text in DASH:
        return Value(chunk, None, False)
    match = CELL.match(chunk.text)
    if match is None:
        return None
    return Value(chunk, parse_number(match.group("num")), bool(match.group("pct")))


def parse_line(no: int, text: str) -> Parsed:
    """Cut a line into chunks; the label is the text before the first number cell.

    A line whose number cells are all years ("2025  2024  2023") is a header, not a row:
    its cells stay text.
    """
    chunks = tuple(Chunk(m.start(), m.end(), m.group()) for m in CHUNK.finditer(text))
    values: list[Value] = []
    first = None
    for i, chunk in enumerate(chunks):
        value = _value(chunk)
        if value is None:
            if values:
                break
            continue
        if first is None:
            first = i
        values.append(value)
    if first is None or all(v.number is None for v in values):
        return Parsed(no, chunks, chunks, (), ())
    numbers = [v for v in values if v.number is not None]
    if all(YEAR.match(v.printed) for v in numbers) and not any(v.percent for v in numbers):
        return Parsed(no, chunks, chunks, (), ())
    after = first + len(values)
    return Parsed(no, chunks, chunks[:first], tuple(values), chunks[after:])


def _is_prose(line: Parsed) -> bool:
    return _is_prose_text(line.text)


def _is_row_label(label: str) -> bool:
    """A label is short, not a sentence, not an entry of a table of contents."""
    return (
        len(label.split()) <= MAX_LABEL_WORDS
        and not SENTENCE_END.search(label)
        and not LEADERS.search(label)
    )


# --- finding tables ---------------------------------------------------------------------------
class _View:
    """The parsed non-blank lines of a range (furniture reads as blank)."""

    def __init__(self, src: SourceText, start: int, end: int) -> None:
        self.start, self.end = start, end
        self.lines: dict[int, Parsed] = {}
        for no in range(start, end + 1):
            line = src.line(no)
            if not line.blank:
                self.lines[no] = parse_line(no, line.text.replace("\f", " "))

    def get(self, no: int) -> Parsed | None:
        return self.lines.get(no)


def find_layout_tables(
    src: SourceText, start: int, end: int, taken: Iterable[tuple[int, int]] = ()
) -> tuple[list[Grid], list[Problem]]:
    """Find every space-aligned table in lines ``start..end``, outside the ``taken`` spans."""
    view = _View(src, start, end)
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
        and _is_row_label(label)
        and not label[:1].islower()
        and not any(_is_prose_text(c.text) for c in line.rest)
    )


def _is_prose_text(text: str) -> bool:
    return len(text.split()) > MAX_LABEL_WORDS or bool(SENTENCE_END.search(text))


def _rows_from(view: _View, first: int) -> list[Parsed]:
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
            if not _is_row_label(line.label_text) or any(_is_prose_text(c.text) for c in line.rest):
                break
            if gap > 1 and min(v.chunk.start for v in line.values) < left - 12:
                break
            lines.append(line)
            left = min(left, *(v.chunk.start for v in line.values))
            side = bool(line.rest)
        else:
            reaches = _reaches(line, label_x, left)
            if reaches and side:
                no += 1
                continue
            if _is_prose(line) or _is_section(line):
                break
            if reaches:
                break  # a header: a new table starts here
            lines.append(line)
        gap = 0
        no += 1
    while lines and not lines[-1].is_row:
        lines.pop()
    return lines


SECTION = re.compile(r"^\d+(?:\.\d+)+\.?$|^\d+(?:\.\d+)+\s")


def _is_section(line: Parsed) -> bool:
    """Tell whether a line is a numbered section heading ("2.4.2  Resultatredovisning")."""
    return bool(line.chunks) and bool(SECTION.match(line.chunks[0].text))


def _reaches(line: Parsed, label_x: int, left: int) -> bool:
    """Tell whether a text line stands over the cells: a piece right of the labels' start
    that reaches into the cells' area (a header; a caption starts with the labels)."""
    return any(c.start >= label_x + 4 and c.end > left for c in line.chunks)


def _is_table(lines: list[Parsed]) -> bool:
    """A table has labelled rows; label-less number lines alone are a chart's axis."""
    rows = [ln for ln in lines if ln.is_row]
    labelled = [ln for ln in rows if ln.label]
    return bool(labelled) and len(labelled) * 2 >= len(rows)


@dataclass(frozen=True)
class Columns:
    """Where the columns stand: the mean centre of each column's cells in the fullest rows.

    ``pdftotext -layout`` places text in proportion to the page, so a column's cells
    wander by a few characters from row to row; the rows with the most cells give each
    column's centre, and a sparser row's cells go to the nearest columns in order.
    """

    centres: tuple[float, ...]

    @property
    def reach(self) -> float:
        """How far from a centre a header piece may stand and still head that column."""
        steps = [b - a for a, b in zip(self.centres, self.centres[1:], strict=False)]
        return 0.75 * min(steps) if steps else 12.0

    def place(self, values: tuple[Value, ...]) -> list[int] | None:
        """Return the column of each value, in order, nearest to the centres (None: too many)."""
        k, m = len(self.centres), len(values)
        if m > k:
            return None
        if m == k:
            return list(range(k))
        at = [(v.chunk.start + v.chunk.end) / 2 for v in values]
        inf = float("inf")
        # cost[i][j]: best cost placing values[:i] in columns[:j]
        cost = [[inf] * (k + 1) for _ in range(m + 1)]
        cost[0] = [0.0] * (k + 1)
        for i in range(1, m + 1):
            for j in range(i, k + 1):
                cost[i][j] = min(
                    cost[i][j - 1], cost[i - 1][j - 1] + abs(at[i - 1] - self.centres[j - 1])
                )
        placed: list[int] = []
        i, j = m, k
        while i > 0:
            if cost[i][j] == cost[i][j - 1] and j > i:
                j -= 1
            else:
                placed.append(j - 1)
                i, j = i - 1, j - 1
        return placed[::-1]

    def nearest(self, chunk: Chunk) -> int | None:
        """Return the column whose centre is nearest ``chunk``'s, within :attr:`reach`."""
        centre = (chunk.start + chunk.end) / 2
        distance, col = min((abs(centre - c), i) for i, c in enumerate(self.centres))
        return col if distance <= self.reach else None


def _columns(rows: list[Parsed]) -> Columns | None:
    """Find the columns of ``rows``; None when the fullest rows disagree on where they are."""
    k = max(len(r.values) for r in rows)
    full = [r for r in rows if len(r.values) == k]
    centres = tuple(
        sum((r.values[j].chunk.start + r.values[j].chunk.end) / 2 for r in full) / len(full)
        for j in range(k)
    )
    columns = Columns(centres)
    for row in full:
        for j, value in enumerate(row.values):
            if columns.nearest(value.chunk) != j:
                return None
    return columns


def _read(view: _View, lines: list[Parsed], floor: int) -> tuple[Grid | None, Problem | None]:
    """Read the header above ``lines`` and turn the lines into a grid."""
    rows = [ln for ln in lines if ln.is_row]
    first, last = lines[0].no, lines[-1].no
    columns = _columns(rows)
    if columns is None:
        return None, Problem(first, last, "table cells do not fall into columns")
    left = min(v.chunk.start for r in rows for v in r.values)
    label_x = min((c.start for r in rows for c in r.label), default=left)
    head, caption, pre = _head(view, first, floor, label_x, left)
    top = min([first, *(ln.no for ln in head)])
    if not caption:
        caption = _section_above(view, top, floor)
    headers = [""] * len(columns.centres)
    stub: list[str] = []
    for line in head:
        for chunk in line.chunks:
            if chunk.end <= left and chunk.start < label_x + 4:
                stub.append(chunk.text)
                continue
            col = columns.nearest(chunk)
            if col is not None:
                headers[col] = _join_head(headers[col], chunk.text)
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


def _section_above(view: _View, no: int, floor: int) -> list[Parsed]:
    """Return the numbered section heading a few lines above ``no`` (a caption-less table)."""
    for n in range(no - 1, max(floor, no - MAX_HEAD_LINES) - 1, -1):
        line = view.get(n)
        if line is not None and line.is_row:
            break
        if line is not None and _is_section(line) and not _is_prose(line):
            return [line]
    return []


def _join_head(head: str, piece: str) -> str:
    """Join a column head's pieces; a lone letter finishes a word broken at the edge."""
    if not head:
        return piece
    if len(piece) == 1 and piece.isalpha() and piece.islower() and head[-1].isalpha():
        return head + piece
    if head.endswith("-") and piece[:1].islower():
        return head[:-1] + piece
    return f"{head} {piece}"


def _head(
    view: _View, first: int, floor: int, label_x: int, left: int
) -> tuple[list[Parsed], list[Parsed], list[Parsed]]:
    """Return the header lines, the caption lines and the text lines between header and rows.

    Bottom up from the first row: text lines right above it (no blank between) open the
    rows (a sub-heading); then the header, up to the last line that reaches over the
    columns and the stub lines above it indented as the row labels; then the caption.
    """
    above: list[Parsed | None] = []
    for no in range(first - 1, max(floor, first - MAX_HEAD_LINES) - 1, -1):
        line = view.get(no)
        if line is not None and (line.is_row or _is_prose(line)):
            break
        above.append(line)
        if line is not None and _is_section(line):
            break

    def reaches(line: Parsed | None) -> bool:
        return line is not None and not _is_section(line) and _reaches(line, label_x, left)

    i = 0
    pre: list[Parsed] = []
    while i < len(above) and above[i] is not None and not reaches(above[i]):
        pre.insert(0, above[i])  # type: ignore[arg-type]
        i += 1
    top, blanks = None, 0
    for k in range(i, len(above)):
        if above[k] is None:
            blanks += 1
            if blanks > 1:
                break
        else:
            blanks = 0
            if reaches(above[k]):
                top = k
    head: list[Parsed] = []
    if top is not None:
        head = [ln for ln in above[i : top + 1] if ln is not None][::-1]
        k = top + 1
        while (
            k < len(above)
            and (ln := above[k]) is not None
            and ln.chunks[0].start >= label_x
            and ln.chunks[-1].end <= left
            and not _is_section(ln)
        ):
            head.insert(0, ln)
            k += 1
    elif pre:  # no header: the text right above the rows is the caption
        return [], pre[-MAX_CAPTION_LINES:], []
    else:
        k = i
    caption: list[Parsed] = []
    if k < len(above) and above[k] is None:
        k += 1
    while k < len(above) and (ln := above[k]) is not None and len(caption) < MAX_CAPTION_LINES:
        if reaches(ln):
            break
        caption.insert(0, ln)
        k += 1
    return head, caption, pre


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


def unit_in(text: str) -> str | None:
    """Return the unit slug ``text`` states, if any."""
    for unit, pattern in UNIT_WORDS:
        if pattern.search(text):
            return unit
    return None


def _unit(grid: Grid, view: _View, caption_start: int) -> None:
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
    "Value",
    "find_layout_tables",
    "parse_line",
    "parse_number",
    "unit_in",
]
