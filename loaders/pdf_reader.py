"""Read a PDF's text with each line's position, within limits a hostile file cannot pass.

pypdf's text (its plain mode) is read with the position where each piece starts, and
:func:`loaders.layout.arrange_page` turns vertical gaps wider than the line spacing into
blank lines, so the PDF's paragraphs are those of its text.

A hostile PDF is bad input (:class:`UnreadableSourceError`, exit 2), never a crash: it is
read with pypdf's own limits (:data:`PDF_LIMITS`: each decompressed stream, nested arrays
and dictionaries, the page tree), a budget for all the pages' content streams together
(:data:`MAX_PDF_CONTENT_BYTES`), and pypdf's cache of resolved objects is emptied after
each page, so memory holds one page's streams, not the whole file's. Every error pypdf
raises, and ``RecursionError`` and ``MemoryError``, is reported with the file and page.
Positions are kept for at most :data:`MAX_PDF_PIECES` pieces of a page, and a page that
cannot show text is not parsed for them.
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import layout
from .errors import UnreadableSourceError

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


def read_pdf(path: Path, data: bytes, max_chars: int) -> tuple[list[str], list[int]]:
    """Return the lines of a PDF, its vertical gaps as blank lines, and the page of each.

    pypdf's text (its plain mode) is read with the position where each piece starts, and
    :func:`loaders.layout.arrange_page` turns gaps wider than the line spacing into blank
    lines, as in text extracted from the PDF. A PDF whose pages hold more than
    ``max_chars`` characters of text is refused.

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
                if chars > max_chars:
                    raise LimitReachedError(f"more than {max_chars:,} characters of text")
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
