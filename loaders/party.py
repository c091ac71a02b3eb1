"""Party statements (yttranden), motions (yrkanden) and the service report."""

from __future__ import annotations

from .context import Context


def extract_statement(ctx: Context) -> None:
    """Extract a party statement."""


def extract_motion(ctx: Context) -> None:
    """Extract a party motion with its decision points and proposed assignments."""


def extract_service_report(ctx: Context) -> None:
    """Extract the service report: case number, date, decision points, signing posts."""
