"""Benchmark fairness under load: ``styrgraf serve`` with bombs and bursts.

``python -m bench.load_bench [--requests 300] [--timeout 5] [--burst 300] [--out bench/results]``

One real server (``styrgraf serve data --workers 2 --timeout T``) is started on a free
port. Clients are told apart by address: each binds its connections to its own loopback
address (127.0.0.2, 127.0.0.3, …). In one run:

1. **Alone**: client B sends ``--requests`` cheap queries one after another (baseline).
2. **Beside two bombs**: client A keeps two expensive queries running (each is stopped at
   the time limit and sent again) while B sends the same cheap queries. The figure is B's
   p99, and its ratio to the baseline's p99 of the same run (machines are noisy).
   Target: p99 ≤ 100 ms.
3. **Burst**: ``--burst`` connections at once from 50 addresses, one query each (one in
   ten a bomb). Figures: how many got 200, 429 and 503; whether every 429 and 503 carried
   Retry-After; the longest wait, against the time limit + 1 s (the target); and the
   time until a cheap query is answered again after the burst.

A target missed prints PROBLEM and exits 1. The results go to ``load-bench.md`` in
``--out`` (git-ignored).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
BOMB = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CHEAP = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?label WHERE { "
    "<https://w3id.org/styrgraf/id/goteborg/mal/2023-2026/4> rdfs:label ?label }"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def server(timeout: float) -> Iterator[str]:
    """Run ``styrgraf serve data`` until the block ends; yield its URL."""
    port = free_port()
    styrgraf = Path(sys.executable).with_name("styrgraf")
    command = [str(styrgraf), "serve", str(ROOT / "data"), "--port", str(port),
               "--workers", "2", "--timeout", str(timeout)]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def client(url: str, address: str, timeout: float = 60) -> httpx.Client:
    transport = httpx.HTTPTransport(local_address=address)
    return httpx.Client(base_url=url, timeout=timeout, transport=transport)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def cheap_series(url: str, count: int) -> tuple[list[float], int]:
    """Return the latencies (ms) of ``count`` cheap queries from B, and the failures."""
    times: list[float] = []
    failed = 0
    with client(url, "127.0.0.3") as b:
        for _ in range(count):
            started = time.perf_counter()
            response = b.get("/sparql", params={"query": CHEAP})
            times.append((time.perf_counter() - started) * 1000)
            failed += response.status_code != 200
    return times, failed


def beside_bombs(url: str, count: int) -> tuple[list[float], int, int]:
    stop = threading.Event()
    bombs = [0]

    def bomber() -> None:
        with client(url, "127.0.0.2") as a:
            while not stop.is_set():
                a.get("/sparql", params={"query": BOMB})
                bombs[0] += 1

    threads = [threading.Thread(target=bomber) for _ in range(2)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # the bombs are in
    try:
        times, failed = cheap_series(url, count)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    return times, failed, bombs[0]


def burst(url: str, size: int) -> dict[str, float]:
    """Send ``size`` requests at once (one event loop, so the client adds little delay)."""

    host, port = url.removeprefix("http://").split(":")
    paths = {
        kind: "/sparql?" + urlencode({"query": query})
        for kind, query in (("bomb", BOMB), ("cheap", CHEAP))
    }

    async def one(i: int) -> tuple[int, float, bool]:
        # raw HTTP/1.1 on asyncio streams: httpx spends milliseconds of the client's own
        # loop on each request, which at 300 at once is seconds of delay that is not the
        # server's
        path = paths["bomb" if i % 10 == 0 else "cheap"]
        started = time.perf_counter()
        reader, writer = await asyncio.open_connection(
            host, int(port), local_addr=(f"127.0.1.{1 + i % 50}", 0)
        )
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        answer = await reader.read()
        waited = time.perf_counter() - started
        writer.close()
        head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower().split("\r\n")
        status = int(head[0].split()[1])
        return status, waited, any(line.startswith("retry-after:") for line in head[1:])

    async def everyone() -> list[tuple[int, float, bool]]:
        return list(await asyncio.gather(*(one(i) for i in range(size))))

    answers = asyncio.run(everyone())
    ended = time.perf_counter()
    with client(url, "127.0.0.4") as after:
        while after.get("/sparql", params={"query": CHEAP}).status_code != 200:
            time.sleep(0.01)
    recovered = time.perf_counter() - ended
    statuses = [s for s, _, _ in answers]
    shed = [(s, r) for s, _, r in answers if s in {429, 503}]
    return {
        "200": statuses.count(200),
        "429": statuses.count(429),
        "503": statuses.count(503),
        "other": sum(s not in {200, 429, 503} for s in statuses),
        "retry_after_missing": sum(not r for _, r in shed),
        "max_wait_s": max(w for _, w, _ in answers),
        "recovery_ms": recovered * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--timeout", type=float, default=5.0, help="the server's time limit")
    parser.add_argument("--burst", type=int, default=300)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args()
    problems: list[str] = []
    with server(args.timeout) as url:
        cheap_series(url, 20)  # warm the workers
        alone, alone_failed = cheap_series(url, args.requests)
        bombed, bombed_failed, bombs = beside_bombs(url, args.requests)
        shed = burst(url, args.burst)
    p99_alone, p99_bombed = percentile(alone, 0.99), percentile(bombed, 0.99)
    lines = [
        f"# Load benchmark ({time.strftime('%Y-%m-%d %H:%M')}, {platform.node()}, "
        f"{os.cpu_count()} cores, time limit {args.timeout:g} s, 2 workers)",
        "",
        "| series | requests | failed | p50 ms | p99 ms | p99 / alone |",
        "|---|---|---|---|---|---|",
        f"| B alone | {len(alone)} | {alone_failed} | {percentile(alone, 0.5):.2f} "
        f"| {p99_alone:.2f} | 1.00 |",
        f"| B beside A's two bombs ({bombs} bombs ran) | {len(bombed)} | {bombed_failed} "
        f"| {percentile(bombed, 0.5):.2f} | {p99_bombed:.2f} | {p99_bombed / p99_alone:.2f} |",
        "",
        f"Burst of {args.burst} connections: {shed['200']:.0f}×200, {shed['429']:.0f}×429, "
        f"{shed['503']:.0f}×503, {shed['other']:.0f} other; Retry-After missing on "
        f"{shed['retry_after_missing']:.0f}; longest wait {shed['max_wait_s']:.2f} s "
        f"(limit + 1 s = {args.timeout + 1:g} s); answering again {shed['recovery_ms']:.0f} ms "
        "after the burst.",
    ]
    if p99_bombed > 100:
        problems.append(f"B's p99 beside two bombs is {p99_bombed:.0f} ms (target ≤ 100 ms)")
    if alone_failed or bombed_failed:
        problems.append("cheap queries failed")
    if shed["max_wait_s"] > args.timeout + 1:
        problems.append(f"a burst request waited {shed['max_wait_s']:.1f} s")
    if shed["other"] or shed["retry_after_missing"]:
        problems.append("a burst answer was not 200/429/503 with Retry-After")
    report = "\n".join(lines + [f"PROBLEM: {p}" for p in problems]) + "\n"
    print(report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "load-bench.md").write_text(report, encoding="utf-8")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
