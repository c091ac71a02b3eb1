"""What stands above a layout table's rows: its header, its caption, and the unit stated.

Bottom up from the first row (:func:`read_head`): text lines right above it open the
rows (a sub-heading); then the header, the lines that reach over the columns (a head
broken over lines, "Prognos" / "aug", is read top to bottom, :func:`join_head`), and
the stub lines above it indented as the row labels; then the caption, the short lines
just above the header, or else the numbered section heading a few lines above
(:func:`section_above`). The words a caption, stub or label states the table's unit
with are :data:`UNIT_WORDS` (:func:`unit_in`).
"""

from __future__ import annotations

import re

from .table_lines import LineView, Parsed, is_prose, is_section, stands_over_cells

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

# --- how far above the rows a table reaches ------------------------------------------------
#: Lines above the first row searched for the header and caption.
MAX_HEAD_LINES = 14
#: Caption lines at most.
MAX_CAPTION_LINES = 3


def unit_in(text: str) -> str | None:
    """Return the unit slug ``text`` states, if any."""
    for unit, pattern in UNIT_WORDS:
        if pattern.search(text):
            return unit
    return None


def section_above(view: LineView, no: int, floor: int) -> list[Parsed]:
    """Return the numbered section heading a few lines above ``no`` (a caption-less table)."""
    for n in range(no - 1, max(floor, no - MAX_HEAD_LINES) - 1, -1):
        line = view.get(n)
        if line is not None and line.is_row:
            break
        if line is not None and is_section(line) and not is_prose(line):
            return [line]
    return []


def join_head(head: str, piece: str) -> str:
    """Join a column head's pieces; a lone letter finishes a word broken at the edge."""
    if not head:
        return piece
    if len(piece) == 1 and piece.isalpha() and piece.islower() and head[-1].isalpha():
        return head + piece
    if head.endswith("-") and piece[:1].islower():
        return head[:-1] + piece
    return f"{head} {piece}"


def read_head(
    view: LineView, first: int, floor: int, label_x: int, left: int
) -> tuple[list[Parsed], list[Parsed], list[Parsed]]:
    """Return the header lines, the caption lines and the text lines between header and rows.

    Bottom up from the first row: text lines right above it (no blank between) open the
    rows (a sub-heading); then the header, up to the last line that reaches over the
    columns and the stub lines above it indented as the row labels; then the caption.
    """
    above: list[Parsed | None] = []
    for no in range(first - 1, max(floor, first - MAX_HEAD_LINES) - 1, -1):
        line = view.get(no)
        if line is not None and (line.is_row or is_prose(line)):
            break
        above.append(line)
        if line is not None and is_section(line):
            break

    def reaches(line: Parsed | None) -> bool:
        return line is not None and not is_section(line) and stands_over_cells(line, label_x, left)

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
            and not is_section(ln)
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
