"""What a publish run writes and counts: the files of the site, the run's summary, and the
publish boundary's error."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .formats import Format
from .privacy import ScrubReport


class PublishError(Exception):
    """The site could not be written; the previous site (if any) is unchanged.

    The publish boundary's error (``styrgraf publish`` only, never an HTTP answer).
    """

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass
class Published:
    """What a run wrote: counts, the privacy report, the entities no page could be made for."""

    out: Path
    build_time: datetime
    triples: int = 0
    entities: int = 0
    files: int = 0
    failed: list[str] = field(default_factory=list)
    privacy: ScrubReport = field(default_factory=ScrubReport)

    def summary(self) -> str:
        return (
            f"published {self.entities} entities and {self.triples} triples in {self.files} "
            f"files to {self.out} (built {self.build_time.isoformat()}); {self.privacy.summary()}"
        )


def extension(fmt: Format) -> str:
    """Return the extension a published file of ``fmt`` has, without the dot."""
    return fmt.extension.removeprefix(".")


class Writer:
    """Writes files under the staging folder and counts them."""

    def __init__(self, root: Path, result: Published) -> None:
        self.root = root
        self.result = result
        self.count = 0

    def write(self, relative: str, data: bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.chmod(path, 0o644)
        self.count += 1
        return path
