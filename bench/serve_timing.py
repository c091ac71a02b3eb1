"""How the serving benchmark (:mod:`bench.serve_bench`) times: latency series, first
requests and throughput, and the measures of one dataset."""

from __future__ import annotations

import argparse
import math
import time
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.serve_probes import Probe, rows_of
from bench.serve_servers import Server


@dataclass
class Measure:
    """One query on one server."""

    probe: str
    server: str
    rows: int | None = None
    status: int | None = None
    n: int = 0
    p50_ms: float | None = None
    p99_ms: float | None = None
    series_s: float = 0.0
    capped: bool = False
    rps: float | None = None
    throughput_requests: int = 0
    errors: int = 0
    error: str | None = None
    timed_out: str | None = None
    throughput_note: str | None = None


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of ``values`` (not empty)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)]


def first_request(client: httpx.Client, probe: Probe, server: Server) -> Measure:
    """Send the query once: the row count, and a check that it works."""
    measure = Measure(probe.key, server.name)
    url, headers = probe.request(server)
    try:
        response = client.get(url, headers=headers)
    except httpx.TimeoutException:
        measure.error = measure.timed_out = "timed out"
        return measure
    except httpx.HTTPError as exc:
        measure.error = f"{type(exc).__name__}: {exc}"
        return measure
    measure.status = response.status_code
    if response.status_code != 200:
        measure.error = f"status {response.status_code}: {response.text[:200]}"
        return measure
    try:
        measure.rows = rows_of(response)
    except (ValueError, KeyError) as exc:
        measure.error = f"not a JSON result: {exc}"
    return measure


@dataclass
class _Series:
    server: Server
    measure: Measure
    url: str
    headers: dict[str, str]
    times: list[float] = field(default_factory=list)
    spent: float = 0.0


def latencies(
    client: httpx.Client, probe: Probe, entries: list[tuple[Server, Measure]], n: int, cap: float
) -> None:
    """Time up to ``n`` sequential requests per server, the servers taking turns.

    Taking turns (one request to each server, then the next round) gives every server the
    same share of whatever else the machine is doing. A server leaves the rotation after
    ``n`` requests or ``cap`` seconds of its own requests; a request that times out ends
    its series (``measure.timed_out``).
    """
    plan = [_Series(s, m, *probe.request(s)) for s, m in entries]
    active = []
    for series in plan:  # warm-up: two requests, or one when it is already slow
        started = time.perf_counter()
        try:
            for _ in range(2):
                series_get(client, series, timed=False)
                if time.perf_counter() - started > 1.0:
                    break
            active.append(series)
        except httpx.TimeoutException:
            series.measure.error = series.measure.timed_out = "timed out"
    while active:
        for series in list(active):
            try:
                series_get(client, series, timed=True)
            except httpx.TimeoutException:
                series.measure.error = series.measure.timed_out = "timed out"
                series.measure.errors += 1
                active.remove(series)
                continue
            if len(series.times) >= n or series.spent >= cap:
                active.remove(series)
    for series in plan:
        m = series.measure
        m.n, m.series_s, m.capped = len(series.times), series.spent, len(series.times) < n
        if series.times:
            m.p50_ms = percentile(series.times, 0.50) * 1000
            m.p99_ms = percentile(series.times, 0.99) * 1000


def series_get(client: httpx.Client, series: _Series, timed: bool) -> None:
    t0 = time.perf_counter()
    response = client.get(series.url, headers=series.headers)
    elapsed = time.perf_counter() - t0
    if timed:
        series.times.append(elapsed)
        series.spent += elapsed
    if response.status_code != 200:
        series.measure.errors += 1
        series.measure.error = series.measure.error or f"status {response.status_code}"


def client_loop(
    url: str, headers: dict[str, str], start_at: float, end_at: float, timeout: float
) -> tuple[int, int, float]:
    """One client of the throughput test: requests back to back until ``end_at``.

    Times are ``time.monotonic()`` (one clock for every process). Returns the number of
    completed requests, how many failed, and when the last one ended.
    """
    done = failed = 0
    with httpx.Client(timeout=timeout) as client:
        try:
            client.get(url, headers=headers)  # connect before the clock starts
            while time.monotonic() < start_at:
                time.sleep(0.001)
            while time.monotonic() < end_at:
                response = client.get(url, headers=headers)
                done += 1
                failed += response.status_code != 200
        except httpx.HTTPError:
            failed += 1
    return done, failed, time.monotonic()


def throughput(
    pool: Executor, probe: Probe, server: Server, measure: Measure, args: argparse.Namespace
) -> None:
    """Requests per second with ``args.clients`` concurrent keep-alive clients."""
    seconds = args.throughput_seconds
    if measure.p50_ms is not None and measure.p50_ms / 1000 > seconds / 2:
        measure.throughput_note = f"skipped: p50 > {seconds / 2:g} s"
        return
    url, headers = probe.request(server)
    start_at = time.monotonic() + 1.0
    futures = [
        pool.submit(client_loop, url, headers, start_at, start_at + seconds, args.request_timeout)
        for _ in range(args.clients)
    ]
    results = [f.result() for f in futures]
    done = sum(r[0] for r in results)
    elapsed = max(r[2] for r in results) - start_at
    measure.throughput_requests = done
    measure.rps = done / elapsed if elapsed > 0 else None
    failed = sum(r[1] for r in results)
    if failed:
        measure.errors += failed
        measure.error = measure.error or f"{failed} failed requests under load"


@dataclass
class Scale:
    label: str
    files: list[Path] = field(default_factory=list)
    triples: int | None = None
    generate_s: float | None = None
    load: dict[str, Any] = field(default_factory=dict)
    servers: list[dict[str, Any]] = field(default_factory=list)
    probes: list[dict[str, Any]] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def get(self, probe: str, server: str) -> Measure | None:
        return next((m for m in self.measures if m.probe == probe and m.server == server), None)
