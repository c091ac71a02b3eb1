"""The input boundary's one error type and its subclasses: a file styrgraf reads (a source
document, an RDF data or shapes file) that it cannot read.

These are not HTTP errors, and ``loaders`` knows nothing of the CLI or the server: what
each becomes there (an exit code, an HTTP status) is one table, :mod:`api.error_table`.
"""

from __future__ import annotations

from pathlib import Path


class LoaderError(Exception):
    """Base error for everything the loaders raise about their input.

    Carries the file, an optional line or page, and a hint that says what to do.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        page: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.page = page
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
            if self.page is not None:
                where += f" (page {self.page})"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class UnreadableSourceError(LoaderError):
    """The file cannot be opened or decoded (missing, binary, broken PDF)."""


class EmptySourceError(LoaderError):
    """The file holds no text."""


class NotGovernanceError(LoaderError):
    """The file reads fine but is not a governance document of a kind we know."""


class StrictModeError(LoaderError):
    """``--strict`` was given and a block could not be read."""
