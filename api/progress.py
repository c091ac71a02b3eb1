"""Show a long command's progress on standard error: a live line on a terminal, plain
lines in a log.

:class:`Display` is what ``styrgraf build``, ``ingest``, ``diff``, ``publish`` and
``validate`` report to (the loaders through their own protocol,
:class:`loaders.progress.Progress`). On a terminal it draws one line that it rewrites in
place (``\\r``): the phase, steps done of the total, the percentage, a bar, the time
elapsed and an estimate of what is left::

    pages: 412/1147 pages  35% [#######.............] 0:07, ~0:13 left

A finished phase keeps its line; lines a step reports (a file read, a file written) are
printed above the live one. Where standard error is not a terminal (CI, a pipe, a file)
nothing is redrawn: the steps' own lines are printed, and a counted phase of at least ten
steps that prints none gets a line at every tenth of its total, or when a minute has gone
by since the last.
``--quiet`` silences it all.

A small renderer of our own rather than rich or tqdm: it is a hundred lines, and neither
library's plain-log output is the one-line-per-file log build has always written.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from typing import TextIO

from loaders.progress import Line

#: The width of the bar, in characters.
BAR = 20
#: On a terminal, the least time between two redraws of a phase that moves by less than 1%.
REDRAW_S = 0.1
#: In a log, the most time between two lines of a counted phase that prints no lines itself.
LOG_EVERY_S = 60.0
#: In a log, the least total a phase needs for lines of its own (a shorter one is quick).
LOG_LEAST = 10


def clock(seconds: float) -> str:
    """Return ``seconds`` as ``m:ss`` (``h:mm:ss`` from an hour)."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Display:
    """The progress of one command on ``stream`` (standard error unless given)."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        quiet: bool = False,
        tty: bool | None = None,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self.quiet = quiet
        self.tty = self._out().isatty() if tty is None else tty
        self._now = now
        self._name = ""
        self._total: int | None = None
        self._unit = ""
        self._done = 0
        self._started = 0.0
        self._drawn = ""  # the live line on the screen, unfinished
        self._last_draw = 0.0
        self._last_percent = -1
        self._logged_tenth = 0
        self._last_log = 0.0
        self._lines = False  # the phase's steps print lines of their own

    def _out(self) -> TextIO:
        return self._stream or sys.stderr  # read each time: tests capture sys.stderr

    def _write(self, text: str) -> None:
        out = self._out()
        out.write(text)
        out.flush()

    # --- loaders.progress.Progress ---------------------------------------------------------
    def phase(self, name: str, total: int | None = None, unit: str = "") -> None:
        """Finish the current phase's line and start ``name``."""
        if self.quiet:
            return
        self._finish()
        self._name, self._total, self._unit, self._done = name, total, unit, 0
        self._started = self._last_log = self._now()
        self._last_percent, self._logged_tenth, self._lines = -1, 0, False
        if self.tty:
            self._draw()
            if total == 0:
                self._finish()

    def step(self, done: int, line: Line = "") -> None:
        """Advance to ``done``; print ``line`` (made only now, if a function) above the bar."""
        if self.quiet:
            return
        self._done = done
        text = line() if callable(line) else line
        if text:
            self._lines = True
            self._print(text)
        elif self.tty:
            self._redraw()
        else:
            self._log()
        if self.tty and self._total is not None and done >= self._total:
            self._finish()

    def note(self, line: str) -> None:
        """Print ``line`` above the live line (or as a line of the log)."""
        if not self.quiet:
            self._print(line)

    def close(self, interrupted: bool = False) -> None:
        """Finish the live line, if one is drawn (when the command ends or fails).

        ``interrupted``: the command failed, perhaps in a child process that was drawing
        (``validate`` runs in one): on a terminal, clear what it left on the line.
        """
        if self.quiet:
            return
        if interrupted and self.tty and not self._drawn:
            self._write("\r\x1b[K")
        self._finish()

    # --- drawing ---------------------------------------------------------------------------
    def _print(self, text: str) -> None:
        if not self.tty:
            self._write(text + "\n")
            self._last_log = self._now()
            return
        self._write("\r\x1b[K" + text + "\n")
        self._drawn = ""
        if self._name:
            self._draw()

    def _redraw(self) -> None:
        percent = self._percent()
        if percent != self._last_percent or self._now() - self._last_draw >= REDRAW_S:
            self._draw()

    def _draw(self) -> None:
        width = shutil.get_terminal_size((80, 24)).columns
        status = self.status()[: max(width - 1, 20)]
        if status != self._drawn:
            self._write("\r" + status + "\x1b[K")
            self._drawn = status
        self._last_draw = self._now()
        self._last_percent = self._percent()

    def _finish(self) -> None:
        if self.tty and self._drawn:
            self._draw()
            self._write("\n")
            self._drawn = ""
        self._name = ""

    def _log(self) -> None:
        if self._total is None or self._total < LOG_LEAST or self._lines:
            return
        tenth = self._done * 10 // max(self._total, 1)
        overdue = self._now() - self._last_log >= LOG_EVERY_S
        if tenth > self._logged_tenth or overdue or self._done >= self._total:
            self._logged_tenth = tenth
            self._write(self.status(bar=False) + "\n")
            self._last_log = self._now()

    def _percent(self) -> int:
        if not self._total:
            return 100 if self._total == 0 else -1
        return min(self._done * 100 // self._total, 100)

    def status(self, bar: bool = True) -> str:
        """Return the current phase's line: name, done/total, percent, bar, times."""
        elapsed = self._now() - self._started
        if self._total is None:
            return f"{self._name} … {clock(elapsed)}"
        total, done = self._total, self._done
        percent = self._percent()
        parts = [f"{self._name}: {done}/{total}" + (f" {self._unit}" if self._unit else "")]
        parts.append(f"{percent:3d}%")
        if bar:
            filled = BAR * percent // 100
            parts.append("[" + "#" * filled + "." * (BAR - filled) + "]")
        times = clock(elapsed)
        if 0 < done < total:
            times += f", ~{clock(elapsed / done * (total - done))} left"
        parts.append(times)
        return " ".join(parts)
