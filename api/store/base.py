"""The store interface: one small protocol, an embedded and a remote backend.

Queries come back either typed (:class:`Rows`, for named queries, REST resources and
traversal) or serialised in a negotiated format (:class:`Raw`, for the SPARQL endpoint).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from rdflib import Graph
from rdflib.term import Node

from loaders.errors import LoaderError

from ..errors import ApiError, BadRequest, Forbidden, QuerySyntaxError

GRAPH_IRI_BASE = "https://w3id.org/styrgraf/graph/"


class LoadError(LoaderError):
    """A data file could not be loaded into the store; the store is unchanged.

    An input error (the file is at fault), not an HTTP one: loads happen when the server
    starts and in ``publish`` and ``dump`` (:mod:`api.error_table`).
    """


@dataclass
class Rows:
    """A SELECT result as rdflib terms; ``truncated`` when the row limit cut it."""

    variables: list[str]
    rows: list[dict[str, Node]]
    truncated: bool = False


@dataclass
class Raw:
    """A serialised result: the bytes, their media type, and whether rows were cut.

    ``volatile``: the query calls a function whose value changes from run to run (NOW(),
    RAND() …), so the same request on the same data may get other bytes.
    """

    body: bytes
    media_type: str
    truncated: bool = False
    form: str = "SELECT"
    volatile: bool = False


#: A graph that never holds anything: what a dataset parameter naming an unknown graph
#: becomes, so no graph is ever fetched from elsewhere.
EMPTY_GRAPH = "urn:x-styrgraf:empty"


@dataclass(frozen=True)
class Dataset:
    """The protocol's dataset: graphs for the default graph and the named graphs."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()
    #: The base IRI for relative IRIs in the query (the protocol lets it be the endpoint).
    base: str | None = None

    def within(self, known: list[str]) -> Dataset:
        """Return the dataset with graphs the store does not hold replaced by an empty one."""

        def keep(graphs: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(g if g in known else EMPTY_GRAPH for g in graphs)

        return Dataset(keep(self.default), keep(self.named), self.base)


@dataclass(frozen=True)
class Formats:
    """The format negotiated for each kind of result, or why none fits.

    A client's query is negotiated before it is parsed (the parse happens where the query
    runs), so the server offers both answers and the worker takes the one for the form.
    """

    results: str | ApiError
    graphs: str | ApiError

    def for_form(self, form: str) -> str:
        """Return the short format name for ``form``, or raise why none fits."""
        chosen = self.results if form in {"SELECT", "ASK"} else self.graphs
        if isinstance(chosen, ApiError):
            raise chosen
        return chosen


class Store(Protocol):
    """What the server needs from a store."""

    #: Grows with every load, so views built from the data (the traversal graph) know
    #: when to rebuild.
    version: int

    def select(
        self, query: str, bindings: Mapping[str, Node] | None = None, limit: int | None = None
    ) -> Rows:
        """Run a SELECT query with ``bindings`` (RDF terms, never spliced into the text)."""
        ...

    def select_values(self, query: str) -> list[dict[str, str]]:
        """Run a SELECT and return each row as its variables' lexical values (unbound ones
        left out): for many rows of which only the text is needed."""
        ...

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query."""
        ...

    def raw(
        self, query: str, fmt: str, limit: int | None = None, dataset: Dataset | None = None
    ) -> Raw:
        """Run any read query and serialise its result as ``fmt`` (a short name of one of
        :data:`api.formats.SELECT_RESULTS` or :data:`api.formats.GRAPH_RESULTS`).

        ``dataset`` is the protocol's default-graph-uri and named-graph-uri.
        """
        ...

    async def select_async(
        self, query: str, bindings: Mapping[str, Node] | None = None, limit: int | None = None
    ) -> Rows:
        """:meth:`select` for the event loop (the server's routes use this)."""
        ...

    async def raw_async(
        self, query: str, fmt: str, limit: int | None = None, dataset: Dataset | None = None
    ) -> Raw:
        """:meth:`raw` for the event loop."""
        ...

    async def public_async(
        self, query: str, formats: Formats, limit: int | None, dataset: Dataset
    ) -> Raw:
        """Run a client's query: checked by the policy (:mod:`api.query_policy`) first.

        The check runs where the query runs and counts against its time limit; ``limit``
        caps rows and triples alike.
        """
        ...

    def update(self, update: str) -> None:
        """Run a SPARQL Update on the named graphs, then rebuild the default graph."""
        ...

    def load(self, path: Path, graph: str | None = None) -> int:
        """Replace the named graph ``graph`` (default: from the file name) with ``path``."""
        ...

    def graphs(self) -> list[str]:
        """Return the named graphs."""
        ...

    def count(self) -> int:
        """Return the number of triples in all graphs."""
        ...

    def dump(self, fmt: str, output: BinaryIO) -> int:
        """Write every quad, default graph included, as ``fmt`` ("nquads" or "trig").

        Blocks while it writes: call it off the event loop. Returns the number of quads.
        """
        ...

    def close(self) -> None:
        """Stop workers and release the store."""
        ...


def graph_iri(path: Path) -> str:
    """Return the named graph a source file loads into."""
    stem = Path(path.name.removesuffix(".gz")).stem  # backup.nq.gz: backup
    return GRAPH_IRI_BASE + re.sub(r"[^A-Za-z0-9._-]", "_", stem)


def check_from(graphs: tuple[str, ...], known: list[str]) -> None:
    """Refuse FROM and FROM NAMED for graphs the store does not hold (no remote fetches).

    Raises:
        Forbidden: a FROM names a graph that is not in the store.
    """
    unknown = [g for g in graphs if g not in known]
    if unknown:
        raise Forbidden(
            f"FROM <{unknown[0]}> names a graph this store does not hold; remote graphs are "
            "never fetched",
            hint="GET /api/graphs lists the graphs",
        )


def bad_request_from(exc: Exception) -> BadRequest:
    """Return a 400 for a query the engine rejects, with its message and position."""
    return QuerySyntaxError(str(exc), hint="check the query's syntax near the position given")
