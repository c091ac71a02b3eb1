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


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate data files against the SHACL shapes."""
    from .validate import validate_paths

    conforms, text = validate_paths([Path(p) for p in args.data], Path(args.shapes))
    print(text)
    return EXIT_OK if conforms else EXIT_NONCONFORMING


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

    p_val = sub.add_parser("validate", help="validate data against shapes/ (SHACL)")
    p_val.add_argument("data", nargs="+", help="RDF files or folders")
    p_val.add_argument("--shapes", default="shapes", help="folder of SHACL shapes")
    p_val.set_defaults(func=cmd_validate)
    return parser


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
