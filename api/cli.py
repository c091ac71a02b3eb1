"""The ``styrgraf`` command line.

Exit codes: 0 ok, 1 the data does not conform, 2 bad input or usage,
3 internal error.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from loaders.errors import LoaderError
from loaders.pipeline import ingest
from loaders.vocab import DEFAULT_BASE

from .output import FORMATS, serialize, write_atomic

EXIT_OK, EXIT_NONCONFORMING, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
SOURCE_SUFFIXES = {".txt", ".pdf"}


def _progress(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    """Read FILEs and write one graph (all sources merged)."""
    result = ingest(
        args.files, base=args.base, strict=args.strict, include_personal=args.include_personal
    )
    data = serialize(result.merged(), args.format, args.base)
    if args.output:
        write_atomic(Path(args.output), data)
    else:
        sys.stdout.buffer.write(data)
    if args.report:
        write_atomic(Path(args.report), result.report.to_json().encode("utf-8"))
    print(result.report.summary(), file=sys.stderr)
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
    """Rebuild ``data/``: one file per source document, plus the load report."""
    files = source_files(Path(args.sources))
    for i, path in enumerate(files, start=1):
        _progress(f"[{i}/{len(files)}] {path.name}")
    result = ingest(
        files,
        base=args.base,
        strict=args.strict,
        include_personal=args.include_personal,
        progress=None,
    )
    out = Path(args.out)
    suffix = FORMATS[args.format]
    for name, graph in result.graphs.items():
        target = out / (Path(name).stem + suffix)
        graph_iri = f"{args.base}graf/{Path(name).stem}"
        write_atomic(target, serialize(graph, args.format, args.base, graph_iri))
        _progress(f"wrote {target} ({len(graph)} triples)")
    write_atomic(out / "load-report.json", (result.report.to_json() + "\n").encode("utf-8"))
    print(result.report.summary())
    return EXIT_OK


FAIL_ON = {"violation": "Violation", "warning": "Warning", "info": "Info"}
REPORT_SUFFIX = {"text": ".txt", "html": ".html", "turtle": ".ttl", "json": ".jsonld"}


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate RDF data against the SHACL shapes; print and file the report."""
    from rdflib.namespace import SH

    from . import report as render
    from .shacl import ShaclError, ValidationTimeout
    from .validate import explain, fingerprint, load_data, load_shapes, rdf_files, run

    paths = [Path(p) for p in args.data]
    files = rdf_files(paths)
    data = load_data(files)
    shapes = load_shapes(Path(args.shapes))
    try:
        report = run(data, shapes, engine=args.engine, time_limit=args.time_limit)
    except ValidationTimeout as exc:
        print(f"error: {exc} (raise --time-limit, or validate fewer files)", file=sys.stderr)
        return EXIT_INTERNAL
    except ShaclError as exc:
        raise LoaderError(str(exc), path=Path(args.shapes), hint="check the shapes") from exc
    what = ", ".join(str(p) for p in paths)
    graph = render.report_graph(report, shapes, what, fingerprint(files))
    if args.format in {"text", "html"}:
        items = explain(report, data, shapes, args.lang)
        if args.format == "text":
            out = render.render_text(report, items, what, args.lang)
        else:
            out = render.render_html(report, items, what)
    elif args.format == "turtle":
        out = graph.serialize(format="turtle")
    else:
        out = render.render_json(graph)
    sys.stdout.write(out)
    for notice in report.notices:
        print(f"notice: {notice}", file=sys.stderr)
    if not args.no_file:
        folder = paths[0] if paths[0].is_dir() else paths[0].parent
        target = folder / f"validation-report{REPORT_SUFFIX[args.format]}"
        write_atomic(target, out.encode("utf-8"))
        if args.format != "turtle":
            write_atomic(
                folder / "validation-report.ttl", graph.serialize(format="turtle").encode()
            )
        print(f"wrote {target}", file=sys.stderr)
    print(render.summary_line(report, "en"), file=sys.stderr)
    failing = report.at_least(SH[FAIL_ON[args.fail_on]])
    return EXIT_NONCONFORMING if failing else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="styrgraf",
        description="Turn municipal governance documents into a provenance-rich RDF graph.",
        epilog="Exit codes: 0 ok, 1 does not conform, 2 bad input or usage, 3 internal error.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--base", default=DEFAULT_BASE, help="base IRI for instances")
        p.add_argument("--strict", action="store_true", help="fail on any unread block")
        p.add_argument(
            "--include-personal",
            action="store_true",
            help="keep officials' names in the graph (off by default; contact data never)",
        )

    p_ingest = sub.add_parser("ingest", help="read documents (PDF or text) and write a graph")
    p_ingest.add_argument("files", nargs="+", help="source documents")
    p_ingest.add_argument("-o", "--output", help="output file (default: standard output)")
    p_ingest.add_argument("--format", choices=sorted(FORMATS), default="turtle")
    p_ingest.add_argument("--report", help="write the load report (JSON) here")
    common(p_ingest)
    p_ingest.set_defaults(func=cmd_ingest)

    p_build = sub.add_parser("build", help="rebuild data/ from a folder of source documents")
    p_build.add_argument("--sources", default="../shared/seeds", help="folder of sources")
    p_build.add_argument("--out", default="data", help="output folder")
    p_build.add_argument("--format", choices=sorted(FORMATS), default="turtle")
    common(p_build)
    p_build.set_defaults(func=cmd_build)

    p_val = sub.add_parser(
        "validate",
        help="validate RDF data against shapes/ (SHACL) and report the findings",
        epilog="Exit codes: 0 conforms (nothing at or above --fail-on), 1 does not conform, "
        "2 bad input (missing or unparsable data or shapes), 3 internal error or time limit.",
    )
    p_val.add_argument("data", nargs="*", default=["data"], help="RDF files or folders [data]")
    p_val.add_argument("--shapes", default="shapes", help="folder of SHACL shapes [shapes]")
    p_val.add_argument("--format", choices=sorted(REPORT_SUFFIX), default="text")
    p_val.add_argument(
        "--fail-on",
        choices=list(FAIL_ON),
        default="violation",
        help="the least severity that makes the run fail (exit 1) [violation]",
    )
    p_val.add_argument(
        "--engine",
        choices=["fast", "pyshacl"],
        default="fast",
        help="fast (SHACL compiled to SPARQL on Oxigraph) or pyshacl (the reference) [fast]",
    )
    p_val.add_argument("--lang", choices=["sv", "en"], default="sv", help="report language [sv]")
    p_val.add_argument(
        "--time-limit", type=float, default=600.0, help="seconds before the run is stopped [600]"
    )
    p_val.add_argument(
        "--no-file", action="store_true", help="do not write validation-report.* beside the data"
    )
    p_val.set_defaults(func=cmd_validate)

    p_serve = sub.add_parser(
        "serve",
        help="serve the graph: SPARQL endpoint, named queries, REST resources and pages",
        epilog="Exit codes: 0 stopped, 2 bad settings or data, 3 internal error.",
    )
    p_serve.add_argument("data", nargs="*", default=["data"], help="RDF files or folders [data]")
    p_serve.add_argument("--host", default="127.0.0.1", help="address to listen on [127.0.0.1]")
    p_serve.add_argument("--port", type=int, default=8000, help="port [8000]")
    p_serve.add_argument("--store-dir", help="keep the embedded store in this folder (else memory)")
    p_serve.add_argument("--endpoint", help="use this remote SPARQL endpoint instead")
    p_serve.add_argument("--graph-store", help="the remote Graph Store Protocol URL, for loads")
    p_serve.add_argument("--update-endpoint", help="the remote SPARQL Update URL, for loads")
    p_serve.add_argument("--timeout", type=float, default=10.0, help="query time limit, s [10]")
    p_serve.add_argument("--row-limit", type=int, default=10_000, help="rows per result [10000]")
    p_serve.add_argument("--workers", type=int, default=2, help="query worker processes [2]")
    p_serve.add_argument(
        "--include-personal",
        action="store_true",
        help="publish officials' contact data if the data has any (off by default)",
    )
    p_serve.set_defaults(func=cmd_serve)

    p_pub = sub.add_parser(
        "publish",
        help="write the graph as a static linked-data site, with dumps, VoID and DCAT",
        epilog="Exit codes: 0 written, 2 bad data or configuration, 3 internal error. "
        "SOURCE_DATE_EPOCH, when set, is the recorded build time.",
    )
    p_pub.add_argument("data", nargs="*", default=["data"], help="RDF files or folders [data]")
    p_pub.add_argument("--out", required=True, help="the site's folder (replaced whole)")
    p_pub.add_argument(
        "--config", help="publication settings (TOML), e.g. a copy of publish.toml [publish.toml]"
    )
    p_pub.add_argument(
        "--include-personal",
        action="store_true",
        help="keep officials' names and contact data (off by default)",
    )
    p_pub.set_defaults(func=cmd_publish)
    return parser


def cmd_publish(args: argparse.Namespace) -> int:
    """Write the static site."""
    from .app import data_files
    from .dataset_description import PublicationError, load_publication
    from .errors import ApiError
    from .publish import publish

    try:
        publication = load_publication(Path(args.config) if args.config else None)
        files = data_files(tuple(Path(p) for p in args.data))
        result = publish(files, Path(args.out), publication, include_personal=args.include_personal)
    except (PublicationError, ApiError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(result.summary(), file=sys.stderr)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the data until interrupted."""
    import uvicorn

    from .app import create_app
    from .catalogue import CatalogueError
    from .errors import ApiError
    from .settings import Settings

    settings = Settings.from_env(
        data=tuple(Path(p) for p in args.data),
        store_dir=Path(args.store_dir) if args.store_dir else None,
        endpoint=args.endpoint,
        graph_store=args.graph_store,
        update_endpoint=args.update_endpoint,
        query_timeout=args.timeout,
        row_limit=args.row_limit,
        workers=args.workers,
        include_personal=args.include_personal or None,
    )
    try:
        app = create_app(settings)
    except (CatalogueError, ApiError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"styrgraf serves {settings.endpoint or 'the embedded store'} at "
          f"http://{args.host}:{args.port}/ (SPARQL: /sparql, queries: /api/queries, "
          "docs: /docs)", file=sys.stderr)  # fmt: skip
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except LoaderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception:
        traceback.print_exc()
        print("internal error: please report it with the traceback above", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
