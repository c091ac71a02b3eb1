"""The wheel holds everything styrgraf needs, and the installed commands work from any folder.

The wheel is built from a copy of the checkout, installed into a fresh virtualenv with no
network, and its ``styrgraf`` runs in a folder that is not the checkout: ingest a seed text,
validate the graph, publish it and serve it. The new virtualenv sees the development
environment's dependencies through a ``.pth`` file: a path line, so the development
environment's own ``.pth`` files (the editable install's finder among them) do not run, and
``api`` and ``loaders`` can only come from the wheel, which the test checks first.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import tomllib
import zipfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal

from loaders.vocab import STYR

ROOT = Path(__file__).resolve().parents[1]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
#: What the build does not read: copying them would only cost time.
NOT_BUILT = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "build", "dist", "*.egg-info", "__pycache__", ".*_cache",
    "data", "site", "reports", "bench", "tests",
)  # fmt: skip
#: Files the wheel must hold, beside every module of loaders and api.
SHIPPED = [
    "loaders/bundled/ontology/styr.ttl",
    "loaders/bundled/ontology/kod.ttl",
    "loaders/bundled/publish.toml",
    "api/static/site.css",
    "api/static/editor.js",
    *(f"loaders/bundled/shapes/{p.name}" for p in sorted((ROOT / "shapes").glob("*.ttl"))),
    *(f"loaders/bundled/queries/{p.name}" for p in sorted((ROOT / "queries").glob("*.rq"))),
    *(f"api/templates/{p.name}" for p in sorted((ROOT / "api/templates").glob("*.html"))),
]


def run(
    args: list[str | Path], cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``args`` in ``cwd`` with no PYTHONPATH or virtualenv of the caller's."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PIP_NO_INDEX"] = "1"  # nothing from the network, whatever the pip configuration says
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def build_wheel(tmp: Path) -> Path:
    """Build the wheel from a copy of the checkout (the checkout gets no build/ folder)."""
    have = metadata.version("setuptools")
    if int(have.split(".")[0]) < 77:  # pyproject.toml's build-system
        pytest.fail(f"setuptools {have} cannot build the wheel: `make` installs 77 or later")
    source = tmp / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=NOT_BUILT)
    out = tmp / "dist"
    built = run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", out, source],
        cwd=tmp,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = out.glob("styrgraf-*.whl")
    return wheel


def install(wheel: Path, tmp: Path) -> Path:
    """Install ``wheel`` into a new virtualenv; return its bin folder."""
    venv = tmp / "venv"
    made = run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    # the wheel first: with the .pth in place pip would see (and replace) the editable install
    installed = run(
        [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel],
        cwd=tmp,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    purelib = run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp)
    (Path(purelib.stdout.strip()) / "_styrgraf_test_deps.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    return venv / "bin"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(styrgraf: Path, data: Path, cwd: Path, *more: str) -> Iterator[str]:
    """Run ``styrgraf serve DATA [MORE…]`` in ``cwd`` on a free port; yield its base URL
    once /health answers. Its output goes to ``cwd/serve.log``."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (cwd / "serve.log").open("w")
    process = subprocess.Popen(
        [str(styrgraf), "serve", str(data), "--port", str(port), "--workers", "1", *more],
        cwd=cwd,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("styrgraf serve did not start:\n" + (cwd / "serve.log").read_text())
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.mark.shared
@pytest.mark.slow
def test_the_installed_wheel_runs_from_any_folder(seeds: Path, tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {
        str(p.relative_to(ROOT)) for d in ("api", "loaders") for p in (ROOT / d).rglob("*.py")
    }
    missing = sorted((modules | set(SHIPPED)) - names)
    assert not missing, f"the wheel lacks {missing}"

    bin_ = install(wheel, tmp_path)
    venv = bin_.parent.resolve()
    work = tmp_path / "work"  # not the checkout, and nothing of it beside
    work.mkdir()
    where = run(
        [bin_ / "python", "-c", "import sys, api.routes, api.shacl, api.store, loaders.resources"
         " as r; print(api.routes.__file__, api.shacl.__file__, api.store.__file__, r.__file__,"
         " r.shapes_dir(), r.queries_dir(), r.static_dir(), r.checkout_root(), sep='\\n');"
         " print(*sys.path, sep='\\n', file=sys.stderr)"],
        cwd=work,
    )  # fmt: skip
    assert where.returncode == 0, where.stderr
    found = where.stdout.splitlines()
    assert all(Path(p).resolve().is_relative_to(venv) for p in found[:-1]), found
    assert found[-1] == "None"  # not a checkout: no node_modules, no pyproject.toml
    assert str(ROOT) not in where.stderr.splitlines()

    styrgraf = bin_ / "styrgraf"
    shown = run([styrgraf, "--version"], work)
    assert shown.stdout.strip() == f"styrgraf {VERSION}"

    graph = work / "graph.ttl"
    ingested = run([styrgraf, "ingest", seeds / "000_64bcae0d445429da.txt", "-o", graph], work)
    assert ingested.returncode == 0, ingested.stderr
    versions = set(Graph().parse(graph).objects(None, STYR.extractorVersion))
    assert versions == {Literal(VERSION)}

    validated = run([styrgraf, "validate", graph], work)
    assert validated.returncode in (0, 1), validated.stderr
    assert (work / "validation-report.txt").is_file() and validated.stdout.strip()

    published = run([styrgraf, "publish", graph, "--out", work / "site"], work, timeout=300)
    assert published.returncode == 0, published.stderr
    for file in ("index.html", "static/site.css", "ontology.ttl", "data/catalog.ttl"):
        assert (work / "site" / file).is_file(), file

    with serving(styrgraf, graph, work) as base:
        assert httpx.get(f"{base}/static/site.css").status_code == 200
        assert httpx.get(f"{base}/ontology", headers={"Accept": "text/turtle"}).status_code == 200
        queries = httpx.get(f"{base}/api/queries").json()["queries"]
        assert len(queries) == len(list((ROOT / "queries").glob("*.rq")))
        editor = httpx.get(f"{base}/sparql", headers={"Accept": "text/html"}).text
        assert "följer inte med det installerade paketet" in editor
        assert 'id="plain-form"' in editor and "yasgui.min.js" not in editor

    # a resource gone from the install: exit 2, naming it and what to do (no traceback)
    shutil.rmtree(venv / Path(found[4]).resolve().relative_to(venv))
    broken = run([styrgraf, "validate", graph, "--no-file"], work)
    assert broken.returncode == 2, broken.stderr
    assert "styrgraf's shapes/ is missing" in broken.stderr and "reinstall" in broken.stderr
    assert "Traceback" not in broken.stderr
