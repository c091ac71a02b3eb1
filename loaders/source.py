"""Read a source file (extracted text or PDF) into numbered, repaired lines."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import EmptySourceError, UnreadableSourceError
from .textrepair import collapse, join_lines, nfc, repair_line

_PAGE_START = re.compile(r"^ \S")


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


def _read_pdf(path: Path, data: bytes) -> tuple[list[str], list[int]]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        raw_lines: list[str] = []
        pages: list[int] = []
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            for raw in text.split("\n"):
                raw_lines.append(raw)
                pages.append(number)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableSourceError(
            f"the PDF cannot be read: {exc}",
            path=path,
            hint="check that the file is a complete, unencrypted PDF",
        ) from exc
    return raw_lines, pages


def read_source(path: Path | str) -> SourceText:
    """Read ``path`` (a PDF or UTF-8 text) into a :class:`SourceText`.

    Raises:
        UnreadableSourceError: the file is missing, not UTF-8, binary or a broken PDF.
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
    raw_lines, pages = _read_pdf(path, data) if is_pdf else _read_text(path, data)
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
