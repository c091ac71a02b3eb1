"""The embedded backend: Oxigraph in process, one named graph per source file.

Loads are atomic: a file is parsed into a staging graph, and one SPARQL Update moves it
over the old graph and rebuilds the default graph as the merge of the named graphs, so a
reader sees the old data or the new, never a mix, and a file that does not parse leaves
the store as it was. Queries see the default graph: each fact once, however many
documents state it; ``GRAPH ?g`` finds the documents. Queries run in worker processes
(see :mod:`.workers`) so that they can be stopped.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from .. import formats
from ..admission import time_left
from ..errors import StoreUnavailable
from ..formats import NTRIPLES, STORE_FORMATS, extensions, of_file
from ..rdf_input import check_store_file
from ..shacl.store import to_ox, to_rdflib
from .base import (
    Dataset,
    Formats,
    LoadError,
    Raw,
    Rows,
    bad_request_from,
    check_from,
    graph_iri,
)
from .engine_errors import from_engine
from .files import READ_ERRORS, is_gzip, open_rdf, read_quads
from .loaded_files import LoadedFiles
from .results import (
    capped,
    ox_json,
    ox_rows,
    serialise_boolean,
    serialise_parts,
    value_rows,
)
from .workers import PoolRetired, WorkerPool

STAGING = "urn:x-styrgraf:staging"
#: The default graph is the merge of the named graphs (a set: a fact two documents state
#: counts once), rebuilt in the same transaction as each load.
REBUILD_DEFAULT = (
    "DROP SILENT DEFAULT ;\n"
    "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
    f"FILTER (?g != <{STAGING}>) }}"
)


def answer(store: ox.Store, request: tuple[Any, ...]) -> Any:
    """Run one request on ``store`` (in a worker): select, construct, raw or public.

    ``public`` is a client's query: the policy reads it first, then it runs as ``raw``.
    """
    op, query, bindings, fmt, limit, dataset = request
    if op == "public":
        from ..query_policy import check_query

        checked = check_query(query, dataset.base)
        if checked.from_graphs:
            named = [g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
            check_from(checked.from_graphs, named)
        raw = answer(store, ("raw", query, bindings, fmt.for_form(checked.form), limit, dataset))
        raw.volatile = checked.volatile
        return raw
    substitutions: dict[ox.Variable, Any] = {
        ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()
    }
    options: dict[str, Any] = {}
    if dataset is not None and dataset.default:
        options["default_graph"] = [ox.NamedNode(g) for g in dataset.default]
    if dataset is not None and dataset.named:
        options["named_graphs"] = [ox.NamedNode(g) for g in dataset.named]
    if dataset is not None and dataset.base:
        options["base_iri"] = dataset.base
    result = store.query(query, substitutions=substitutions or None, **options)
    if isinstance(result, ox.QuerySolutions) and op == "values":
        return value_rows(result)
    if isinstance(result, ox.QuerySolutions) and op == "raw":
        if fmt == "json":  # the common case, written in one pass
            body, cut = ox_json(result, limit)
        else:
            names, parts, cut = ox_rows(result, limit)
            body = serialise_parts(names, parts, cut, fmt)
        return Raw(body, formats.named(fmt).media_type, cut, "SELECT")
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows: list[dict[str, Node]] = []
        truncated = False
        for solution in result:
            if limit is not None and len(rows) >= limit:
                truncated = True
                break
            rows.append({n: to_rdflib(solution[n]) for n in names if solution[n] is not None})
        if op == "select":
            return Rows(names, rows, truncated)
    if isinstance(result, ox.QueryBoolean):
        if op == "raw":
            return Raw(
                serialise_boolean(bool(result), fmt), formats.named(fmt).media_type, False, "ASK"
            )
        raise ValueError("an ASK query has no rows; use it on /sparql")
    if isinstance(result, ox.QueryTriples):
        if op == "construct":
            return result.serialize(format=NTRIPLES.oxigraph)
        if op == "raw":
            triples, cut = capped(result, limit)
            written = formats.named(fmt)
            graph = ox.serialize(triples, format=written.oxigraph)
            return Raw(graph or b"", written.media_type, cut, "CONSTRUCT")
    raise ValueError(f"the query's result does not fit the operation {op!r}")


def open_read_only(directory: Path, attempts: int = 20) -> ox.Store:
    """Open a persistent store read-only (in a worker), while its writer may still be
    deleting files a compaction made obsolete: an open that meets a file just deleted
    fails ("Corruption: … No such file"), and the next one reads the new manifest."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(directory))
        except (OSError, RuntimeError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.1 * (attempt + 1))
    raise AssertionError("unreachable")


def read_only_handler(directory: Path) -> Callable[[tuple[Any, ...]], Any]:
    """A worker's handler on its own read-only view of a persistent store."""
    return functools.partial(answer, open_read_only(directory))


def _writes(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run a write with the store to itself, then retire the workers that hold old data.

    Reads in flight finish on the old data (their workers are forked copies); a read that
    starts after the write has returned gets workers forked from the new data.
    """

    @functools.wraps(method)
    def locked(self: EmbeddedStore, *args: Any, **kwargs: Any) -> Any:
        with self._writing:
            try:
                return method(self, *args, **kwargs)
            finally:
                old, self._pool = self._pool, None
                if old is not None:
                    old.retire()

    return locked


class EmbeddedStore:
    """Oxigraph in memory (``directory=None``) or persistent in a folder."""

    def __init__(
        self, directory: Path | None = None, workers: int = 2, timeout: float = 10.0
    ) -> None:
        self.directory = directory
        self.timeout = timeout
        self.size = workers
        try:
            self._store = ox.Store(str(directory)) if directory else ox.Store()
        except OSError as exc:
            raise StoreUnavailable(
                f"cannot open the store in {directory}: {exc}",
                hint="check the folder, or stop the other process using it",
            ) from exc
        self._pool: WorkerPool | None = None
        #: which file each graph of a persistent store was loaded from
        self.loaded_files = LoadedFiles(directory)
        #: Writes, and forking workers from the store, take turns: a worker forked during
        #: a write would copy a store half written.
        self._writing = threading.Lock()
        self.version = 0

    # --- loading -------------------------------------------------------------------------
    @_writes
    def load(self, path: Path, graph: str | None = None) -> int:
        """Replace the named graph of ``path`` with its triples; return their number.

        Raises:
            LoadError: the file's format is unknown or it does not parse (the store is
                unchanged).
        """
        check_store_file(path)  # no DTD or entities, no context by reference: api.rdf_input
        fmt = of_file(path, STORE_FORMATS)
        if fmt is None:
            raise LoadError(
                "unknown RDF format",
                path=path,
                hint=f"use one of {', '.join(extensions(STORE_FORMATS))}",
            )
        target = graph or graph_iri(path)
        if fmt.quads:
            self.loaded_files.forget()
            return self._restore(path, target)
        fresh = not self._store.contains_named_graph(ox.NamedNode(target))
        fingerprint = self.loaded_files.fingerprint(path) if self.directory else None
        if not fresh and fingerprint is not None:
            kept = self.loaded_files.triples(target, fingerprint)
            if kept is not None:  # a persistent store that holds this file already
                return kept
        count = self._load_triples(path, fmt, target, fresh)
        if fingerprint is not None:
            self.loaded_files.record(target, fingerprint, count)
        return count

    def _load_triples(self, path: Path, fmt: Any, target: str, fresh: bool) -> int:
        if fresh and self.directory is not None and self._pool is None:
            return self._bulk_load(path, fmt.oxigraph, target)
        # a new graph loads straight into place (one transaction); a replaced one goes
        # through a staging graph, moved over the old one with the default graph rebuilt
        into = ox.NamedNode(target if fresh else STAGING)
        if self._store.contains_named_graph(ox.NamedNode(STAGING)):
            self._store.remove_graph(ox.NamedNode(STAGING))
        try:
            with open_rdf(path) as stream:
                self._store.load(input=stream, format=fmt.oxigraph, to_graph=into)
        except READ_ERRORS as exc:
            if not fresh:
                self._store.clear_graph(into)
            raise LoadError(f"the file does not load: {exc}", path=path,
                            hint="fix the file; the store was not changed") from exc  # fmt: skip
        count = self._size(into.value)
        if fresh:
            self._store.update(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}")
        else:
            self._store.update(f"MOVE SILENT GRAPH <{STAGING}> TO <{target}> ;\n{REBUILD_DEFAULT}")
        self.version += 1
        return count

    def _bulk_load(self, path: Path, fmt: Any, target: str) -> int:
        """Load a new graph into a persistent store that no reader has opened yet, with
        Oxigraph's bulk loader (sorted files written straight to RocksDB): at 1M triples
        the transactional load took 202 s. Not one transaction, so it is used only before
        the workers open the store; a file that does not parse leaves nothing behind (the
        graph is removed, and the default graph is written only after the file has parsed).
        """
        into = ox.NamedNode(target)

        def bulk(to_graph: Any) -> None:
            if is_gzip(path):
                with open_rdf(path) as stream:
                    self._store.bulk_load(input=stream, format=fmt, to_graph=to_graph)
            else:  # by path: Oxigraph reads the file itself, several times faster
                self._store.bulk_load(path=str(path), format=fmt, to_graph=to_graph)

        try:
            bulk(into)
        except READ_ERRORS as exc:
            self._store.remove_graph(into)
            raise LoadError(f"the file does not load: {exc}", path=path,
                            hint="fix the file; the store was not changed") from exc  # fmt: skip
        bulk(ox.DefaultGraph())  # the default graph is a set: a known fact stays once
        self._store.optimize()  # compacted now, not while the workers open the store
        self.version += 1
        return self._size(target)

    def _size(self, graph: str) -> int:
        """Return the number of triples in the named graph ``graph`` (in this process)."""
        count_query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        return int(next(iter(self._store.query(count_query)))["n"].value)  # type: ignore[arg-type]

    def _restore(self, path: Path, own: str) -> int:
        """Load a quad file: each of its graphs replaces the store's graph of that name.

        The graphs go to staging graphs first, then one update moves them into place and
        rebuilds the default graph, so a reader sees the old data or the new.
        """
        scratch = read_quads(path, own)  # parsed whole before the store is touched
        names = sorted(g.value for g in scratch.named_graphs() if isinstance(g, ox.NamedNode))
        staged = {name: ox.NamedNode(f"{STAGING}-{i}") for i, name in enumerate(names)}
        for old in self._store.named_graphs():
            if isinstance(old, ox.NamedNode) and old.value.startswith(STAGING):
                self._store.remove_graph(old)
        self._store.extend(
            ox.Quad(q.subject, q.predicate, q.object, staged[q.graph_name.value]) for q in scratch
        )
        moves = [f"MOVE SILENT GRAPH <{staged[n].value}> TO <{n}> ;\n" for n in names]
        self._store.update("".join(moves) + REBUILD_DEFAULT)
        self.version += 1
        return len(scratch)

    @_writes
    def update(self, update: str) -> None:
        """Run a SPARQL Update (one transaction with the default graph's rebuild).

        Raises:
            QuerySyntaxError: the update does not parse.
        """
        self.loaded_files.forget()  # the graphs are no longer their files
        try:
            self._store.update(f"{update} ;\n{REBUILD_DEFAULT}")
        except SyntaxError as exc:
            raise bad_request_from(exc) from exc
        self.version += 1

    # --- querying ------------------------------------------------------------------------
    def _workers(self) -> WorkerPool:
        pool = self._pool
        if pool is not None:
            return pool
        with self._writing:
            if self._pool is None:
                if self.directory is None:  # forked: the store is shared copy-on-write
                    store = self._store
                    self._pool = WorkerPool(lambda: functools.partial(answer, store), self.size)
                else:  # started afresh: a fork would copy RocksDB's locks mid-use
                    self._store.flush()
                    self._pool = WorkerPool(
                        functools.partial(read_only_handler, self.directory),
                        self.size,
                        start="forkserver",
                        preload=__name__,
                    )
            return self._pool

    def _stop_workers(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def _call(self, request: tuple[Any, ...]) -> Any:
        try:
            while True:
                try:
                    return self._workers().call(request, time_left(self.timeout))
                except PoolRetired:  # the data changed before a worker took it: ask anew
                    continue
        except SyntaxError as exc:
            raise bad_request_from(exc) from exc
        except RuntimeError as exc:  # the engine's message stays in the log, not the answer
            raise from_engine(exc) from exc

    async def _call_async(self, request: tuple[Any, ...]) -> Any:
        try:
            while True:
                try:
                    return await self._workers().call_async(request, time_left(self.timeout))
                except PoolRetired:
                    continue
        except SyntaxError as exc:
            raise bad_request_from(exc) from exc
        except RuntimeError as exc:  # the engine's message stays in the log, not the answer
            raise from_engine(exc) from exc

    def select(
        self, query: str, bindings: Mapping[str, Node] | None = None, limit: int | None = None
    ) -> Rows:
        """Run a SELECT with ``bindings`` as Oxigraph substitutions."""
        result = self._call(("select", query, dict(bindings or {}), None, limit, None))
        assert isinstance(result, Rows)
        return result

    async def select_async(
        self, query: str, bindings: Mapping[str, Node] | None = None, limit: int | None = None
    ) -> Rows:
        """:meth:`select` without holding a thread while the worker answers."""
        result = await self._call_async(("select", query, dict(bindings or {}), None, limit, None))
        assert isinstance(result, Rows)
        return result

    def select_values(self, query: str) -> list[dict[str, str]]:
        """Run a SELECT and return each row's lexical values: no RDF terms are built or
        pickled, for queries of many rows that need only the text (the traversal graph)."""
        result = self._call(("values", query, None, None, None, None))
        assert isinstance(result, list)
        return result

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE and return the graph."""
        data = self._call(("construct", query, dict(bindings or {}), None, None, None))
        graph = Graph()
        graph.parse(data=data, format=NTRIPLES.rdflib)
        return graph

    def raw(
        self, query: str, fmt: str, limit: int | None = None, dataset: Dataset | None = None
    ) -> Raw:
        """Run a read query and serialise the result as ``fmt``."""
        if dataset is not None and (dataset.default or dataset.named):
            dataset = dataset.within(self.graphs())
        result = self._call(("raw", query, None, fmt, limit, dataset))
        assert isinstance(result, Raw)
        return result

    async def raw_async(
        self, query: str, fmt: str, limit: int | None = None, dataset: Dataset | None = None
    ) -> Raw:
        """:meth:`raw` without holding a thread while the worker answers."""
        if dataset is not None and (dataset.default or dataset.named):
            dataset = dataset.within(self.graphs())
        result = await self._call_async(("raw", query, None, fmt, limit, dataset))
        assert isinstance(result, Raw)
        return result

    async def public_async(
        self, query: str, formats: Formats, limit: int | None, dataset: Dataset
    ) -> Raw:
        """Run a client's query: the policy reads it in the worker, then it runs there."""
        if dataset.default or dataset.named:
            dataset = dataset.within(self.graphs())
        result = await self._call_async(("public", query, None, formats, limit, dataset))
        assert isinstance(result, Raw)
        return result

    def graphs(self) -> list[str]:
        """Return the named graphs (not the staging graph)."""
        return sorted(
            g.value
            for g in self._store.named_graphs()
            if isinstance(g, ox.NamedNode) and not g.value.startswith(STAGING)
        )

    def count(self) -> int:
        """Return the number of triples."""
        return len(self._store)

    def dump(self, fmt: str, output: BinaryIO) -> int:
        """Write every quad (the named graphs and the default graph) to ``output``.

        One snapshot of the store, written as it is read; return the number of quads.
        """
        written = 0

        def quads() -> Iterator[ox.Quad]:
            nonlocal written
            for quad in self._store:
                name = quad.graph_name
                if isinstance(name, ox.NamedNode) and name.value.startswith(STAGING):
                    continue
                written += 1
                yield quad

        ox.serialize(quads(), output, format=formats.named(fmt).oxigraph)
        return written

    def close(self) -> None:
        """Stop the workers."""
        self._stop_workers()
