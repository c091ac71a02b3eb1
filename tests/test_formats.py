"""The format registry (:mod:`api.formats`) and content negotiation (:mod:`api.conneg`).

Expected values are the media types and extensions of the specifications (IANA's media
type registrations, RFC 9110's examples), written down here by hand.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from api import formats
from api.conneg import accepts_coding, choose, names, negotiate, parse_accept, quality
from api.formats import (
    ALL,
    GRAPH_RESULTS,
    JSONLD,
    NQUADS,
    NTRIPLES,
    QUAD_FORMATS,
    RDFXML,
    RESULTS_JSON,
    SELECT_RESULTS,
    STORE_FORMATS,
    TRIG,
    TURTLE,
    by_extension,
    by_media,
    by_name,
    of_file,
)

# --- the registry ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "media", "extension", "rdflib", "quads"),
    [
        ("turtle", "text/turtle", ".ttl", "turtle", False),
        ("ntriples", "application/n-triples", ".nt", "nt", False),
        ("nquads", "application/n-quads", ".nq", "nquads", True),
        ("trig", "application/trig", ".trig", "trig", True),
        ("jsonld", "application/ld+json", ".jsonld", "json-ld", False),
        ("rdfxml", "application/rdf+xml", ".rdf", "xml", False),
        ("n3", "text/n3", ".n3", "n3", False),
    ],
)
def test_rdf_formats(name: str, media: str, extension: str, rdflib: str, quads: bool) -> None:
    fmt = formats.named(name)
    assert (fmt.media_type, fmt.extension, fmt.rdflib, fmt.quads) == (
        media,
        extension,
        rdflib,
        quads,
    )
    assert by_media(media) is fmt
    assert by_extension(extension) is fmt
    assert isinstance(fmt.oxigraph, ox.RdfFormat)
    assert fmt.oxigraph.media_type == media  # Oxigraph agrees on the media type


@pytest.mark.parametrize(
    ("name", "media", "oxigraph"),
    [
        ("json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("csv", "text/csv", ox.QueryResultsFormat.CSV),
        ("tsv", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ],
)
def test_result_formats(name: str, media: str, oxigraph: ox.QueryResultsFormat) -> None:
    fmt = formats.named(name)
    assert fmt in SELECT_RESULTS
    assert (fmt.media_type, fmt.results) == (media, oxigraph)
    with pytest.raises(ValueError, match="not an RDF format"):
        fmt.oxigraph  # noqa: B018


def test_names_media_types_and_extensions_are_unique() -> None:
    for attribute in ("names", "extensions"):
        seen = [v for f in ALL for v in getattr(f, attribute)]
        assert len(seen) == len(set(seen)), attribute
    media = [m for f in ALL for m in (f.media_type, *f.media_aliases)]
    assert len(media) == len(set(media))


def test_aliases() -> None:
    assert by_name("TTL") is TURTLE
    assert by_name("nt") is NTRIPLES
    assert by_name("json-ld") is JSONLD
    assert by_name("rdf") is RDFXML
    assert by_media("application/x-turtle; charset=utf-8") is TURTLE
    assert by_media("application/json") is RESULTS_JSON
    assert by_name("nope") is None
    with pytest.raises(KeyError):
        formats.named("nope")


def test_groups() -> None:
    assert all(f.quads for f in QUAD_FORMATS)
    assert not any(f.quads for f in GRAPH_RESULTS)
    assert {f.extension for f in QUAD_FORMATS} == {".nq", ".trig"}
    assert by_name("turtle", SELECT_RESULTS) is None  # a group narrows the lookup


def test_files() -> None:
    assert of_file(Path("backup.nq.GZ")) is NQUADS
    assert of_file(Path("x.trig")) is TRIG
    assert of_file(Path("vocab.owl")) is RDFXML
    assert of_file(Path("x.json")) is None  # loose: other JSON, unless asked
    assert of_file(Path("x.json"), loose=True) is JSONLD
    assert of_file(Path("notes.txt")) is None
    assert {e for f in STORE_FORMATS for e in f.extensions} == {
        ".ttl", ".nt", ".nq", ".trig", ".rdf", ".owl", ".jsonld",
    }  # fmt: skip


# --- negotiation (RFC 9110, section 12.5.1) ------------------------------------------------
OFFERED = ["text/turtle", "application/ld+json", "application/n-triples"]


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, "text/turtle"),  # no header: anything, the server's first
        ("", "text/turtle"),
        ("*/*", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("APPLICATION/LD+JSON", "application/ld+json"),
        ("text/turtle;q=0.5, application/n-triples", "application/n-triples"),
        ("application/*", "application/ld+json"),  # a tie keeps the server's order
        ("application/n-triples, application/ld+json", "application/ld+json"),
        ("text/turtle;q=0, */*", "application/ld+json"),  # q=0 refuses, */* takes the rest
        ("*/*;q=0.1, application/n-triples;q=0.5", "application/n-triples"),
        ("text/*;q=0.9, text/turtle;q=0.2, */*;q=0.3", "application/ld+json"),  # specificity
        ("text/turtle;charset=utf-8;q=0.2, text/turtle;q=0.9", "text/turtle"),
        ("text/turtle;q=bad, application/ld+json;q=0.1", "application/ld+json"),
        ("text/html", None),
        ("*/*;q=0", None),
        ("text/turtle;q=0, application/*;q=0", None),
    ],
)
def test_negotiate(accept: str | None, chosen: str | None) -> None:
    assert negotiate(accept, OFFERED) == chosen


def test_parameters_are_more_specific() -> None:
    ranges = parse_accept("text/turtle;q=0.9, text/turtle;charset=utf-8;q=0.1")
    assert quality(ranges, "text/turtle") == 0.1
    assert [r.specificity for r in parse_accept("*/*, text/*, text/turtle")] == [0, 1, 2]


def test_choose_formats() -> None:
    assert choose("application/x-turtle", GRAPH_RESULTS) is None
    assert choose("application/x-turtle", GRAPH_RESULTS, aliases=True) is TURTLE
    assert choose("text/plain", GRAPH_RESULTS, aliases=True) is NTRIPLES
    assert choose(None, QUAD_FORMATS) is NQUADS


def test_names() -> None:
    assert names("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", "text/html")
    assert not names("*/*", "text/html")
    assert not names("text/html;q=0", "text/html")
    assert not names(None, "text/html")


@pytest.mark.parametrize(
    ("header", "gzip"),
    [
        (None, False),
        ("", False),
        ("gzip", True),
        ("deflate, gzip;q=0.5", True),
        ("*", True),
        ("gzip;q=0, *", False),  # its own entry wins over *
        ("identity", False),
        ("GZIP", True),
    ],
)
def test_accepts_coding(header: str | None, gzip: bool) -> None:
    assert accepts_coding(header, "gzip") is gzip
