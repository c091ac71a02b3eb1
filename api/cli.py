"""The ``styrgraf`` command line: the parser, and :func:`main`, which runs a command
(:mod:`api.commands`) and maps what it raises to an exit code (:mod:`api.error_table`).

Exit codes: 0 ok, 1 the data does not conform, 2 bad input or usage,
3 internal error.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence

from loaders import __version__
from loaders.report import MAX_UNREAD_PERCENT
from loaders.vocab import DEFAULT_BASE

from .commands import (
    FAIL_ON,
    REPORT_SUFFIX,
    cmd_build,
    cmd_diff,
    cmd_dump,
    cmd_ingest,
    cmd_load,
    cmd_publish,
    cmd_serve,
    cmd_validate,
)
from .error_table import EXIT_INTERNAL, exit_code, message, shows_traceback
from .output import WRITTEN
from .progress import Display


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="styrgraf",
        description="Turn municipal governance documents into a provenance-rich RDF graph.",
        epilog="Exit codes: 0 ok, 1 does not conform, 2 bad input or usage, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"styrgraf {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def quiet(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "-q", "--quiet", action="store_true", help="show no progress (errors and summary only)"
        )

    def common(p: argparse.ArgumentParser) -> None:
        quiet(p)
        p.add_argument("--base", default=DEFAULT_BASE, help="base IRI for instances")
        p.add_argument(
            "--strict",
            action="store_true",
            help="exit 2 when a file is refused, a block could not be read, or a source "
            "leaves more than --max-unread of its content lines unread",
        )
        p.add_argument(
            "--max-unread",
            type=float,
            default=MAX_UNREAD_PERCENT,
            metavar="PERCENT",
            help="with --strict, the most of a source's content lines that may be unread "
            f"[{MAX_UNREAD_PERCENT:g}]",
        )
        p.add_argument(
            "--include-personal",
            action="store_true",
            help="keep officials' names in the graph (off by default; contact data never)",
        )

    p_ingest = sub.add_parser("ingest", help="read documents (PDF or text) and write a graph")
    p_ingest.add_argument("files", nargs="+", help="source documents")
    p_ingest.add_argument("-o", "--output", help="output file (default: standard output)")
    p_ingest.add_argument("--format", choices=sorted(WRITTEN), default="turtle")
    p_ingest.add_argument("--report", help="write the load report (JSON) here")
    common(p_ingest)
    p_ingest.set_defaults(func=cmd_ingest)

    p_build = sub.add_parser("build", help="rebuild data/ from a folder of source documents")
    p_build.add_argument("--sources", default="../shared/seeds", help="folder of sources")
    p_build.add_argument(
        "--out",
        default="data",
        help="output folder, replaced whole; files build did not write are kept [data]",
    )
    p_build.add_argument("--format", choices=sorted(WRITTEN), default="turtle")
    common(p_build)
    p_build.set_defaults(func=cmd_build)

    p_diff = sub.add_parser(
        "diff",
        help="what changed between two graphs: new, continued, completed, dropped and "
        "reworded assignments and goals",
        epilog="OLD and NEW are RDF files or folders (as build writes them), or source "
        "documents (PDF or text), read together so one assignment is one node. "
        "Exit codes: 0 written, 2 bad input, 3 internal error.",
    )
    p_diff.add_argument("old", metavar="OLD", help="the old side: a file or folder")
    p_diff.add_argument("new", metavar="NEW", help="the new side: a file or folder")
    p_diff.add_argument("--format", choices=["json", "text", "html"], default="text")
    p_diff.add_argument("-o", "--output", help="output file (default: standard output)")
    common(p_diff)
    p_diff.set_defaults(func=cmd_diff)

    p_val = sub.add_parser(
        "validate",
        help="validate RDF data against shapes/ (SHACL) and report the findings",
        epilog="Exit codes: 0 conforms (nothing at or above --fail-on), 1 does not conform, "
        "2 bad input (missing or unparsable data or shapes), 3 internal error or time limit.",
    )
    p_val.add_argument("data", nargs="*", default=["data"], help="RDF files or folders [data]")
    p_val.add_argument("--shapes", help="folder of SHACL shapes [the shapes/ styrgraf ships with]")
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
    quiet(p_val)
    p_val.set_defaults(func=cmd_validate)

    def remote(p: argparse.ArgumentParser, required: bool) -> None:
        p.add_argument("--endpoint", required=required,
                       help="the external store's SPARQL query URL" + ("" if required else
                       " (instead of the embedded store)"))  # fmt: skip
        p.add_argument(
            "--graph-store", required=required, help="its Graph Store Protocol URL, for loads"
        )
        p.add_argument(
            "--update-endpoint", required=required, help="its SPARQL Update URL, for loads"
        )
        p.add_argument("--user", help="user name for its writable endpoints "
                       "[STYRGRAF_STORE_USER]")  # fmt: skip
        p.add_argument("--password", help="its password (better: STYRGRAF_STORE_PASSWORD, "
                       "which no process list shows)")  # fmt: skip

    p_load = sub.add_parser(
        "load",
        help="load RDF files into an external SPARQL store, one named graph each",
        epilog="Each graph is replaced in one Graph Store Protocol PUT (atomic per graph); "
        "then the merged graph the API reads is rebuilt, and each graph's typed literals "
        "are compared with the file's. Exit codes: 0 loaded, 1 the store changed some "
        "values (listed), 2 bad data, settings or credentials, or the store failed, "
        "3 internal error.",
    )
    p_load.add_argument("data", nargs="*", default=["data"], help="RDF files or folders [data]")
    remote(p_load, required=True)
    p_load.add_argument("--timeout", type=float, default=10.0, help="query time limit, s [10]")
    p_load.add_argument(
        "--include-personal",
        action="store_true",
        help="keep officials' names and contact data (off by default; as serve)",
    )
    quiet(p_load)
    p_load.set_defaults(func=cmd_load)

    p_serve = sub.add_parser(
        "serve",
        help="serve the graph: SPARQL endpoint, named queries, REST resources and pages",
        epilog="Exit codes: 0 stopped, 2 bad settings or data, 3 internal error.",
    )
    p_serve.add_argument(
        "data", nargs="*", help="RDF files or folders [data; none with --endpoint]"
    )
    p_serve.add_argument("--host", default="127.0.0.1", help="address to listen on [127.0.0.1]")
    p_serve.add_argument("--port", type=int, default=8000, help="port [8000]")
    p_serve.add_argument("--store-dir", help="keep the embedded store in this folder (else memory)")
    remote(p_serve, required=False)
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
        epilog="Exit codes: 0 written, 2 bad data or configuration, or --out holds files that "
        "are not a published site (see --replace), 3 internal error. "
        "SOURCE_DATE_EPOCH, when set, is the recorded build time.",
    )
    p_pub.add_argument("data", nargs="*", default=["data"], help="RDF files or folders [data]")
    p_pub.add_argument("--out", required=True, help="the site's folder (replaced whole)")
    p_pub.add_argument(
        "--replace",
        action="store_true",
        help="replace --out even if it holds files that are not a site styrgraf published",
    )
    p_pub.add_argument(
        "--config",
        help="publication settings (TOML), e.g. a copy of publish.toml "
        "[the publish.toml styrgraf ships with]",
    )
    p_pub.add_argument(
        "--include-personal",
        action="store_true",
        help="keep officials' names and contact data (off by default)",
    )
    quiet(p_pub)
    p_pub.set_defaults(func=cmd_publish)

    p_dump = sub.add_parser(
        "dump",
        help="write every graph to one file for backup (restore: styrgraf serve FILE)",
        epilog="Exit codes: 0 written, 2 bad data, file name or server, 3 internal error.",
    )
    p_dump.add_argument("data", nargs="*", help="RDF files or folders [data]")
    p_dump.add_argument("--out", required=True, help="the dump: .nq, .trig, .nq.gz or .trig.gz")
    p_dump.add_argument("--from", dest="url", help="dump this running server instead (its URL)")
    p_dump.add_argument(
        "--include-personal",
        action="store_true",
        help="keep officials' names and contact data (off by default; as serve)",
    )
    p_dump.set_defaults(func=cmd_dump)
    return parser


#: Commands that only read and write files: the console script runs them with no network.
OFFLINE_COMMANDS = {"ingest", "build", "validate", "diff", "publish"}


def main(argv: Sequence[str] | None = None, *, sandbox: bool = False) -> int:
    """Run one command; with ``sandbox`` an offline command cannot open a socket at all."""
    parser = build_parser()
    args = parser.parse_args(argv)
    offline = args.command in OFFLINE_COMMANDS or (
        args.command == "dump" and not args.url  # a dump of files, not of a server
    )
    if sandbox and offline:
        from .sandbox import deny_network

        deny_network()  # a second barrier behind the parsers' refusals (README: Security)
    # the commands that take --quiet report their progress here (api.progress)
    args.progress = progress = Display(quiet=getattr(args, "quiet", False))
    try:
        code: int = args.func(args)
        return code
    except Exception as exc:  # each error's exit code is in api.error_table
        progress.close(interrupted=True)  # the message goes on a line of its own
        if shows_traceback(exc):
            traceback.print_exc()
            print("internal error: please report it with the traceback above", file=sys.stderr)
            return EXIT_INTERNAL
        print(message(exc), file=sys.stderr)
        return exit_code(exc)
    finally:
        progress.close()


def run() -> None:
    """The ``styrgraf`` console script."""
    raise SystemExit(main(sandbox=True))


if __name__ == "__main__":
    run()
