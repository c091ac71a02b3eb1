"""A source file read into numbered, repaired lines, its paragraphs and its reading order.

Line numbers are those an editor or ``grep -n`` shows; a form feed starts a page without
starting a line. The layout found in the lines (page furniture, read as blank lines; two
columns, read one after the other) is :mod:`loaders.layout`'s. A file is read into a
:class:`SourceText` by :func:`loaders.source_reader.read_source`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import layout
from .textrepair import collapse, join_lines, nfc, repair_line


@dataclass(frozen=True)
class Line:
    """One line of the source, numbered from 1, with its page.

    ``column`` is 0 for a whole line; in a two-column region (:meth:`SourceText.reading_order`)
    a line is read as its left part (1) and its right part (2), each with the line's number.
    """

    no: int
    raw: str
    text: str
    page: int
    column: int = 0

    @property
    def blank(self) -> bool:
        return not self.text.strip()


class LineSpan:
    """Mixin for anything made of source lines: its first and last line number."""

    lines: Sequence[Line]

    @property
    def start(self) -> int:
        return self.lines[0].no

    @property
    def end(self) -> int:
        return self.lines[-1].no


@dataclass(frozen=True)
class Block(LineSpan):
    """A paragraph: a run of non-blank lines."""

    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return join_lines([ln.text for ln in self.lines])

    @property
    def first(self) -> str:
        return self.lines[0].text.strip()

    def split_before(self, pattern: re.Pattern[str]) -> list[Block]:
        """Split where a later line matches ``pattern`` (a heading with no blank line above)."""
        cuts = [0] + [i for i, ln in enumerate(self.lines) if i and pattern.match(ln.text.strip())]
        ends = [*cuts[1:], len(self.lines)]
        return [Block(self.lines[a:b]) for a, b in zip(cuts, ends, strict=True)]


@dataclass
class SourceText:
    """A source file read into lines.

    ``pages_exact`` is true when the pages are the document's own: a PDF, or text with form
    feeds (``pdftotext``). ``furniture`` holds the numbers of the lines that are page
    furniture (running headers and footers, page numbers: :func:`loaders.layout.find_furniture`);
    :func:`loaders.source_reader.read_source` reads them as blank lines (``text`` empty,
    ``raw`` kept), so no extractor takes them for content. The columns are found on first
    use: :attr:`regions` and :meth:`reading_order`.
    """

    path: Path
    sha256: str
    lines: list[Line]
    media_type: str
    pages_exact: bool
    furniture: frozenset[int] = frozenset()
    _by_no: dict[int, Line] = field(default_factory=dict, repr=False)
    _headers: set[int] | None = field(default=None, repr=False)
    _margins: frozenset[int] | None = field(default=None, repr=False)
    _regions: tuple[layout.Region, ...] | None = field(default=None, repr=False)
    _order: list[Line] | None = field(default=None, repr=False)
    #: Where each line's parts are in the reading order (a region's lines: the region's).
    _at: dict[int, tuple[int, int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_no = {ln.no: ln for ln in self.lines}

    @property
    def key(self) -> str:
        """First 16 hex digits of the file's SHA-256: the source's stable id."""
        return self.sha256[:16]

    @property
    def name(self) -> str:
        return self.path.name

    def line(self, no: int) -> Line:
        return self._by_no[no]

    def quote(self, start: int, end: int) -> str:
        """Return the verbatim text of lines ``start..end`` (NFC, whitespace collapsed).

        Page furniture inside the span (a footer and header between two pages) is left out.
        """
        numbers = [n for n in range(start, end + 1) if n not in self.furniture]
        return collapse(" ".join(nfc(self._by_no[n].raw) for n in numbers or [start]))

    def text(self, start: int, end: int) -> str:
        """Return the repaired, joined text of lines ``start..end``."""
        return join_lines([self._by_no[n].text for n in range(start, end + 1)])

    def pages(self, start: int, end: int) -> tuple[int, int]:
        return self._by_no[start].page, self._by_no[end].page

    @property
    def running_headers(self) -> set[int]:
        """Line numbers of page headers repeated at the start of several pages.

        These are lines whose text starts a page and comes back elsewhere (a repeated
        heading, a table's header row): :meth:`blocks` starts a paragraph at each. Page
        furniture, found by the page structure, is :attr:`furniture`.
        """
        if self._headers is None:
            occurrences: dict[str, list[int]] = {}
            for ln in self.lines:
                if len(ln.text.strip()) > 10:
                    occurrences.setdefault(ln.text.strip(), []).append(ln.no)
            firsts: set[str] = set()
            previous = 0
            for ln in self.lines:
                if ln.page != previous and not ln.blank:
                    firsts.add(ln.text.strip())
                    previous = ln.page
            self._headers = {
                n
                for text in firsts
                for n in occurrences.get(text, [])
                if len(occurrences[text]) > 1
            }
        return self._headers

    @property
    def regions(self) -> tuple[layout.Region, ...]:
        """The regions laid out in two columns (:func:`loaders.layout.find_columns`)."""
        if self._regions is None:
            furniture = self.furniture
            self._regions = tuple(
                layout.find_columns(
                    [(ln.no, ln.page, ln.raw) for ln in self.lines if ln.no not in furniture]
                )
            )
        return self._regions

    def reading_order(self) -> list[Line]:
        """Return the lines in reading order.

        Outside two-column regions these are :attr:`lines`. A line of a region is read
        twice, as its left part (``column`` 1) with the left column, then as its right part
        (``column`` 2) with the right column; each part keeps the line's number, so evidence
        points at the true source line.
        """
        if self._order is None:
            if not self.regions:
                self._order = self.lines
            else:
                # Furniture is blank here too: it is no column's text.
                raws = [(ln.no, "" if ln.no in self.furniture else ln.raw) for ln in self.lines]
                parts = layout.reading_order(raws, self.regions)
                self._order = [
                    self._by_no[p.no]
                    if p.column == 0
                    else Line(p.no, p.raw, repair_line(p.raw), self._by_no[p.no].page, p.column)
                    for p in parts
                ]
            for i, ln in enumerate(self._order):
                first, _ = self._at.get(ln.no, (i, i))
                self._at[ln.no] = (first, i)
            for region in self.regions:  # a region is read whole: its first and last part
                at = [self._at[n] for n in range(region.start, region.end + 1) if n in self._at]
                span = (min(a for a, _ in at), max(b for _, b in at))
                for n in range(region.start, region.end + 1):
                    self._at[n] = span
        return self._order

    def _ordered(self, start: int, last: int) -> list[Line]:
        """Return the lines ``start..last`` in reading order."""
        order = self.reading_order()
        if order is self.lines:
            return self.lines[start - 1 : last]
        span = order[self._at[start][0] : self._at[last][1] + 1]
        return [ln for ln in span if start <= ln.no <= last]

    @property
    def margins(self) -> frozenset[int]:
        """Blank lines between page furniture and the page's first or last text."""
        if self._margins is None:
            furniture = self.furniture
            margins: set[int] = set()
            pages: dict[int, list[Line]] = {}
            for ln in self.lines:
                pages.setdefault(ln.page, []).append(ln)
            for page in pages.values():
                for edge in (page, page[::-1]):
                    blanks: list[int] = []
                    seen = False
                    for ln in edge:
                        if ln.no in furniture:
                            seen = True
                        elif ln.blank:
                            blanks.append(ln.no)
                        else:
                            break
                    if seen:
                        margins.update(blanks)
            self._margins = frozenset(margins)
        return self._margins

    def blocks(self, start: int = 1, end: int | None = None) -> list[Block]:
        """Split lines ``start..end`` into paragraphs, in reading order.

        A paragraph ends at a blank line, before and after a repeated page header,
        and at a page break that follows a finished sentence. Page furniture, and the
        blank lines between it and the page's text, are no paragraph's and break none.
        A two-column region is read column by column (:meth:`reading_order`), and a
        paragraph ends with its column.
        """
        last = end if end is not None else self.lines[-1].no
        headers = self.running_headers
        skip = self.furniture | self.margins
        blocks: list[Block] = []
        run: list[Line] = []
        for ln in self._ordered(start, last):
            if ln.no in skip:
                continue
            if run and ln.column != run[-1].column:  # a column ends its paragraphs
                blocks.append(Block(tuple(run)))
                run = []
            breaks_page = bool(run) and ln.page != run[-1].page
            if ln.no in headers or (breaks_page and run[-1].text.rstrip()[-1:] in ".:!?"):
                if run:
                    blocks.append(Block(tuple(run)))
                run = [ln]
                if ln.no in headers:
                    blocks.append(Block(tuple(run)))
                    run = []
                continue
            if ln.blank:
                if run:
                    blocks.append(Block(tuple(run)))
                    run = []
            else:
                run.append(ln)
        if run:
            blocks.append(Block(tuple(run)))
        return blocks
