"""A line of a layout table: its chunks of text, its label and its number cells.

``pdftotext -layout`` keeps a table's cells apart by runs of two spaces or more, at the
horizontal place of their column. :func:`parse_line` cuts a line into those chunks
(:class:`Chunk`, with their place), its label (the text before the first number cell),
its number cells (:class:`Value`: Swedish format, "1 420,1", "-14,0", "−0,8",
"87,5 %", "-" for an empty cell) and any text after them. The tests of what a line is
(a row label, prose, a numbered section heading, a header piece standing over the
cells) are here too; :mod:`loaders.tables` assembles the lines into tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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

# --- what a label is -------------------------------------------------------------------------
#: A label ends with a word that the next line continues.
JOINING = re.compile(
    r"(?:[,\-–/&]|\b(?:och|samt|för|med|av|i|till|inom|inkl|exkl))$", re.IGNORECASE
)
#: Sentences, not labels: a full stop, or many words.
SENTENCE_END = re.compile(r"[.:;!?]$")
MAX_LABEL_WORDS = 12
#: Dot leaders: a table of contents, not a table.
LEADERS = re.compile(r"\.{4,}|(?:\. ){3,}")


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


def is_prose(line: Parsed) -> bool:
    return is_prose_text(line.text)


def is_row_label(label: str) -> bool:
    """A label is short, not a sentence, not an entry of a table of contents."""
    return (
        len(label.split()) <= MAX_LABEL_WORDS
        and not SENTENCE_END.search(label)
        and not LEADERS.search(label)
    )


def is_prose_text(text: str) -> bool:
    return len(text.split()) > MAX_LABEL_WORDS or bool(SENTENCE_END.search(text))


SECTION = re.compile(r"^\d+(?:\.\d+)+\.?$|^\d+(?:\.\d+)+\s")


def is_section(line: Parsed) -> bool:
    """Tell whether a line is a numbered section heading ("2.4.2  Resultatredovisning")."""
    return bool(line.chunks) and bool(SECTION.match(line.chunks[0].text))


def stands_over_cells(line: Parsed, label_x: int, left: int) -> bool:
    """Tell whether a text line stands over the cells: a piece right of the labels' start
    that reaches into the cells' area (a header; a caption starts with the labels)."""
    return any(c.start >= label_x + 4 and c.end > left for c in line.chunks)


class LineView:
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
