"""RDF files as the stores read them: the format by name, gzip or not, and quad files.

A quad file (N-Quads or TriG, such as a dump or the published ``styrgraf.trig.gz``) is a
set of named graphs. Restoring it gives each named graph its own graph, and the default
graph is rebuilt as their merge by the store. Triples the file states in its default
graph are kept under the graph named after the file, except those a named graph of the
same file already holds: a dump's default graph is the merge of its named graphs, and
restoring it must not make one more graph. So nothing in a file is lost, and no triple
lives only in the default graph (where :func:`api.privacy.scrub` would not see it).
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..formats import QUAD_FORMATS, of_file
from .base import LoadError

#: Graph names the stores keep for themselves (staging, the empty graph).
RESERVED = "urn:x-styrgraf:"
#: Errors from reading a file that is damaged, truncated or not gzip after all.
READ_ERRORS = (SyntaxError, OSError, ValueError, EOFError, zlib.error)
_KEEP_DEFAULT = (
    "DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }} ;\n"
    "ADD SILENT DEFAULT TO <{own}> ;\n"
    "DROP SILENT DEFAULT"
)


def is_gzip(path: Path) -> bool:
    """Tell whether the file is read through gzip (by its name, as the static site says)."""
    return path.name.lower().endswith(".gz")


def open_rdf(path: Path) -> BinaryIO:
    """Open ``path`` for reading, through gzip when its name ends in ``.gz``.

    Raises:
        OSError: the file cannot be opened.
    """
    if is_gzip(path):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def read_quads(path: Path, own: str) -> ox.Store:
    """Return a scratch store holding the graphs that the quad file ``path`` restores.

    Each named graph of the file is there under its own name; the default-graph triples
    that no named graph of the file holds are under ``own`` (the graph named after the
    file). Blank nodes get fresh labels, the same in every graph of the file.

    Raises:
        LoadError: the file is not N-Quads or TriG, or does not parse (nothing is loaded).
    """
    fmt = of_file(path, QUAD_FORMATS)
    if fmt is None:
        raise LoadError("not a quad file", path=path, hint="use .nq or .trig, gzipped or not")
    scratch = ox.Store()
    try:
        with open_rdf(path) as stream:
            scratch.load(input=stream, format=fmt.oxigraph)
    except READ_ERRORS as exc:
        raise LoadError(f"the file does not load: {exc}", path=path,
                        hint="fix the file; the store was not changed") from exc  # fmt: skip
    for name in scratch.named_graphs():
        if not isinstance(name, ox.NamedNode) or name.value.startswith(RESERVED):
            raise LoadError(f"the file has a graph the store cannot hold: {name}", path=path,
                            hint="name each graph with an IRI outside urn:x-styrgraf:")  # fmt: skip
    scratch.update(_KEEP_DEFAULT.format(own=own))
    return scratch
