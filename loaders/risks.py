"""The risk register (samlad riskbild) and the internal control plan."""

from __future__ import annotations

from .context import Context


def extract_risks(ctx: Context) -> None:
    """Extract the risks with their actions and follow-up."""


def extract_controls(ctx: Context) -> None:
    """Extract the internal-control areas with their planned controls."""
