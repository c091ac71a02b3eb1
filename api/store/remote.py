"""The remote backend: any SPARQL 1.1 server (Oxigraph, Virtuoso, Fuseki, GraphDB, QLever).

What the API reads is defined by the project, not by the server:

* the named graphs are those ``styrgraf load`` registered in the registry graph
  (:data:`REGISTRY`), never whatever the server holds (Virtuoso keeps system graphs);
* the default graph is the project's own merged graph (:data:`MERGED`), the merge of the
  registered graphs, rebuilt after each load and update; never the server's union of
  everything;
* every query names that dataset with the protocol's ``default-graph-uri`` and
  ``named-graph-uri``, unless the client's query names its own with FROM;
* a row limit is sent as ``LIMIT`` + 1, so a cut result is known; a server that cuts
  results itself and says so (``X-SPARQL-MaxRows``) is flagged as cut too;
* ``xsd:boolean`` comes back in its canonical form (``true``, not ``1``).

Parameters are bound with a ``VALUES`` block built from each term's N-Triples form, never
by editing the query. Loads are in :mod:`.remote_load` and the HTTP side, with the
server's failures as 502, 503 and 504, in :mod:`.upstream`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import httpx
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from starlette.concurrency import run_in_threadpool

from .. import formats
from ..errors import BadGateway
from ..formats import CONSTRUCT_RESULTS, NTRIPLES, by_name
from ..progress import Display
from .base import EMPTY_GRAPH, Dataset, Formats, Raw, Rows, check_from
from .files import RESERVED
from .remote_text import (
    MERGED,
    MODIFIED,
    REGISTRY,
    SD_NAMED_GRAPH,
    bind,
    form_of,
    limited,
    paged,
    registry_update,
)
from .results import XSD_STRING, Parts, capped, serialise_boolean, serialise_parts
from .upstream import Upstream, Urls, server_name

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
RESULTS_JSON = "application/sparql-results+json, application/json;q=0.9"
#: Seconds the registry is trusted before it is read again (another process may load).
REGISTRY_TTL = 2.0
LOG = logging.getLogger("styrgraf")


def bindings_of(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the rows of a SPARQL JSON result (none for a document without them)."""
    return doc.get("results", {}).get("bindings", [])  # type: ignore[no-any-return]


def boolean_of(doc: dict[str, Any]) -> bool:
    """Return an ASK's answer: the protocol's ``boolean``, or a table of one value, which
    some servers answer instead (Virtuoso 7: ``__ASK_RETVAL``, 1 or 0, or no row)."""
    if "boolean" in doc:
        return bool(doc["boolean"])
    rows = bindings_of(doc)
    values = [v.get("value") for row in rows[:1] for v in row.values()]
    return bool(values) and values[0] not in {"0", "false"}


def _canonical(kind: str, value: str, datatype: str | None) -> str:
    if kind in {"literal", "typed-literal"} and datatype == XSD_BOOLEAN:
        return {"1": "true", "0": "false"}.get(value, value)
    return value


class _Quiet(logging.Filter):
    """Drops rdflib's log of a literal it cannot convert, in a thread that asks it to: a
    store's changed value (a duration kept as seconds) is reported once, by the load's
    check (:mod:`.remote_load`), not with a traceback at every query."""

    local = threading.local()

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(self.local, "on", False)


logging.getLogger("rdflib.term").addFilter(_Quiet())


def typed_literal(value: str, datatype: str) -> Literal:
    """Return the literal, without rdflib's log when ``value`` is not of ``datatype``."""
    _Quiet.local.on = True
    try:
        return Literal(value, datatype=URIRef(datatype))
    finally:
        _Quiet.local.on = False


def _term(binding: dict[str, Any]) -> Node:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind == "triple":  # rdflib has no triple terms: the named queries get its N-Triples
        return Literal(str(_ox_term(binding)))
    if "xml:lang" in binding:
        return Literal(value, lang=binding["xml:lang"])
    if "datatype" in binding:
        datatype = binding["datatype"]
        return typed_literal(_canonical(kind, value, datatype), datatype)
    return Literal(value)


def _ox_term(binding: dict[str, Any]) -> Any:
    """Return a JSON result's term as a pyoxigraph term (a triple term's parts in turn)."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        try:
            return ox.BlankNode(value)
        except ValueError:  # a label N-Triples cannot write (Virtuoso: nodeID://b1)
            return ox.BlankNode()
    if kind == "triple":  # SPARQL 1.2 Query Results JSON Format, section 3.2.2
        return ox.Triple(*(_ox_term(value[k]) for k in ("subject", "predicate", "object")))
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    datatype = binding.get("datatype")
    value = _canonical(kind, value, datatype)
    return ox.Literal(value, datatype=ox.NamedNode(datatype) if datatype else None)


def _parts(binding: dict[str, Any]) -> Parts:
    kind, value = binding["type"], binding["value"]
    if kind == "triple":
        return ("triple", str(_ox_term(binding)), None, None)
    if kind in {"uri", "bnode"}:
        return (kind, value, None, None)
    datatype = binding.get("datatype")
    value = _canonical(kind, value, datatype)
    return ("literal", value, binding.get("xml:lang"), None if datatype == XSD_STRING else datatype)


class RemoteStore:
    """An external SPARQL 1.1 server, its Graph Store Protocol URL and update endpoint."""

    def __init__(
        self,
        endpoint: str,
        graph_store: str | None = None,
        timeout: float = 10.0,
        update_endpoint: str | None = None,
        user: str | None = None,
        password: str | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.upstream = Upstream(Urls(endpoint, graph_store, update_endpoint), timeout,
                                 user, password)  # fmt: skip
        self.version = 0
        self._registry: tuple[tuple[str, str], ...] | None = None
        self._read_at = 0.0

    @property
    def name(self) -> str:
        """The server, as it may be shown (no credentials)."""
        return server_name(self.endpoint)

    # --- the project's dataset ----------------------------------------------------------------
    def graphs(self) -> list[str]:
        """Return the registered named graphs (read again after :data:`REGISTRY_TTL`)."""
        now = time.monotonic()
        if self._registry is None or now - self._read_at > REGISTRY_TTL:
            doc = self._ask_json(
                f"SELECT ?g ?at WHERE {{ GRAPH <{REGISTRY}> {{ ?g a <{SD_NAMED_GRAPH}> "
                f"OPTIONAL {{ ?g <{MODIFIED}> ?at }} }} }}",
                (),
                (),
            )
            rows = bindings_of(doc)
            read = tuple(
                sorted({(b["g"]["value"], b.get("at", {}).get("value", "")) for b in rows})
            )
            if read != self._registry:
                self.version += 1  # loaded by another process, or by us: views rebuild
            self._registry, self._read_at = read, now
        return sorted({g for g, _ in self._registry})

    def forget(self) -> None:
        """Read the registry afresh at the next query (after a load or an update)."""
        self._registry = None

    def _dataset(self, dataset: Dataset | None, own_from: bool = False) -> tuple[list[str], ...]:
        """Return the protocol's default and named graphs for a query."""
        if own_from:  # the client's FROM clauses name the dataset (checked: known graphs)
            return [], []
        named = self.graphs() or [EMPTY_GRAPH]
        if dataset is not None and (dataset.default or dataset.named):
            dataset = dataset.within(named)
            return list(dataset.default or (MERGED,)), list(dataset.named or named)
        return [MERGED], named

    def _ask_json(self, query: str, default: Sequence[str], named: Sequence[str]) -> dict[str, Any]:
        response = self.upstream.query(query, RESULTS_JSON, default, named)
        try:
            doc = response.json()
        except ValueError as exc:
            raise BadGateway(
                f"the store at {self.name} answered a query with no JSON results",
                hint="check that --endpoint is its SPARQL endpoint",
            ) from exc
        if response.headers.get("x-sparql-maxrows"):
            doc["styrgraf-capped"] = True  # the server cut the result at its own limit
        return doc  # type: ignore[no-any-return]

    @staticmethod
    def _prefixed(query: str, dataset: Dataset | None) -> str:
        if dataset is not None and dataset.base:  # a later BASE in the query still wins
            return f"BASE <{dataset.base}>\n{query}"
        return query

    # --- reading ---------------------------------------------------------------------------------
    def select(
        self, query: str, bindings: Mapping[str, Node] | None = None, limit: int | None = None
    ) -> Rows:
        """Run a SELECT with ``bindings`` as a VALUES block."""
        default, named = self._dataset(None)
        doc = self._ask_json(bind(limited(query, limit), bindings or {}), default, named)
        names = list(doc.get("head", {}).get("vars", []))
        found = bindings_of(doc)
        truncated = bool(doc.get("styrgraf-capped")) or (limit is not None and len(found) > limit)
        rows = [{k: _term(v) for k, v in b.items()} for b in found[:limit]]
        return Rows(names, rows, truncated)

    def select_values(self, query: str) -> list[dict[str, str]]:
        """Run a SELECT and return each row's lexical values (no RDF terms built)."""
        default, named = self._dataset(None)
        doc = self._ask_json(query, default, named)
        found = bindings_of(doc)
        if doc.get("styrgraf-capped"):  # every row was asked for: read the rest in pages
            found = self._the_rest(query, found, default, named)
        return [
            {k: str(_ox_term(v)) if v["type"] == "triple" else _canonical(
                v["type"], v["value"], v.get("datatype")) for k, v in b.items()}
            for b in found
        ]  # fmt: skip

    def _the_rest(
        self, query: str, first: list[Any], default: Sequence[str], named: Sequence[str]
    ) -> list[Any]:
        """Read the rows after ``first``, which the server cut at its own row limit, one
        page of that size at a time (OFFSET and LIMIT). The query has no ORDER BY: the
        pages rely on the server giving the same order each time, as Virtuoso does for
        the same query on unchanged data. A query whose modifiers already cut it cannot
        be paged: the rows it got are returned, and the cut is logged."""
        size, rows = len(first), list(first)
        while size:
            text = paged(query, len(rows), size)
            if text is None:
                LOG.warning("%s cut a result at %d rows: raise its own row limit", self.name,
                            size)  # fmt: skip
                break
            page = bindings_of(self._ask_json(text, default, named))
            rows.extend(page)
            if len(page) < size:
                break
        return rows

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE; the server answers in N-Triples."""
        default, named = self._dataset(None)
        response = self.upstream.query(
            bind(query, bindings or {}), NTRIPLES.media_type, default, named
        )
        graph = Graph()
        graph.parse(data=self._triples(response), format=NTRIPLES.rdflib)
        return graph

    def _triples(self, response: httpx.Response) -> bytes:
        try:  # checked here: a server that answers another syntax is its fault, not ours
            triples = list(ox.parse(response.content, format=NTRIPLES.oxigraph))
        except SyntaxError as exc:
            kind = response.headers.get("content-type", "no type")
            raise BadGateway(
                f"the store at {self.name} answered a graph query with {kind}, not N-Triples",
                hint="check that --endpoint is its SPARQL endpoint",
            ) from exc
        return ox.serialize(triples, format=NTRIPLES.oxigraph) or b""

    def raw(
        self,
        query: str,
        fmt: str,
        limit: int | None = None,
        dataset: Dataset | None = None,
        own_from: bool = False,
    ) -> Raw:
        """Run a read query; SELECT and ASK are re-serialised so the row limit holds."""
        default, named = self._dataset(dataset, own_from)
        query = self._prefixed(query, dataset)
        graph_format = by_name(fmt, CONSTRUCT_RESULTS)
        if graph_format is not None:
            response = self.upstream.query(query, NTRIPLES.media_type, default, named)
            parsed = ox.parse(self._triples(response), format=NTRIPLES.oxigraph)
            triples, cut = capped(parsed, limit)
            body = ox.serialize(triples, format=graph_format.oxigraph) or b""
            return Raw(body, graph_format.media_type, cut, "CONSTRUCT")
        doc = self._ask_json(limited(query, limit), default, named)
        media = formats.named(fmt).media_type
        if "boolean" in doc or form_of(query) == "ASK":
            return Raw(serialise_boolean(boolean_of(doc), fmt), media, False, "ASK")
        names = list(doc.get("head", {}).get("vars", []))
        bindings = bindings_of(doc)
        truncated = bool(doc.get("styrgraf-capped")) or (
            limit is not None and len(bindings) > limit
        )
        rows = [[_parts(b[n]) if n in b else None for n in names] for b in bindings[:limit]]
        return Raw(serialise_parts(names, rows, truncated, fmt), media, truncated)

    async def select_async(
        self, query: str, bindings: Mapping[str, Node] | None = None, limit: int | None = None
    ) -> Rows:
        """:meth:`select` in a thread (the HTTP client blocks)."""
        return await run_in_threadpool(self.select, query, bindings, limit)

    async def raw_async(
        self, query: str, fmt: str, limit: int | None = None, dataset: Dataset | None = None
    ) -> Raw:
        """:meth:`raw` in a thread."""
        return await run_in_threadpool(self.raw, query, fmt, limit, dataset)

    def public(self, query: str, formats: Formats, limit: int | None, dataset: Dataset) -> Raw:
        """Run a client's query once the policy has read it (:mod:`api.query_policy`)."""
        from ..query_policy import check_query

        checked = check_query(query, dataset.base)
        if checked.from_graphs:
            check_from(checked.from_graphs, self.graphs())
        own = bool(checked.from_graphs) and not (dataset.default or dataset.named)
        raw = self.raw(query, formats.for_form(checked.form), limit, dataset, own)
        raw.volatile = checked.volatile
        return raw

    async def public_async(
        self, query: str, formats: Formats, limit: int | None, dataset: Dataset
    ) -> Raw:
        """:meth:`public` in a thread."""
        return await run_in_threadpool(self.public, query, formats, limit, dataset)

    def count(self) -> int:
        """Return the number of triples in the named graphs and the default graph."""
        default, named = self._dataset(None)
        doc = self._ask_json(
            "SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } }",
            default,
            named,
        )
        rows = bindings_of(doc)
        return int(rows[0]["n"]["value"]) if rows else 0

    # --- writing ---------------------------------------------------------------------------------
    def rebuild(self, graphs: list[str] | None = None) -> None:
        """Make the merged graph the merge of the registered graphs again (one update)."""
        self.upstream.update(self._merge_of(self.graphs() if graphs is None else graphs))
        self.version += 1

    def register(self, graphs: list[str], stamp: str) -> None:
        """Record ``graphs`` as loaded at ``stamp`` (an xsd:dateTime) in the registry."""
        self.upstream.update(registry_update(graphs, [], stamp).rstrip(" ;\n"))
        self.forget()

    def load(self, path: Path, graph: str | None = None) -> int:
        """Replace the named graph of ``path`` (its graphs, for a quad file) and rebuild the
        merged graph; return the number of triples (:mod:`.remote_load`)."""
        from .remote_load import load_files

        return load_files(self, [path], Display(quiet=True), graph=graph).triples

    def update(self, update: str) -> None:
        """Run a SPARQL Update, follow it in the registry, then rebuild the merged graph.

        The graphs the update creates or writes are registered and those it drops are not
        any more, read from the parsed update (:func:`api.query_policy.graph_changes`), in
        the same request as the update. A ``GRAPH ?g`` template's graphs are known only
        once it has run: the graphs holding triples are listed before and after it, and
        those it made are registered in a second request.
        """
        from ..query_policy import graph_changes

        changes = graph_changes(update)
        present = self._graphs_with_triples() if changes.unknown else set()
        before = self.graphs()
        kept = [] if changes.all_dropped else [g for g in before if g not in changes.dropped]
        names = sorted(set(kept) | changes.written)
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        registry = registry_update(sorted(changes.written), sorted(set(before) - set(names)), stamp)
        self.upstream.update(f"{update} ;\n{registry}{self._merge_of(names)}")
        if changes.unknown:
            made = sorted(self._graphs_with_triples() - present - set(names))
            if made:
                names = sorted({*names, *made})
                self.upstream.update(registry_update(made, [], stamp) + self._merge_of(names))
        self.version += 1
        self.forget()

    @staticmethod
    def _merge_of(names: Sequence[str]) -> str:
        """The update that makes the merged graph the merge of ``names`` again."""
        adds = "".join(f" ;\nADD SILENT GRAPH <{g}> TO GRAPH <{MERGED}>" for g in names)
        return f"DROP SILENT GRAPH <{MERGED}>{adds}"

    def _graphs_with_triples(self) -> set[str]:
        """Every graph of the server that holds a triple, the project's own left out (the
        server's dataset, not the registry's: a server may add graphs of its own).

        A scan of the graph index: ``GRAPH ?g {}`` would list the graphs without it on
        Oxigraph, but Virtuoso 7.2 answers it with none. Only an update with a ``GRAPH ?g``
        template pays for it (twice)."""
        doc = self._ask_json("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", [], [])
        rows = bindings_of(doc)
        found = {row["g"]["value"] for row in rows if "g" in row}
        return {g for g in found if not g.startswith(RESERVED)}

    def dump(self, fmt: str, output: BinaryIO) -> int:
        """Write the registered graphs, and the merged graph as the default graph.

        One Graph Store Protocol GET per graph, so not one snapshot: a load between two
        GETs shows in the later graphs. Returns the number of quads.
        """
        written = 0
        for name in [MERGED, *self.graphs()]:
            graph_name = ox.DefaultGraph() if name == MERGED else ox.NamedNode(name)
            response = self.upstream.get(name, NTRIPLES.media_type)
            if response is None:  # dropped since it was listed
                continue
            quads = [
                ox.Quad(t.subject, t.predicate, t.object, graph_name)
                for t in ox.parse(response.content, format=NTRIPLES.oxigraph)
            ]
            ox.serialize(quads, output, format=formats.named(fmt).oxigraph)
            written += len(quads)
        return written

    def close(self) -> None:
        """Close the connections."""
        self.upstream.close()
