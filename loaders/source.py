"""Read a source file (extracted text or PDF) into numbered, repaired lines.

A hostile file is bad input (:class:`UnreadableSourceError`, exit 2), never a crash:

* PDFs are read with pypdf's own limits (:data:`PDF_LIMITS`: each decompressed stream,
  nested arrays and dictionaries, the page tree), a budget for all the pages' content
  streams together (:data:`MAX_PDF_CONTENT_BYTES`), and pypdf's cache of resolved objects
  is emptied after each page, so memory holds one page's streams, not the whole file's.
  Every error pypdf raises, and ``RecursionError`` and ``MemoryError``, is reported with
  the file and page.
* Texts over :data:`MAX_TEXT_CHARS`, lines over :data:`MAX_LINE_CHARS`, and "text" with
  more than :data:`MAX_CONTROL_SHARE` control characters (a binary file named ``.txt``)
  are refused.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

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


@dataclass(frozen=True)
class Line:
    """One line of the source, numbered from 1, with its page."""

    no: int
    raw: str
    text: str
    page: int

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
    """A source file read into lines. ``pages_exact`` is true for PDFs."""

    path: Path
    sha256: str
    lines: list[Line]
    media_type: str
    pages_exact: bool
    _by_no: dict[int, Line] = field(default_factory=dict, repr=False)
    _headers: set[int] | None = field(default=None, repr=False)

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
        """Return the verbatim text of lines ``start..end`` (NFC, whitespace collapsed)."""
        return collapse(" ".join(nfc(self._by_no[n].raw) for n in range(start, end + 1)))

    def text(self, start: int, end: int) -> str:
        """Return the repaired, joined text of lines ``start..end``."""
        return join_lines([self._by_no[n].text for n in range(start, end + 1)])

    def pages(self, start: int, end: int) -> tuple[int, int]:
        return self._by_no[start].page, self._by_no[end].page

    @property
    def running_headers(self) -> set[int]:
        """Line numbers of page headers repeated at the start of several pages."""
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

    def blocks(self, start: int = 1, end: int | None = None) -> list[Block]:
        """Split lines ``start..end`` into paragraphs.

        A paragraph ends at a blank line, before and after a repeated page header,
        and at a page break that follows a finished sentence.
        """
        last = end if end is not None else self.lines[-1].no
        headers = self.running_headers
        blocks: list[Block] = []
        run: list[Line] = []
        for ln in self.lines[start - 1 : last]:
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
    raw_lines: list[str] = []
    pages: list[int] = []
    page = 1
    for i, chunk in enumerate(text.split("\f")):
        if i:
            page += 1
        for j, raw in enumerate(chunk.split("\n")):
            if raw_lines and j > 0 and _PAGE_START.match(raw):
                page += 1
            raw_lines.append(raw)
            pages.append(page)
    if raw_lines and raw_lines[-1] == "":
        raw_lines.pop()
        pages.pop()
    return raw_lines, pages


def _content_bytes(page: object) -> int:
    """Return the decompressed size of a page's content streams (pypdf keeps them decoded)."""
    from pypdf.generic import ArrayObject, StreamObject

    contents = page.get("/Contents")  # type: ignore[attr-defined]
    if contents is None:
        return 0
    contents = contents.get_object()
    items = contents if isinstance(contents, ArrayObject) else [contents]
    streams = (item.get_object() for item in items)
    return sum(len(s.get_data()) for s in streams if isinstance(s, StreamObject))


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


def _read_pdf(path: Path, data: bytes) -> tuple[list[str], list[int]]:
    import io

    from pypdf import PdfReader, apply_configuration, get_configuration
    from pypdf.errors import LimitReachedError, PyPdfError

    errors: tuple[type[BaseException], ...] = (PyPdfError, *_PDF_ERRORS)
    limits = get_configuration().with_overwrites(**PDF_LIMITS)

    raw_lines: list[str] = []
    pages: list[int] = []
    number: int | None = None
    content = chars = 0
    try:
        with apply_configuration(limits):
            reader = PdfReader(io.BytesIO(data))
            for number, page in enumerate(reader.pages, start=1):
                content += _content_bytes(page)
                if content > MAX_PDF_CONTENT_BYTES:
                    raise LimitReachedError(
                        f"the pages' content streams decompress to more than "
                        f"{MAX_PDF_CONTENT_BYTES // 1_000_000} MB"
                    )
                text = page.extract_text() or ""
                chars += len(text)
                if chars > MAX_TEXT_CHARS:
                    raise LimitReachedError(f"more than {MAX_TEXT_CHARS:,} characters of text")
                for raw in text.split("\n"):
                    raw_lines.append(raw)
                    pages.append(number)
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
    return SourceText(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        lines=lines,
        media_type="application/pdf" if is_pdf else "text/plain",
        pages_exact=is_pdf,
    )
