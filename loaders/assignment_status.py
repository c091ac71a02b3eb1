"""The status cell beside an assignment, where a report sets them in two columns.

A board's follow-up may lay its assignments out as a table, "Uppdrag | Status och
kommentar", that the layout reads as two columns (:attr:`loaders.source.SourceText.regions`).
The right column's first line beside an assignment is its status ("Avslutad",
"Pågående"), the first date below it the date of the status, and the lines below, up to
the next status or assignment, its comment.
"""

from __future__ import annotations

import re
from collections import Counter

from .assignment_records import AssignmentRecord
from .context import Context

# --- Swedish words matched in the source -------------------------------------------------
# a status table's cell beside the assignment, as the boards' reports write it
_CELL_STATUS = {
    "fullgjord": "fullgjord",
    "fullgjort": "fullgjord",
    "genomförd": "fullgjord",
    "genomfört": "fullgjord",
    "avslutad": "avslutad",
    "avslutat": "avslutad",
    "pågående": "pagaende",
    "pågår": "pagaende",
    "ej påbörjad": "ej-paborjad",
    "ej påbörjat": "ej-paborjad",
    "inte påbörjad": "ej-paborjad",
    "inte påbörjat": "ej-paborjad",
}
_ISO_DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")
#: The date of a status is looked for this many lines down its column.
STATUS_DATE_LINES = 5
#: A status's comment is read at most this many lines down its column.
STATUS_COMMENT_LINES = 40


def right_column(ctx: Context) -> dict[int, str]:
    """The right column's text by line, where the document is laid out in two columns (a
    status table: "Uppdrag | Status och kommentar")."""
    if not ctx.src.regions:
        return {}
    return {
        ln.no: " ".join(ln.text.split())
        for ln in ctx.src.reading_order()
        if ln.column == 2 and ctx.doc.start <= ln.no <= ctx.doc.end and ln.text.strip()
    }


def status_beside(record: AssignmentRecord, beside: dict[int, str], first: int) -> None:
    """Read the status cell beside an assignment: a status word on its first line
    ("Avslutad", "Pågående"), and the first date below it in its column."""
    status = _CELL_STATUS.get(beside[first].lower().rstrip(" ."))
    if status is None:
        return
    record.declared = status
    for no in range(first, first + STATUS_DATE_LINES):
        found = _ISO_DATE.search(beside.get(no, ""))
        if found:
            record.declared_on = found.group()
            break
    # the lines of its comment: below it, to the next status cell (:func:`read_comments` reads
    # them once every assignment beside the column is known)
    last = first
    for no in sorted(n for n in beside if first < n <= first + STATUS_COMMENT_LINES):
        if _CELL_STATUS.get(beside[no].lower().rstrip(" .")):
            break
        last = no
    record.status_comment = ("", first, last)


def read_comments(ctx: Context, beside: dict[int, str]) -> None:
    """Give each status cell its comment: the right column's lines below it, up to the next
    status cell or the next assignment beside it, without the table's header where a page
    repeats it ("Uppdragets status och kommentar")."""
    if not beside:
        return
    mine = sorted(
        (r for r in ctx.shared.get("assignments", []) if r.doc_iri == ctx.doc.iri),
        key=lambda r: r.start,
    )
    headers = _header_rows(ctx, beside)
    for record, after in zip(mine, [*mine[1:], None], strict=True):
        if record.status_comment is None:
            continue
        _, first, last = record.status_comment
        if after is not None and after.start > first:
            last = min(last, after.start - 1)
        said = [
            beside[no]
            for no in sorted(n for n in beside if first < n <= last)
            if not _ISO_DATE.fullmatch(beside[no]) and no not in headers
        ]
        record.status_comment = (" ".join(said), first, last) if said else None


def _header_rows(ctx: Context, beside: dict[int, str]) -> set[int]:
    """The lines of a two-column table's header row, which a page repeats ("Uppdrag från
    KF/KS | Uppdragets status och kommentar"): both cells are words, and both recur."""
    left = {
        ln.no: " ".join(ln.text.split())
        for ln in ctx.src.reading_order()
        if ln.column == 1 and ln.no in beside
    }
    rights, lefts = Counter(beside.values()), Counter(left.values())
    rows = {
        no
        for no, cell in beside.items()
        if rights[cell] > 1
        and lefts[left.get(no, "")] > 1
        and len(re.findall(r"[^\W\d]{2,}", left.get(no, ""))) >= 2
    }
    cells = {beside[no] for no in rows}  # the header's cell, also where its row is not split
    return {no for no, cell in beside.items() if cell in cells}
