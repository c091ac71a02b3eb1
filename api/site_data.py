"""The data files of a published site: the dumps with their checksums, the VoID and
DCAT-AP-SE record (:mod:`api.dataset_description`) with the statistics it states
(:mod:`api.dataset_statistics`), and the validation report of the published data (what the
site's ``/findings`` shows)."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from .dataset_description import Distribution, Statistics, describe
from .formats import JSONLD, NTRIPLES, RDFXML, TRIG, TURTLE
from .output import canonical, rdfxml, sorted_triples, stable_jsonld
from .publication import Publication
from .render import DOWNLOADS
from .shacl.store import to_ox
from .site_pages import write_record_pages
from .site_writer import Writer, extension
from .store import Store

DUMP_NAME = "styrgraf"

ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
ALL_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def _gzip(data: bytes) -> bytes:
    """Compress with no file name or time in the header, so equal input gives equal bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def write_dumps(store: Store, folder: Path, writer: Writer) -> list[Distribution]:
    """Write the whole dataset in four formats, gzipped, with SHA-256 sums."""
    from .routes.negotiation import jsonld_context, new_graph

    unordered = store.construct(ALL_TRIPLES)
    merged = new_graph()
    for triple in sorted_triples(unordered):
        merged.add(triple)
    lines = sorted(set(merged.serialize(format=NTRIPLES.rdflib).splitlines()) - {""})
    ntriples = ("\n".join(lines) + "\n").encode("utf-8")
    turtle = merged.serialize(format=TURTLE.rdflib).encode("utf-8")
    jsonld = stable_jsonld(
        merged.serialize(format=JSONLD.rdflib, context=jsonld_context(), auto_compact=True)
    ).encode("utf-8")
    prefixes = {p: str(n) for p, n in merged.namespaces() if p}
    rows = store.select(ALL_QUADS).rows
    quads = sorted(
        (
            ox.Quad(to_ox(r["s"]), to_ox(r["p"]), to_ox(r["o"]), to_ox(r["g"]))  # type: ignore[arg-type]
            for r in rows
        ),
        key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)),
    )
    # Oxigraph's writer keeps the given order (rdflib's TriG writer does not)
    trig = ox.serialize(quads, format=TRIG.oxigraph, prefixes=prefixes) or b""
    made: list[Distribution] = []
    dumps = (
        (TURTLE, turtle, "Hela datamängden som Turtle", "The whole dataset as Turtle"),
        (NTRIPLES, ntriples, "Hela datamängden som N-Triples", "The whole dataset as N-Triples"),
        (JSONLD, jsonld, "Hela datamängden som JSON-LD", "The whole dataset as JSON-LD"),
        (TRIG, trig, "Hela datamängden som TriG, en namngiven graf per källfil",
         "The whole dataset as TriG, one named graph per source file"),
    )  # fmt: skip
    sums: list[str] = []
    for fmt, body, title_sv, title_en in dumps:
        name = f"{DUMP_NAME}.{extension(fmt)}.gz"
        packed = _gzip(body)
        writer.write(f"data/{name}", packed)
        digest = hashlib.sha256(packed).hexdigest()
        sums.append(f"{digest}  {name}")
        made.append(
            Distribution(name, fmt.media_type, True, len(packed), digest, title_sv, title_en)
        )
    writer.write("data/SHA256SUMS", ("\n".join(sums) + "\n").encode())
    return made


def write_validation(store: Store, data: Sequence[Path], when: datetime, writer: Writer) -> None:
    """Validate the published graph with the shapes ``styrgraf validate`` uses, and write
    the report where ``/findings`` finds it (``data/validation-report.ttl``, as a report
    beside the data). Blank nodes are named by content and the triples written in order,
    and the report is dated at the build time, so equal data gives equal bytes."""
    from .report import report_graph
    from .routes.overview import shapes_graph
    from .validate import fingerprint, run

    graph = store.construct(ALL_TRIPLES)
    shapes = shapes_graph()
    report = run(graph, shapes, engine="fast")
    what = ", ".join(file.name for file in data)
    written = report_graph(report, shapes, what, fingerprint(data), when)
    described = canonical(written)
    used = {
        str(term.datatype if isinstance(term, Literal) else term)
        for triple in described
        for term in triple
        if isinstance(term, URIRef) or (isinstance(term, Literal) and term.datatype)
    }
    prefixes = {
        p: str(n)
        for p, n in sorted(written.namespaces())
        if p and any(iri.startswith(str(n)) for iri in used)
    }
    triples = (
        ox.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]
        for s, p, o in sorted_triples(described)
    )
    turtle = ox.serialize(triples, format=TURTLE.oxigraph, prefixes=prefixes) or b""
    writer.write(DOWNLOADS["validation"].removeprefix("/"), turtle)


# --- the description -----------------------------------------------------------------------------
def write_description(
    publication: Publication, stats: Statistics, dumps: Sequence[Distribution], writer: Writer
) -> None:
    """Write VoID and DCAT-AP-SE (one graph) in three syntaxes, and ``/.well-known/void``."""
    described = describe(publication, stats, dumps)
    graph = Graph()
    for prefix, namespace in described.namespaces():
        graph.bind(prefix, namespace)
    for triple in sorted_triples(described):
        graph.add(triple)
    turtle = graph.serialize(format=TURTLE.rdflib).encode("utf-8")
    writer.write(f"data/void{TURTLE.extension}", turtle)
    writer.write(f"data/catalog{TURTLE.extension}", turtle)
    prefixes = {p: str(n) for p, n in graph.namespaces() if p}
    writer.write(f"data/catalog{RDFXML.extension}", rdfxml(graph, prefixes))
    jsonld = stable_jsonld(graph.serialize(format=JSONLD.rdflib, auto_compact=True))
    writer.write(f"data/catalog{JSONLD.extension}", jsonld.encode("utf-8"))
    writer.write(".well-known/void", turtle)
    write_record_pages(graph, publication, writer)
