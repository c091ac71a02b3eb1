"""Benchmark validation: the fast engine against pySHACL on generated data.

``python -m bench.validate_bench [--scales 10k,100k,1M] [--out bench/results]``

For each scale the data is generated (``bench.generate``) into a temporary N-Triples
file, then every measurement runs in its own child process, so the peak memory reported
(``ru_maxrss`` of the child) belongs to that measurement alone:

* fast: the file is bulk-loaded into an in-memory pyoxigraph ``Store`` and validated by
  ``api.shacl.fast_engine.validate(store, shapes)``;
* pySHACL: the file is parsed into an rdflib ``Graph`` and validated by
  ``api.shacl.reference.validate(graph, shapes)``, under a time limit; at 1M triples only
  with ``--with-pyshacl-1m`` (it takes well over ten minutes).

Times are for validation with the data already loaded; loading is timed separately. In
the same child, one full scan (``SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }``) on the
loaded data is the baseline, so results can be read as multiples of it on any machine.

Both engines must find exactly the planted defects (per shape) and the same findings
(focus, shape, component, path, value, severity; literals compared by canonical form,
blank nodes as ``_:``). Otherwise the exit code is 1.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import FrameType
from typing import Any

from bench.generate import parse_size, write

ROOT = Path(__file__).resolve().parents[1]
SCAN = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
DEFAULT_SCALES = "10k,100k,1M"
DEFAULT_LIMIT = 900.0
PYSHACL_UNLIMITED_BELOW = 1_000_000  # pySHACL runs below this size unless asked for 1M
MEASURE = "_measure"  # the hidden sub-command a child runs
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {f"{XSD}{t}" for t in ("decimal", "integer", "double", "float", "int", "long")}
TARGET_SPEEDUP_100K = 80.0
TARGET_SECONDS_1M = 8.0
TARGET_PEAK_MIB_1M = 2048.0


# --- the child: one measurement --------------------------------------------------------------
class _TimeLimit(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _TimeLimit


def _canon(term: Any) -> str | None:
    """A term's canonical text: IRIs as <…>, blank nodes as _:, literals via Oxigraph."""
    from rdflib import BNode, Literal, URIRef

    from api.shacl.store import to_ox

    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) in NUMERIC:
        try:  # "12.30" and "12.3" are the same decimal
            number = Decimal(str(term))
        except InvalidOperation:
            return str(to_ox(term))
        if number == number.to_integral_value() and "." not in str(term):
            return f"{int(number)}^^<{term.datatype}>"
        return f"{number.normalize():f}^^<{term.datatype}>"
    return str(to_ox(term))


def _finding_row(shapes: Any, finding: Any) -> dict[str, Any]:
    from rdflib import BNode
    from rdflib.namespace import SH

    from api.validate import _rule

    rule = _rule(shapes, finding.source_shape)
    shape = _canon(finding.source_shape)
    if isinstance(finding.source_shape, BNode):  # blank property shape: its parent and path
        shape = f"{_canon(rule)}/{_canon(shapes.value(finding.source_shape, SH.path))}"
    return {
        "rule": str(rule).rsplit("#", 1)[-1],
        "key": [
            _canon(finding.focus),
            shape,
            _canon(finding.component),
            _canon(finding.path),
            _canon(finding.value),
            _canon(finding.severity),
        ],
    }


def measure(engine: str, data: Path, shapes_dir: Path, limit: float | None) -> dict[str, Any]:
    """Load ``data``, time one scan and one validation; return the figures and findings."""
    from api.validate import load_shapes

    out: dict[str, Any] = {"engine": engine}
    shapes = load_shapes(shapes_dir)
    started = time.perf_counter()
    if engine == "fast":
        import pyoxigraph as ox

        try:
            from api.shacl import fast_engine
        except ImportError as exc:
            return {"engine": engine, "error": f"the fast engine cannot be imported: {exc}"}
        store = ox.Store()
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
        out["load_s"] = time.perf_counter() - started
        started = time.perf_counter()
        solutions = store.query(SCAN)
        out["loaded_triples"] = int(next(iter(solutions))["n"].value)  # type: ignore[index]
        out["scan_s"] = time.perf_counter() - started

        def run() -> Any:
            return fast_engine.validate(store, shapes)
    else:
        from rdflib import Graph

        from api.shacl import reference

        graph = Graph()
        graph.parse(data, format="nt")
        out["load_s"] = time.perf_counter() - started
        started = time.perf_counter()
        out["loaded_triples"] = int(next(iter(graph.query(SCAN)))[0])  # type: ignore[index]
        out["scan_s"] = time.perf_counter() - started

        def run() -> Any:
            return reference.validate(graph, shapes)

    if limit:
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
    started = time.perf_counter()
    try:
        report = run()
    except _TimeLimit:
        out["timeout"] = True
        out["validate_s"] = time.perf_counter() - started
        out["peak_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return out
    finally:
        if limit:
            signal.setitimer(signal.ITIMER_REAL, 0)
    out["validate_s"] = time.perf_counter() - started
    out["peak_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out["notices"] = list(report.notices)
    out["findings"] = [_finding_row(shapes, f) for f in report.findings]
    return out


def _child_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog=f"python -m bench.validate_bench {MEASURE}")
    parser.add_argument("--engine", choices=("fast", "pyshacl"), required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--shapes", type=Path, required=True)
    parser.add_argument("--result", type=Path, required=True)
    parser.add_argument("--time-limit", type=float, default=0.0)
    args = parser.parse_args(argv)
    result = measure(args.engine, args.data, args.shapes, args.time_limit or None)
    args.result.write_text(json.dumps(result, ensure_ascii=False))
    return 0


# --- the parent: generate, measure, compare, report -------------------------------------------
@dataclass
class Scale:
    label: str
    triples: int
    generate_s: float = 0.0
    planted: dict[str, int] = field(default_factory=dict)
    fast: dict[str, Any] = field(default_factory=dict)
    pyshacl: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    identical: bool | None = None

    def found(self, run: dict[str, Any]) -> Counter[str] | None:
        if "findings" not in run:
            return None
        return Counter(row["rule"] for row in run["findings"])


def _spawn(
    engine: str, data: Path, shapes: Path, workdir: Path, limit: float | None
) -> dict[str, Any]:
    """Run one measurement in a child process and return its result."""
    result = workdir / f"{engine}.json"
    result.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "bench.validate_bench", MEASURE, "--engine", engine]
    cmd += ["--data", str(data), "--shapes", str(shapes), "--result", str(result)]
    if limit:
        cmd += ["--time-limit", str(limit)]
    # a hard stop for what the child's own timer cannot interrupt (loading, Rust code)
    hard = None if not limit else limit * 2 + 600
    try:
        proc = subprocess.run(
            cmd, cwd=ROOT, capture_output=True, text=True, timeout=hard, check=False
        )
    except subprocess.TimeoutExpired:
        return {"engine": engine, "timeout": True, "validate_s": limit}
    if proc.returncode != 0 or not result.exists():
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        return {"engine": engine, "error": f"exit code {proc.returncode}: " + " | ".join(tail)}
    data_out: dict[str, Any] = json.loads(result.read_text())
    return data_out


def _fmt_s(run: dict[str, Any], limit: float | None) -> str:
    if not run:
        return "not run"
    if "error" in run:
        return "error"
    if run.get("timeout"):
        return f"> {limit:g}"
    return f"{run['validate_s']:.2f}"


def _mib(run: dict[str, Any]) -> str:
    return f"{run['peak_kib'] / 1024:.0f}" if "peak_kib" in run else "–"


def _count(scale: Scale, run: dict[str, Any]) -> str:
    found = scale.found(run)
    if found is None:
        return "–"
    mark = "" if found == Counter(scale.planted) else " ✗"
    return f"{sum(found.values())}{mark}"


def table(scales: list[Scale], limit: float) -> str:
    head = (
        "| scale | triples | fast s | pySHACL s | speed-up × | fast/scan | fast peak MiB "
        "| pySHACL peak MiB | planted | found fast | found pySHACL | identical |"
    )
    rows = [head, "|" + "---|" * 12]
    for s in scales:
        f, p = s.fast, s.pyshacl
        speed = "–"
        if "findings" in f and "findings" in p:
            speed = f"{p['validate_s'] / max(f['validate_s'], 1e-9):.0f}"
        elif "findings" in f and p.get("timeout"):
            speed = f"> {limit / max(f['validate_s'], 1e-9):.0f}"
        ratio = f"{f['validate_s'] / max(f['scan_s'], 1e-9):.1f}" if "findings" in f else "–"
        same = {True: "yes", False: "no", None: "–"}[s.identical]
        rows.append(
            f"| {s.label} | {s.fast.get('loaded_triples', s.triples)} | {_fmt_s(f, limit)} "
            f"| {_fmt_s(p, limit)} | {speed} | {ratio} | {_mib(f)} | {_mib(p)} "
            f"| {sum(s.planted.values())} | {_count(s, f)} | {_count(s, p)} | {same} |"
        )
    rows += [
        "",
        "| scale | generate s | fast load s | scan s (Oxigraph) | pySHACL load s "
        "| scan s (rdflib) |",
        "|---|---|---|---|---|---|",
    ]
    for s in scales:

        def sec(run: dict[str, Any], key: str) -> str:
            return f"{run[key]:.2f}" if key in run else "–"

        rows.append(
            f"| {s.label} | {s.generate_s:.2f} | {sec(s.fast, 'load_s')} "
            f"| {sec(s.fast, 'scan_s')} | {sec(s.pyshacl, 'load_s')} "
            f"| {sec(s.pyshacl, 'scan_s')} |"
        )
    return "\n".join(rows) + "\n"


def targets(scales: list[Scale]) -> list[str]:
    """Say whether the targets were met at the scales that were run."""
    out = []
    for s in scales:
        f, p = s.fast, s.pyshacl
        if s.triples == 100_000 and "findings" in f and "findings" in p:
            speed = p["validate_s"] / max(f["validate_s"], 1e-9)
            ok = "met" if speed >= TARGET_SPEEDUP_100K else "NOT met"
            out.append(f"100k: fast is {speed:.0f}× faster than pySHACL (target ≥ 80×): {ok}")
        if s.triples == 1_000_000 and "findings" in f:
            secs, mib = f["validate_s"], f["peak_kib"] / 1024
            ok = "met" if secs < TARGET_SECONDS_1M and mib < TARGET_PEAK_MIB_1M else "NOT met"
            out.append(
                f"1M: fast validates in {secs:.2f} s with peak {mib:.0f} MiB "
                f"(target < 8 s, < 2048 MiB): {ok}"
            )
    return out


def compare(scale: Scale) -> None:
    """Check each engine's per-shape counts against the plan, and the engines against each other."""
    planted = Counter(scale.planted)
    for name, run in (("fast", scale.fast), ("pySHACL", scale.pyshacl)):
        if "error" in run:
            scale.problems.append(f"{scale.label}: {name} failed: {run['error']}")
            continue
        found = scale.found(run)
        if found is None:
            continue
        if found != planted:
            diff = {
                k: f"found {found.get(k, 0)}, planted {planted.get(k, 0)}"
                for k in sorted(set(found) | set(planted))
                if found.get(k, 0) != planted.get(k, 0)
            }
            scale.problems.append(f"{scale.label}: {name} does not find what was planted: {diff}")
    if "findings" in scale.fast and "findings" in scale.pyshacl:
        a = Counter(tuple(r["key"]) for r in scale.fast["findings"])
        b = Counter(tuple(r["key"]) for r in scale.pyshacl["findings"])
        scale.identical = a == b
        if not scale.identical:
            only_fast = list((a - b).elements())[:5]
            only_py = list((b - a).elements())[:5]
            scale.problems.append(
                f"{scale.label}: the engines disagree; only fast: {only_fast}; "
                f"only pySHACL: {only_py}"
            )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [MEASURE]:
        return _child_main(argv[1:])
    parser = argparse.ArgumentParser(
        prog="python -m bench.validate_bench", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--scales", default=DEFAULT_SCALES, help="e.g. 10k,100k,1M")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shapes", type=Path, default=ROOT / "shapes")
    parser.add_argument(
        "--time-limit", type=float, default=DEFAULT_LIMIT, help="pySHACL's limit in seconds"
    )
    parser.add_argument(
        "--with-pyshacl-1m", action="store_true", help="also run pySHACL at 1M triples"
    )
    args = parser.parse_args(argv)
    sizes = [(label.strip(), parse_size(label)) for label in args.scales.split(",") if label]
    shapes = args.shapes.resolve()
    scales: list[Scale] = []
    with tempfile.TemporaryDirectory(prefix="styrgraf-bench-") as tmp:
        work = Path(tmp)
        for label, n in sizes:
            scale = Scale(label, n)
            scales.append(scale)
            data = work / f"data-{label}.nt"
            started = time.perf_counter()
            with data.open("w", encoding="utf-8", newline="\n") as out:
                planted = write(out, n, args.seed)
            scale.generate_s = time.perf_counter() - started
            scale.planted = dict(sorted(planted.items()))
            print(
                f"[{label}] generated {planted.triples} triples, "
                f"{sum(planted.values())} planted findings ({scale.generate_s:.1f} s)",
                file=sys.stderr,
            )
            scale.fast = _spawn("fast", data, shapes, work, None)
            print(f"[{label}] fast: {_fmt_s(scale.fast, None)} s", file=sys.stderr)
            if "error" in scale.fast:
                print(f"[{label}] ERROR: {scale.fast['error']}", file=sys.stderr)
            for notice in scale.fast.get("notices", []):
                print(f"[{label}] fast notice: {notice}", file=sys.stderr)
            if n < PYSHACL_UNLIMITED_BELOW or args.with_pyshacl_1m:
                scale.pyshacl = _spawn("pyshacl", data, shapes, work, args.time_limit)
                print(
                    f"[{label}] pySHACL: {_fmt_s(scale.pyshacl, args.time_limit)} s",
                    file=sys.stderr,
                )
            else:
                print(f"[{label}] pySHACL: not run (use --with-pyshacl-1m)", file=sys.stderr)
            compare(scale)
            data.unlink()
    text = table(scales, args.time_limit)
    notes = targets(scales)
    problems = [p for s in scales for p in s.problems]
    print(text)
    for line in notes:
        print(line)
    for line in problems:
        print(f"PROBLEM: {line}")
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    (args.out / "validate-bench.md").write_text(
        f"# Validation benchmark, {stamp}\n\n{machine}, seed {args.seed}.\n\n{text}\n"
        + "".join(f"- {n}\n" for n in notes)
        + "".join(f"- PROBLEM: {p}\n" for p in problems),
        encoding="utf-8",
    )
    report = {
        "when": stamp,
        "machine": machine,
        "seed": args.seed,
        "time_limit_s": args.time_limit,
        "targets": notes,
        "problems": problems,
        "scales": [
            {
                "scale": s.label,
                "triples": s.fast.get("loaded_triples", s.triples),
                "generate_s": s.generate_s,
                "planted": s.planted,
                "identical": s.identical,
                **{
                    engine: {k: v for k, v in run.items() if k != "findings"}
                    | ({"found": dict(s.found(run) or {})} if "findings" in run else {})
                    for engine, run in (("fast", s.fast), ("pyshacl", s.pyshacl))
                },
            }
            for s in scales
        ],
    }
    (args.out / "validate-bench.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {args.out / 'validate-bench.md'} and validate-bench.json", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
