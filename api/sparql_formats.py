"""Which format ``/sparql`` answers in: the Accept header, and the hints clients add.

The Accept header is the protocol's signal and comes first. Clients also name a format in
the query string: Virtuoso reads ``format=``, Fuseki ``output=``, Rasqal ``results=``, and
SPARQLWrapper sends all three with the same value (``format=xml`` for a CONSTRUCT it wants
as RDF/XML, ``format=json`` for JSON-LD, and for TSV, RDF/XML and JSON-LD a media type as a
second value). A hint decides when the Accept header does not name one of the query
form's own media types: no header, only wildcards, a browser's, or types of the other
form. A hint that fits the other query form (``format=turtle`` on a SELECT) is passed
over, as the client sends the same hints for every form; one that names no format at all
is a mistake and gets 400.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from .conneg import choose, parse_accept
from .errors import BadRequest, NotAcceptable
from .formats import (
    CONSTRUCT_RESULTS,
    JSONLD,
    N3,
    NTRIPLES,
    RDFXML,
    RESULTS_JSON,
    RESULTS_XML,
    SELECT_RESULTS,
    TURTLE,
    Format,
    by_media,
    by_name,
)

#: The query-string parameters that name a result format, as the clients send them.
HINTS = ("format", "output", "results")

#: Names and media types that mean a graph format on CONSTRUCT and DESCRIBE: JSON is
#: JSON-LD and XML is RDF/XML there (SPARQLWrapper's ``XML``, ``RDF`` and ``JSON``).
GRAPH_SYNONYMS: dict[str, Format] = {
    "json": JSONLD,
    "application/json": JSONLD,
    "application/x-json+ld": JSONLD,
    "xml": RDFXML,
    "rdf+xml": RDFXML,
    "application/xml": RDFXML,
    "text/xml": RDFXML,
    "application/turtle": TURTLE,
    "n-triples": NTRIPLES,
    "text/rdf+n3": N3,
    "application/n3": N3,
}
#: Names that mean a result format on SELECT and ASK.
RESULT_SYNONYMS: dict[str, Format] = {
    "srj": RESULTS_JSON,
    "sparql-results+json": RESULTS_JSON,
    "srx": RESULTS_XML,
    "sparql-results+xml": RESULTS_XML,
}


def _with_synonyms(table: Sequence[Format], synonyms: dict[str, Format]) -> tuple[Format, ...]:
    """Return ``table`` with the synonyms that are media types added as media aliases."""
    return tuple(
        replace(f, media_aliases=(*f.media_aliases, *(m for m, to in synonyms.items()
                                                     if to is f and "/" in m)))
        for f in table
    )  # fmt: skip


#: What SELECT and ASK are offered in, and CONSTRUCT and DESCRIBE: the tables of
#: :mod:`api.formats` with the media types other servers answer for them (an
#: ``application/json`` CONSTRUCT gets JSON-LD). The short names stay, so the stores
#: write each format under its own media type.
RESULT_OFFERS = _with_synonyms(SELECT_RESULTS, RESULT_SYNONYMS)
GRAPH_OFFERS = _with_synonyms(CONSTRUCT_RESULTS, GRAPH_SYNONYMS)


def is_results_form(form: str) -> bool:
    """Tell whether ``form`` answers with a result set (SELECT, ASK), not a graph."""
    return form in {"SELECT", "ASK"}


def _lookup(value: str, results: bool) -> Format | None:
    """Return the format ``value`` (a name, alias or media type) names for the form."""
    offers, synonyms = (
        (RESULT_OFFERS, RESULT_SYNONYMS) if results else (GRAPH_OFFERS, GRAPH_SYNONYMS)
    )
    found = by_name(value, offers) or by_media(value, offers) or synonyms.get(value)
    return None if found is None else by_name(found.name, offers)


def hinted(values: Iterable[str], form: str) -> Format | None:
    """Return the first format the hints name that fits ``form``, if any.

    Raises:
        BadRequest: a hint names no format of either form.
    """
    results = is_results_form(form)
    for raw in values:
        value = raw.strip().lower()
        if not value:
            continue  # SPARQLWrapper sends an empty second value beside */*
        found = _lookup(value, results)
        if found is not None:
            return found
        if _lookup(value, not results) is None:
            names = ", ".join(f.name for f in (*SELECT_RESULTS, *CONSTRUCT_RESULTS))
            raise BadRequest(f"format={raw!r} names no result format", hint=f"use one of {names}")
    return None


def _names_own_type(accept: str | None, offers: Sequence[Format]) -> bool:
    """Tell whether the Accept header names one of ``offers``' own media types (q > 0)."""
    own = {f.media_type for f in offers}
    return bool(accept) and any(r.media in own and r.q > 0 for r in parse_accept(accept))


def result_format(accept: str | None, hints: Sequence[str], form: str) -> str:
    """Return the short name of the format to answer a ``form`` query in.

    Raises:
        NotAcceptable: nothing the client accepts fits the query form, and no hint does.
        BadRequest: a hint names no result format at all.
    """
    offers = RESULT_OFFERS if is_results_form(form) else GRAPH_OFFERS
    hint = hinted(hints, form)
    if hint is not None and not _names_own_type(accept, offers):
        return hint.name
    chosen = choose(accept, offers, aliases=True) or hint
    if chosen is None:
        table = SELECT_RESULTS if is_results_form(form) else CONSTRUCT_RESULTS
        raise NotAcceptable(
            f"none of the accepted types fits a {form} query",
            hint=f"accept one of {', '.join(f.media_type for f in table)}, or add format=",
        )
    return chosen.name
