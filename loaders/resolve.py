"""Resolve goals, directions and assignments across documents, then emit them."""

from __future__ import annotations

from typing import Any

from .builder import Builder


def resolve_all(shared: dict[str, Any], builders: dict[str, Builder]) -> None:
    """Merge the shared records into one node per real-world thing and write them."""
