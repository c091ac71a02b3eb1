"""Read a source file (extracted text or PDF) into a :class:`~loaders.source.SourceText`.

A text is UTF-8; a form feed starts a page without starting a line, and without form
feeds a line that starts with one space is the first of a page. A PDF is read by
:mod:`loaders.pdf_reader`. Page furniture (:func:`loaders.layout.find_furniture`) is
read as blank lines.

A hostile file is bad input (:class:`UnreadableSourceError`, exit 2), never a crash:
texts over :data:`MAX_TEXT_CHARS`, lines over :data:`MAX_LINE_CHARS`, and "text" with
more than :data:`MAX_CONTROL_SHARE` control characters (a binary file named ``.txt``)
are refused; a PDF is read within the limits of :mod:`loaders.pdf_reader`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from . import layout
from .errors import EmptySourceError, UnreadableSourceError
from .pdf_reader import read_pdf
from .source import Line, SourceText
from .textrepair import repair_line

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
    raw_lines, pages = read_pdf(path, data, MAX_TEXT_CHARS) if is_pdf else _read_text(path, data)
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
