"""Read a source file (extracted text or PDF) into numbered, repaired lines.

Line numbers are those an editor or ``grep -n`` shows; a form feed starts a page without
starting a line. A PDF is read with each line's position, and its vertical gaps become
blank lines, so its paragraphs are those of its text. The layout found in the lines (page
furniture, read as blank lines; two columns, read one after the other) is
:mod:`loaders.layout`'s.

A hostile file is bad input (:class:`UnreadableSourceError`, exit 2), never a crash:

* PDFs are read with pypdf's own limits (:data:`PDF_LIMITS`: each decompressed stream,
  nested arrays and dictionaries, the page tree), a budget for all the pages' content
  streams together (:data:`MAX_PDF_CONTENT_BYTES`), and pypdf's cache of resolved objects
  is emptied after each page, so memory holds one page's streams, not the whole file's.
  Every error pypdf raises, and ``RecursionError`` and ``MemoryError``, is reported with
  the file and page. Positions are kept for at most :data:`MAX_PDF_PIECES` pieces of a
  page, and a page that cannot show text is not parsed for them.
* Texts over :data:`MAX_TEXT_CHARS`, lines over :data:`MAX_LINE_CHARS`, and "text" with
  more than :data:`MAX_CONTROL_SHARE` control characters (a binary file named ``.txt``)
  are refused.
"""

from __future__ import annotations

import hashlib
import math
import re
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import layout
from .errors import EmptySourceError, UnreadableSourceError
from .textrepair import collapse, join_lines, nfc, repair_line

_PAGE_START = re.compile(r"^ \S")

#: The most text a source may hold: about 7,000 pages of dense prose.
MAX_TEXT_CHARS = 20_000_000
#: The longest line: a line of a page is a few hundred characters, a paragraph on one
#: line a few thousand.
MAX_LINE_CHARS = 100_000
#: Control characters (other than tab, line and page breaks) in at most this share of a
#: text; more is a binary file.
MAX_CONTROL_SHARE = 0.01
_CONTROLS = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f\v") + "\x7f"
#: pypdf's limits (pypdf.Configuration), stated here so an upgrade does not loosen them.
#: A stream decompresses to at most 75 MB: a page's text is kilobytes, a heavy vector
#: drawing a few megabytes.
PDF_LIMITS: dict[str, int] = {
    "maximum_declared_stream_length": 75_000_000,
    "zlib_maximum_output_length": 75_000_000,
    "lzw_maximum_output_length": 75_000_000,
    "run_length_maximum_output_length": 75_000_000,
    "brotli_maximum_output_length": 75_000_000,
    "jbig2_maximum_output_length": 75_000_000,
    "array_based_stream_maximum_output_length": 75_000_000,
    "stream_decoding_work_maximum_length": 300_000_000,
    "array_maximum_element_count": 100_000,
    "dictionary_maximum_element_count": 100_000,
    "page_tree_maximum_entries": 100_000,
    "page_tree_maximum_depth": 100,
    "xform_maximum_invocations_per_extraction": 5_000,
}
#: All the pages' content streams together, decompressed.
MAX_PDF_CONTENT_BYTES = 500_000_000
#: Text pieces whose positions are kept for one page (a dense page has a few thousand).
MAX_PDF_PIECES = 100_000


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
    :func:`read_source` reads them as blank lines (``text`` empty, ``raw`` kept), so no
    extractor takes them for content. The columns are found on first use: :attr:`regions`
    and :meth:`reading_order`.
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


def _number(raw_lines: list[str], pages: list[int]) -> list[Line]:
    return [
        Line(no=i, raw=raw, text=repair_line(raw), page=page)
        for i, (raw, page) in enumerate(zip(raw_lines, pages, strict=True), start=1)
    ]


def _read_text(path: Path, data: bytes) -> tuple[list[str], list[int]]:
    """Return the lines of a UTF-8 text and the page of each.

    Raises:
        UnreadableSourceError: the text is not UTF-8, or holds binary data.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnreadableSourceError(
            "the file is not UTF-8 text",
            path=path,
            line=line,
            hint="convert it to UTF-8, or pass the PDF itself",
        ) from exc
    if "\x00" in text:
        raise UnreadableSourceError(
            "the file holds binary data (NUL bytes)",
            path=path,
            hint="pass a PDF or the text extracted from it",
        )
    controls = sum(map(text.count, _CONTROLS))
    if controls > max(16, MAX_CONTROL_SHARE * len(text)):
        raise UnreadableSourceError(
            f"the file holds binary data ({controls} control characters)",
            path=path,
            hint="pass a PDF or the text extracted from it",
        )
    # A form feed starts a new page; it does not end a line (line numbers are grep -n's).
    # Without form feeds, a line that starts with one space is the first of a page.
    paged = "\f" in text
    raw_lines: list[str] = []
    pages: list[int] = []
    page = 1
    for raw in text.split("\n"):
        feeds = len(raw) - len(raw.lstrip("\f"))
        page += feeds
        body = raw[feeds:]
        if not paged and raw_lines and _PAGE_START.match(body):
            page += 1
        raw_lines.append(body.replace("\f", ""))
        pages.append(page)
        page += body.count("\f")  # a form feed inside a line: the next line is on a new page
    if raw_lines and raw_lines[-1] == "":
        raw_lines.pop()
        pages.pop()
    return raw_lines, pages


def _content_streams(page: object) -> list[bytes]:
    """Return a page's content streams, decompressed (pypdf keeps them decoded)."""
    from pypdf.generic import ArrayObject, StreamObject

    contents = page.get("/Contents")  # type: ignore[attr-defined]
    if contents is None:
        return []
    contents = contents.get_object()
    items = contents if isinstance(contents, ArrayObject) else [contents]
    streams = (item.get_object() for item in items)
    return [s.get_data() for s in streams if isinstance(s, StreamObject)]


#: The operators that can put text on a page (pypdf's own test, as its plain mode makes it).
_TEXT_OPERATORS = (b"Tj", b"TJ", b"'", b'"', b"Do")


#: What pypdf and the libraries under it raise on a damaged or hostile file.
_PDF_ERRORS: tuple[type[BaseException], ...] = (
    ValueError,  # UnicodeError too
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    OverflowError,
    ZeroDivisionError,
    RecursionError,  # deeply nested arrays or dictionaries
    MemoryError,
    zlib.error,
    struct.error,
)


def _baseline(cm: Sequence[float], tm: Sequence[float]) -> float | None:
    """Return the page's y of a text piece from its matrices (the text matrix times the CTM)."""
    try:
        y = float(tm[4]) * float(cm[1]) + float(tm[5]) * float(cm[3]) + float(cm[5])
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return y if math.isfinite(y) else None


def _extract(page: Any) -> tuple[str, list[tuple[str, float | None]]]:
    """Return a page's text (pypdf's plain mode) and its pieces with their baselines.

    A page of more than :data:`MAX_PDF_PIECES` pieces keeps its text without positions.
    """
    pieces: list[tuple[str, float | None]] = []

    def visit(text: str, cm: Any, tm: Any, *_: Any) -> None:
        if text and len(pieces) <= MAX_PDF_PIECES:
            pieces.append((text, _baseline(cm, tm)))

    text = page.extract_text(visitor_text=visit) or ""
    return text, pieces if len(pieces) <= MAX_PDF_PIECES else []


def _read_pdf(path: Path, data: bytes) -> tuple[list[str], list[int]]:
    """Return the lines of a PDF, its vertical gaps as blank lines, and the page of each.

    pypdf's text (its plain mode) is read with the position where each piece starts, and
    :func:`loaders.layout.arrange_page` turns gaps wider than the line spacing into blank
    lines, as in text extracted from the PDF.

    Raises:
        UnreadableSourceError: the PDF is damaged or hostile, or exceeds a limit.
    """
    import io

    from pypdf import PdfReader, apply_configuration, get_configuration
    from pypdf.errors import LimitReachedError, PyPdfError

    errors: tuple[type[BaseException], ...] = (PyPdfError, *_PDF_ERRORS)
    limits = get_configuration().with_overwrites(**PDF_LIMITS)

    placed: list[list[layout.PlacedLine]] = []
    number: int | None = None
    content = chars = 0
    try:
        with apply_configuration(limits):
            reader = PdfReader(io.BytesIO(data))
            for page in reader.pages:
                number = (number or 0) + 1  # the page an error names
                streams = _content_streams(page)
                content += sum(map(len, streams))
                if content > MAX_PDF_CONTENT_BYTES:
                    raise LimitReachedError(
                        f"the pages' content streams decompress to more than "
                        f"{MAX_PDF_CONTENT_BYTES // 1_000_000} MB"
                    )
                # Positions need a visitor, and with one pypdf parses every operator: a page
                # that cannot show text is left to its plain mode, which skips it unparsed.
                if any(op in data for data in streams for op in _TEXT_OPERATORS):
                    text, pieces = _extract(page)
                else:
                    text, pieces = page.extract_text() or "", []
                chars += len(text)
                if chars > MAX_TEXT_CHARS:
                    raise LimitReachedError(f"more than {MAX_TEXT_CHARS:,} characters of text")
                if "".join(t for t, _ in pieces) != text:  # a piece not reported: no positions
                    pieces = [(text, None)]
                placed.append(layout.place_lines(pieces))
                reader.resolved_objects.clear()  # let go of this page's decoded streams
    except errors as exc:
        reason = "it is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        if isinstance(exc, MemoryError):
            reason = "it needs more memory than there is"
        raise UnreadableSourceError(
            f"the PDF cannot be read: {reason or type(exc).__name__}",
            path=path,
            page=number,
            hint="check that the file is a complete, unencrypted PDF; a damaged or "
            "hostile file is not read",
        ) from exc
    spacing = layout.line_spacing(placed)
    raw_lines: list[str] = []
    pages: list[int] = []
    for page_no, lines in enumerate(placed, start=1):
        arranged = layout.arrange_page(lines, spacing)
        raw_lines.extend(arranged)
        pages.extend([page_no] * len(arranged))
    return raw_lines, pages


def _check_lines(path: Path, raw_lines: list[str], pages: list[int], is_pdf: bool) -> None:
    """Refuse a line too long to be a line of a document.

    Raises:
        UnreadableSourceError: a line is longer than :data:`MAX_LINE_CHARS`.
    """
    for no, (raw, page) in enumerate(zip(raw_lines, pages, strict=True), start=1):
        if len(raw) > MAX_LINE_CHARS:
            raise UnreadableSourceError(
                f"line {no} is {len(raw):,} characters long, more than a document's line "
                f"({MAX_LINE_CHARS:,})",
                path=path,
                line=no,
                page=page if is_pdf else None,
                hint="pass the document itself, or text extracted with its line breaks",
            )


def read_source(path: Path | str) -> SourceText:
    """Read ``path`` (a PDF or UTF-8 text) into a :class:`SourceText`.

    Raises:
        UnreadableSourceError: the file is missing, not UTF-8, binary, too large, has a
            line too long, or is a broken or hostile PDF (the page is named when known).
        EmptySourceError: the file holds no text.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableSourceError(
            f"cannot read the file: {exc.strerror}", path=path, hint="check the path"
        ) from exc
    is_pdf = data.startswith(b"%PDF")
    if not is_pdf and len(data) > MAX_TEXT_CHARS:
        raise UnreadableSourceError(
            f"the file is {len(data):,} bytes, more text than a document holds "
            f"({MAX_TEXT_CHARS:,})",
            path=path,
            hint="pass one document at a time, as a PDF or its extracted text",
        )
    raw_lines, pages = _read_pdf(path, data) if is_pdf else _read_text(path, data)
    _check_lines(path, raw_lines, pages, is_pdf)
    lines = _number(raw_lines, pages)
    if not any(not ln.blank for ln in lines):
        raise EmptySourceError(
            "the file holds no text",
            path=path,
            hint="a scanned PDF needs OCR first; pass a PDF with a text layer",
        )
    furniture = frozenset(layout.find_furniture((ln.no, ln.page, ln.text) for ln in lines))
    return SourceText(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        lines=[replace(ln, text="") if ln.no in furniture else ln for ln in lines],
        media_type="application/pdf" if is_pdf else "text/plain",
        pages_exact=is_pdf or b"\f" in data,  # pdftotext ends each page with a form feed
        furniture=furniture,
    )
