"""Benchmark the steering chain: ingest every follow-up of the corpus, and how identity
matching scales.

``python -m bench.identity_bench [--sources ../shared/corpus/goteborg] [--out bench/results]``

Two parts, each against a baseline measured in the same run (the machines are shared):

* **Follow-ups**: the corpus's follow-up documents (collected follow-ups of the council's
  assignments, reports on assignments, interim and annual reports, the board's own
  reports; chosen by their titles in ``index.tsv``) are ingested together in a child
  process, as ``styrgraf build`` does, with time and peak memory; the baseline child only
  reads and repairs the same files. From the graph: assignments, status reports,
  assignments with a current status, and goals with a main responsible body.
* **Scaling**: :class:`loaders.assignment_identity.AssignmentGroups` groups n synthetic
  assignments, each stated twice (the second time reworded by a word), for n from 1,000 to
  16,000; the baseline is the matcher it replaced, which compared each record with every
  group, run up to 4,000. Reported: pairs compared, seconds, and the growth from one n to
  the next (2.0 is linear, 4.0 quadratic).

Goal (issue 14): matching must not grow quadratically beyond a few thousand assignments;
a growth over 3.0 per doubling is printed as a PROBLEM and the exit code is 1.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rdflib import URIRef

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = ROOT.parent / "shared" / "corpus" / "goteborg"
TITLE_WORDS = (
    "återrapportering",
    "samlingsärende",
    "delårsrapport",
    "årsrapport",
    "årsredovisning",
    "redovisning av uppdrag",
)
SIZES = (1000, 2000, 4000, 8000, 16000)
BASELINE_SIZES = (1000, 2000, 4000)
GOAL_GROWTH = 3.0


def follow_ups(folder: Path) -> list[Path]:
    """The follow-up documents of the corpus, by their titles (and the board's reports)."""
    chosen: list[Path] = []
    index = folder / "index.tsv"
    if index.exists():
        with index.open(encoding="utf-8") as rows:
            for row in csv.reader(rows, delimiter="\t"):
                if len(row) > 5 and any(w in row[5].lower() for w in TITLE_WORDS):
                    chosen.append(folder / row[0])
    chosen += sorted(folder.glob("*rapport*.txt"))
    return sorted({p for p in chosen if p.exists()})


# --- the children --------------------------------------------------------------------------
def _child_read(files: list[str]) -> dict[str, Any]:
    from loaders.source_reader import read_source

    lines = 0
    for name in files:
        lines += len(read_source(Path(name)).lines)
    return {"lines": lines}


def _child_ingest(files: list[str]) -> dict[str, Any]:
    from rdflib.namespace import RDF

    from loaders.pipeline import ingest
    from loaders.vocab import STYR

    result = ingest([Path(f) for f in files], keep_going=True)
    graph = result.merged()
    return {
        "assignments": len(set(graph.subjects(RDF.type, STYR.Assignment))),
        "status_reports": len(set(graph.subjects(RDF.type, STYR.StatusReport))),
        "with_status": len(set(graph.subjects(STYR.currentStatus, None))),
        "goals_with_main_body": len(set(graph.subjects(STYR.mainResponsibleBody, None))),
        "refused": len(result.report.refused),
    }


def _run_child(kind: str, files: list[Path]) -> dict[str, Any]:
    """Run one part in a child process: its figures, seconds and peak memory (MiB)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as listing:
        json.dump([str(f) for f in files], listing)
    command = [sys.executable, "-m", "bench.identity_bench", "--child", kind, listing.name]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    out = process.stdout.read() if process.stdout else ""
    os.unlink(listing.name)
    if status != 0:
        raise SystemExit(f"the {kind} child failed (status {status})")
    figures: dict[str, Any] = json.loads(out)
    figures["seconds"] = round(seconds, 2)
    figures["peak_mib"] = round(usage.ru_maxrss / 1024, 1)
    return figures


# --- scaling -------------------------------------------------------------------------------
_VERBS = ["utreda", "utveckla", "ta fram", "säkerställa", "arbeta för", "följa upp", "införa"]
_TOPICS = """förskola skola äldreomsorg trafik cykelbanor parker bibliotek idrottshallar bostäder
energi klimat avfall vatten kultur simhallar lokaler upphandling digitalisering integration
trygghet belysning kollektivtrafik laddplatser näringsliv turism"""


def records(n: int, seed: int = 14) -> list[Any]:
    """``n`` distinct assignments in the corpus's form, each stated in two documents (the
    second time with one word changed), in the order resolution sorts them: by document."""
    from loaders.assignment_records import AssignmentRecord
    from loaders.orgs import make_org

    rng = random.Random(seed)
    words = _TOPICS.split()
    first: list[AssignmentRecord] = []
    again: list[AssignmentRecord] = []
    for i in range(n):
        chosen = rng.sample(words, 6)
        text = f"Nämnden får i uppdrag att {rng.choice(_VERBS)} {' '.join(chosen)} nummer{i}"
        board = make_org("board", f"nämnd{i % 40}nämnden")
        for doc, said in (("a", text), ("b", text.replace(chosen[2], "och", 1))):
            (first if doc == "a" else again).append(
                AssignmentRecord(
                    source=doc,
                    doc_iri=URIRef(f"urn:doc:{doc}"),
                    doc_kind="assignment_followup",
                    municipality="x",
                    year=2024,
                    body_key=None,
                    origin="lopande",
                    origin_year=None,
                    text=said,
                    start=1,
                    end=1,
                    responsible=[board],
                    cooperating=[],
                    supporting=[],
                    order=i,
                )
            )
    return first + again


def _every_group(recs: list[Any]) -> tuple[int, int]:
    """The matcher AssignmentGroups replaced: each record against every group (the groups
    it looks at are counted)."""
    from loaders.assignment_identity import same_assignment

    groups: list[list[Any]] = []
    visited = 0
    for rec in recs:
        found = None
        for group in groups:
            visited += 1
            if all(x.doc_iri != rec.doc_iri for x in group) and same_assignment(group[0], rec):
                found = group
                break
        if found is not None:
            found.append(rec)
        else:
            groups.append([rec])
    return visited, len(groups)


def _indexed(recs: list[Any]) -> tuple[int, int]:
    from loaders.assignment_identity import AssignmentGroups

    grouping = AssignmentGroups()
    for rec in recs:
        grouping.add(rec)
    return grouping.comparisons, len(grouping.groups)


def scaling() -> list[dict[str, Any]]:
    rows = []
    for n in SIZES:
        recs = records(n)
        started = time.perf_counter()
        compared, groups = _indexed(recs)
        row: dict[str, Any] = {
            "n": n,
            "pairs": compared,
            "seconds": round(time.perf_counter() - started, 3),
            "groups_ok": groups == n,
        }
        if n in BASELINE_SIZES:
            started = time.perf_counter()
            base_pairs, base_groups = _every_group(recs)
            row["baseline_pairs"] = base_pairs
            row["baseline_seconds"] = round(time.perf_counter() - started, 3)
            row["baseline_groups_ok"] = base_groups == n
        rows.append(row)
    for before, after in itertools.pairwise(rows):
        after["growth"] = round(after["seconds"] / max(before["seconds"], 1e-6), 2)
        after["pair_growth"] = round(after["pairs"] / max(before["pairs"], 1), 2)
        if "baseline_seconds" in after and "baseline_seconds" in before:
            after["baseline_growth"] = round(
                after["baseline_seconds"] / max(before["baseline_seconds"], 1e-6), 2
            )
    return rows


# --- report --------------------------------------------------------------------------------
def _markdown(result: dict[str, Any]) -> str:
    read, built = result["read"], result["ingest"]
    lines = [
        "# Identity benchmark",
        "",
        f"{result['files']} follow-up documents of the corpus.",
        "",
        "| run | seconds | × baseline | peak MiB |",
        "|---|---|---|---|",
        f"| read only (baseline) | {read['seconds']} | 1.0 | {read['peak_mib']} |",
        f"| ingest + identity | {built['seconds']} | "
        f"{built['seconds'] / max(read['seconds'], 1e-6):.1f} | {built['peak_mib']} |",
        "",
        f"Assignments {built['assignments']}, status reports {built['status_reports']}, "
        f"assignments with a current status {built['with_status']}, goals with a main "
        f"responsible body {built['goals_with_main_body']}, files refused {built['refused']}.",
        "",
        "| n | pairs compared | s | growth | baseline: groups looked at | baseline s "
        "| baseline growth |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in result["scaling"]:
        lines.append(
            f"| {row['n']} | {row['pairs']} | {row['seconds']} | {row.get('growth', '')} | "
            f"{row.get('baseline_pairs', 'not run')} | {row.get('baseline_seconds', '')} | "
            f"{row.get('baseline_growth', '')} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", default=str(DEFAULT_SOURCES))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, listing = args.child
        files = json.loads(Path(listing).read_text(encoding="utf-8"))
        figures = _child_read(files) if kind == "read" else _child_ingest(files)
        print(json.dumps(figures))
        return 0
    files = follow_ups(Path(args.sources))
    if not files:
        print(f"no follow-up documents in {args.sources}", file=sys.stderr)
        return 2
    result: dict[str, Any] = {"files": len(files)}
    result["read"] = _run_child("read", files)
    result["ingest"] = _run_child("ingest", files)
    result["scaling"] = scaling()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "identity-bench.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    text = _markdown(result)
    (out / "identity-bench.md").write_text(text, encoding="utf-8")
    print(text)
    problems = [
        f"PROBLEM: matching grew {row['growth']}× from n={row['n'] // 2} to n={row['n']}"
        for row in result["scaling"]
        if row.get("growth", 0) > GOAL_GROWTH and row["n"] > 2000
    ]
    problems += [
        f"PROBLEM: at n={row['n']} restatements were not all found"
        for row in result["scaling"]
        if not row["groups_ok"]
    ]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
