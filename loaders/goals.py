"""Goals (mål), goal contributions, directions (inriktningar) and named programmes."""

from __future__ import annotations

from .context import Context


def extract(ctx: Context) -> None:
    """Extract goals and directions into shared records for cross-document resolution."""
