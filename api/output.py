"""Write graphs to files atomically and deterministically."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from loaders.vocab import DEFAULT_BASE, STYR

from .formats import JSONLD, NTRIPLES, RDFXML, TRIG, TURTLE, named

#: What ``ingest`` and ``build`` write, by the names ``--format`` takes
#: (:mod:`api.formats` knows each one's extension).
WRITTEN = ("turtle", "nt", "jsonld", "trig")
#: The W3C vocabularies rdflib binds by itself, for writers that do not.
STANDARD_PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
PREFIXES = {
    "styr": "https://w3id.org/styrgraf/ontology#",
    "kod": "https://w3id.org/styrgraf/kod/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "qb": "http://purl.org/linked-data/cube#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "cv": "http://data.europa.eu/m8g/",
    "dpv": "https://w3id.org/dpv#",
    "obeu-dimension": "http://data.openbudgets.eu/ontology/dsd/dimension/",
    "obeu-measure": "http://data.openbudgets.eu/ontology/dsd/measure/",
    "obeu-attribute": "http://data.openbudgets.eu/ontology/dsd/attribute/",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
}


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    graph.bind("id", base, override=True)


def serialize(
    graph: Graph, fmt: str, base: str = DEFAULT_BASE, graph_iri: str | None = None
) -> bytes:
    """Serialise ``graph`` in ``fmt`` (one of :data:`WRITTEN`); N-Triples output is sorted
    so it is byte-stable.

    Raises:
        KeyError: ``fmt`` names no format.
    """
    written = named(fmt)
    if written is NTRIPLES:
        lines = sorted(set(graph.serialize(format=NTRIPLES.rdflib).splitlines()))
        return ("\n".join(line for line in lines if line.strip()) + "\n").encode("utf-8")
    if written in (TRIG, TURTLE):
        name = (graph_iri or base + "graf/default") if written is TRIG else None
        return turtle_family(graph, name)
    out = Graph()
    out += graph
    bind_prefixes(out, base)
    return out.serialize(format=JSONLD.rdflib, indent=2, sort_keys=True).encode("utf-8")


def turtle_family(graph: Graph, graph_iri: str | None = None) -> bytes:
    """Return ``graph`` as Turtle, or as TriG in the named graph ``graph_iri``, with the
    triples in a fixed order, so that a build is byte-stable.

    Oxigraph's writer, given the triples sorted, groups each subject's triples as rdflib's
    does, at a tenth of the time: the corpus's two million triples took two minutes. The
    instance IRIs are written whole: as prefixed names their slashes would be escaped.
    """
    import pyoxigraph as ox

    from .shacl.store import to_ox

    prefixes = {**STANDARD_PREFIXES, **PREFIXES}
    if graph_iri is None:
        triples = (
            ox.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
            for s, p, o in sorted_triples(graph)
        )
        return ox.serialize(triples, format=TURTLE.oxigraph, prefixes=prefixes) or b""
    name = ox.NamedNode(graph_iri)
    quads = (
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)  # type: ignore[arg-type]
        for s, p, o in sorted_triples(graph)
    )
    return ox.serialize(quads, format=TRIG.oxigraph, prefixes=prefixes) or b""


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


LOAD_REPORT = "load-report.json"
#: Every graph styrgraf extracts states its extraction run's ``styr:extractorVersion``
#: (:func:`loaders.pipeline.ingest`); the local name is in the file in every syntax.
EXTRACTION_MARK = str(STYR.extractorVersion).rpartition("#")[2].encode("ascii")


def written_by_build(path: Path) -> bool:
    """Tell whether ``path``, in the folder ``styrgraf build`` writes, is build's to replace.

    Build replaces its folder whole (:mod:`api.atomic_folder`): the new folder holds the
    graphs of the current sources and the load report, plus every entry of the old folder
    that is not build's. Build's are:

    * ``load-report.json``;
    * ``validation-report.*``: ``styrgraf validate`` wrote it about the previous data, and
      the server would give it out as the report of the new data;
    * every RDF file build can write (``.ttl``, ``.nt``, ``.jsonld``, ``.trig``) that holds
      a graph styrgraf extracted (:data:`EXTRACTION_MARK`), so the graph of a source that
      is gone disappears with it (an ``ingest`` output put there is treated alike).

    Everything else stays: ``.gitkeep``, notes, subfolders, RDF of one's own (an ontology
    extension, hand-written triples). The mark stands in for a manifest: a manifest file
    in the folder would change the file set of the committed ``data/``.
    """
    if path.name == LOAD_REPORT or path.name.startswith("validation-report."):
        return True
    if path.suffix not in written_extensions() or path.is_symlink() or not path.is_file():
        return False
    return EXTRACTION_MARK in path.read_bytes()


def written_extensions() -> set[str]:
    """Return the file extensions of the formats ``build`` writes."""
    return {named(name).extension for name in WRITTEN}


def canonical(graph: Graph) -> Graph:
    """Return ``graph`` with its blank nodes named by their content, so that equal graphs
    are written as equal bytes.

    Colour refinement (Weisfeiler–Leman) on the blank nodes: a node's first colour is what
    its triples say with every blank node as ``_``, and each round adds its neighbours'
    colours, until the number of colours stops growing. Nodes that still share a colour
    cannot be told apart by their surroundings (two results of one rule on one node): one
    of them is singled out and the colours refined again, until every colour is one node's;
    which one is singled out does not change the triples written. rdflib's
    ``to_canonical_graph`` searches the orders of such nodes instead: a report of 200
    findings at 100,000 triples kept it busy for minutes.
    """
    blanks = {t for triple in graph for t in (triple[0], triple[2]) if isinstance(t, BNode)}
    if not blanks:
        return graph
    out: dict[BNode, list[tuple[URIRef, Node]]] = {b: [] for b in blanks}
    into: dict[BNode, list[tuple[Node, URIRef]]] = {b: [] for b in blanks}
    for s, p, o in graph:
        if isinstance(s, BNode):
            out[s].append((p, o))  # type: ignore[arg-type]
        if isinstance(o, BNode):
            into[o].append((s, p))  # type: ignore[arg-type]

    def shown(term: Node, colour: dict[BNode, str]) -> str:
        return colour[term] if isinstance(term, BNode) else term.n3()

    def recolour(colour: dict[BNode, str]) -> dict[BNode, str]:
        return {
            b: _digest(
                colour[b],
                *sorted(f"{p.n3()} {shown(o, colour)}" for p, o in out[b]),
                "<-",
                *sorted(f"{shown(s, colour)} {p.n3()}" for s, p in into[b]),
            )
            for b in blanks
        }

    def refined(colour: dict[BNode, str]) -> dict[BNode, str]:
        while True:
            finer = recolour(colour)
            if len(set(finer.values())) <= len(set(colour.values())):
                return colour
            colour = finer

    colour = refined(recolour(dict.fromkeys(blanks, "_")))
    while True:  # single out one of the smallest tied colour, refine, until none is tied
        groups: dict[str, list[BNode]] = {}
        for b in blanks:
            groups.setdefault(colour[b], []).append(b)
        tied = sorted(c for c, members in groups.items() if len(members) > 1)
        if not tied:
            break
        chosen = groups[tied[0]][0]
        colour = refined({**colour, chosen: _digest(colour[chosen], "*")})
    names = {b: BNode(f"c{colour[b][:24]}") for b in blanks}

    def renamed(term: Any) -> Any:
        return names[term] if isinstance(term, BNode) else term

    result = Graph(namespace_manager=graph.namespace_manager)
    for s, p, o in graph:
        result.add((renamed(s), p, renamed(o)))
    return result


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def sorted_triples(graph: Graph) -> list[tuple[Node, Node, Node]]:
    """Return the triples of ``graph`` in a fixed order (by their N-Triples terms)."""
    return sorted(graph, key=lambda t: tuple(term.n3() for term in t))


def stable_jsonld(text: str) -> str:
    """Return JSON-LD with its arrays and keys in a fixed order.

    rdflib writes subjects in set order, which changes from one process to the next.
    The site has no ``@list`` values, where order would carry meaning.
    """

    def order(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: order(v) for k, v in sorted(node.items())}
        if isinstance(node, list):
            items = [order(v) for v in node]
            return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        return node

    return json.dumps(order(json.loads(text)), ensure_ascii=False, indent=2) + "\n"


def rdfxml(graph: Graph, prefixes: dict[str, str]) -> bytes:
    """Return ``graph`` as RDF/XML with the triples in a fixed order (Oxigraph's writer keeps
    the order it is given; rdflib's does not)."""
    import pyoxigraph as ox

    from .shacl.store import to_ox

    triples = (
        ox.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
        for s, p, o in sorted_triples(graph)
    )
    return ox.serialize(triples, format=RDFXML.oxigraph, prefixes=prefixes) or b""
