"""Long commands show their progress: a live line on a terminal, plain lines in a log.

The real CLI runs in a subprocess, on a pseudo-terminal (:mod:`pty`) or with its output
in a pipe. What the runs must show is read off the inputs:

- the seeds are two texts (000_64bcae0d445429da.txt, 001_ac962998a4b6cb85.txt), so build
  reads 1/2 then 2/2 files and writes 3 files (two graphs and the load report);
- shapes/ holds eight files, of which seven give shapes a target (all but prefixes.ttl):
  assignments, chain, documents, economy, goals, timeplan and wellformed, in that order.

No test asserts how long anything takes.
"""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from rdflib import Graph

from api.progress import Display, clock
from api.shacl import reference
from api.validate import load_data, load_shapes, shape_groups
from loaders.resources import shapes_dir

ROOT = Path(__file__).resolve().parents[1]
FAMILY = ROOT / "tests" / "fixtures" / "family"
SEED_FILES = ["000_64bcae0d445429da.txt", "001_ac962998a4b6cb85.txt"]
SHAPE_FILES = ["assignments", "chain", "documents", "economy", "goals", "timeplan", "wellformed"]
#: A live line: a carriage return, the status, and "erase to the end of the line".
LIVE = re.compile(r"\r([^\r\n\x1b]*)\x1b\[K")


def styrgraf(*args: str, terminal: bool) -> tuple[int, str]:
    """Run ``styrgraf ARGS`` with standard error (and output) on a pseudo-terminal, or in a
    pipe; return the exit code and everything it wrote to standard error (and output)."""
    command = [sys.executable, "-m", "api.cli", *args]
    if not terminal:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        return done.returncode, done.stderr
    parent, child = pty.openpty()
    process = subprocess.Popen(
        command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=child, stderr=child
    )
    os.close(child)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(parent, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(parent)
    return process.wait(), b"".join(chunks).decode("utf-8")


def live(output: str, phase: str) -> list[tuple[int, int]]:
    """Return the (done, total) of the live lines of ``phase`` in the order drawn (a count
    drawn again as the clock moves, once)."""
    found: list[tuple[int, int]] = []
    for status in LIVE.findall(output):
        match = re.match(rf"{phase}: (\d+)/(\d+) ", status)
        if match and (not found or found[-1] != (int(match[1]), int(match[2]))):
            found.append((int(match[1]), int(match[2])))
    return found


def test_build_on_a_terminal_draws_advancing_counts(seeds: Path, tmp_path: Path) -> None:
    code, output = styrgraf(
        "build", "--sources", str(seeds), "--out", str(tmp_path / "out"), terminal=True
    )
    assert code == 0, output[-3000:]
    assert live(output, "read") == [(0, 2), (1, 2), (2, 2)]
    assert re.search(r"\rread: 1/2 files  50% \[#{10}\.{10}\] \d+:\d\d", output)
    assert re.search(r"\rread: 2/2 files 100% \[#{20}\] \d+:\d\d\x1b\[K\r?\n", output)
    assert (3, 3) in live(output, "write") and (1, 3) in live(output, "write")
    assert live(output, "link")[-1] == (2, 2)
    assert "\rmerge … " in output
    for i, name in enumerate(SEED_FILES, start=1):  # each file's line, above the live one
        assert re.search(rf"\r\x1b\[K\[{i}/2\] {name}: ", output)
    assert "Files read: 2" in output  # the summary, on a line of its own
    assert re.search(r"\n[^\r\n]*Files read: 2", output)


def test_build_in_a_log_prints_plain_lines(seeds: Path, tmp_path: Path) -> None:
    code, err = styrgraf(
        "build", "--sources", str(seeds), "--out", str(tmp_path / "out"), terminal=False
    )
    assert code == 0, err[-3000:]
    assert "\r" not in err and "\x1b" not in err
    lines = err.splitlines()
    assert [ln.split(":")[0] for ln in lines if ln.startswith("[")] == [
        f"[{i}/2] {name}" for i, name in enumerate(SEED_FILES, start=1)
    ]
    assert [ln.split(" (")[0] for ln in lines if ln.startswith("wrote ")] == [
        f"wrote {tmp_path / 'out' / name.replace('.txt', '.ttl')}" for name in SEED_FILES
    ]


def test_quiet_shows_no_progress(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = styrgraf(
        "build", "--sources", str(seeds), "--out", str(out), "--quiet", terminal=True
    )
    assert code == 0, output[-3000:]
    assert "\r" not in output.replace("\r\n", "\n") and "[1/2]" not in output
    assert "Files read: 2" in output and (out / "load-report.json").is_file()


@pytest.mark.slow
def test_publish_counts_its_pages(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    family = [str(p) for p in sorted(FAMILY.glob("*.txt"))]
    code, _ = styrgraf("ingest", *family, "-o", str(data / "kfn.ttl"), "-q", terminal=False)
    assert code == 0
    code, output = styrgraf("publish", str(data), "--out", str(tmp_path / "a"), terminal=True)
    assert code == 0, output[-3000:]
    pages = live(output, "pages")
    total = pages[0][1]
    assert total > 10 and pages[0] == (0, total) and pages[-1] == (total, total)
    assert [d for d, _ in pages] == sorted({d for d, _ in pages})  # only forwards
    assert all(t == total for _, t in pages) and len(pages) > 10
    assert "\rdumps … " in output and "\rdescription … " in output
    assert re.search(r"\x1b\[K\r?\npublished \d+ entities", output)

    code, err = styrgraf("publish", str(data), "--out", str(tmp_path / "b"), terminal=False)
    assert code == 0, err[-3000:]
    logged = [tuple(map(int, m)) for m in re.findall(r"^pages: (\d+)/(\d+) pages", err, re.M)]
    tenths = {done * 10 // total for done, _ in logged}
    assert tenths >= set(range(1, 11)) and logged[-1] == (total, total)
    assert "\r" not in err


@pytest.mark.slow
@pytest.mark.parametrize("terminal", [True, False])
def test_pyshacl_validation_steps_through_the_shape_files(terminal: bool) -> None:
    args = ["validate", str(ROOT / "data"), "--engine", "pyshacl", "--no-file"]
    code, output = styrgraf(*args, terminal=terminal)
    assert code in {0, 1}, output[-3000:]
    steps = [(str(i), name) for i, name in enumerate(SHAPE_FILES, start=1)]
    assert re.findall(r"\[(\d)/7\] (\w+)\.ttl", output) == steps
    if terminal:
        assert live(output, "validate") == [(i, 7) for i in range(8)]
        assert "\rload … " in output and "\rexplain … " in output
    else:
        assert "\r" not in output


@pytest.mark.slow
def test_pyshacl_by_shape_file_finds_what_one_run_finds() -> None:
    data = load_data([ROOT / "data"])
    shapes = load_shapes(shapes_dir())
    groups = shape_groups(shapes_dir())
    assert [name for name, shapes in groups if shapes] == [f"{n}.ttl" for n in SHAPE_FILES]
    parts = reference.split(shapes, groups)
    assert parts is not None and len(parts) == 7
    seen: list[str] = []

    class Steps:
        def phase(self, name: str, total: int | None = None, unit: str = "") -> None:
            seen.append(f"{name} {total}")

        def step(self, done: int, line: object = "") -> None:
            seen.append(str(done))

        def note(self, line: str) -> None:
            seen.append(line)

    split = reference.validate(data, shapes, groups, Steps())
    assert seen == ["validate 7", *map(str, range(1, 8))]
    assert split.findings == reference.validate(data, shapes).findings


def test_a_rule_or_a_blank_targeted_shape_keeps_one_run() -> None:
    shapes = load_shapes(shapes_dir())
    groups = shape_groups(shapes_dir())
    ruled = Graph() + shapes
    ruled.parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> .\n<urn:s> sh:rule [ a sh:TripleRule ] .",
        format="turtle",
    )
    assert reference.split(ruled, groups) is None
    blank = Graph() + shapes
    blank.parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "[] sh:targetClass <urn:c> ; sh:minCount 1 .",
        format="turtle",
    )
    assert reference.split(blank, groups) is None
    assert reference.split(shapes, groups[:1]) is None


class Ticks:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_terminal_line_estimates_what_is_left() -> None:
    out, ticks = StringIO(), Ticks()
    display = Display(out, tty=True, now=ticks)
    display.phase("pages", 4, "pages")
    ticks.now = 10.0
    display.step(1)
    assert display.status() == "pages: 1/4 pages  25% [#####...............] 0:10, ~0:30 left"
    ticks.now = 40.0
    display.step(4)
    assert out.getvalue().endswith("pages: 4/4 pages 100% [####################] 0:40\x1b[K\n")
    display.note("wrote x")
    assert out.getvalue().endswith("\n\r\x1b[Kwrote x\n")


def test_log_lines_at_each_tenth_and_none_when_quiet() -> None:
    out = StringIO()
    display = Display(out, tty=False, now=Ticks())
    display.phase("pages", 20, "pages")
    for done in range(1, 21):
        display.step(done)
    assert [ln.split(" ")[1] for ln in out.getvalue().splitlines()] == [
        f"{d}/20" for d in range(2, 21, 2)
    ]
    quiet = StringIO()
    silenced = Display(quiet, quiet=True, tty=True)
    silenced.phase("read", 2, "files")
    silenced.step(1, lambda: pytest.fail("a quiet display asks for no line"))
    silenced.close()
    assert quiet.getvalue() == ""


def test_clock() -> None:
    assert [clock(s) for s in (0, 59.9, 61, 3600 + 62)] == ["0:00", "0:59", "1:01", "1:01:02"]
