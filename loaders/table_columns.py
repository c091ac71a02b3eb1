"""Where the columns of a layout table stand, and which column each cell belongs to.

``pdftotext -layout`` places text in proportion to the page, so a column's cells wander
by a few characters from row to row. The rows with the most cells give each column's
centre (:func:`find_columns`); a sparser row's cells go to the nearest columns in order,
and a header piece to the column it stands over (:class:`Columns`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .table_lines import Chunk, Parsed, Value


@dataclass(frozen=True)
class Columns:
    """Where the columns stand: the mean centre of each column's cells in the fullest rows.

    ``pdftotext -layout`` places text in proportion to the page, so a column's cells
    wander by a few characters from row to row; the rows with the most cells give each
    column's centre, and a sparser row's cells go to the nearest columns in order.
    """

    centres: tuple[float, ...]

    @property
    def reach(self) -> float:
        """How far from a centre a header piece may stand and still head that column."""
        steps = [b - a for a, b in zip(self.centres, self.centres[1:], strict=False)]
        return 0.75 * min(steps) if steps else 12.0

    def place(self, values: tuple[Value, ...]) -> list[int] | None:
        """Return the column of each value, in order, nearest to the centres (None: too many)."""
        k, m = len(self.centres), len(values)
        if m > k:
            return None
        if m == k:
            return list(range(k))
        at = [(v.chunk.start + v.chunk.end) / 2 for v in values]
        inf = float("inf")
        # cost[i][j]: best cost placing values[:i] in columns[:j]
        cost = [[inf] * (k + 1) for _ in range(m + 1)]
        cost[0] = [0.0] * (k + 1)
        for i in range(1, m + 1):
            for j in range(i, k + 1):
                cost[i][j] = min(
                    cost[i][j - 1], cost[i - 1][j - 1] + abs(at[i - 1] - self.centres[j - 1])
                )
        placed: list[int] = []
        i, j = m, k
        while i > 0:
            if cost[i][j] == cost[i][j - 1] and j > i:
                j -= 1
            else:
                placed.append(j - 1)
                i, j = i - 1, j - 1
        return placed[::-1]

    def nearest(self, chunk: Chunk) -> int | None:
        """Return the column whose centre is nearest ``chunk``'s, within :attr:`reach`."""
        centre = (chunk.start + chunk.end) / 2
        distance, col = min((abs(centre - c), i) for i, c in enumerate(self.centres))
        return col if distance <= self.reach else None


def find_columns(rows: list[Parsed]) -> Columns | None:
    """Find the columns of ``rows``; None when the fullest rows disagree on where they are."""
    k = max(len(r.values) for r in rows)
    full = [r for r in rows if len(r.values) == k]
    centres = tuple(
        sum((r.values[j].chunk.start + r.values[j].chunk.end) / 2 for r in full) / len(full)
        for j in range(k)
    )
    columns = Columns(centres)
    for row in full:
        for j, value in enumerate(row.values):
            if columns.nearest(value.chunk) != j:
                return None
    return columns
