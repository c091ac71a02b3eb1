"""Read table rows an extraction joined into one long line.

Some extractions (the council's handlings in the corpus) keep a table's cells apart by
runs of spaces but join its rows, and often its header, into one line::

    Nämnderna      101     -184     9     0     997 Kommuncentrala poster    -37 …
    Bostad med särskild    51    59    110 service vuxna Korttidsvistelse utanför    6 …
    Göteborg Stadshus AB      3 200 mnkr Göteborg Energi koncern      10 200 mnkr …

:func:`joined_rows` cuts such a line into its rows: a label, then a run of number cells
("-" is an empty cell). The text between two runs holds the end of the row label
before (it goes on in lower case, or in capitals after a label in capitals: "service
vuxna", "NÄMNDER") and then the next row's label; text before the first label that
stands apart by wide spaces is the header or the caption. Cells are placed by their
order, so only runs as long as the table's (the most common run length) are rows; a
shorter run is left to the load report. The column heads are a run of years in the
line ("2024p  2025  2026"), else the previous line when it has exactly one short head
per column ("Kvinnor  Män  Totalt …", after a stub perhaps), else they are not known.
The unit is the one the caption in the line, the line before ("Belopp i mnkr", or a
short caption naming a money unit) or every cell ("3 200 mnkr") states.

A line is read this way only when it holds two rows or more: one label and numbers is
the layout reader's (:mod:`loaders.tables`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .table_heads import STATED_BEFORE, unit_in
from .table_lines import CHUNK, JOINING, LEADERS, Chunk, Value, parse_number
from .tables import Grid, GridRow

#: A number cell; a run of more than six digits is an identifier (a plan or a case), not
#: a figure, which prints its thousands apart.
_NUMBER = r"[-−–]?(?:\d{1,3}(?: \d{3})+|\d{1,6})(?:,\d+)?(?: ?%)?"
#: A chunk: an optional number (and its unit) that ends the row before, text, and an
#: optional number that starts the next row's cells.
PIECE = re.compile(
    rf"^(?:(?P<lead>{_NUMBER})(?: (?P<unit>mnkr|tkr|kr))?(?: |$))?(?P<text>.*?)"
    rf"(?:(?:^| )(?P<trail>{_NUMBER}))?$"
)
CELL = re.compile(rf"^(?P<num>{_NUMBER})(?: (?P<unit>mnkr|tkr|kr))?\*?$")
#: A column head that is a year, a forecast year ("2024p") among them.
HEAD_YEAR = re.compile(r"^(?:19|20)\d\dp?$")
DASH = frozenset({"-", "–", "−"})
#: A label is at most this many words; longer text before a label is a header or prose.
LABEL_WORDS = 12
#: Heads on the line before: at most this many words each.
HEAD_WORDS = 4
#: A caption on the line before: at most this many words (more is prose).
CAPTION_WORDS = 16
MONEY_UNITS = frozenset({"mnkr", "tkr", "mdkr"})


@dataclass
class _Segment:
    text: list[str]  # text chunks before the cells
    cells: list[Value]
    unit: str | None = None


def _pieces(text: str) -> list[tuple[str, str | Value]]:
    """Return the line as ("T", text), ("N", value) and ("Y", year head) pieces."""
    out: list[tuple[str, str | Value]] = []
    for m in CHUNK.finditer(text):
        chunk = Chunk(m.start(), m.end(), m.group())
        whole = CELL.match(chunk.text)
        if chunk.text in DASH:
            out.append(("N", Value(chunk, None, False)))
        elif HEAD_YEAR.match(chunk.text):
            out.append(("Y", chunk.text))
        elif whole:
            out.append(("N", _value(chunk, whole.group("num"), whole.group("unit"))))
            if whole.group("unit"):
                out.append(("U", whole.group("unit")))
        else:
            piece = PIECE.match(chunk.text)
            if piece is None:  # pragma: no cover - the pattern matches any text
                out.append(("T", chunk.text))
                continue
            lead = piece.group("lead")
            if lead and HEAD_YEAR.match(lead) and out and out[-1][0] == "Y":
                out.append(("Y", lead))  # the last year head, joined with the first label
            elif lead:
                out.append(("N", _value(chunk, lead, piece.group("unit"))))
                if piece.group("unit"):
                    out.append(("U", piece.group("unit")))
            if piece.group("text"):
                out.append(("T", piece.group("text")))
            if piece.group("trail"):
                out.append(("N", _value(chunk, piece.group("trail"))))
    return out


def _value(chunk: Chunk, number: str, unit: str | None = None) -> Value:
    """Return a cell; it is printed with the unit that follows it ("27 214 kr")."""
    printed = f"{number} {unit}" if unit else number
    return Value(Chunk(chunk.start, chunk.end, printed), parse_number(number), "%" in number)


def _segments(pieces: list[tuple[str, str | Value]]) -> tuple[list[_Segment], list[str]]:
    """Group pieces into (text, cells) segments; return them and the year heads seen.

    Text after the last cells is a last segment without cells (the last label may go on
    in it)."""
    segments: list[_Segment] = []
    years: list[str] = []
    text: list[str] = []
    for kind, item in pieces:
        if kind == "Y":
            if segments and not text:
                years = []
            years.append(str(item))
            continue
        if kind == "T":
            text.append(str(item))
        elif kind == "U" and segments:
            segments[-1].unit = str(item)
        elif kind == "N" and isinstance(item, Value):
            if text or not segments:
                segments.append(_Segment(text, []))
                text = []
            segments[-1].cells.append(item)
    if text:
        segments.append(_Segment(text, []))
    return segments, years


def _split(text: str, previous: str) -> tuple[str, str]:
    """Split the text between two runs into the end of the label before and the next label.

    The label before goes on while the words are in lower case or in parentheses, in
    capitals after a label in capitals, and for one word after a label that ends with a
    joining word or sign ("Turism, Kultur &" / "Evenemang").
    """
    words = text.split()
    capitals = previous.isupper() and bool(previous)
    i = 0
    if previous and JOINING.search(previous) and len(words) > 1:
        i = 1
    while i < len(words) and (
        words[i][:1].islower()
        or words[i][:1] == "("
        or words[i] in DASH
        or (capitals and words[i].isupper())
    ):
        i += 1
    return " ".join(words[:i]), " ".join(words[i:])


def joined_rows(
    no: int, text: str, before: str | None, least: int = 2, width: int | None = None
) -> Grid | None:
    """Read a line of joined rows (see the module); None when it is not one.

    ``before`` is the previous non-blank line, which may hold the column heads. A line
    that goes on with a table just above may hold fewer rows (``least``) as long as it
    has the table's ``width``.
    """
    segments, years = _segments(_pieces(text))
    after = segments.pop() if segments and not segments[-1].cells else None
    segments = [s for s in segments if s.text and s.cells]
    if len(segments) < least:
        return None
    k = width or Counter(len(s.cells) for s in segments).most_common(1)[0][0]
    if sum(len(s.cells) == k for s in segments) < least:
        return None
    grid = Grid(caption="", stub="", start=no, end=no, headers=_heads(k, years, before))
    grid.joined = True
    previous: GridRow | None = None
    skipped: list[str] = []
    for i, segment in enumerate(segments):
        chunks = segment.text
        if i == 0:
            head, label = chunks[:-1], chunks[-1]
            tail, label = _split(label, "")
            grid.caption = " ".join([*head, tail]).strip()
        else:
            tail, label = _split(" ".join(chunks), previous.label if previous else "")
            if previous is not None and tail:
                _go_on(previous, tail)
        if not label or len(label.split()) > LABEL_WORDS:
            return None
        if len(segment.cells) != k or not _is_label(label) or _years_only(segment.cells):
            skipped.append(label)
            previous = None
            continue
        cells = {c: v for c, v in enumerate(segment.cells) if v.number is not None}
        quote = " ".join([label, *(v.printed for v in segment.cells)])
        previous = GridRow(label, None, no, no, cells, segment.unit, quote)
        grid.rows.append(previous)
    if previous is not None and after is not None:
        tail, _ = _split(" ".join(after.text), previous.label)
        if tail:
            _go_on(previous, tail)
    if len(grid.rows) < least:
        return None
    if skipped:
        why = f"joined rows whose cells do not fill the {k} columns: {', '.join(skipped)}"
        grid.unread.append((no, no, why))
    units = {r.unit for r in grid.rows}
    figures = [v for r in grid.rows for v in r.cells.values()]
    grid.unit = (
        unit_in(grid.caption)
        or ("procent" if figures and all(v.percent for v in figures) else None)
        or _unit_before(before)
        or (units.pop() if len(units) == 1 else None)
    )
    grid.unit_stated = grid.unit is not None
    return grid


def _unit_before(before: str | None) -> str | None:
    """Return the unit the line before states: "(belopp i mnkr)" anywhere in it, or a money
    unit in a caption ("Ekonomiska prioriteringar i urval, tkr 2025")."""
    if not before:
        return None
    stated = STATED_BEFORE.search(before)
    if stated:
        return unit_in(stated.group())
    unit = unit_in(before)
    return unit if unit in MONEY_UNITS and len(before.split()) <= CAPTION_WORDS else None


def _is_head(text: str) -> bool:
    """A column head is a few words, not a number."""
    return len(text.split()) <= HEAD_WORDS and _is_label(text)


def _go_on(row: GridRow, tail: str) -> None:
    """Add the end of a row's label: "Göteborg-" and "Borås" is "Göteborg-Borås"."""
    glue = "" if row.label.endswith("-") and tail[:1].isupper() else " "
    row.label = f"{row.label}{glue}{tail}"
    if row.quote:
        row.quote = f"{row.quote} {tail}"


def _is_label(label: str) -> bool:
    """A row label has a word (a chart's axis has only numbers) and no dot leaders (a
    table of contents)."""
    return bool(re.search(r"[A-Za-zÅÄÖåäö]{2}", label)) and not LEADERS.search(label)


def _years_only(cells: list[Value]) -> bool:
    """Cells that are all years are a header or an axis, not figures."""
    years = [v for v in cells if v.number is not None]
    return bool(years) and all(re.fullmatch(r"(?:19|20)\d\d", v.printed) for v in years)


def _heads(k: int, years: list[str], before: str | None) -> list[str]:
    if len(years) == k:
        return years
    if before:
        heads = [m.group() for m in CHUNK.finditer(before)]
        if len(heads) == k + 1:  # the first is the stub ("Belopp i mnkr")
            heads = heads[1:]
        elif k == 1:  # one piece of text above one column is a caption, not a head
            heads = []
        if len(heads) == k and all(_is_head(h) for h in heads):
            return heads
    return [""] * k


def find_joined_tables(lines: Iterable[tuple[int, str]]) -> list[Grid]:
    """Read every line of joined rows among ``lines`` (number and text, non-blank, in order)."""
    grids: list[Grid] = []
    before: str | None = None
    for no, text in lines:
        if "  " in text:
            found = joined_rows(no, text, before)
            last = grids[-1] if grids else None
            if found is None and last is not None and no - last.end <= GOES_ON_WITHIN:
                found = joined_rows(no, text, before, least=1, width=len(last.headers))
            if found is not None:
                if last is not None and _goes_on(last, found):
                    _inherit(found, last)
                grids.append(found)
        before = text
    return grids


#: A table goes on in a line this close to its last line.
GOES_ON_WITHIN = 4


def _goes_on(first: Grid, then: Grid) -> bool:
    """Tell whether ``then`` continues ``first``: close after it, with as many columns."""
    return then.start - first.end <= GOES_ON_WITHIN and len(then.headers) == len(first.headers)


def _inherit(grid: Grid, before: Grid) -> None:
    """Give a table's continuation what the part before states: unit, heads and caption."""
    if grid.unit is None and before.unit is not None:
        grid.unit, grid.unit_stated = before.unit, before.unit_stated
    if not any(grid.headers):
        grid.headers = list(before.headers)
    grid.caption = grid.caption or before.caption


__all__ = ["find_joined_tables", "joined_rows"]
