"""What each boundary's errors become at the others: one table of exit codes and statuses.

Each boundary has its own base error:

* input (:class:`loaders.errors.LoaderError`): a source document, RDF data or shapes file
  that cannot be read. The store's :class:`~api.store.base.LoadError` and
  :class:`~api.rdf_input.RefusedInputError` are input errors too.
* HTTP (:class:`api.errors.ApiError`): a request the server cannot answer; each class
  carries its own HTTP status.
* configuration: the query catalogue (:class:`~api.catalogue.CatalogueError`) and the
  publication settings (:class:`~api.publication.PublicationError`).
* output: the site (:class:`~api.site_writer.PublishError`) and the folder a command replaces
  (:class:`~api.atomic_folder.FolderError`).
* validation (:class:`api.shacl.ShaclError`): the validating engine failed or ran out
  of time.
* the command line (:class:`UsageError`): arguments that do not fit together, a file name
  of no known kind, a server that cannot be reached.

The CLI's exit codes (README, *Exit codes*): 0 ok, 1 the data does not conform, 2 bad
input or usage, 3 internal error. The server answers an :class:`ApiError` with its status;
the other errors it may meet while serving (its own shapes or settings file is unreadable)
are its own fault, a 500 with the traceback in the log.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.errors import LoaderError

from .atomic_folder import FolderError
from .catalogue import CatalogueError
from .errors import ApiError, BadGateway, GatewayTimeout, StoreUnavailable
from .publication import PublicationError
from .shacl import ShaclError, ValidationTimeout
from .site_writer import PublishError

EXIT_OK, EXIT_NONCONFORMING, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """The command's arguments do not fit (the CLI boundary's error); exit 2."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Outcome:
    """What an error class becomes: an exit code, an HTTP status, a hint it lacks."""

    error: type[Exception]
    #: The CLI's exit code; None for an HTTP error: by its status (see :func:`exit_code`).
    exit_code: int | None
    #: The status when the server meets it; None for an HTTP error: its own status.
    status: int | None
    #: Said when the error carries no hint of its own.
    hint: str = ""


#: Most specific first: the first row whose class the error is an instance of applies.
OUTCOMES: tuple[Outcome, ...] = (
    Outcome(ValidationTimeout, EXIT_INTERNAL, 500, "raise --time-limit, or validate fewer files"),
    Outcome(ShaclError, EXIT_INTERNAL, 500, "the validating process failed: please report it"),
    Outcome(LoaderError, EXIT_BAD_INPUT, 500),
    Outcome(UsageError, EXIT_BAD_INPUT, None),
    Outcome(CatalogueError, EXIT_BAD_INPUT, 500, "fix the query file named"),
    Outcome(PublicationError, EXIT_BAD_INPUT, 500, "fix the publication settings (TOML)"),
    Outcome(PublishError, EXIT_BAD_INPUT, 500),
    Outcome(FolderError, EXIT_BAD_INPUT, None),
    Outcome(StoreUnavailable, EXIT_BAD_INPUT, None, "check the store settings"),
    # an external store that refuses, fails or does not answer: its settings or its state
    Outcome(BadGateway, EXIT_BAD_INPUT, None, "check the store's URLs and credentials"),
    Outcome(GatewayTimeout, EXIT_BAD_INPUT, None, "raise --timeout, or check the store's load"),
    Outcome(ApiError, None, None),
)


def outcome(exc: BaseException) -> Outcome | None:
    """Return the row for ``exc``, or None for an error of no boundary (a bug)."""
    return next((row for row in OUTCOMES if isinstance(exc, row.error)), None)


def exit_code(exc: BaseException) -> int:
    """Return the exit code for ``exc``.

    An HTTP error met by a command is bad input when its status is a client's (4xx) and
    internal when it is the server's own (5xx); an error of no boundary is internal.
    """
    row = outcome(exc)
    if row is None:
        return EXIT_INTERNAL
    if row.exit_code is not None:
        return row.exit_code
    assert isinstance(exc, ApiError)
    return EXIT_BAD_INPUT if exc.status < 500 else EXIT_INTERNAL


def message(exc: BaseException) -> str:
    """Return what the CLI prints for ``exc``: ``error: …`` and a hint line."""
    text = f"error: {exc}"
    if isinstance(exc, LoaderError):
        return text  # its text names the file and line and ends in its hint
    row = outcome(exc)
    hint = getattr(exc, "hint", "") or (row.hint if row else "")
    return f"{text}\n  hint: {hint}" if hint else text


def http_errors() -> list[tuple[type[Exception], int]]:
    """Return the errors of other boundaries the server may meet, with their status."""
    return [(row.error, row.status) for row in OUTCOMES if row.status is not None]


def shows_traceback(exc: BaseException) -> bool:
    """Tell whether the CLI prints the traceback: for a bug, not for a known failure."""
    row = outcome(exc)
    return row is None or (row.exit_code is None and exit_code(exc) == EXIT_INTERNAL)
