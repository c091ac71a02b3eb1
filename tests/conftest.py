"""Shared fixtures: the seed texts and one ingest of both seeds per session; real servers;
the committed data/ published once; five council documents built once.

Session fixtures are shared by every module that asks for them, so tests only read what
they give (copy a folder before changing it).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Graph

from api.app import data_files
from api.store.embedded import EmbeddedStore
from api.store.remote import RemoteStore
from loaders.pipeline import IngestResult, ingest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
PLAN = SEEDS / "000_64bcae0d445429da.txt"
BUDGET = SEEDS / "001_ac962998a4b6cb85.txt"
#: The committed graph files of data/, read as the app reads the folder: `make run` leaves
#: validation-report.* beside them, and those are no data.
DATA = data_files((ROOT / "data",))
CORPUS = ROOT.parent / "shared" / "corpus" / "goteborg"


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
    with urllib.request.urlopen(request, timeout=30) as answer:
        answer.read()


# --- Virtuoso 7 (Debian's virtuoso-opensource), its writable endpoints behind digest auth ---
VIRTUOSO_PASSWORD = "dba-test-pw-7f3a"
#: Named queries Virtuoso 7.2 refuses though they are SPARQL 1.1 (the API answers 502): an
#: expression on an aggregate's alias in ORDER BY, SP031 "Variable ?date is used in the
#: result set outside aggregate and not mentioned in GROUP BY clause".
VIRTUOSO_REFUSES: set[str] = set()
_VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = {isql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
DirsAllowed = .
[HTTPServer]
ServerPort = {http}
ServerRoot = {d}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 30
"""


@contextlib.contextmanager
def running_virtuoso(folder: Path) -> Iterator[list[str]]:
    """Run Virtuoso (`virtuoso-t -f`) with its own ini and free ports; yield the
    `styrgraf load` options for it (dba's password set, digest auth on the writable ones).

    Reads go to /sparql (public); updates to /sparql-auth and loads to
    /sparql-graph-crud-auth, both behind digest auth for a user with SPARQL_UPDATE (dba).
    """
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Virtuoso is missing (apt-get install virtuoso-opensource), and CI "
                        "must not skip")  # fmt: skip
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    isql_port, http_port = _free_port(), _free_port()
    (folder / "virtuoso.ini").write_text(
        _VIRTUOSO_INI.format(d=folder, isql=isql_port, http=http_port), encoding="utf-8"
    )
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(
        [binary, "-f", "+configfile", str(folder / "virtuoso.ini")],
        cwd=folder, stdout=log, stderr=log,
    )  # fmt: skip
    base = f"http://127.0.0.1:{http_port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"Virtuoso did not start on port {http_port}: see {folder}")
            time.sleep(0.3)
    subprocess.run(
        [isql, str(isql_port), "dba", "dba",
         f"exec=user_set_password('dba', '{VIRTUOSO_PASSWORD}');"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    try:
        yield [f"--endpoint={base}/sparql", f"--graph-store={base}/sparql-graph-crud-auth",
               f"--update-endpoint={base}/sparql-auth", "--user=dba"]  # fmt: skip
    finally:
        subprocess.run(
            [isql, str(isql_port), "dba", VIRTUOSO_PASSWORD, "exec=shutdown;"],
            capture_output=True, timeout=60,
        )  # fmt: skip
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        log.close()


@pytest.fixture(scope="module")
def scratch_virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """A Virtuoso of the module's own (the `styrgraf load` options; password: dba's)."""
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as urls:
        yield urls


def store_options(urls: list[str]) -> dict[str, str]:
    """Return `--endpoint=…` options as RemoteStore's keyword arguments."""
    names = {"--endpoint": "endpoint", "--graph-store": "graph_store",
             "--update-endpoint": "update_endpoint", "--user": "user"}  # fmt: skip
    return {names[k]: v for k, _, v in (u.partition("=") for u in urls)}


def clear_remote(store: RemoteStore) -> None:
    """Drop the graphs styrgraf loaded into ``store``, its merged graph and its registry
    (not DROP ALL: Virtuoso's own graphs stay)."""
    from api.store.remote_text import MERGED, REGISTRY

    for graph in [*store.graphs(), MERGED, REGISTRY]:
        store.upstream.delete(graph)
    store.forget()


def empty_remote(request: pytest.FixtureRequest, server: str, timeout: float) -> RemoteStore:
    """A RemoteStore on the module's own `oxigraph serve` or Virtuoso (``server``), with
    nothing of styrgraf's in it."""
    if server == "oxigraph":
        urls = oxigraph_urls(request.getfixturevalue("scratch_oxigraph"))
        made = RemoteStore(**store_options(urls), timeout=timeout)
    else:
        urls = request.getfixturevalue("scratch_virtuoso")
        made = RemoteStore(**store_options(urls), timeout=timeout, password=VIRTUOSO_PASSWORD)
    clear_remote(made)
    return made


def empty_store(
    request: pytest.FixtureRequest, kind: str, timeout: float = 10.0, workers: int = 1
) -> EmbeddedStore | RemoteStore:
    """An empty store of ``kind``: "embedded" (in memory, with ``workers`` query workers),
    or "oxigraph" or "virtuoso" (the module's own server, as :func:`empty_remote`)."""
    if kind == "embedded":
        return EmbeddedStore(None, workers=workers, timeout=timeout)
    return empty_remote(request, kind, timeout)


# --- the styrgraf server, for real HTTP clients ----------------------------------------------
class LiveServer:
    """A uvicorn server in a thread, serving ``create_app(settings)`` on a free port."""

    def __init__(self, app: object, kind: str = "embedded") -> None:
        import threading

        import uvicorn

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        #: The store behind it: embedded, oxigraph (serve) or virtuoso.
        self.kind = kind
        from api.http_server import config
        from api.services import of_app

        limit = of_app(app).settings.max_header_bytes  # type: ignore[arg-type]
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


def oxigraph_urls(base: str) -> list[str]:
    """The `styrgraf load` and `serve` options for the `oxigraph serve` at ``base``."""
    return [f"--endpoint={base}/query", f"--graph-store={base}/store",
            f"--update-endpoint={base}/update"]  # fmt: skip


def styrgraf_load(data: list[Path], urls: list[str], *more: str, expect: int = 0) -> None:
    """Run `styrgraf load` of ``data`` into the store at ``urls``; fail the test unless it
    exits with ``expect``."""
    from api.cli import main

    code = main(["load", *map(str, data), *urls, "--quiet", *more])
    if code != expect:
        pytest.fail(f"styrgraf load exited with {code}")


@contextlib.contextmanager
def serving_remotely(
    base: str, data: Path = ROOT / "data", timeout: float = 3.0
) -> Iterator[LiveServer]:
    """Serve ``data`` through the remote backend, on the `oxigraph serve` at ``base``: loaded
    with `styrgraf load`, then served with no data of its own (as `serve --endpoint`)."""
    from api.app import create_app
    from api.settings import Settings

    styrgraf_load([data], oxigraph_urls(base))
    settings = Settings(data=(), query_timeout=timeout, row_limit=1000,
                        endpoint=f"{base}/query", graph_store=f"{base}/store",
                        update_endpoint=f"{base}/update")  # fmt: skip
    server = LiveServer(create_app(settings), "oxigraph")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def remote_api_server(oxigraph_server: str) -> Iterator[LiveServer]:
    """Serve the committed data/ through the remote backend, on a real `oxigraph serve`.

    Send it no query that outruns the time limit: the server gives up waiting, but
    `oxigraph serve` computes on (its --timeout-s does not stop a COUNT over a cross
    product) and would hold a core for the rest of the session. Such a test gets a server
    of its own (tests/test_api.py).
    """
    with serving_remotely(oxigraph_server) as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso_api_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Serve the committed data/ through the remote backend, on a real Virtuoso 7: loaded
    with `styrgraf load` (which exits 1: Virtuoso keeps the one xsd:duration of data/,
    "P1M", as a number), then served as `serve --endpoint` serves it."""
    from api.app import create_app
    from api.settings import Settings

    with running_virtuoso(tmp_path_factory.mktemp("virtuoso-api")) as urls:
        password = f"--password={VIRTUOSO_PASSWORD}"
        styrgraf_load([ROOT / "data"], urls, password, expect=1)
        options = store_options(urls)
        settings = Settings(data=(), query_timeout=3.0, row_limit=1000,
                            endpoint=options["endpoint"], graph_store=options["graph_store"],
                            update_endpoint=options["update_endpoint"], store_user="dba",
                            store_password=VIRTUOSO_PASSWORD)  # fmt: skip
        server = LiveServer(create_app(settings), "virtuoso")
        yield server
        server.stop()


# --- built once per run, shared by the test processes --------------------------------------
def once_per_run(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
) -> Path:
    """The folder ``name``, filled by ``build`` once per pytest run.

    Under pytest-xdist every worker process has its own session; the workers share the
    parent of their temporary folders, so the first one to take the lock builds there and
    the others wait for it and read the same folder. A build that failed leaves no
    ``.done`` mark, so the next worker tries again and fails the same way, visibly.
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / f"once-{name}"
    with open(base / f"once-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / ".done").touch()
    return folder


# --- the committed data/, published once -----------------------------------------------------
#: The build time of the shared published site (a fixed one: the site is reproducible).
PUBLISHED_AT = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`publish` of the committed data/ built at :data:`PUBLISHED_AT`, once per session.

    Tests only read it: a test that changes a site works on a copy.
    """
    from api.publication import load_publication
    from api.publish import publish

    def build(folder: Path) -> None:
        publish(DATA, folder / "site", load_publication(None), build_time=PUBLISHED_AT)

    return once_per_run(tmp_path_factory, "published", build) / "site"


# --- five council documents, built once and served two ways ----------------------------------
#: The council's declaration of fulfilled assignments (kf-2024-02-01-p16), its distribution
#: of responsibility for the goals (kf-2023-03-23-p21), a board's annual report with the
#: status of each assignment (intraservice_arsrapport_2025) and both seeds. What the pages
#: show of them is read off the documents in tests/test_status_pages.py and
#: tests/test_ledger_pages.py.
COUNCIL_SOURCES = (
    CORPUS / "kf-2024-02-01-p16.txt",
    CORPUS / "kf-2023-03-23-p21.txt",
    CORPUS / "intraservice_arsrapport_2025.txt",
    SEEDS / "000_64bcae0d445429da.txt",
    SEEDS / "001_ac962998a4b6cb85.txt",
)


@pytest.fixture(scope="session")
def council_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`styrgraf build` of :data:`COUNCIL_SOURCES`, once per session (tests only read it)."""
    missing = [s.name for s in COUNCIL_SOURCES if not s.is_file()]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{', '.join(missing)} missing, and CI must not skip")
        pytest.skip(f"../shared is incomplete ({', '.join(missing)} absent)")
    from api.cli import main

    def build(folder: Path) -> None:
        sources = folder / "sources"
        sources.mkdir()
        for source in COUNCIL_SOURCES:
            (sources / source.name).symlink_to(source)
        assert main(["build", "--sources", str(sources), "--out", str(folder / "data")]) == 0

    return once_per_run(tmp_path_factory, "council", build) / "data"


@pytest.fixture(scope="session")
def council_embedded(council_data: Path) -> Iterator[LiveServer]:
    """The council documents served from the embedded store."""
    from api.app import create_app
    from api.settings import Settings

    settings = Settings(data=(council_data,), query_timeout=5.0, row_limit=1000)
    server = LiveServer(create_app(settings))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def council_remote(
    council_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """The council documents served through the remote backend, on an `oxigraph serve` of
    their own."""
    with (
        running_oxigraph(tmp_path_factory.mktemp("oxigraph-council")) as base,
        serving_remotely(base, council_data, timeout=5.0) as server,
    ):
        yield server
