"""Which file each graph of a persistent embedded store was loaded from.

A server restarted on a persistent store (``serve --store-dir DIR FILE…``) would load every
file again: at 1M triples that is half a minute with the bulk loader, minutes through a
transaction. The store's folder keeps a small record, ``styrgraf-loaded.json``, of each
graph's file fingerprint (SHA-256 and size) and triple count, written after the load has
committed; a file whose fingerprint is recorded for its graph is not loaded again. It also
records that the privacy scrub at start-up found nothing to remove, so a restart that
loads nothing does not scan every text again. Any
other change to the store (an update, a quad file's restore) forgets every record, so a
graph that is no longer its file is loaded again next time. Oxigraph ignores the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

RECORD = "styrgraf-loaded.json"
#: The record's entry saying the graphs were scrubbed as they are (not a graph IRI)
SCRUBBED = "scrubbed"


class LoadedFiles:
    """The record of a persistent store's folder; it does nothing for a store in memory."""

    def __init__(self, directory: Path | None) -> None:
        self._file = directory / RECORD if directory is not None else None
        self._graphs: dict[str, dict[str, object]] = {}
        #: a file was loaded, or the store changed, in this run
        self.loaded_now = False
        if self._file is not None and self._file.is_file():
            with contextlib.suppress(OSError, ValueError):  # unreadable: load everything
                read = json.loads(self._file.read_text(encoding="utf-8"))
                self._graphs = read if isinstance(read, dict) else {}

    @staticmethod
    def fingerprint(path: Path) -> str:
        """Return the file's SHA-256 and size, as ``sha256:HEX:SIZE``."""
        digest, size = hashlib.sha256(), 0
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
                size += len(block)
        return f"sha256:{digest.hexdigest()}:{size}"

    def triples(self, graph: str, fingerprint: str) -> int | None:
        """Return the graph's triple count if it was loaded from this very file, else None."""
        entry = self._graphs.get(graph)
        if not isinstance(entry, dict) or entry.get("file") != fingerprint:
            return None
        count = entry.get("triples")
        return count if isinstance(count, int) else None

    def record(self, graph: str, fingerprint: str, triples: int) -> None:
        """Record that ``graph`` now holds the file of ``fingerprint``."""
        self.loaded_now = True
        if self._file is None:
            return
        self._graphs.pop(SCRUBBED, None)
        self._graphs[graph] = {"file": fingerprint, "triples": triples}
        self._write()

    def forget(self) -> None:
        """Forget every graph's file: the store was changed otherwise than by a file."""
        self.loaded_now = True
        if self._file is None or not self._graphs:
            return
        self._graphs = {}
        self._write()

    @property
    def scrubbed(self) -> bool:
        """Whether every graph is its file and was scrubbed of personal data, in an earlier
        run, with nothing loaded or changed in this one."""
        entry = self._graphs.get(SCRUBBED)
        return not self.loaded_now and isinstance(entry, dict) and entry.get("done") is True

    def mark_scrubbed(self) -> None:
        """Record that the privacy scrub found the graphs as they are (nothing to remove)."""
        if self._file is None or not self._graphs:
            return
        self._graphs[SCRUBBED] = {"done": True}
        self._write()

    def _write(self) -> None:
        assert self._file is not None
        fd, tmp = tempfile.mkstemp(dir=self._file.parent, prefix=f".{RECORD}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self._graphs, handle, indent=1, sort_keys=True)
            os.replace(tmp, self._file)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
