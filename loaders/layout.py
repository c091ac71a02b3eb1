"""Find the layout of a source's lines: vertical gaps, page furniture and two columns.

:mod:`loaders.source` reads a file into numbered lines with pages; this module finds the
layout in them, so the extractors meet the same paragraphs whichever way a document came:

* **Gaps.** A PDF has no blank lines, only vertical space. :func:`arrange_page` turns a gap
  larger than the page's line spacing into blank lines, as text extracted from the same
  page has them (:func:`place_lines` gives each line of pypdf's text its position).
* **Furniture.** :func:`find_furniture` finds running headers and footers and page
  numbers by the page structure alone: a line at the top or bottom edge of its page whose
  pattern (digits as ``#``) comes back at the same edge of several pages, with the same text
  or with a number that counts the pages ("Sida 3 av 26", "2 (26)", "7").
* **Columns.** :func:`find_columns` finds the regions of ``pdftotext -layout`` text laid
  out as two columns side by side (a column of spaces at a stable position over many
  lines, with prose on both sides), and :func:`reading_order` gives their lines column by
  column, each part keeping its true source line number.

Every function is pure and works on plain values (line numbers, texts, pages).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from .textrepair import collapse, nfc

# --- gaps --------------------------------------------------------------------------------

#: A gap this many times the line spacing, or more, is a paragraph break.
GAP_FACTOR = 1.4
#: The most blank lines one gap becomes (a gap of a third of a page is still one break).
MAX_GAP_LINES = 4
#: Steps between baselines smaller than this (points) are not a line spacing.
MIN_STEP = 2.0
#: The line spacing is the smallest step that this share of the steps are multiples of.
MIN_STEP_SHARE = 0.75
#: A page with fewer steps between lines takes the document's line spacing.
MIN_PAGE_STEPS = 5
#: Header or footer rows: at most this many rows above (below) a gap at the page's edge.
MAX_BAND_ROWS = 3


@dataclass(frozen=True)
class PlacedLine:
    """One line of a PDF page as the text extractor gave it, with its baseline ``y``.

    ``y`` is in PDF points, growing upwards; it is None when the extractor did not say.
    """

    text: str
    y: float | None


def place_lines(pieces: Iterable[tuple[str, float | None]]) -> list[PlacedLine]:
    """Split an extractor's text pieces (text, y where the piece starts) into placed lines.

    The pieces joined are the page's text; a line takes the position of its first piece
    with visible text (text after a line break inside a piece has no known position).
    """
    lines: list[PlacedLine] = []
    text: list[str] = []
    y: float | None = None
    seen = False  # the line has visible text
    for piece, at in pieces:
        for i, part in enumerate(piece.split("\n")):
            if i:
                lines.append(PlacedLine("".join(text), y))
                text, y, seen = [], None, False
            if part.strip() and not seen:
                y, seen = (at if i == 0 else None), True
            text.append(part)
    if text:
        lines.append(PlacedLine("".join(text), y))
    return lines


def line_spacing(pages: Sequence[Sequence[PlacedLine]]) -> float | None:
    """Return the document's line spacing from all its pages' steps (see :func:`_mode`)."""
    steps: Counter[float] = Counter()
    for page in pages:
        steps.update(_steps(page))
    return _mode(steps)


def _steps(page: Sequence[PlacedLine]) -> list[float]:
    ys = [ln.y for ln in page if ln.y is not None and ln.text.strip()]
    return [round(a - b, 1) for a, b in pairwise(ys) if a - b > 0.5]


def _mode(steps: Counter[float]) -> float | None:
    """Return the line spacing: the smallest step that most steps are multiples of.

    Not the most common step: in a register whose entries are all a blank line apart,
    that is two lines. Not the smallest either: a superscript's baseline is a step too.
    Steps between paragraphs are about whole multiples of the spacing (a blank line or two).
    """
    total = sum(steps.values())
    for step in sorted(steps):
        if step < MIN_STEP:
            continue
        fits = sum(n for s, n in steps.items() if _multiple(s, step))
        if fits >= MIN_STEP_SHARE * total:
            return step
    return max(steps, key=lambda s: steps[s]) if steps else None


def _multiple(step: float, spacing: float) -> bool:
    k = max(1, round(step / spacing))
    return abs(step - k * spacing) <= 0.15 * spacing


def arrange_page(page: Sequence[PlacedLine], spacing: float | None) -> list[str]:
    """Return a PDF page's lines with its vertical gaps as blank lines.

    The lines keep the extractor's order (the content stream's, which keeps columns whole),
    except that a header or footer set apart by a gap at the top or bottom edge of the page
    is moved there, as the page shows it. A gap of at least :data:`GAP_FACTOR` times the line
    spacing (the page's own, else ``spacing``, the document's) becomes blank lines, one per
    missing line up to :data:`MAX_GAP_LINES`; a jump back up the page (a new column, or
    furniture drawn last) becomes one blank line. Blank lines at the end of the page's text
    are dropped: the extractor ends each page with a line break.
    """
    while page and not page[-1].text.strip():  # the extractor's last line break
        page = page[:-1]
    steps = _steps(page)
    step = _mode(Counter(steps)) if len(steps) >= MIN_PAGE_STEPS else spacing
    if step is None:
        return [ln.text for ln in page]
    top, bottom = _bands(page, step)
    edge = set(top) | set(bottom)
    order = [*top, *(i for i in range(len(page)) if i not in edge), *bottom]
    out: list[str] = []
    previous: float | None = None
    for i in order:
        ln = page[i]
        if ln.y is not None and ln.text.strip():
            if previous is not None:
                drop = previous - ln.y
                if drop >= GAP_FACTOR * step:
                    out.extend([""] * max(1, min(MAX_GAP_LINES, round(drop / step) - 1)))
                elif -drop > step:
                    out.append("")
            previous = ln.y
        out.append(ln.text)
    return out


def _bands(page: Sequence[PlacedLine], step: float) -> tuple[list[int], list[int]]:
    """Return the indexes of the rows set apart by a gap at the top and bottom of a page.

    A band is one to :data:`MAX_BAND_ROWS` rows of one line each, followed by a gap; a row
    of two lines side by side is the first row of two columns, not a band.
    """
    rows: dict[float, list[int]] = defaultdict(list)
    for i, ln in enumerate(page):
        if ln.y is not None and ln.text.strip():
            rows[round(ln.y)].append(i)
    ys = sorted(rows, reverse=True)

    def band(order: list[float]) -> list[int]:
        for k in range(min(MAX_BAND_ROWS, len(order) - 2)):
            if len(rows[order[k]]) != 1:
                return []
            if abs(order[k] - order[k + 1]) >= GAP_FACTOR * step:
                return [rows[y][0] for y in order[: k + 1]]
        return []

    top = band(ys)
    bottom = band(ys[::-1])[::-1]
    return (top, bottom) if not set(top) & set(bottom) else ([], [])


# --- furniture ---------------------------------------------------------------------------

#: A header or footer comes back at the same edge of at least this many pages...
MIN_FURNITURE_PAGES = 3
#: ... on at least this share of the pages from its first to its last.
MIN_FURNITURE_DENSITY = 0.5
#: A page number is told by its count, so two pages are enough.
MIN_NUMBER_PAGES = 2
#: Lines from the edge of a page that may be furniture (a header of two lines and a rule).
MAX_FURNITURE_DEPTH = 3
_NUMBER = re.compile(r"\d+")


def pattern(text: str) -> str:
    """Return the furniture pattern of a line: spaces collapsed, lower case, digits ``#``."""
    return _NUMBER.sub("#", collapse(nfc(text)).casefold())


def find_furniture(lines: Iterable[tuple[int, int, str]]) -> set[int]:
    """Return the numbers of the lines that are page furniture.

    ``lines`` are (line number, page, text) in reading order. A line at the top or bottom
    edge of its page (the outermost non-blank line, or the next one in when the lines
    outside it are furniture) is furniture when its pattern (:func:`pattern`) comes back at
    that edge of other pages, either

    * with the same text, on at least :data:`MIN_FURNITURE_PAGES` pages; or
    * with a number that counts the pages (the number minus the page is the same), on at
      least :data:`MIN_NUMBER_PAGES` pages: "2 (26)", "Sida 3 av 26", a lone "7";

    on at least :data:`MIN_FURNITURE_DENSITY` of the pages from the first to the last, and
    hardly anywhere else (a repeated heading that starts several pages is in the body too).
    A source with one page has no furniture. What this cannot tell from furniture: bare
    numbered headings ("Mål 1", "Mål 2") that each start a page and never recur.
    """
    pages: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for no, page, text in lines:
        if text.strip():
            pages[page].append((no, text))
    if len(pages) < 2:
        return set()
    counts = Counter(pattern(text) for page in pages.values() for _, text in page)
    found: set[int] = set()
    edges = {
        (page, side): page_lines if side == "top" else page_lines[::-1]
        for page, page_lines in pages.items()
        for side in ("top", "bottom")
    }
    for depth in range(MAX_FURNITURE_DEPTH):
        candidates: list[tuple[str, int, int, str]] = []  # side, page, no, text
        for (page, side), ordered in edges.items():
            if len(ordered) <= depth or any(no not in found for no, _ in ordered[:depth]):
                continue
            no, text = ordered[depth]
            if no not in found:
                candidates.append((side, page, no, text))
        new = _furniture_among(candidates, counts)
        if not new:
            break
        found |= new
    return found


def _furniture_among(candidates: list[tuple[str, int, int, str]], counts: Counter[str]) -> set[int]:
    groups: dict[tuple[str, str], list[tuple[int, int, list[int]]]] = defaultdict(list)
    for side, page, no, text in candidates:
        numbers = [int(n) for n in _NUMBER.findall(text)[:8]]
        groups[side, pattern(text)].append((page, no, numbers))
    found: set[int] = set()
    for (_side, key), occurrences in groups.items():
        signatures: dict[tuple[object, ...], list[tuple[int, int]]] = defaultdict(list)
        for page, no, numbers in occurrences:
            signatures["same", *numbers].append((page, no))
            for i, n in enumerate(numbers):
                signatures["count", i, n - page].append((page, no))
        for signature, hits in signatures.items():
            pages = sorted({page for page, _ in hits})
            least = MIN_NUMBER_PAGES if signature[0] == "count" else MIN_FURNITURE_PAGES
            if (
                len(pages) >= least
                and len(pages) >= MIN_FURNITURE_DENSITY * (pages[-1] - pages[0] + 1)
                and counts[key] - len(hits) <= len(pages) // 3  # hardly in the body
            ):
                found.update(no for _, no in hits)
    return found


# --- columns -----------------------------------------------------------------------------

#: Spaces between the columns on the lines that show them apart.
MIN_GUTTER = 3
#: Lines with text in both columns, and non-blank lines, that make a two-column region.
MIN_SPLIT_LINES = 4
MIN_REGION_LINES = 6
#: Lines longer than this are not a page's layout (a paragraph joined onto one line).
MAX_LAYOUT_WIDTH = 300
#: Each column is prose: this share of its visible characters are letters ...
MIN_LETTER_SHARE = 0.5
#: ... and at most this share of its lines have a wide gap inside (a table has several).
MAX_INNER_GAP_SHARE = 0.2
#: Lines of a column that continue the sentence of the line above (columns of text wrap).
MIN_RUN_ONS = 2
_SENTENCE_END = ".:!?"
_INNER_GAP = re.compile(rf"\S {{{MIN_GUTTER},}}\S")
_GAP_THEN_TEXT = re.compile(rf"(?<=\S) {{{MIN_GUTTER},}}\S")


@dataclass(frozen=True)
class Region:
    """Lines ``start..end`` laid out in two columns; the right column starts at ``gutter``."""

    start: int
    end: int
    gutter: int

    def split(self, raw: str) -> tuple[str, str]:
        """Return the left and right column's part of a line of this region."""
        text = nfc(raw)
        return text[: self.gutter].rstrip(), text[self.gutter :]


def find_columns(lines: Sequence[tuple[int, int, str]]) -> list[Region]:
    """Return the two-column regions of ``pdftotext -layout`` text, in line order.

    ``lines`` are (line number, page, raw text) in order. A region lies within one page: a
    run of lines that all have spaces in the two positions before a column ``gutter`` (or
    end before it), with text on both sides on at least :data:`MIN_SPLIT_LINES` of them,
    where the right column starts at ``gutter`` (aligned left), both columns read as
    prose (letters, no further gaps: a table of figures is not two columns) and sentences
    run on from line to line within them (a table of labels and values is not either).
    """
    regions: list[Region] = []
    page_lines: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for no, page, raw in lines:
        page_lines[page].append((no, nfc(raw)))
    for numbered in page_lines.values():
        for run in _layout_runs(numbered):
            regions.extend(_regions_in(run))
    return sorted(regions, key=lambda r: r.start)


def _layout_runs(page: list[tuple[int, str]]) -> Iterable[list[tuple[int, str]]]:
    """Yield the runs of consecutive lines short enough to be a page's layout."""
    run: list[tuple[int, str]] = []
    for no, text in page:
        if len(text) > MAX_LAYOUT_WIDTH or "\t" in text:
            if run:
                yield run
            run = []
        else:
            run.append((no, text.rstrip()))
    if run:
        yield run


def _starts_after_gap(text: str) -> list[int]:
    """Return where text starts after a gap of :data:`MIN_GUTTER` spaces inside the line."""
    return [m.end() - 1 for m in _GAP_THEN_TEXT.finditer(text)]


def _regions_in(run: list[tuple[int, str]]) -> list[Region]:
    starts: Counter[int] = Counter()
    for _, text in run:
        starts.update(set(_starts_after_gap(text)))
    candidates = [g for g, n in starts.items() if n >= 2]
    taken: set[int] = set()
    found: list[Region] = []
    while candidates:
        best: tuple[int, int, int, int] | None = None  # split lines, gutter, first, last index
        for gutter in candidates:
            for first, last, splits in _spans(run, gutter, taken):
                if best is None or (splits, -gutter) > (best[0], -best[1]):
                    best = (splits, gutter, first, last)
        if best is None:
            break
        _, gutter, first, last = best
        found.append(Region(run[first][0], run[last][0], gutter))
        taken.update(range(first, last + 1))
        candidates.remove(gutter)
    return found


def _fits(text: str, gutter: int) -> bool:
    return not text[max(0, gutter - 2) : gutter].strip()


def _spans(
    run: list[tuple[int, str]], gutter: int, taken: set[int]
) -> Iterable[tuple[int, int, int]]:
    """Yield (first, last, split lines) of each accepted region at ``gutter`` in ``run``."""
    i = 0
    while i < len(run):
        if i in taken or not _fits(run[i][1], gutter):
            i += 1
            continue
        j = i
        while j + 1 < len(run) and j + 1 not in taken and _fits(run[j + 1][1], gutter):
            j += 1
        span = _trim(run, i, j, gutter)
        if span is not None and _prose(run, *span, gutter) and _flows(run, *span, gutter):
            first, last = span
            splits = sum(1 for _, t in run[first : last + 1] if _both(t, gutter))
            yield first, last, splits
        i = j + 1


def _both(text: str, gutter: int) -> bool:
    return bool(text[:gutter].strip()) and bool(text[gutter:].strip())


def _trim(run: list[tuple[int, str]], i: int, j: int, gutter: int) -> tuple[int, int] | None:
    """Return the span from the first line with both columns to the last with a right one.

    Lines of the left column alone that follow with no blank line between belong to it.
    """
    both = [k for k in range(i, j + 1) if _both(run[k][1], gutter)]
    if len(both) < MIN_SPLIT_LINES:
        return None
    right = [k for k in range(both[0], j + 1) if run[k][1][gutter:].strip()]
    first, last = both[0], right[-1]
    while last < j and run[last + 1][1].strip():  # the left column's last lines, unbroken
        last += 1
    if sum(1 for _, t in run[first : last + 1] if t.strip()) < MIN_REGION_LINES:
        return None
    aligned = sum(1 for _, t in run[first : last + 1] if t[gutter : gutter + 1].strip())
    if aligned * 2 < len(both):
        return None  # the right column does not start at the gutter: not a column edge
    return first, last


def _prose(run: list[tuple[int, str]], first: int, last: int, gutter: int) -> bool:
    lines = run[first : last + 1]
    for side in ([t[:gutter] for _, t in lines], [t[gutter:] for _, t in lines]):
        parts = [p.strip() for p in side if p.strip()]
        visible = "".join(parts).replace(" ", "")
        if not visible or sum(c.isalpha() for c in visible) < MIN_LETTER_SHARE * len(visible):
            return False
        if sum(1 for p in parts if _INNER_GAP.search(p)) > MAX_INNER_GAP_SHARE * len(parts):
            return False
    return True


def _flows(run: list[tuple[int, str]], first: int, last: int, gutter: int) -> bool:
    """Return whether sentences run on from line to line inside the columns.

    That is what columns of text do; a table of labels and values (``Diarienummer
    0381/22``), whose rows are one line each, is read row by row.
    """
    runs_on = 0
    for side in (slice(None, gutter), slice(gutter, None)):
        texts = [t[side].strip() for _, t in run[first : last + 1]]
        for before, text in pairwise(texts):
            if before and text[:1].islower() and before[-1:] not in _SENTENCE_END:
                runs_on += 1
    return runs_on >= MIN_RUN_ONS


@dataclass(frozen=True)
class Part:
    """A line, or one column's part of a line, in reading order (``column`` 0 is the line)."""

    no: int
    column: int
    raw: str


def reading_order(lines: Sequence[tuple[int, str]], regions: Sequence[Region]) -> list[Part]:
    """Return the lines in reading order: each two-column region left column first.

    ``lines`` are (line number, raw text) in order. In a region, a line where one column is
    empty and the other is not is a row of the other column only: it is a blank line of
    this column when the column's text before it ends a sentence or the text after it
    starts with a capital, and is skipped otherwise (a sentence runs on in its cell).
    """
    by_start = {r.start: r for r in regions}
    out: list[Part] = []
    i = 0
    while i < len(lines):
        no, raw = lines[i]
        region = by_start.get(no)
        if region is None:
            out.append(Part(no, 0, raw))
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j][0] <= region.end:
            j += 1
        inside = list(lines[i:j])
        for column in (1, 2):
            out.extend(_column(inside, region, column))
        i = j
    return out


def _column(inside: list[tuple[int, str]], region: Region, column: int) -> list[Part]:
    parts = [(no, region.split(raw)[column - 1]) for no, raw in inside]
    out: list[Part] = []
    for k, (no, text) in enumerate(parts):
        if text.strip():
            out.append(Part(no, column, text))
            continue
        whole_blank = not inside[k][1].strip()
        before = next((t for _, t in reversed(parts[:k]) if t.strip()), "")
        after = next((t for _, t in parts[k + 1 :] if t.strip()), "")
        runs_on = before.rstrip()[-1:] not in _SENTENCE_END and after.strip()[:1].islower()
        if (whole_blank or not runs_on) and out and out[-1].raw.strip():
            out.append(Part(no, column, ""))  # one blank line between paragraphs
    while out and not out[-1].raw.strip():
        out.pop()
    return out
