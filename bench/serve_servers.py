"""The servers of the serving benchmark (:mod:`bench.serve_bench`): started as
subprocesses on free ports, loaded, watched for memory, and stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the venv's bin: styrgraf, oxigraph, rdflib-endpoint
START_TIMEOUT = 900.0  # styrgraf and oxigraph must be up by then
RDFLIB_LOAD_TIMEOUT = 300.0  # rdflib-endpoint is reported "not run" past this
REQUEST_TIMEOUT = 120.0  # a slower request stops rdflib-endpoint (or fails the run)
STYRGRAF, OXIGRAPH, RDFLIB = "styrgraf", "oxigraph", "rdflib-endpoint"


@dataclass
class Server:
    """One server subprocess; ``status`` is "ok" once it answers with the data loaded."""

    name: str
    port: int
    query_path: str
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None
    started: float = 0.0
    ready_s: float | None = None
    status: str = "starting"
    pss_mib: float | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def launch(server: Server, cmd: list[str], workdir: Path) -> None:
    """Start ``cmd`` in its own process group, its output to a log file."""
    server.log = workdir / f"{server.name}.log"
    with server.log.open("wb") as log:
        server.process = subprocess.Popen(
            cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    server.started = time.perf_counter()


def stop(server: Server) -> None:
    """Stop the server's process group (the server and any workers it forked)."""
    proc = server.process
    if proc is None:
        return
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(wait)
            # the leader is gone; make sure nothing it forked outlives it
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            break
        except subprocess.TimeoutExpired:
            continue
    server.process = None


def log_tail(server: Server, lines: int = 8) -> str:
    if server.log is None or not server.log.exists():
        return ""
    text = server.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return " | ".join(text[-lines:])


def group_pss_mib(pgid: int) -> float | None:
    """Return the proportional set size of every process in group ``pgid``, in MiB."""
    total_kib, seen = 0, False
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[2]) != pgid:
                continue
            for line in (entry / "smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kib += int(line.split()[1])
                    seen = True
        except (OSError, ValueError, IndexError):
            continue
    return total_kib / 1024 if seen else None


def _chunks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while block := handle.read(size):
            yield block


def load_oxigraph(server: Server, files: list[Path]) -> None:
    """POST every file into the default graph of the in-memory ``oxigraph serve``."""
    types = {".ttl": "text/turtle", ".nt": "application/n-triples"}
    for file in files:
        response = httpx.post(
            f"{server.base}/store?default",
            content=_chunks(file),
            headers={"Content-Type": types[file.suffix]},
            timeout=None,
        )
        if response.status_code not in (200, 201, 204):
            raise RuntimeError(f"oxigraph refused {file.name}: {response.status_code}")


def new_servers() -> list[Server]:
    """The three servers, each on a free port (not started)."""
    return [
        Server(STYRGRAF, free_port(), "/sparql"),
        Server(OXIGRAPH, free_port(), "/query"),
        Server(RDFLIB, free_port(), "/"),
    ]


def start_servers(
    servers: list[Server], files: list[Path], workdir: Path, rdflib_timeout: float
) -> None:
    """Start the servers side by side and wait until each holds the data.

    Raises:
        RuntimeError: styrgraf or oxigraph did not start (rdflib-endpoint may fail: its
            status says so).
    """
    names = [str(f) for f in files]
    styrgraf, oxigraph, rdflib = servers
    host = ["--host", "127.0.0.1"]
    limits = ["--workers", "2", "--timeout", "60", "--row-limit", "100000"]
    launch(
        styrgraf,
        [str(BIN / "styrgraf"), "serve", *names, *host, "--port", str(styrgraf.port), *limits],
        workdir,
    )
    launch(
        oxigraph, [str(BIN / "oxigraph"), "serve", "--bind", f"127.0.0.1:{oxigraph.port}"], workdir
    )
    launch(
        rdflib,
        [str(BIN / "rdflib-endpoint"), "serve", *host, "--port", str(rdflib.port), *names],
        workdir,
    )
    paths = {STYRGRAF: "/health", OXIGRAPH: "/", RDFLIB: "/"}
    deadline = {STYRGRAF: START_TIMEOUT, OXIGRAPH: START_TIMEOUT, RDFLIB: rdflib_timeout}
    pending = list(servers)
    with httpx.Client(timeout=5.0) as client:
        while pending:
            for server in list(pending):
                assert server.process is not None
                waited = time.perf_counter() - server.started
                if server.process.poll() is not None:
                    server.status = f"failed (exit {server.process.returncode})"
                    pending.remove(server)
                elif waited > deadline[server.name]:
                    server.status = f"not run (load > {deadline[server.name]:g} s)"
                    stop(server)
                    pending.remove(server)
                else:
                    try:
                        answer = client.get(server.base + paths[server.name])
                    except httpx.TransportError:
                        continue
                    if answer.status_code >= 500:
                        continue
                    if server.name == OXIGRAPH:
                        load_oxigraph(server, files)
                    server.ready_s = time.perf_counter() - server.started
                    server.status = "ok"
                    pending.remove(server)
                    print(f"  {server.name} ready in {server.ready_s:.1f} s", file=sys.stderr)
                    continue
                if server.name != RDFLIB:
                    raise RuntimeError(f"{server.name} {server.status}: {log_tail(server)}")
                print(f"  {server.name}: {server.status}", file=sys.stderr)
            if pending:
                time.sleep(0.2)
