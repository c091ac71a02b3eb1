"""Assignments (uppdrag) and their reporting plans.

Two layouts are read: the implementation plan's "»" list under "Uppdrag:", and
the budget's two-column table ("Uppdrag … Plan för rapportering") that PDF
extraction linearises into the assignment paragraph followed by the plan cell.
Everywhere else an assignment is read from running text, one sentence or numbered
item at a time, also when paragraphs and numbered items are joined into one long
line: "<bodies> får i uppdrag att …", "ges i uppdrag att", "uppdras att",
"X:s uppdrag, givet av kommunfullmäktige DATE § N, att …" and "Kommunfullmäktiges
uppdrag DATE § N till X att …".

Each layout has its reader: :mod:`loaders.assignment_layouts` (the list and the table),
:mod:`loaders.assignment_sentences` (running text) and :mod:`loaders.assignment_status`
(a status column beside them); each makes its records with
:mod:`loaders.assignment_records`. Records are merged across documents by
:mod:`loaders.resolve`.
"""

from __future__ import annotations

from .assignment_layouts import read_items, read_table
from .assignment_sentences import read_sentences
from .context import Context
from .orgs import renamed_in
from .source import Block


def extract(ctx: Context) -> None:
    """Collect the assignments this document states."""
    blocks = ctx.blocks()
    _renamed(ctx, blocks)
    read_items(ctx, blocks)
    read_table(ctx, blocks)
    read_sentences(ctx, blocks)


def _renamed(ctx: Context, blocks: list[Block]) -> None:
    """Note the bodies the document says were renamed or replaced ("Lokalnämnden, numera
    stadsfastighetsnämnden"): an assignment of the one is the other's (:mod:`.resolve`)."""
    renamed: dict[tuple[str, str], str] = ctx.shared.setdefault("renamed", {})
    for block in blocks:
        if "numera" in block.text.lower() or "(" in block.text:
            for old, new in renamed_in(block.text):
                renamed.setdefault((ctx.doc.municipality, old.key), new.key)
