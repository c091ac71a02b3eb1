"""Shared fixtures: the seed texts and one ingest of both seeds per session."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from loaders.pipeline import IngestResult, ingest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
PLAN = SEEDS / "000_64bcae0d445429da.txt"
BUDGET = SEEDS / "001_ac962998a4b6cb85.txt"


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("../shared/seeds is missing, and CI must not skip")
        pytest.skip("../shared/seeds is absent (tests on the seed corpus skipped)")
    return SEEDS


@pytest.fixture(scope="session")
def seed_result(seeds: Path) -> IngestResult:
    return ingest([seeds / PLAN.name, seeds / BUDGET.name])


@pytest.fixture(scope="session")
def seed_graph(seed_result: IngestResult) -> Graph:
    return seed_result.merged()


# --- a real SPARQL server ---------------------------------------------------------------------
def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_oxigraph(folder: Path) -> Iterator[str]:
    """Run `oxigraph serve` (the PyPI package's server) on a free port; yield its base URL."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if binary is None:
        pytest.fail("the oxigraph server is not installed: run `make test` (pip install oxigraph)")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = (folder / "server.log").open("w")
    args = [binary, "serve", "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen([*args, "--timeout-s", "20"], stdout=log, stderr=log)
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"oxigraph serve did not start on port {port}")
            time.sleep(0.1)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(10)
        log.close()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `oxigraph serve` shared by the session: tests must not change its data."""
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as base:
        yield base


@pytest.fixture(scope="module")
def scratch_oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `oxigraph serve` of the module's own, for tests that load and delete data."""
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph-scratch")) as base:
        yield base


def delete_all_graphs(base: str) -> None:
    """Empty the shared `oxigraph serve` (every named graph and the default graph)."""
    request = urllib.request.Request(
        f"{base}/update", data=b"DROP SILENT ALL", method="POST",
        headers={"Content-Type": "application/sparql-update"},
    )  # fmt: skip
    urllib.request.urlopen(request, timeout=30).read()


# --- the styrgraf server, for real HTTP clients ----------------------------------------------
class LiveServer:
    """A uvicorn server in a thread, serving ``create_app(settings)`` on a free port."""

    def __init__(self, app: object) -> None:
        import threading

        import uvicorn

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        from api.http_server import config

        limit = app.state.settings.max_header_bytes  # type: ignore[attr-defined]
        served = config(app, "127.0.0.1", self.port, limit, log_level="warning")
        self.server = uvicorn.Server(served)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                pytest.fail("the styrgraf server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="session")
def api_server() -> Iterator[LiveServer]:
    """Serve the committed data/ from an in-memory embedded store."""
    from api.app import create_app
    from api.settings import Settings

    app = create_app(Settings(data=(ROOT / "data",), query_timeout=3.0, row_limit=1000))
    server = LiveServer(app)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def remote_api_server(oxigraph_server: str) -> Iterator[LiveServer]:
    """Serve the committed data/ through the remote backend, on a real `oxigraph serve`."""
    from api.app import create_app
    from api.settings import Settings
    from api.store.remote import RemoteStore

    store = RemoteStore(
        f"{oxigraph_server}/query", f"{oxigraph_server}/store", 3.0, f"{oxigraph_server}/update"
    )
    for file in sorted((ROOT / "data").glob("*.ttl")):
        store.load(file)
    settings = Settings(data=(), query_timeout=3.0, row_limit=1000, endpoint=store.endpoint)
    server = LiveServer(create_app(settings, store=store))
    yield server
    server.stop()
