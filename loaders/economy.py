"""Economy tables (belopp i mnkr) and amounts stated in prose."""

from __future__ import annotations

from .context import Context


def extract(ctx: Context) -> None:
    """Extract every budget-table cell and every amount stated in prose."""
