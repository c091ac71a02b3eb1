"""Validate RDF data against the SHACL shapes in ``shapes/`` and explain the findings.

Two engines give the same :class:`~api.shacl.Report`: ``fast`` (the default, SHACL
compiled to SPARQL on Oxigraph) and ``pyshacl`` (the reference). :func:`api.findings.explain` adds
what a reader needs to each finding: the entity's label, the responsible body, the
rule's name and message in Swedish and English, the values, and the source document,
lines, page and quote. :func:`validate_files` does the whole run (parsing, validating,
explaining, rendering) in one forked child, so ``--time-limit`` covers all of it.

Every file is checked by :mod:`api.rdf_input` before it is parsed: no entity is expanded,
no context fetched, no ``owl:imports`` followed.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, URIRef

from loaders.errors import LoaderError
from loaders.progress import SILENT, Progress

from . import report as render
from .findings import explain
from .formats import READ_FORMATS, TURTLE, by_extension, extensions
from .rdf_input import check_rdf_file
from .shacl import Report, ShaclError

if TYPE_CHECKING:
    from .progress import Display

REPORT_STEM = "validation-report"
ENGINES = ("fast", "pyshacl")


def rdf_files(paths: Iterable[Path]) -> list[Path]:
    """Return the RDF files named by ``paths`` (a folder gives its RDF files, not reports).

    Raises:
        LoaderError: a path does not exist, or a folder holds no RDF file.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if by_extension(p.suffix, READ_FORMATS, loose=True)
                and not p.name.startswith(REPORT_STEM)
            )
            if not found:
                raise LoaderError(
                    "the folder holds no RDF file",
                    path=path,
                    hint="pass files ending in one of "
                    + ", ".join(extensions(READ_FORMATS, loose=True)),
                )
            files += found
        elif path.exists():
            files.append(path)
        else:
            raise LoaderError("no such file or folder", path=path, hint="check the path")
    return files


def load_data(paths: Iterable[Path]) -> Graph:
    """Parse RDF files (or every RDF file in a folder) into one graph (named graphs merged).

    Raises:
        LoaderError: a path is missing, a file is refused (:mod:`api.rdf_input`) or does
            not parse.
    """
    graph = Graph()
    for file in rdf_files(paths):
        check_rdf_file(file)
        fmt = by_extension(file.suffix, READ_FORMATS, loose=True) or TURTLE
        try:
            if fmt.quads:
                ds = Dataset()
                ds.parse(file, format=fmt.rdflib)
                for s, p, o, _ in ds.quads((None, None, None, None)):
                    graph.add((s, p, o))
            else:
                graph.parse(file, format=fmt.rdflib)
        except Exception as exc:  # rdflib raises many parser types, RecursionError too
            raise LoaderError(
                f"the RDF does not parse: {exc}", path=file, hint="check the file's syntax"
            ) from exc
    return graph


def load_shapes(folder: Path) -> Graph:
    """Parse the shapes folder (Turtle files); never follows owl:imports.

    Raises:
        LoaderError: the folder is missing, empty or a file does not parse.
    """
    return load_data([folder])


def shape_groups(folder: Path) -> list[tuple[str, frozenset[URIRef]]]:
    """Return each shapes file's name and the named shapes it gives a target.

    Raises:
        LoaderError: the folder is missing, empty or a file does not parse.
    """
    from .shacl.reference import targeted

    groups: list[tuple[str, frozenset[URIRef]]] = []
    for file in rdf_files([folder]):
        found = targeted(load_data([file]))
        groups.append((file.name, frozenset(s for s in found if isinstance(s, URIRef))))
    return groups


def run(
    data: Graph,
    shapes: Graph,
    engine: str = "fast",
    time_limit: float | None = None,
    *,
    groups: Iterable[tuple[str, frozenset[URIRef]]] = (),
    progress: Progress = SILENT,
) -> Report:
    """Validate ``data`` against ``shapes`` with ``engine`` ("fast" or "pyshacl").

    ``groups`` (:func:`shape_groups`) lets pySHACL report a step per shapes file.

    Raises:
        ShaclError: the shapes cannot be used, or the time limit ran out.
    """
    from .shacl.limits import with_time_limit

    started = time.perf_counter()
    if engine == "pyshacl":
        from .shacl import reference

        parts = list(groups)
        report = with_time_limit(
            lambda: reference.validate(data, shapes, parts, progress), time_limit
        )
    elif engine == "fast":
        from .shacl import fast_engine

        progress.phase("validate")
        report = with_time_limit(lambda: fast_engine.validate(data, shapes), time_limit)
    else:
        raise ShaclError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class Outcome:
    """A finished run: the report, rendered as asked, and as a standard Turtle report."""

    report: Report
    text: str
    turtle: str


def validate_files(
    paths: list[Path],
    shapes: Path,
    *,
    engine: str = "fast",
    fmt: str = "text",
    lang: str = "sv",
    time_limit: float | None = None,
    progress: Display | None = None,
) -> Outcome:
    """Validate the RDF files ``paths`` against the shapes folder and render the report.

    Parsing, validating, explaining and rendering run in one forked child that is killed
    when ``time_limit`` runs out, so a file that is slow to parse or a run with many
    findings to explain is stopped like a slow engine. The child shows its ``progress``
    (phases "load", "validate" and "explain") and finishes the line before it answers.

    Raises:
        LoaderError: a path is missing, a file is refused or does not parse, or the
            shapes cannot be used.
        ValidationTimeout: the run did not finish within ``time_limit``.
        ShaclError: the validating process died.
    """
    from .shacl.limits import with_time_limit

    return with_time_limit(
        lambda: _validate_files(paths, shapes, engine, fmt, lang, progress), time_limit
    )


def _validate_files(
    paths: list[Path], shapes: Path, engine: str, fmt: str, lang: str, progress: Display | None
) -> Outcome:
    try:
        return _validate_and_render(paths, shapes, engine, fmt, lang, progress or SILENT)
    finally:
        if progress is not None:
            progress.close()  # in the child: its line is done before the parent prints


def _validate_and_render(
    paths: list[Path], shapes: Path, engine: str, fmt: str, lang: str, progress: Progress
) -> Outcome:
    progress.phase("load")
    files = rdf_files(paths)
    data = load_data(files)
    shapes_graph = load_shapes(shapes)
    groups = shape_groups(shapes) if engine == "pyshacl" else []
    try:
        report = run(data, shapes_graph, engine=engine, groups=groups, progress=progress)
    except ShaclError as exc:
        raise LoaderError(str(exc), path=shapes, hint="check the shapes") from exc
    progress.phase("explain")
    what = ", ".join(str(p) for p in paths)
    graph = render.report_graph(report, shapes_graph, what, fingerprint(files))
    turtle = graph.serialize(format=TURTLE.rdflib)
    if fmt in {"text", "html"}:
        items = explain(report, data, shapes_graph, lang)
        if fmt == "text":
            text = render.render_text(report, items, what, lang)
        else:
            text = render.render_html(report, items, what)
    elif fmt == "turtle":
        text = turtle
    else:
        text = render.render_json(graph)
    return Outcome(report, text, turtle)


def fingerprint(files: Iterable[Path]) -> str:
    """Return a SHA-256 over the files' names and bytes (what a run validated)."""
    digest = hashlib.sha256()
    for file in sorted(files):
        digest.update(file.name.encode("utf-8"))
        digest.update(file.read_bytes())
    return digest.hexdigest()
