"""Loading data files into an external SPARQL store, and checking what it kept.

Each file is read whole before the store is touched, so a file that does not parse leaves
the store as it was. Each of its graphs then goes in one Graph Store Protocol ``PUT``,
which the server applies atomically: a reader sees the graph's old triples or its new
ones. When every file is in, one update records the graphs in the registry and one
rebuilds the merged graph (:mod:`.remote`).

Servers change data as they store it: Virtuoso 7 keeps an ``xsd:duration`` as a number of
seconds, and writes ``xsd:boolean`` as ``1``. So after the load, each graph's typed
literals are counted by datatype in the file and in the store, and their distinct values
compared; what differs is reported, graph by graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from loaders.progress import Progress

from ..formats import NTRIPLES, READ_FORMATS, of_file
from ..rdf_input import check_store_file
from .base import LoadError, graph_iri
from .files import READ_ERRORS, open_rdf, read_quads
from .remote import RemoteStore, bindings_of, typed_literal

XSD = "http://www.w3.org/2001/XMLSchema#"
#: Literals that are text, compared by the count of literals only (not by datatype).
TEXT = {XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
#: Most distinct values of one graph compared (beyond, the counts only).
VALUES_CHECKED = 100_000
_PROFILE = (
    "SELECT ?dt (COUNT(?o) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} "
    'FILTER (isLiteral(?o) && LANG(?o) = "") BIND (DATATYPE(?o) AS ?dt) }} GROUP BY ?dt'
)
_VALUES = (
    "SELECT DISTINCT ?o WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} "
    "FILTER (isLiteral(?o) && DATATYPE(?o) IN ({types})) }} LIMIT {limit}"
)


@dataclass
class LoadResult:
    """What a load did: triples read, graphs replaced, and what the store changed."""

    triples: int = 0
    graphs: list[str] = field(default_factory=list)
    #: One line per difference between a file and what the store kept.
    mismatches: list[str] = field(default_factory=list)


def read_file(path: Path, graph: str | None = None) -> ox.Store:
    """Return a scratch store holding the graphs ``path`` loads (one, or a quad file's).

    Raises:
        LoadError: the file is refused or does not parse (nothing was sent).
    """
    check_store_file(path)  # no DTD or entities, no context by reference: api.rdf_input
    target = graph or graph_iri(path)
    fmt = of_file(path, READ_FORMATS, loose=True)
    if fmt is not None and fmt.quads:
        return read_quads(path, target)
    scratch = ox.Store()
    try:
        if fmt is not None and fmt.rdf is not None:
            with open_rdf(path) as stream:
                scratch.load(stream, format=fmt.rdf, to_graph=ox.NamedNode(target))
        else:  # a name Oxigraph does not know (N3, or loose) is read as rdflib guesses
            parsed = Graph()
            with open_rdf(path) as stream:
                parsed.parse(stream, format=fmt.rdflib if fmt else None)
            data = parsed.serialize(format=NTRIPLES.rdflib, encoding="utf-8")
            scratch.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(target))
    except (*READ_ERRORS, Exception) as exc:  # rdflib raises many parser types
        raise LoadError(f"the file does not load: {exc}", path=path,
                        hint="fix the file; the store was not changed") from exc  # fmt: skip
    return scratch


def load_files(
    store: RemoteStore, files: list[Path], progress: Progress, graph: str | None = None
) -> LoadResult:
    """Load ``files`` into ``store``, one PUT per graph; rebuild the merged graph; check.

    Raises:
        LoadError: a file does not parse; the files before it are loaded, it and those
            after it not (each graph is replaced whole or not at all).
        BadGateway, StoreUnavailable, GatewayTimeout: the store refused or failed.
    """
    result = LoadResult()
    profiles: dict[str, dict[str, int]] = {}
    values: dict[str, dict[tuple[str, object], str]] = {}
    progress.phase("load", len(files), "files")
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        for done, path in enumerate(files, start=1):
            scratch = read_file(path, graph)
            names = sorted(g.value for g in scratch.named_graphs() if isinstance(g, ox.NamedNode))
            for name in names:
                body = scratch.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
                store.upstream.put(name, body or b"", NTRIPLES.media_type)
                profiles[name] = _profile(_rows(scratch, _PROFILE.format(g=name)))
                values[name] = _values(scratch, name, profiles[name])
            result.triples += len(scratch)
            result.graphs += names
            progress.step(done, f"loaded {path} into {', '.join(f'<{n}>' for n in names)} "
                                f"({len(scratch)} triples)")  # fmt: skip
    finally:  # what went in is registered and merged, even when a later file failed
        if result.graphs:
            progress.phase("merge")
            store.register(result.graphs, stamp)
            store.rebuild()
    progress.phase("check", len(result.graphs), "graphs")
    for done, name in enumerate(result.graphs, start=1):
        result.mismatches += _compare(store, name, profiles[name], values[name])
        progress.step(done)
    return result


def _rows(scratch: ox.Store, query: str) -> list[dict[str, str]]:
    result = scratch.query(query)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in result]


def _profile(rows: list[dict[str, str]]) -> dict[str, int]:
    return {r["dt"]: int(r["n"]) for r in rows if "dt" in r and r["dt"] not in TEXT}


def _value(lexical: str, datatype: str) -> tuple[str, object]:
    """Return the literal's value as Python compares it (``"4.30"`` is ``"4.3"``); an
    ill-typed literal (a duration kept as seconds) compares by its text."""
    literal = typed_literal(lexical, datatype)
    value = literal.toPython()
    return (datatype, value if value is not literal else lexical)


def _typed_values(rows: list[dict[str, str]]) -> dict[tuple[str, object], str]:
    """Return each typed literal's value with its text."""
    return {_value(r["o"], r["dt"]): r["o"] for r in rows if "o" in r and "dt" in r}


def _values_query(name: str, profile: dict[str, int]) -> str:
    types = ", ".join(f"<{dt}>" for dt in sorted(profile))
    query = _VALUES.format(g=name, types=types, limit=VALUES_CHECKED)
    return query.replace("SELECT DISTINCT ?o", "SELECT DISTINCT ?o (DATATYPE(?o) AS ?dt)")


def _values(scratch: ox.Store, name: str, profile: dict[str, int]) -> dict[tuple[str, object], str]:
    if not profile:
        return {}
    return _typed_values(_rows(scratch, _values_query(name, profile)))


def _store_rows(store: RemoteStore, query: str) -> list[dict[str, str]]:
    response = store.upstream.query(query, "application/sparql-results+json")
    bindings = bindings_of(response.json())
    return [{k: v["value"] for k, v in b.items()} for b in bindings]


def _short(datatype: str) -> str:
    return "xsd:" + datatype.removeprefix(XSD) if datatype.startswith(XSD) else f"<{datatype}>"


def _compare(
    store: RemoteStore,
    name: str,
    profile: dict[str, int],
    values: dict[tuple[str, object], str],
) -> list[str]:
    """Return what the store holds differently from the file in the graph ``name``."""
    held = _profile(_store_rows(store, _PROFILE.format(g=name)))
    lines = []
    for datatype in sorted(set(profile) | set(held)):
        want, got = profile.get(datatype, 0), held.get(datatype, 0)
        if want != got:
            lines.append(f"<{name}>: {want} literals of type {_short(datatype)} in the file, "
                         f"{got} in the store")  # fmt: skip
    if profile:
        kept = _typed_values(_store_rows(store, _values_query(name, profile)))
        for datatype in sorted({dt for dt, _ in values}):
            lost = sorted(text for (dt, v), text in values.items() if dt == datatype
                          and (dt, v) not in kept)  # fmt: skip
            new = sorted(text for (dt, v), text in kept.items() if dt == datatype
                         and (dt, v) not in values)  # fmt: skip
            if lost:
                lines.append(
                    f"<{name}>: {len(lost)} {_short(datatype)} values are not in the store as "
                    f'the file states them, e.g. "{lost[0]}"'
                    + (f' (the store holds "{new[0]}")' if new else "")
                )
    return lines
