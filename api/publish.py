"""``styrgraf publish``: the graph as a static linked-data site any plain web server hosts.

The site is what the server would answer, written to files: the pages and every RDF
format of each entity come from the same application (:func:`api.app.create_app`) called
in process, so a static copy and a running server never disagree. The site root stands
for the public base (``https://w3id.org/styrgraf/``):

* ``id/<path>.{html,ttl,jsonld,nt,rdf}`` for every entity ``<base>id/<path>``;
* ``ontology.{…}`` (terms are ``ontology#Term``), ``kod/index.{…}`` and
  ``kod/<scheme>[/<code>].{…}``, ``graph/<name>.{…}`` for each source file's named graph;
* ``data/``: dumps (``styrgraf.ttl.gz``, ``.nt.gz``, ``.jsonld.gz``, ``.trig.gz`` with the
  named graphs), ``SHA256SUMS``, the VoID description and the DCAT-AP-SE catalogue record
  (``void.ttl``, ``catalog.{ttl,rdf,jsonld}``, also at ``/.well-known/void``),
  ``manifest.json`` (sources with their checksums, the styrgraf version, the build time),
  the validation report of the published data (``validation-report.ttl``), and the
  tables the pages link (:data:`api.render.SITE_FILES`);
* ``index.html``, ``assignments.html``, ``bodies.html``, ``calendar.html``,
  ``findings.html``, ``queries.html`` and ``queries/<name>.html``: the pages people come
  for (:mod:`api.site_views`);
* ``nginx.conf`` and ``.htaccess``: the content-negotiation rules for nginx and Apache.

Personal data is scrubbed first (:mod:`api.privacy`) unless configured in. The site is
written to a new folder beside ``--out`` and swapped in whole at the end
(:mod:`api.atomic_folder`): a failed or killed run leaves the old site as it was, and two
runs on one folder take turns. ``--out`` is replaced whole, so publish refuses a non-empty
folder that is not a site it wrote (one with ``data/manifest.json``) unless ``replace`` is
set. Publishing unchanged sources again gives identical files:
N-Triples are sorted, gzip headers carry no time, and the build time is kept from the
previous manifest when the sources and the version are the same (or taken from
``SOURCE_DATE_EPOCH``).

This module runs the whole; :mod:`api.site_pages` writes the pages, :mod:`api.site_data`
the dumps and the record, :mod:`api.site_writer` the files.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import time
from collections.abc import Coroutine, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from loaders import __version__
from loaders.progress import SILENT, Progress

from .atomic_folder import StagedFolder
from .dataset_statistics import source_documents, statistics
from .privacy import ScrubReport, scrub
from .publication import Publication
from .site_data import write_description, write_dumps, write_validation
from .site_pages import write_pages
from .site_writer import Published, PublishError, Writer
from .store.embedded import EmbeddedStore

MANIFEST = "manifest.json"


class ForeignFolderError(PublishError):
    """``--out`` holds files publish did not write; they are left as they are."""


# --- the run -------------------------------------------------------------------------------------
def publish(
    data: Sequence[Path],
    out: Path,
    publication: Publication,
    *,
    include_personal: bool = False,
    build_time: datetime | None = None,
    version: str | None = None,
    replace: bool = False,
    progress: Progress = SILENT,
) -> Published:
    """Write the site for the RDF files ``data`` to ``out`` (replaced whole at the end).

    Raises:
        ForeignFolderError: ``out`` is a non-empty folder without a site's manifest, and
            ``replace`` is not set; ``out`` is unchanged.
        PublishError: nothing to publish, or a page could not be made (the entities are
            named); ``out`` is unchanged.
        FolderError: ``out`` is a file or a mount point.
        LoadError: a data file does not load.
    """
    version = version or __version__
    if not data:
        raise PublishError("no RDF files to publish", hint="run `styrgraf build` first")
    out = out.resolve()
    with StagedFolder(out, progress.note) as stage:
        if not replace:
            refuse_foreign(out)
        result = _publish(
            data, out, stage.path, publication, include_personal, build_time, version, progress
        )
        stage.commit()
    return result


def refuse_foreign(out: Path) -> None:
    """Refuse to replace a non-empty folder that is not a site publish wrote.

    Raises:
        ForeignFolderError: ``out`` holds files and no readable ``data/manifest.json``.
    """
    if not out.is_dir() or not any(out.iterdir()):
        return
    manifest = read_manifest(out)
    if manifest is None or "styrgraf_version" not in manifest:
        raise ForeignFolderError(
            f"{out} is not empty and holds no site styrgraf published "
            f"(no {out / 'data' / MANIFEST}); publishing would delete its files",
            hint="pass --out a new or empty folder, or add --replace to delete what "
            f"{out} holds and publish there",
        )


def run_to_end(work: Coroutine[Any, Any, None]) -> None:
    """Run ``work`` to its end from synchronous code.

    :func:`publish` is called from the CLI, but also from code whose thread already runs an
    event loop (a notebook, a test driving a browser); ``asyncio.run`` refuses to start a
    second loop there, so the work then gets a thread and a loop of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(work)
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, work).result()


def _publish(
    data: Sequence[Path],
    out: Path,
    staging: Path,
    publication: Publication,
    include_personal: bool,
    build_time: datetime | None,
    version: str,
    progress: Progress = SILENT,
) -> Published:
    """Write the site into ``staging`` (``out`` holds the previous one, if any)."""
    store = EmbeddedStore(None, workers=2, timeout=120.0)
    try:
        progress.phase("load", len(data), "files")
        for done, file in enumerate(data, start=1):
            store.load(file)
            progress.step(done)
        privacy = ScrubReport() if include_personal else scrub(store)
        sources = source_documents(store)
        previous = read_manifest(out)
        when = build_time or _build_time(previous, sources, data, version)
        result = Published(out, when, privacy=privacy)
        writer = Writer(staging, result)
        progress.phase("validate")
        write_validation(store, data, when, writer)
        run_to_end(write_pages(store, publication, writer, result, progress))
        progress.phase("dumps")
        dumps = write_dumps(store, staging / "data", writer)
        progress.phase("description")
        stats = statistics(store, publication, when, sources, version)
        result.triples = stats.triples
        write_description(publication, stats, dumps, writer)
        write_manifest(writer, when, version, sources, data, privacy)
        write_server_configs(writer)
        if result.failed:
            raise PublishError(
                f"{len(result.failed)} pages could not be made, first {result.failed[0]}",
                hint="run `styrgraf serve` and open that page to see the error",
            )
        result.files = writer.count
        return result
    finally:
        store.close()


# --- manifest and server configuration ----------------------------------------------------------
def read_manifest(out: Path) -> dict[str, Any] | None:
    """Return the manifest of the site in ``out``, if there is a readable one."""
    try:
        loaded = json.loads((out / "data" / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def _file_sums(files: Iterable[Path]) -> list[dict[str, Any]]:
    return [
        {"name": f.name, "sha256": hashlib.sha256(f.read_bytes()).hexdigest(),
         "bytes": f.stat().st_size}
        for f in sorted(files)
    ]  # fmt: skip


def _build_time(
    previous: dict[str, Any] | None,
    sources: tuple[tuple[str, str], ...],
    data: Sequence[Path],
    version: str,
) -> datetime:
    """Return the build time: SOURCE_DATE_EPOCH, else the previous one for the same inputs,
    else now (whole seconds, UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC)
    if previous and previous.get("styrgraf_version") == version:
        same_sources = previous.get("sources") == [{"name": n, "sha256": s} for n, s in sources]
        same_data = previous.get("data_files") == _file_sums(data)
        if same_sources and same_data and previous.get("build_time"):
            return datetime.fromisoformat(str(previous["build_time"]))
    return datetime.fromtimestamp(int(time.time()), UTC)


def write_manifest(
    writer: Writer,
    when: datetime,
    version: str,
    sources: tuple[tuple[str, str], ...],
    data: Sequence[Path],
    privacy: ScrubReport,
) -> None:
    """Record what the publication was built from: sources, data files, version, time."""
    manifest = {
        "build_time": when.isoformat(),
        "styrgraf_version": version,
        "sources": [{"name": n, "sha256": s} for n, s in sources],
        "data_files": _file_sums(data),
        "personal_data_removed": {
            "contact_properties": privacy.contact_triples,
            "persons": privacy.persons,
            "texts": privacy.redacted_texts,
        },
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    writer.write(f"data/{MANIFEST}", text.encode("utf-8"))


def write_server_configs(writer: Writer) -> None:
    """Write the content-negotiation rules for nginx and Apache beside the site."""
    from .webserver import apache_htaccess, nginx_config

    writer.write("nginx.conf", nginx_config().encode("utf-8"))
    writer.write(".htaccess", apache_htaccess().encode("utf-8"))
