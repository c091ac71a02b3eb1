"""How a long run reports what it has done: the protocol the loaders report through.

The loaders never print. A caller that wants to show progress passes an object with these
three methods (``api.progress.Display`` draws them on a terminal, or as plain lines in a
log); :data:`SILENT`, the default, drops them and never asks for a step's line. A run is
a sequence of phases ("read", "merge", …); a counted phase has a total and advances step
by step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

#: A line for the log, or a function that makes it: called only when the line is shown,
#: so a run nobody watches does not pay for it.
Line = str | Callable[[], str]


class Progress(Protocol):
    """What a long run tells whoever watches it."""

    def phase(self, name: str, total: int | None = None, unit: str = "") -> None:
        """Start the phase ``name`` of ``total`` steps of ``unit`` (None: not counted)."""

    def step(self, done: int, line: Line = "") -> None:
        """Report that ``done`` of the phase's steps are done; ``line`` says what the last
        one did, for a reader of the log (empty: nothing worth a line of its own)."""

    def note(self, line: str) -> None:
        """Report something that is not a step (a file written, a lock waited for)."""


class Silent:
    """The progress of a run nobody watches."""

    def phase(self, name: str, total: int | None = None, unit: str = "") -> None:
        return None

    def step(self, done: int, line: Line = "") -> None:
        return None

    def note(self, line: str) -> None:
        return None


SILENT: Progress = Silent()
