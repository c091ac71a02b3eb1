"""Assignments laid out as a list or a table: the plan's "»" list and the budget's table.

The implementation plan lists its assignments as "»" items under "Uppdrag:", grouped by
where they come from ("Från Göteborgs Stads budget:", "Från nämnden:"). The budget sets
them in a two-column table ("Uppdrag … Plan för rapportering") that PDF extraction
linearises into the assignment paragraph followed by the plan cell, with a "Status:"
line or a note ("inte med i genomförandeplanen") between.
"""

from __future__ import annotations

import re

from .assignment_records import ASSIGNED, AssignmentRecord, record_assignment
from .context import Context
from .source import Block
from .textrepair import join_lines

# --- Swedish words matched in the source -------------------------------------------------
ITEM = re.compile(r"^»\s*")
LIST_HEADING = re.compile(r"^Uppdrag:?\s*$", re.IGNORECASE)
# "Från Göteborgs Stads budget:", "Från kommunfullmäktiges budget:", "Från budget 2026:"
FROM_CITY = re.compile(
    r"^Från\s+(?:\S+\s+){0,3}budget(?:en)?(?:\s+20\d\d)?:?$|^Uppdrag i\b.*genomförandeplan", re.I
)
# "Från nämnden:", "Från styrelsen:", "Från kommunstyrelsen:", "Uppdrag från nämnden …"
FROM_BOARD = re.compile(
    r"^(?:Från\s+(?:\S*nämnden|\S*styrelsen)|Uppdrag från nämnden\b.*):?$", re.IGNORECASE
)
TABLE_HEADER = re.compile(r"Plan för rapportering\s*$", re.IGNORECASE)
EARLIER_TABLE = re.compile(r"^Budgetuppdrag\b|uppdrag i budget från tidigare år", re.IGNORECASE)
SECTION_HEADING = re.compile(r"^\d+\.\d+\s+\S")
STOP_HEADING = re.compile(r"^(Inriktningar|Mål):?\s*$", re.IGNORECASE)
STATUS = re.compile(r"^Status:\s*", re.IGNORECASE)
NOT_IN_PLAN = re.compile(r"\binte med i genomförandeplanen\b", re.IGNORECASE)


def read_items(ctx: Context, blocks: list[Block]) -> None:
    """Read "»" items under "Uppdrag:" (implementation-plan layout)."""
    inside = False
    origin = "stadens-budget"
    lines: list[tuple[int, str]] = []

    def close() -> None:
        if lines:
            text = " ".join(t for _, t in lines)
            record_assignment(
                ctx, origin, ctx.doc.year, join_lines([text]), lines[0][0], lines[-1][0]
            )
            lines.clear()

    for block in blocks:
        first = block.first
        if LIST_HEADING.match(first):
            inside = True
            continue
        if not inside:
            continue
        if FROM_BOARD.match(first) or FROM_CITY.match(first):
            close()
            origin = "namnden" if FROM_BOARD.match(first) else "stadens-budget"
            continue
        if SECTION_HEADING.match(first) or STOP_HEADING.match(first):
            close()
            inside = False
            continue
        for ln in block.lines:
            text = ln.text.strip()
            if ITEM.match(text):
                close()
                lines.append((ln.no, ITEM.sub("", text)))
            elif lines:
                lines.append((ln.no, text))
            else:
                ctx.unparsed(ln.no, ln.no, "assignment", "text under 'Uppdrag:' outside a » item")
    close()


def read_table(ctx: Context, blocks: list[Block]) -> None:
    """Read "Uppdrag … Plan för rapportering" tables (budget layout)."""
    inside = False
    origin = "stadens-budget"
    current: AssignmentRecord | None = None
    plan: list[Block] = []

    def close() -> None:
        nonlocal current
        if current is not None and plan:
            current.plan_text = " ".join(b.text for b in plan)
            current.plan_span = (plan[0].start, plan[-1].end)
        current = None
        plan.clear()

    for block in blocks:
        first = block.first
        if TABLE_HEADER.search(first):
            inside = True
            if EARLIER_TABLE.search(first):
                origin = "tidigare-budget"
            continue
        if not inside:
            continue
        if SECTION_HEADING.match(first):
            close()
            inside = False
            continue
        if FROM_BOARD.match(first):
            close()
            origin = "namnden"
            continue
        if ASSIGNED.search(" ".join(ln.text for ln in block.lines[:3])) and not plan and current:
            # a new assignment directly after one without a plan cell
            close()
        if ASSIGNED.search(" ".join(ln.text for ln in block.lines[:3])):
            close()
            current = record_assignment(
                ctx, origin, ctx.doc.year, block.text, block.start, block.end
            )
            continue
        if current is None:
            ctx.unparsed(block.start, block.end, "assignment-table", "row without an assignment")
            continue
        if STATUS.match(first):
            current.status = (STATUS.sub("", block.text), block.start, block.end)
        elif NOT_IN_PLAN.search(block.text) or (block.first[:1].islower() and not plan):
            if block.first[:1].islower() and not NOT_IN_PLAN.search(block.text):
                current.text = f"{current.text} {block.text}"
                current.end = block.end
            else:
                current.notes.append((block.text, block.start, block.end))
        else:
            plan.append(block)
    close()
