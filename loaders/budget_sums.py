"""Write how the cells of an economy table add up, so that validation can check the sums."""

from __future__ import annotations

import re

from rdflib import URIRef

from .context import Context
from .economy_table import Table
from .vocab import STYR

# --- Swedish words matched in the source -------------------------------------------------
# the last row of a block that sums the rows above it
TOTAL_ROW = re.compile(r"^(?:resultat|netto\w*|summa|totalt?|s:a)$", re.IGNORECASE)


def write_sums(ctx: Context, table: Table, cells: dict[tuple[str, str, int], URIRef]) -> None:
    """Write how the cells of a table add up, so that validation can check the arithmetic.

    In each block (the table's own area and each sub-area) a last row named "Resultat",
    "Netto…", "Summa" or "Total" is the sum of the rows above it (``styr:hasSummand``).
    When the table breaks its area into two or more parts, each line of the area is the
    sum of the same line in the parts (``styr:hasPartObservation``); one part alone is
    an example, not a breakdown, and is not summed.
    """
    blocks: dict[str, list[str]] = {}
    for row in table.rows:
        blocks.setdefault(row.area, []).append(row.label)
    for area, labels in blocks.items():
        if len(labels) < 2 or not TOTAL_ROW.match(labels[-1].strip()):
            continue
        for col in range(len(table.columns)):
            total = cells.get((area, labels[-1], col))
            for label in labels[:-1]:
                part = cells.get((area, label, col))
                if total is not None and part is not None:
                    ctx.b.add(total, STYR.hasSummand, part)
    parts = [area for area in table.subareas if area in blocks]
    if len(parts) < 2 or table.title not in blocks:
        return
    for label in blocks[table.title]:
        for col in range(len(table.columns)):
            whole = cells.get((table.title, label, col))
            found = [cells[(p, label, col)] for p in parts if (p, label, col) in cells]
            if whole is None or len(found) < 2:
                continue
            for part in found:
                ctx.b.add(whole, STYR.hasPartObservation, part)
