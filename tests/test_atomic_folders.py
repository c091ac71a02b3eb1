"""Output folders move whole: ``build`` and ``publish`` killed at random moments, run two at
a time, and pointed at folders they did not write.

Real processes on real files, no mocks. A kill trial starts a run, sends SIGKILL at a
moment drawn at random within the measured length of a complete run, and compares the
folder with the complete old and the complete new result (every file's name and SHA-256).
No test asserts a time; the counts of old and new outcomes are printed (``pytest -rP``).
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from api.atomic_folder import FolderLock, clean_leftovers, swap_by_renames

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}  # publish's build time, fixed
TRIALS = 10
PREFIXES = """@prefix styr: <https://w3id.org/styrgraf/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
#: Two small graphs to publish (no blank nodes: their labels differ from run to run).
OLD_GRAPH = (
    PREFIXES
    + """<https://w3id.org/styrgraf/id/prov/mal/1> a styr:Goal ;
    rdfs:label "Det gamla målet"@sv .
<https://w3id.org/styrgraf/id/prov/mal/2> a styr:Goal ; rdfs:label "Ett andra mål"@sv .
"""
)
NEW_GRAPH = (
    PREFIXES
    + """<https://w3id.org/styrgraf/id/prov/mal/3> a styr:Goal ;
    rdfs:label "Det nya målet"@sv .
"""
)

Snapshot = dict[str, str]


def styrgraf(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "api.cli", *(str(a) for a in args)]


def run(*args: str | Path) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run styrgraf to the end; return the process and its length in seconds."""
    started = time.monotonic()
    done = subprocess.run(
        styrgraf(*args), cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300
    )
    return done, time.monotonic() - started


def complete(*args: str | Path) -> float:
    done, took = run(*args)
    assert done.returncode == 0, done.stderr
    return took


def snapshot(folder: Path) -> Snapshot:
    """Every file under ``folder`` by relative name, with its SHA-256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def beside(folder: Path) -> list[str]:
    """What runs on ``folder`` keep beside it: staging folders, set-aside ones, the lock."""
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}."))


def kill_trials(
    folder: Path, old: Path, command: Sequence[str | Path], new: Snapshot, length: float
) -> list[str]:
    """Start ``command`` on a copy of the complete old folder ``old`` and kill it at a random
    moment, :data:`TRIALS` times; the folder must be the old one or the new one each time.
    Returns the outcomes."""
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    before = snapshot(old)
    outcomes, left = [], 0
    for _ in range(TRIALS):
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(old, folder, symlinks=True)
        at = rng.uniform(0, length)
        process = subprocess.Popen(
            styrgraf(*command), cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(at)
        process.kill()
        process.wait()
        seen = snapshot(folder)
        assert seen in (before, new), f"killed at {at:.3f} s (seed {seed}): a mixed folder"
        left += bool(beside(folder))
        outcomes.append(f"{'old' if seen == before else 'new'}@{at:.2f}s")
    print(
        f"{command[0]}: {sum(o.startswith('old') for o in outcomes)} old, "
        f"{sum(o.startswith('new') for o in outcomes)} new of {TRIALS} (seed {seed}; a run "
        f"takes {length:.2f} s; {left} kills left files beside the folder): {' '.join(outcomes)}"
    )
    # the next run starts by removing what the killed ones left, and ends whole
    complete(*command)
    assert snapshot(folder) == new
    assert beside(folder) == []
    return outcomes


# --- build -----------------------------------------------------------------------------------
class Built:
    """Two source folders, the folder each builds over the other, and how long a build of
    the second takes."""

    def __init__(self, root: Path) -> None:
        self.both, self.one = root / "both", root / "one"
        for folder, names in ((self.both, ("000", "001")), (self.one, ("000",))):
            folder.mkdir()
            for seed in sorted(SEEDS.glob("*.txt")):
                if seed.name[:3] in names:
                    shutil.copy(seed, folder / seed.name)
        self.data = root / "ref" / "data"
        self.data.mkdir(parents=True)
        (self.data / ".gitkeep").touch()
        (self.data / "README.md").write_text("my notes\n", encoding="utf-8")
        (self.data / "extra.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
        (self.data / "validation-report.txt").write_text("old report\n", encoding="utf-8")
        complete("build", "--sources", self.both, "--out", self.data)
        self.old = snapshot(self.data)
        new = root / "new" / "data"
        shutil.copytree(self.data, new)
        self.length = complete("build", "--sources", self.one, "--out", new)
        self.new = snapshot(new)

    def command(self, sources: Path, out: Path) -> list[str | Path]:
        return ["build", "--sources", sources, "--out", out]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, seeds: Path) -> Built:
    return Built(tmp_path_factory.mktemp("built"))


@pytest.mark.shared
@pytest.mark.slow
def test_build_replaces_the_folder_and_keeps_what_it_did_not_write(built: Built) -> None:
    assert sorted(built.old) == [
        ".gitkeep", "000_64bcae0d445429da.ttl", "001_ac962998a4b6cb85.ttl", "README.md",
        "extra.ttl", "load-report.json",
    ]  # fmt: skip
    # the removed source's graph is gone; the user's files stay, byte for byte
    assert sorted(built.new) == [
        ".gitkeep", "000_64bcae0d445429da.ttl", "README.md", "extra.ttl", "load-report.json"
    ]  # fmt: skip
    assert all(built.old[n] == built.new[n] for n in (".gitkeep", "README.md", "extra.ttl"))
    assert built.old["load-report.json"] != built.new["load-report.json"]
    assert beside(built.data) == []


@pytest.mark.shared
@pytest.mark.slow
def test_a_killed_build_leaves_the_old_folder_or_the_new(built: Built, tmp_path: Path) -> None:
    data = tmp_path / "data"
    kill_trials(data, built.data, built.command(built.one, data), built.new, built.length)


@pytest.mark.shared
@pytest.mark.slow
def test_two_builds_at_once_give_one_or_the_other(built: Built, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(built.data, data)
    runs = [
        subprocess.Popen(
            styrgraf(*built.command(sources, data)),
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for sources in (built.one, built.both)
    ]
    errors = [process.communicate(timeout=300)[1] for process in runs]
    assert [process.returncode for process in runs] == [0, 0], errors
    assert snapshot(data) in (built.old, built.new)
    assert beside(data) == []


# --- publish ---------------------------------------------------------------------------------
class Sites:
    """Two small inputs, the site each publishes over the other, and how long a publish of
    the second takes."""

    def __init__(self, root: Path) -> None:
        self.before, self.after = root / "before.ttl", root / "after.ttl"
        self.before.write_text(OLD_GRAPH, encoding="utf-8")
        self.after.write_text(NEW_GRAPH, encoding="utf-8")
        self.site = root / "ref" / "site"
        self.site.parent.mkdir()
        complete("publish", self.before, "--out", self.site)
        self.old = snapshot(self.site)
        new = root / "new" / "site"
        shutil.copytree(self.site, new)
        self.length = complete("publish", self.after, "--out", new)
        self.new = snapshot(new)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    return Sites(tmp_path_factory.mktemp("sites"))


@pytest.mark.slow
def test_a_killed_publish_leaves_the_old_site_or_the_new(sites: Sites, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert sorted(sites.old) != sorted(sites.new)  # a mix would show in the file names
    kill_trials(site, sites.site, ("publish", sites.after, "--out", site), sites.new, sites.length)


@pytest.mark.slow
def test_the_next_publish_removes_what_a_killed_one_left(sites: Sites, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(sites.site, site)
    process = subprocess.Popen(
        styrgraf("publish", sites.after, "--out", site),
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:  # kill it while it writes its staging folder
        while process.poll() is None and not list(tmp_path.glob(".site.new-*/*")):
            time.sleep(0.005)
    finally:
        process.kill()
        process.wait()
    assert [n for n in beside(site) if n.startswith(".site.new-")] != []
    assert snapshot(site) == sites.old
    complete("publish", sites.after, "--out", site)
    assert snapshot(site) == sites.new
    assert beside(site) == []


@pytest.mark.slow
def test_publish_refuses_a_folder_it_did_not_write(sites: Sites, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    (folder / "photos").mkdir(parents=True)
    (folder / "notes.txt").write_text("keep me\n", encoding="utf-8")
    (folder / "photos" / "a.jpg").write_bytes(b"\xff\xd8")
    before = snapshot(folder)
    done, _ = run("publish", sites.after, "--out", folder)
    assert done.returncode == 2
    assert str(folder) in done.stderr and "--replace" in done.stderr
    assert snapshot(folder) == before
    assert beside(folder) == []
    # asked to, it replaces the folder whole
    complete("publish", sites.after, "--out", folder, "--replace")
    assert snapshot(folder) == sites.new
    assert beside(folder) == []


# --- the pieces, in process ------------------------------------------------------------------
def test_a_folder_set_aside_by_a_killed_swap_is_put_back(tmp_path: Path) -> None:
    """Where the system cannot exchange two folders, the old one is renamed aside first; a
    run killed right then leaves no folder, and the next run puts the old one back."""
    target = tmp_path / "data"
    (tmp_path / ".data.old-4242").mkdir()
    (tmp_path / ".data.old-4242" / "a.ttl").write_text("old\n", encoding="utf-8")
    (tmp_path / ".data.new-x1").mkdir()
    (tmp_path / ".data.new-x1" / "a.ttl").write_text("new\n", encoding="utf-8")
    lock = FolderLock(target)
    lock.acquire()
    try:
        clean_leftovers(target)
    finally:
        lock.release()
    assert snapshot(target) == {"a.ttl": hashlib.sha256(b"old\n").hexdigest()}
    assert beside(target) == []


def test_the_rename_fallback_swaps_whole(tmp_path: Path) -> None:
    target, staging = tmp_path / "data", tmp_path / ".data.new-x1"
    target.mkdir()
    (target / "old.ttl").write_text("old\n", encoding="utf-8")
    staging.mkdir()
    (staging / "new.ttl").write_text("new\n", encoding="utf-8")
    swap_by_renames(staging, target)
    assert sorted(snapshot(target)) == ["new.ttl"]
    assert sorted(snapshot(staging)) == ["old.ttl"]  # on its way out, as a leftover would be
