"""The ``styrgraf`` commands: each reads its parsed arguments and returns an exit code.

A command raises what goes wrong; :func:`api.cli.main` turns it into a message and an exit
code (:mod:`api.error_table`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from loaders.errors import LoaderError
from loaders.pipeline import IngestResult, ingest
from loaders.resources import shapes_dir

from .error_table import EXIT_NONCONFORMING, EXIT_OK, UsageError
from .formats import HTML, JSONLD, TURTLE, named
from .output import serialize, write_atomic
from .progress import Display

if TYPE_CHECKING:
    from .settings import Settings

SOURCE_SUFFIXES = {".txt", ".pdf"}


def _ingest(args: argparse.Namespace, files: Sequence[Path | str]) -> IngestResult:
    """Read ``files`` for ingest or build: refuse (and go on past) a file that cannot be
    read, show each file's progress, and leave the strict check to :func:`_check`."""
    return ingest(
        files,
        base=args.base,
        include_personal=args.include_personal,
        progress=args.progress,
        keep_going=True,
        max_unread=args.max_unread,
    )


def _check(args: argparse.Namespace, result: IngestResult, files: int) -> None:
    """Fail when no file was read, or when ``--strict`` and the report is not clean.

    Raises:
        LoaderError: none of the ``files`` could be read.
        StrictModeError: ``--strict``, and :meth:`LoadReport.strict_error` names a place.
    """
    if not result.sources:
        one = result.report.refused[0] if files == 1 and result.report.refused else None
        if one is not None:  # the one file, with its place: as if it had been read alone
            raise LoaderError(
                one.reason, path=one.source, line=one.line, page=one.page, hint=one.hint
            )
        raise LoaderError(
            f"none of the {files} files could be read (see Files refused above)",
            hint="pass the PDFs or extracted texts of governance documents",
        )
    if args.strict:
        error = result.report.strict_error(args.max_unread)
        if error is not None:
            raise error


def cmd_ingest(args: argparse.Namespace) -> int:
    """Read FILEs and write one graph (all sources merged), going on past a file it cannot
    read; exit 2 when none was read (or ``--strict`` finds something)."""
    result = _ingest(args, args.files)
    print(result.report.summary(), file=sys.stderr)
    _check(args, result, len(args.files))
    data = serialize(result.merged(), args.format, args.base)
    if args.output:
        write_atomic(Path(args.output), data)
    else:
        sys.stdout.buffer.write(data)
    if args.report:
        write_atomic(Path(args.report), result.report.to_json().encode("utf-8"))
    return EXIT_OK


def source_files(folder: Path) -> list[Path]:
    """Return the source documents in ``folder`` (text or PDF), sorted."""
    if not folder.is_dir():
        raise LoaderError(
            "the source folder does not exist",
            path=folder,
            hint="pass --sources DIR pointing at your PDFs or extracted texts",
        )
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SOURCE_SUFFIXES)
    if not files:
        raise LoaderError(
            "the source folder holds no .txt or .pdf files", path=folder, hint="add documents"
        )
    return files


def cmd_build(args: argparse.Namespace) -> int:
    """Rebuild ``data/``: one file per source document, plus the load report.

    A file that cannot be read is refused (the report says why) and the others are
    built; with none read, or ``--strict`` and a finding, nothing is written (exit 2).
    The folder is replaced whole (:mod:`api.atomic_folder`): it holds the graphs of the
    current sources and whatever of the old folder was not build's
    (:func:`api.output.written_by_build`).
    """
    from .atomic_folder import StagedFolder
    from .output import LOAD_REPORT, written_by_build

    files = source_files(Path(args.sources))
    out = Path(args.out)
    progress: Display = args.progress
    with StagedFolder(out, progress.note) as stage:
        result = _ingest(args, files)
        try:
            _check(args, result, len(files))
        except LoaderError:
            print(result.report.summary())
            raise  # the old folder stays as it was
        suffix = named(args.format).extension
        progress.phase("write", len(result.graphs) + 1, "files")
        for done, (name, graph) in enumerate(result.graphs.items(), start=1):
            target = Path(name).stem + suffix
            graph_iri = f"{args.base}graf/{Path(name).stem}"
            data = serialize(graph, args.format, args.base, graph_iri)
            write_atomic(stage.path / target, data)
            progress.step(done, f"wrote {out / target} ({len(graph)} triples)")
        report = (result.report.to_json() + "\n").encode("utf-8")
        write_atomic(stage.path / LOAD_REPORT, report)
        progress.step(len(result.graphs) + 1)
        kept = stage.commit(keep=lambda entry: not written_by_build(entry))
    if kept:
        progress.note(f"kept in {out}, not build's: {', '.join(kept)}")
    print(result.report.summary())
    return EXIT_OK


def _sides(args: argparse.Namespace) -> tuple[Graph, Graph]:
    """Read OLD and NEW: RDF files or folders as they are, source documents (or folders of
    them) read together in one run, so that one assignment is one IRI on both sides."""
    from .diff import union
    from .validate import load_data

    sides: list[list[Path]] = [[Path(args.old)], [Path(args.new)]]
    sourced: list[list[Path]] = []
    for paths in sides:
        missing = [p for p in paths if not p.exists()]
        if missing:
            raise LoaderError("no such file or folder", path=missing[0], hint="check the path")
        docs: list[Path] = []
        for path in paths:
            if path.is_dir() and any(p.suffix in SOURCE_SUFFIXES for p in path.iterdir()):
                docs += source_files(path)
            elif path.suffix in SOURCE_SUFFIXES:
                docs.append(path)
        sourced.append(docs)
    read = [p for docs in sourced for p in docs]
    result = _ingest(args, read) if read else None
    graphs: list[Graph] = []
    for paths, docs in zip(sides, sourced, strict=True):
        rdf = [p for p in paths if p not in docs and not (p.is_dir() and _has_sources(p))]
        parts = [load_data(rdf)] if rdf else []
        if result is not None:
            names = {p.name for p in docs}
            parts += [g for name, g in result.graphs.items() if Path(name).name in names]
        graphs.append(union(parts))
    return graphs[0], graphs[1]


def _has_sources(folder: Path) -> bool:
    return any(p.suffix in SOURCE_SUFFIXES for p in folder.iterdir())


def cmd_diff(args: argparse.Namespace) -> int:
    """Compare two graphs' assignments and goals: new, continued, completed, dropped and
    reworded (:mod:`api.diff`)."""
    from .diff import diff, render

    old, new = _sides(args)
    result = diff(old, new, Path(args.old).name, Path(args.new).name)
    data = render(result, args.format).encode("utf-8")
    if args.output:
        write_atomic(Path(args.output), data)
    else:
        sys.stdout.buffer.write(data)
    counts = ", ".join(f"{n} {name}" for name, n in result.counts().items())
    print(f"diff: {counts}", file=sys.stderr)
    return EXIT_OK


FAIL_ON = {"violation": "Violation", "warning": "Warning", "info": "Info"}
#: The report formats of ``validate --format`` and the extension each is filed with.
REPORT_SUFFIX = {
    "text": ".txt",
    "html": HTML.extension,
    "turtle": TURTLE.extension,
    "json": JSONLD.extension,
}


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate RDF data against the SHACL shapes; print and file the report.

    The whole run (parsing, validating, explaining) is under ``--time-limit``.
    """
    from rdflib.namespace import SH

    from . import report as render
    from .validate import validate_files

    paths = [Path(p) for p in args.data]
    # a time limit or a validating process that died is a ShaclError (exit 3); bad data
    # or shapes are a LoaderError (exit 2): api.error_table
    outcome = validate_files(
        paths,
        Path(args.shapes) if args.shapes else shapes_dir(),
        engine=args.engine,
        fmt=args.format,
        lang=args.lang,
        time_limit=args.time_limit,
        progress=args.progress,
    )
    report, out = outcome.report, outcome.text
    sys.stdout.write(out)
    for notice in report.notices:
        print(f"notice: {notice}", file=sys.stderr)
    if not args.no_file:
        folder = paths[0] if paths[0].is_dir() else paths[0].parent
        target = folder / f"validation-report{REPORT_SUFFIX[args.format]}"
        write_atomic(target, out.encode("utf-8"))
        if args.format != "turtle":
            write_atomic(folder / f"validation-report{TURTLE.extension}", outcome.turtle.encode())
        print(f"wrote {target}", file=sys.stderr)
    print(render.summary_line(report, "en"), file=sys.stderr)
    failing = report.at_least(SH[FAIL_ON[args.fail_on]])
    return EXIT_NONCONFORMING if failing else EXIT_OK


def cmd_dump(args: argparse.Namespace) -> int:
    """Write a dump from data files, or from a running server with --from."""
    from .app import data_files
    from .dump import dump_files, dump_format, dump_url

    out = Path(args.out)
    try:
        dump_format(out)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    if args.url and args.data:
        raise UsageError("give data files or --from URL, not both")
    if args.url:
        try:
            written = dump_url(args.url, out)
        except OSError as exc:  # the server cannot be reached or does not answer 200
            raise UsageError(str(exc), hint="check the URL given to --from") from exc
    else:
        paths = tuple(Path(p) for p in args.data or ["data"])
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise UsageError(f"no such file or folder: {', '.join(missing)}")
        files = data_files(paths)
        if not files:
            raise UsageError("no RDF files to dump: run `styrgraf build` first")
        written = dump_files(files, out, include_personal=args.include_personal)
    print(written.summary(), file=sys.stderr)
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    """Write the static site; refuse a non-empty --out that is not one unless --replace."""
    from .app import data_files
    from .publication import load_publication
    from .publish import publish

    publication = load_publication(Path(args.config) if args.config else None)
    files = data_files(tuple(Path(p) for p in args.data))
    result = publish(
        files,
        Path(args.out),
        publication,
        include_personal=args.include_personal,
        replace=args.replace,
        progress=args.progress,
    )
    args.progress.close()
    print(result.summary(), file=sys.stderr)
    return EXIT_OK


def _store_settings(args: argparse.Namespace, **more: object) -> Settings:
    """Return the settings the store options and the environment give."""
    from .settings import Settings

    return Settings.from_env(
        endpoint=args.endpoint,
        graph_store=args.graph_store,
        update_endpoint=args.update_endpoint,
        store_user=args.user,
        store_password=args.password,
        query_timeout=args.timeout,
        include_personal=args.include_personal or None,
        **more,
    )


def cmd_load(args: argparse.Namespace) -> int:
    """Load RDF files into an external store, rebuild its merged graph, check the values.

    Exit 1 when the store kept some typed values differently from the files (each listed).
    """
    from .app import data_files, load_remote
    from .store.remote import RemoteStore

    paths = tuple(Path(p) for p in args.data)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    files = data_files(paths)
    if not files:
        raise UsageError("no RDF files to load: run `styrgraf build` first")
    settings = _store_settings(args, data=paths)
    store = RemoteStore(settings.endpoint or "", settings.graph_store, settings.query_timeout,
                        settings.update_endpoint, settings.store_user,
                        settings.store_password)  # fmt: skip
    try:
        result = load_remote(store, settings, args.progress)
    finally:
        store.close()
    args.progress.close()
    print(f"loaded {len(files)} files, {result.triples} triples, into {len(result.graphs)} "
          f"graphs at {store.name}", file=sys.stderr)  # fmt: skip
    for line in result.mismatches:
        print(f"datatype check: {line}", file=sys.stderr)
    return EXIT_NONCONFORMING if result.mismatches else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the data until interrupted; with --endpoint, load DATA into it first."""
    import uvicorn

    from .app import create_app

    data = args.data if args.data or args.endpoint else ["data"]
    settings = _store_settings(
        args,
        data=tuple(Path(p) for p in data),
        store_dir=Path(args.store_dir) if args.store_dir else None,
        row_limit=args.row_limit,
        workers=args.workers,
    )
    app = create_app(settings)  # bad data or query files: exit 2 (api.error_table)
    print(f"styrgraf serves {settings.endpoint or 'the embedded store'} at "
          f"http://{args.host}:{args.port}/ (SPARQL: /sparql, queries: /api/queries, "
          "docs: /docs)", file=sys.stderr)  # fmt: skip
    from .http_server import config

    served = config(app, args.host, args.port, settings.max_header_bytes, log_level="warning")
    uvicorn.Server(served).run()
    return 0
