"""Assignments (uppdrag) and their reporting plans."""

from __future__ import annotations

from .context import Context


def extract(ctx: Context) -> None:
    """Extract assignments into shared records for cross-document resolution."""
