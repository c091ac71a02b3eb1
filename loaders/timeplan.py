"""The time plan (tid- och arbetsplan) rows."""

from __future__ import annotations

from .context import Context


def extract(ctx: Context) -> None:
    """Extract every row of the time plan."""
