"""The remote backend: any SPARQL 1.1 endpoint (Fuseki, GraphDB, Virtuoso, QLever, Oxigraph).

Queries go through SPARQLWrapper. Parameters are bound with a trailing ``VALUES`` block
built from each term's N-Triples form, never by editing the query. Loads use the SPARQL
1.1 Graph Store Protocol (``PUT`` replaces a named graph in one request, which the server
applies atomically); then a SPARQL Update rebuilds the default graph as the merge of the
named graphs, as the embedded store keeps it, so queries see each fact once.
"""

from __future__ import annotations

import ast
import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    QueryBadFormed,
    SPARQLWrapperException,
)
from starlette.concurrency import run_in_threadpool

from .. import formats
from ..errors import ApiError, QueryTimeout, StoreUnavailable
from ..formats import CONSTRUCT_RESULTS, NTRIPLES, READ_FORMATS, by_name, of_file
from ..rdf_input import check_store_file
from ..sparql_text import code_only, where_start
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
from .files import open_rdf, read_quads
from .results import (
    XSD_STRING,
    Parts,
    capped,
    serialise_boolean,
    serialise_parts,
)

REBUILD_DEFAULT = "DROP SILENT DEFAULT ;\nINSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def values_block(bindings: Mapping[str, Node]) -> str:
    """Return ``VALUES (?a ?b) { (term term) }`` for ``bindings`` (terms as N-Triples)."""
    if not bindings:
        return ""
    names = sorted(bindings)
    for term in bindings.values():
        if isinstance(term, BNode):
            raise ValueError("a blank node cannot be sent to a remote endpoint as a parameter")
    row = " ".join(bindings[n].n3() for n in names)
    return f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }} "


def bind(query: str, bindings: Mapping[str, Node]) -> str:
    """Return ``query`` with ``bindings`` as a VALUES block opening its WHERE group.

    At the start of the group the values are joined before the group's FILTERs run, as
    in-process substitution binds them. A variable the query assigns itself (``AS ?x``)
    and a query without a group get a trailing block, which joins on the result.
    """
    if not bindings:
        return query
    code = code_only(query)
    assigned = {n for n in bindings if re.search(rf"\bAS\s+[?$]{re.escape(n)}\b", code, re.I)}
    start = where_start(query)
    leading = {n: t for n, t in bindings.items() if n not in assigned and start is not None}
    trailing = {n: t for n, t in bindings.items() if n not in leading}
    if leading and start is not None:
        query = query[:start] + values_block(leading) + query[start:]
    if trailing:
        query = query + "\n" + values_block(trailing)
    return query


def _term(binding: dict[str, str]) -> Node:
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in binding:
        return Literal(value, lang=binding["xml:lang"])
    if "datatype" in binding:
        return Literal(value, datatype=URIRef(binding["datatype"]))
    return Literal(value)


def _parts(binding: dict[str, str]) -> Parts:
    kind, value = binding["type"], binding["value"]
    if kind in {"uri", "bnode"}:
        return (kind, value, None, None)
    datatype = binding.get("datatype")
    return ("literal", value, binding.get("xml:lang"), None if datatype == XSD_STRING else datatype)


def _response_text(exc: SPARQLWrapperException) -> str:
    """Return the body the endpoint answered with (SPARQLWrapper keeps it in the message)."""
    body = exc.args[0].partition("\n\nResponse:\n")[2] if exc.args else ""
    try:
        raw = ast.literal_eval(body) if body.startswith(("b'", 'b"')) else body
    except (ValueError, SyntaxError):
        raw = body
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


class RemoteStore:
    """A SPARQL 1.1 endpoint, and optionally its Graph Store Protocol URL for loads."""

    def __init__(
        self,
        endpoint: str,
        graph_store: str | None = None,
        timeout: float = 10.0,
        update_endpoint: str | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.graph_store = graph_store
        self.timeout = timeout
        self.update_endpoint = update_endpoint
        self.version = 0

    def _wrapper(self, query: str, dataset: Dataset | None = None) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(self.endpoint, agent="styrgraf")
        if dataset is not None and dataset.base:  # a later BASE in the query still wins
            query = f"BASE <{dataset.base}>\n{query}"
        for graph in dataset.default if dataset else ():
            wrapper.addDefaultGraph(graph)
        for graph in dataset.named if dataset else ():
            wrapper.addNamedGraph(graph)
        wrapper.setQuery(query)
        wrapper.setMethod(POST)
        wrapper.setTimeout(max(1, round(self.timeout)))
        return wrapper

    def _run(self, wrapper: SPARQLWrapper) -> Any:
        try:
            return wrapper.query()
        except QueryBadFormed as exc:
            raise bad_request_from(exc) from exc
        except TimeoutError as exc:
            raise QueryTimeout(
                f"the endpoint did not answer within {self.timeout:g} s",
                hint="narrow the query or add LIMIT",
            ) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (socket.timeout, TimeoutError)):
                raise QueryTimeout(
                    f"the endpoint did not answer within {self.timeout:g} s"
                ) from exc
            raise StoreUnavailable(f"the endpoint {self.endpoint} is unreachable: {exc.reason}",
                                   hint="check that it runs") from exc  # fmt: skip
        except EndPointInternalError as exc:  # the endpoint's 500: often the query's fault
            raise from_engine(_response_text(exc)) from exc
        except SPARQLWrapperException as exc:
            raise ApiError(f"the endpoint failed: {exc}") from exc

    def _json(self, query: str, dataset: Dataset | None = None) -> dict[str, Any]:
        wrapper = self._wrapper(query, dataset)
        wrapper.setReturnFormat(JSON)
        response = self._run(wrapper)
        try:
            return json.loads(response.response.read())  # type: ignore[no-any-return]
        except TimeoutError as exc:
            raise QueryTimeout(f"the endpoint did not answer within {self.timeout:g} s") from exc

    def select(
        self, query: str, bindings: Mapping[str, Node] | None = None, limit: int | None = None
    ) -> Rows:
        """Run a SELECT with ``bindings`` as a trailing VALUES block."""
        doc = self._json(bind(query, bindings or {}))
        names = list(doc.get("head", {}).get("vars", []))
        rows: list[dict[str, Node]] = []
        truncated = False
        for binding in doc.get("results", {}).get("bindings", []):
            if limit is not None and len(rows) >= limit:
                truncated = True
                break
            rows.append({k: _term(v) for k, v in binding.items()})
        return Rows(names, rows, truncated)

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE; the endpoint answers in N-Triples."""
        wrapper = self._wrapper(bind(query, bindings or {}))
        wrapper.addCustomHttpHeader("Accept", NTRIPLES.media_type)
        body = self._run(wrapper).response.read()
        graph = Graph()
        graph.parse(data=body, format=NTRIPLES.rdflib)
        return graph

    def raw(
        self, query: str, fmt: str, limit: int | None = None, dataset: Dataset | None = None
    ) -> Raw:
        """Run a read query; SELECT and ASK are re-serialised so the row limit holds."""
        if dataset is not None and (dataset.default or dataset.named):
            dataset = dataset.within(self.graphs())
        graph_format = by_name(fmt, CONSTRUCT_RESULTS)
        if graph_format is not None:
            wrapper = self._wrapper(query, dataset)
            wrapper.addCustomHttpHeader("Accept", NTRIPLES.media_type)
            answer = self._run(wrapper).response
            triples, cut = capped(ox.parse(answer, format=NTRIPLES.oxigraph), limit)
            body = ox.serialize(triples, format=graph_format.oxigraph) or b""
            return Raw(body, graph_format.media_type, cut, "CONSTRUCT")
        doc = self._json(query, dataset)
        if "boolean" in doc:
            return Raw(
                serialise_boolean(bool(doc["boolean"]), fmt),
                formats.named(fmt).media_type,
                False,
                "ASK",
            )
        names = list(doc.get("head", {}).get("vars", []))
        bindings = doc.get("results", {}).get("bindings", [])
        truncated = limit is not None and len(bindings) > limit
        rows = [[_parts(b[n]) if n in b else None for n in names] for b in bindings[:limit]]
        return Raw(
            serialise_parts(names, rows, truncated, fmt), formats.named(fmt).media_type, truncated
        )

    async def select_async(
        self, query: str, bindings: Mapping[str, Node] | None = None, limit: int | None = None
    ) -> Rows:
        """:meth:`select` in a thread (SPARQLWrapper blocks)."""
        return await run_in_threadpool(self.select, query, bindings, limit)

    async def raw_async(
        self, query: str, fmt: str, limit: int | None = None, dataset: Dataset | None = None
    ) -> Raw:
        """:meth:`raw` in a thread (SPARQLWrapper blocks)."""
        return await run_in_threadpool(self.raw, query, fmt, limit, dataset)

    def public(self, query: str, formats: Formats, limit: int | None, dataset: Dataset) -> Raw:
        """Run a client's query once the policy has read it (:mod:`api.query_policy`)."""
        from ..query_policy import check_query

        checked = check_query(query, dataset.base)
        if checked.from_graphs:
            check_from(checked.from_graphs, self.graphs())
        return self.raw(query, formats.for_form(checked.form), limit, dataset)

    async def public_async(
        self, query: str, formats: Formats, limit: int | None, dataset: Dataset
    ) -> Raw:
        """:meth:`public` in a thread."""
        return await run_in_threadpool(self.public, query, formats, limit, dataset)

    def load(self, path: Path, graph: str | None = None) -> int:
        """PUT ``path`` as the named graph (Graph Store Protocol); return its triples.

        A quad file (N-Quads, TriG) restores as in the embedded store (:mod:`.files`): one
        PUT per graph, each atomic on the server, though not all of them together.
        """
        if not self.graph_store:
            raise StoreUnavailable(
                "no Graph Store Protocol URL is set for loads",
                hint="set --graph-store (for oxigraph serve: <base>/store)",
            )
        check_store_file(path)  # no DTD or entities, no context by reference: api.rdf_input
        target = graph or graph_iri(path)
        fmt = of_file(path, READ_FORMATS, loose=True)
        if fmt is not None and fmt.quads:
            scratch = read_quads(path, target)
            names = [g.value for g in scratch.named_graphs() if isinstance(g, ox.NamedNode)]
            for name in sorted(names):
                body = scratch.dump(format=NTRIPLES.oxigraph, from_graph=ox.NamedNode(name))
                self._put(path, name, body or b"")
            count = len(scratch)
        else:
            parsed = Graph()
            try:  # a name rdflib does not know is read as rdflib guesses (Turtle)
                with open_rdf(path) as stream:
                    parsed.parse(stream, format=fmt.rdflib if fmt else None)
            except Exception as exc:  # rdflib raises many parser types
                raise LoadError(
                    f"the file does not load: {exc}",
                    path=path,
                    hint="fix the file; the store was not changed",
                ) from exc
            self._put(path, target, parsed.serialize(format=NTRIPLES.rdflib, encoding="utf-8"))
            count = len(parsed)
        if self.update_endpoint:
            self._update(REBUILD_DEFAULT)
        self.version += 1
        return count

    def _put(self, path: Path, target: str, body: bytes) -> None:
        url = f"{self.graph_store}?graph={urllib.parse.quote(target, safe='')}"
        request = urllib.request.Request(
            url, data=body, method="PUT", headers={"Content-Type": NTRIPLES.media_type}
        )
        try:
            with urllib.request.urlopen(request, timeout=max(self.timeout, 60)) as response:
                response.read()
        except urllib.error.URLError as exc:
            raise StoreUnavailable(f"the graph store refused the load: {exc}", file=path) from exc

    def dump(self, fmt: str, output: BinaryIO) -> int:
        """Write every graph, default graph included, read by Graph Store Protocol GETs.

        One GET per graph, so not one snapshot: a load between two GETs shows in the later
        graphs. Returns the number of quads.
        """
        if not self.graph_store:
            raise StoreUnavailable(
                "no Graph Store Protocol URL is set for dumps",
                hint="set --graph-store (for oxigraph serve: <base>/store)",
            )
        written = 0
        for name in [None, *self.graphs()]:
            where = "default" if name is None else "graph=" + urllib.parse.quote(name, safe="")
            graph_name = ox.DefaultGraph() if name is None else ox.NamedNode(name)
            request = urllib.request.Request(
                f"{self.graph_store}?{where}", headers={"Accept": NTRIPLES.media_type}
            )
            try:
                with urllib.request.urlopen(request, timeout=max(self.timeout, 60)) as response:
                    quads = [
                        ox.Quad(t.subject, t.predicate, t.object, graph_name)
                        for t in ox.parse(response, format=NTRIPLES.oxigraph)
                    ]
            except urllib.error.HTTPError as exc:
                if exc.code == 404:  # dropped since it was listed
                    continue
                raise StoreUnavailable(f"the graph store refused the dump: {exc}") from exc
            except urllib.error.URLError as exc:
                raise StoreUnavailable(f"the graph store refused the dump: {exc}") from exc
            ox.serialize(quads, output, format=formats.named(fmt).oxigraph)
            written += len(quads)
        return written

    def update(self, update: str) -> None:
        """Run a SPARQL Update on the endpoint, then rebuild its default graph."""
        if not self.update_endpoint:
            raise StoreUnavailable("no update endpoint is set", hint="set --update-endpoint")
        self._update(f"{update} ;\n{REBUILD_DEFAULT}")
        self.version += 1

    def _update(self, update: str) -> None:
        data = urllib.parse.urlencode({"update": update}).encode()
        request = urllib.request.Request(self.update_endpoint or "", data=data, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=max(self.timeout, 60)) as response:
                response.read()
        except urllib.error.URLError as exc:
            raise StoreUnavailable(f"the endpoint refused the update: {exc}") from exc

    def graphs(self) -> list[str]:
        """Return the endpoint's named graphs."""
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }").rows
        return sorted(str(r["g"]) for r in rows if "g" in r)

    def count(self) -> int:
        """Return the number of triples in the named graphs."""
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        return int(rows[0]["n"]) if rows else 0  # type: ignore[call-overload]

    def close(self) -> None:
        """Nothing to release."""
