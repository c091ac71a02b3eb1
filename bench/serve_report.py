"""The serving benchmark's report (:mod:`bench.serve_bench`): tables, targets, and
the Markdown and JSON files."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from bench.serve_probes import SERVERS, STYRGRAF_SPARQL
from bench.serve_servers import OXIGRAPH, RDFLIB, STYRGRAF
from bench.serve_timing import Scale

TARGET_STYRGRAF_OVER_OXIGRAPH = 1.5
TARGET_RDFLIB_OVER_STYRGRAF_100K = 10.0
TARGET_LOAD_TRIPLES_PER_S = 100_000.0


def ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def _ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b <= 0:
        return None
    return a / b


def _x(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:.0f}"


def tables(scales: list[Scale], args: argparse.Namespace) -> str:
    out = [
        "### Servers",
        "",
        "| scale | triples | server | ready s | PSS MiB | status |",
        "|---|---|---|---|---|---|",
    ]
    for s in scales:
        for row in s.servers:
            ready = f"{row['ready_s']:.1f}" if row["ready_s"] is not None else "–"
            pss = f"{row['pss_mib']:.0f}" if row["pss_mib"] is not None else "–"
            out.append(
                f"| {s.label} | {s.triples or '–'} | {row['server']} | {ready} "
                f"| {pss} | {row['status']} |"
            )
    out += [
        "",
        f"### Latency ({args.requests} sequential requests or {args.series_seconds:g} s) and "
        f"throughput ({args.clients} clients, {args.throughput_seconds:g} s)",
        "",
        "| scale | query | rows | server | n | p50 ms | p99 ms | req/s | p50 ×ox | p99 ×ox "
        "| req/s ×ox |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in scales:
        for probe in [p["key"] for p in s.probes]:
            anchor = s.get(probe, OXIGRAPH)
            for name in SERVERS:
                m = s.get(probe, name)
                if m is None and name == STYRGRAF_SPARQL:
                    continue
                if m is None:
                    status = next((r["status"] for r in s.servers if r["server"] == name), "")
                    out.append(f"| {s.label} | {probe} | – | {name} | – | {status} | | | | | |")
                    continue
                a50 = anchor.p50_ms if anchor else None
                a99 = anchor.p99_ms if anchor else None
                arps = anchor.rps if anchor else None
                rps = f"{m.rps:.1f}" if m.rps is not None else "–"
                if m.throughput_note:
                    rps = m.throughput_note
                n = f"{m.n}{' (capped)' if m.capped else ''}"
                p50 = f"timed out (> {args.request_timeout:g} s)" if m.timed_out else ms(m.p50_ms)
                out.append(
                    f"| {s.label} | {probe} | {m.rows if m.rows is not None else '–'} | {name} "
                    f"| {n} | {p50} | {ms(m.p99_ms)} | {rps} "
                    f"| {_x(_ratio(m.p50_ms, a50))} | {_x(_ratio(m.p99_ms, a99))} "
                    f"| {_x(_ratio(m.rps, arps))} |"
                )
    out += [
        "",
        "### Targets",
        "",
        f"| scale | query | styrgraf p50 / oxigraph p50 (≤ {TARGET_STYRGRAF_OVER_OXIGRAPH:g}) "
        "| styrgraf /sparql+VALUES p50 / oxigraph p50 "
        f"| rdflib-endpoint p50 / styrgraf p50 (≥ {TARGET_RDFLIB_OVER_STYRGRAF_100K:g} at 100k) |",
        "|---|---|---|---|---|",
    ]
    for s in scales:
        for probe in [p["key"] for p in s.probes]:
            sg, sq, ox, rl = (s.get(probe, n) for n in SERVERS)
            first = _ratio(sg.p50_ms if sg else None, ox.p50_ms if ox else None)
            engine = _ratio(sq.p50_ms if sq else None, ox.p50_ms if ox else None)
            second = _ratio(rl.p50_ms if rl else None, sg.p50_ms if sg else None)
            mark1 = (
                "" if first is None else (" ✓" if first <= TARGET_STYRGRAF_OVER_OXIGRAPH else " ✗")
            )
            mark2 = ""
            if second is not None and s.label == "100k":
                mark2 = " ✓" if second >= TARGET_RDFLIB_OVER_STYRGRAF_100K else " ✗"
            out.append(
                f"| {s.label} | {probe} | {_x(first)}{mark1} | {_x(engine)} | {_x(second)}{mark2} |"
            )
    out += ["", *summary(scales, args)]
    out += [
        "",
        "### Bulk load in process",
        "",
        "| scale | triples | EmbeddedStore.load s | triples/s | pyoxigraph bulk_load s "
        "| triples/s | embedded / bulk_load speed |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in scales:
        ld = s.load
        if not ld:
            continue
        speed = ld["embedded_triples_per_s"] / ld["bulk_load_triples_per_s"]
        out.append(
            f"| {s.label} | {ld['embedded_triples']} | {ld['embedded_s']:.2f} "
            f"| {ld['embedded_triples_per_s']:,.0f} | {ld['bulk_load_s']:.2f} "
            f"| {ld['bulk_load_triples_per_s']:,.0f} | {speed:.2f} |"
        )
    return "\n".join(out) + "\n"


def summary(scales: list[Scale], args: argparse.Namespace) -> list[str]:
    """styrgraf over oxigraph per query class (rows) and scale (columns): p50 and req/s."""
    labels = [s.label for s in scales]
    out = [
        f"### styrgraf ÷ oxigraph per query class: p50 ×ox (target ≤ "
        f"{TARGET_STYRGRAF_OVER_OXIGRAPH:g}) and req/s ×ox with {args.clients} clients",
        "",
        "| query | "
        + " | ".join(f"{label} p50 ×ox | {label} req/s ×ox" for label in labels)
        + " |",
        "|---|" + "---|---|" * len(labels),
    ]
    keys: list[str] = []
    for s in scales:
        keys += [p["key"] for p in s.probes if p["key"] not in keys]
    for key in keys:
        cells = []
        for s in scales:
            sg, ox = s.get(key, STYRGRAF), s.get(key, OXIGRAPH)
            p50 = _ratio(sg.p50_ms if sg else None, ox.p50_ms if ox else None)
            rps = _ratio(sg.rps if sg else None, ox.rps if ox else None)
            mark = "" if p50 is None else (" ✓" if p50 <= TARGET_STYRGRAF_OVER_OXIGRAPH else " ✗")
            cells.append(f"{_x(p50)}{mark} | {_x(rps)}")
        out.append(f"| {key} | " + " | ".join(cells) + " |")
    return out


def targets(scales: list[Scale]) -> list[str]:
    """Say which targets were met, per scale."""
    lines = []
    for s in scales:
        ratios = []
        for probe in [p["key"] for p in s.probes]:
            sg, ox = s.get(probe, STYRGRAF), s.get(probe, OXIGRAPH)
            r = _ratio(sg.p50_ms if sg else None, ox.p50_ms if ox else None)
            if r is not None:
                ratios.append((probe, r))
        if ratios:
            met = [p for p, r in ratios if r <= TARGET_STYRGRAF_OVER_OXIGRAPH]
            worst = max(ratios, key=lambda pr: pr[1])
            lines.append(
                f"{s.label}: styrgraf p50 ≤ {TARGET_STYRGRAF_OVER_OXIGRAPH:g}× oxigraph for "
                f"{len(met)} of {len(ratios)} queries "
                f"({'met' if len(met) == len(ratios) else 'NOT met'}; worst {worst[0]} "
                f"{worst[1]:.2f}×)"
            )
        if s.label == "100k":
            slow = []
            for probe in [p["key"] for p in s.probes]:
                sg, rl = s.get(probe, STYRGRAF), s.get(probe, RDFLIB)
                r = _ratio(rl.p50_ms if rl else None, sg.p50_ms if sg else None)
                if r is not None:
                    slow.append((probe, r))
            if slow:
                met = [p for p, r in slow if r >= TARGET_RDFLIB_OVER_STYRGRAF_100K]
                least = min(slow, key=lambda pr: pr[1])
                lines.append(
                    f"100k: rdflib-endpoint p50 ≥ {TARGET_RDFLIB_OVER_STYRGRAF_100K:g}× styrgraf "
                    f"for {len(met)} of {len(slow)} queries "
                    f"({'met' if len(met) == len(slow) else 'NOT met'}; least {least[0]} "
                    f"{least[1]:.1f}×)"
                )
            else:
                lines.append("100k: rdflib-endpoint was not measured")
        if s.label.lower() == "1m" and s.load:
            tps = s.load["embedded_triples_per_s"]
            ok = "met" if tps >= TARGET_LOAD_TRIPLES_PER_S else "NOT met"
            lines.append(
                f"1M: EmbeddedStore.load {tps:,.0f} triples/s (target ≥ 100,000; "
                f"bulk_load {s.load['bulk_load_triples_per_s']:,.0f}): {ok}"
            )
    return lines


def report(scales: list[Scale], args: argparse.Namespace) -> int:
    text = tables(scales, args)
    notes = targets(scales)
    problems = [p for s in scales for p in s.problems]
    print(text)
    for line in notes:
        print(line)
    for s in scales:
        for note in s.notes:
            print(f"note ({s.label}): {note}")
    for line in problems:
        print(f"PROBLEM: {line}")
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    clients = "threads" if args.client_threads else "processes"
    (args.out / "serve-bench.md").write_text(
        f"# Serving benchmark, {stamp}\n\n{machine}; throughput clients are {clients} on the "
        f"same machine; seed {args.seed}.\n\n{text}\n"
        + "".join(f"- {n}\n" for n in notes)
        + "".join(f"- note ({s.label}): {n}\n" for s in scales for n in s.notes)
        + "".join(f"- PROBLEM: {p}\n" for p in problems),
        encoding="utf-8",
    )
    doc = {
        "when": stamp,
        "machine": machine,
        "seed": args.seed,
        "settings": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "targets": notes,
        "problems": problems,
        "scales": [
            {
                "scale": s.label,
                "triples": s.triples,
                "generate_s": s.generate_s,
                "files": [f.name for f in s.files],
                "load": s.load,
                "servers": s.servers,
                "queries": s.probes,
                "measures": [asdict(m) for m in s.measures],
                "notes": s.notes,
                "problems": s.problems,
            }
            for s in scales
        ],
    }
    (args.out / "serve-bench.json").write_text(
        json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {args.out / 'serve-bench.md'} and serve-bench.json", file=sys.stderr)
    return 1 if problems else 0
