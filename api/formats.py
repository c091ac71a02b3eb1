"""Every format styrgraf reads or writes, in one table.

A :class:`Format` carries the short name (``format=``, the CLI), its media type, its file
extensions, the name Oxigraph (``RdfFormat`` or ``QueryResultsFormat``) and rdflib know it
by, whether it holds named graphs, and how DCAT and VoID name it. Modules look formats up
here (:func:`by_name`, :func:`by_media`, :func:`by_extension`) instead of keeping tables of
their own, and name the formats they offer by the groups below.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    """One format: its names, media type, file extensions, and parser names."""

    #: The short name (``format=turtle``, ``--format``).
    name: str
    media_type: str
    #: File extensions with the dot; the first is the one written.
    extensions: tuple[str, ...] = ()
    #: Other short names that mean this format (``ttl``, ``nt``, ``json-ld`` …).
    aliases: tuple[str, ...] = ()
    #: Other media types clients send for it (``application/x-turtle`` …).
    media_aliases: tuple[str, ...] = ()
    #: Extensions that may hold other JSON or XML: validation reads them as this format,
    #: a server's data folder skips them.
    loose_extensions: tuple[str, ...] = ()
    rdf: ox.RdfFormat | None = None
    results: ox.QueryResultsFormat | None = None
    #: rdflib's parser and serializer name ("" when rdflib has none).
    rdflib: str = ""
    #: The format holds named graphs (quads), not only triples.
    quads: bool = False
    #: The EU file-type authority's code and English label (DCAT ``dct:format``).
    eu_file_type: str | None = None
    eu_label: str | None = None
    #: The local name under http://www.w3.org/ns/formats/ (VoID ``void:feature``).
    w3c: str | None = None
    #: The name people know it by (the query editor's choices).
    label: str = ""

    @property
    def extension(self) -> str:
        """Return the extension written for this format, with the dot."""
        return self.extensions[0]

    @property
    def oxigraph(self) -> ox.RdfFormat:
        """Return Oxigraph's ``RdfFormat`` for this format.

        Raises:
            ValueError: this is not an RDF format.
        """
        if self.rdf is None:
            raise ValueError(f"{self.name} is not an RDF format")
        return self.rdf

    @property
    def names(self) -> tuple[str, ...]:
        """Return the short name and its aliases."""
        return (self.name, *self.aliases)


TURTLE = Format(
    "turtle", "text/turtle", (".ttl",), ("ttl",), ("application/x-turtle",),
    rdf=ox.RdfFormat.TURTLE, rdflib="turtle",
    eu_file_type="RDF_TURTLE", eu_label="RDF Turtle", w3c="Turtle", label="Turtle",
)  # fmt: skip
NTRIPLES = Format(
    "ntriples", "application/n-triples", (".nt",), ("nt",), ("text/plain",),
    rdf=ox.RdfFormat.N_TRIPLES, rdflib="nt",
    eu_file_type="RDF_N_TRIPLES", eu_label="RDF N-Triples", w3c="N-Triples", label="N-Triples",
)  # fmt: skip
NQUADS = Format(
    "nquads", "application/n-quads", (".nq",), ("nq",),
    rdf=ox.RdfFormat.N_QUADS, rdflib="nquads", quads=True,
    eu_file_type="RDF_N_QUADS", eu_label="RDF N-Quads", w3c="N-Quads", label="N-Quads",
)  # fmt: skip
TRIG = Format(
    "trig", "application/trig", (".trig",),
    rdf=ox.RdfFormat.TRIG, rdflib="trig", quads=True,
    eu_file_type="RDF_TRIG", eu_label="RDF TriG", w3c="TriG", label="TriG",
)  # fmt: skip
JSONLD = Format(
    "jsonld", "application/ld+json", (".jsonld",), ("json-ld",), loose_extensions=(".json",),
    rdf=ox.RdfFormat.JSON_LD, rdflib="json-ld",
    eu_file_type="JSON_LD", eu_label="JSON-LD", w3c="JSON-LD", label="JSON-LD",
)  # fmt: skip
RDFXML = Format(
    "rdfxml", "application/rdf+xml", (".rdf", ".owl"), ("rdf",), loose_extensions=(".xml",),
    rdf=ox.RdfFormat.RDF_XML, rdflib="xml",
    eu_file_type="RDF_XML", eu_label="RDF/XML", w3c="RDF_XML", label="RDF/XML",
)  # fmt: skip
N3 = Format("n3", "text/n3", (".n3",), rdf=ox.RdfFormat.N3, rdflib="n3", w3c="N3", label="N3")

RESULTS_JSON = Format(
    "json", "application/sparql-results+json", (".srj",), media_aliases=("application/json",),
    results=ox.QueryResultsFormat.JSON, w3c="SPARQL_Results_JSON", label="SPARQL JSON",
)  # fmt: skip
RESULTS_XML = Format(
    "xml", "application/sparql-results+xml", (".srx",),
    media_aliases=("application/xml", "text/xml"),
    results=ox.QueryResultsFormat.XML, w3c="SPARQL_Results_XML", label="SPARQL XML",
)  # fmt: skip
RESULTS_CSV = Format(
    "csv", "text/csv", (".csv",),
    results=ox.QueryResultsFormat.CSV, w3c="SPARQL_Results_CSV", label="CSV",
)  # fmt: skip
RESULTS_TSV = Format(
    "tsv", "text/tab-separated-values", (".tsv",),
    results=ox.QueryResultsFormat.TSV, w3c="SPARQL_Results_TSV", label="TSV",
)  # fmt: skip

#: A page for people: not RDF, but one of the formats every entity is published in.
HTML = Format(
    "html", "text/html", (".html",), media_aliases=("application/xhtml+xml",), label="HTML"
)

#: The other files of a published site, for the web servers' type tables
#: (:mod:`api.webserver`), and what /api/diff answers in. They are not data formats:
#: :data:`ALL` leaves them out, so only a look-up among a group (:data:`DIFF_FORMATS`)
#: finds them.
GZIP = Format("gzip", "application/gzip", (".gz",), label="gzip")
JSON = Format("json", "application/json", (".json",), label="JSON")
PLAIN_TEXT = Format("text", "text/plain", (".txt",), label="text")
CSS = Format("css", "text/css", (".css",), label="CSS")
JAVASCRIPT = Format("javascript", "text/javascript", (".js",), label="JavaScript")
SVG = Format("svg", "image/svg+xml", (".svg",), label="SVG")
#: The tables and the calendar a static site's pages link (:data:`api.render.DOWNLOADS`).
CSV = Format("csv-table", "text/csv", (".csv",), label="CSV")
ICALENDAR = Format("icalendar", "text/calendar", (".ics",), label="iCalendar")

#: Every format, RDF first.
ALL: tuple[Format, ...] = (
    TURTLE, NTRIPLES, NQUADS, TRIG, JSONLD, RDFXML, N3,
    RESULTS_JSON, RESULTS_XML, RESULTS_CSV, RESULTS_TSV, HTML,
)  # fmt: skip
#: What SELECT and ASK answer in, in the server's order of preference.
SELECT_RESULTS = (RESULTS_JSON, RESULTS_XML, RESULTS_CSV, RESULTS_TSV)
#: What CONSTRUCT and DESCRIBE answer in, in the server's order of preference.
GRAPH_RESULTS = (TURTLE, NTRIPLES, JSONLD, RDFXML)
#: What ``/sparql`` answers CONSTRUCT and DESCRIBE in: the graph results, then N3 and TriG
#: (a graph in TriG is its default graph), for clients that ask for those by name.
CONSTRUCT_RESULTS = (*GRAPH_RESULTS, N3, TRIG)
#: Files holding named graphs: dumps and restores.
QUAD_FORMATS = (NQUADS, TRIG)
#: What the stores load (Oxigraph's parsers), by :attr:`Format.extensions`.
STORE_FORMATS = (TURTLE, NTRIPLES, NQUADS, TRIG, RDFXML, JSONLD)
#: What validation reads (rdflib's parsers), by extensions and loose extensions.
READ_FORMATS = (*STORE_FORMATS, N3)
#: What a page of the site is written in (:mod:`api.site_pages`), in the order a static
#: site's web server picks it by the Accept header (:mod:`api.webserver`): HTML first.
PAGE_FORMATS = (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML)
#: What ``/api/diff`` answers in, by ``format=`` name; JSON first (the answer to ``*/*``).
DIFF_FORMATS = (JSON, HTML, PLAIN_TEXT)
#: Every kind of file a published site holds but the gzipped dumps, as the web servers
#: type them.
SITE_FILES = (*PAGE_FORMATS, TRIG, JSON, CSV, ICALENDAR, PLAIN_TEXT, CSS, JAVASCRIPT, SVG)


def named(name: str) -> Format:
    """Return the format whose short name is ``name`` (as the stores pass formats on).

    Raises:
        KeyError: no format has that name.
    """
    found = by_name(name)
    if found is None:
        raise KeyError(name)
    return found


def by_name(name: str, among: Iterable[Format] = ALL) -> Format | None:
    """Return the format ``name`` (a short name or alias, any case) names, if any."""
    wanted = name.lower()
    return next((f for f in among if wanted in f.names), None)


def by_media(media: str, among: Iterable[Format] = ALL) -> Format | None:
    """Return the format of media type ``media`` (or one of its aliases), if any.

    Parameters (``; charset=utf-8``) are ignored.
    """
    wanted = media.split(";")[0].strip().lower()
    return next((f for f in among if wanted == f.media_type or wanted in f.media_aliases), None)


def by_extension(
    extension: str, among: Iterable[Format] = ALL, loose: bool = False
) -> Format | None:
    """Return the format that file extension ``extension`` (``.ttl``) names, if any.

    ``loose`` counts :attr:`Format.loose_extensions` too (``.json``, ``.xml``).
    """
    wanted = extension.lower()
    for fmt in among:
        if wanted in fmt.extensions or (loose and wanted in fmt.loose_extensions):
            return fmt
    return None


def rdf_suffix(path: Path) -> str:
    """Return the suffix that names the file's format: ``.ttl`` for ``x.ttl.gz`` too."""
    return Path(path.name.lower().removesuffix(".gz")).suffix


def of_file(
    path: Path, among: Iterable[Format] = STORE_FORMATS, loose: bool = False
) -> Format | None:
    """Return the format a file's name (gzipped or not) says it holds, if any."""
    return by_extension(rdf_suffix(path), among, loose)


def extensions(among: Iterable[Format], loose: bool = False) -> list[str]:
    """Return the extensions of ``among``, sorted (for hints and folder listings)."""
    found = {e for f in among for e in (*f.extensions, *(f.loose_extensions if loose else ()))}
    return sorted(found)
