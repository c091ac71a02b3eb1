"""Shared fixtures: the seed texts and one ingest of both seeds per session."""

from __future__ import annotations

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


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start `oxigraph serve` (the PyPI package's server) on a free port; yield its base URL."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if binary is None:
        pytest.fail("the oxigraph server is not installed: run `make test` (pip install oxigraph)")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path_factory.mktemp("oxigraph") / "server.log").open("w")
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
    yield base
    process.terminate()
    process.wait(10)
    log.close()
