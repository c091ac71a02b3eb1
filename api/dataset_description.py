"""Describe a published dataset for machines: VoID and a DCAT-AP-SE catalogue record.

Harvesters (Sveriges dataportal, data.europa.eu) and linked-data clients find a dataset
through its description, not its dumps, so :func:`describe` writes one graph that both
read:

* a ``dcat:Catalog`` (``<base>data/catalog``) holding one ``dcat:Dataset``
  (``<base>data/dataset``) with its ``dcat:Distribution`` s, following DCAT-AP 3.0.1
  (https://semiceu.github.io/DCAT-AP/releases/3.0.1/) as the Swedish profile DCAT-AP-SE
  asks: titles and descriptions in Swedish and English, the publisher as a ``foaf:Agent``
  with an ADMS publisher type, a ``vcard:Organization`` contact point with a function
  mailbox, EU data themes, licence, access rights, language, temporal coverage, and per
  distribution its URLs, media type, file type, size and SHA-256 checksum;
* when the publication names a SPARQL endpoint, a ``dcat:DataService``
  (``<base>data/service``) in the catalogue, serving the dataset, with the endpoint's URL
  and its service description (the endpoint itself, asked without a query);
* the same dataset node as a ``void:Dataset`` with its size, class and property partitions,
  dumps, URI space and vocabularies (https://www.w3.org/TR/void/);
* the build's provenance: the dataset ``prov:wasDerivedFrom`` each source text (the
  ``styr:SourceText`` IRI the loaders minted for it, ``<base>id/kalla/<first 16 hex of its
  SHA-256>``) with its SHA-256 as an ``spdx:Checksum``, and ``prov:wasGeneratedBy`` a build
  activity (``<base>data/build``) ``prov:wasAssociatedWith`` the styrgraf software agent,
  whose ``owl:versionInfo`` is the styrgraf version. So a reader can tell from the record
  alone which texts, read by which version, a dump holds.

The controlled-vocabulary IRIs used (EU authority tables, ADMS, IANA media types, SPDX)
are typed and labelled in the record itself (``skos:Concept`` with ``skos:inScheme`` and
``skos:prefLabel``, ``dcterms:MediaType``, ``dcterms:LicenseDocument`` …), as the DCAT-AP
range and vocabulary shapes check these on the record rather than by fetching the tables.

Everything comes from the inputs: no clock, no blank nodes (each node has an IRI under
``<base>data/``), so the same inputs give the same triples and sorted N-Triples are
byte-identical. What the publisher configures is a :class:`~api.publication.Publication`
(:mod:`api.publication`); the vocabulary terms are added by :mod:`api.dcat_terms`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

from loaders.vocab import ONTOLOGY_IRI

from .dcat_terms import (
    DESCRIBED,
    FORMATS,
    IANA,
    SPDX,
    VCARD,
    add_checksum,
    add_concept,
    add_language,
    add_licence,
    add_media_type,
    add_scheme,
    add_theme,
    described,
)
from .publication import DATA_THEME, EU, PUBLISHER_TYPE, Publication

#: What the endpoint conforms to (``dcterms:conformsTo`` of its ``dcat:DataService``).
SPARQL_PROTOCOL = "http://www.w3.org/TR/sparql11-protocol/"


# --- what the build measured --------------------------------------------------------------------
@dataclass(frozen=True)
class Distribution:
    """One data file of the dataset, as written (size and checksum of the bytes served)."""

    #: The file name, relative to ``<base>data/``, e.g. ``styrgraf.ttl.gz``.
    file_name: str
    #: The media type of the content (before compression), e.g. ``text/turtle``.
    media_type: str
    #: Whether the file is gzip-compressed.
    compressed: bool
    byte_size: int
    sha256: str
    title_sv: str
    title_en: str


@dataclass(frozen=True)
class Statistics:
    """What the published graph holds, counted at build time."""

    triples: int
    entities: int
    #: Class IRI → number of distinct instances.
    classes: dict[str, int]
    #: Property IRI → number of triples.
    properties: dict[str, int]
    #: Namespace IRIs of the vocabularies used.
    vocabularies: tuple[str, ...]
    temporal_start: date | None
    temporal_end: date | None
    issued: date
    modified: date
    #: (file name, SHA-256) of each source document.
    sources: tuple[tuple[str, str], ...]
    styrgraf_version: str


_HEX64 = re.compile(r"[0-9a-f]{64}")


# --- the description ------------------------------------------------------------------------------
def describe(pub: Publication, stats: Statistics, dists: Sequence[Distribution]) -> Graph:
    """Return the VoID and DCAT-AP-SE description of the dataset as one graph.

    IRIs: the catalogue ``<base>data/catalog``, the dataset ``<base>data/dataset``, each
    distribution ``<base>data/distribution/<file name without .gz, dots as hyphens>`` (from
    ``<base>data/<file name>``), checksums ``<base>data/checksum/…``.

    Raises:
        ValueError: a distribution has an unknown media type, a checksum that is not 64
            lower-case hex digits, a negative size, or the same IRI as another; a count is
            negative; or the temporal coverage ends before it starts.
    """
    _check(stats, dists)
    g = Graph(bind_namespaces="core")
    for prefix, ns in (("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF), ("void", VOID),
                       ("prov", PROV), ("skos", SKOS), ("vcard", VCARD._NS), ("spdx", SPDX._NS),
                       ("formats", FORMATS)):  # fmt: skip
        g.bind(prefix, ns)
    data = pub.base + "data/"
    catalog, dataset = URIRef(data + "catalog"), URIRef(data + "dataset")
    publisher = URIRef(pub.publisher_iri)

    _catalog(g, pub, stats, catalog, dataset, publisher)
    _dataset(g, pub, stats, dataset, publisher)
    for dist in dists:
        _distribution(g, pub, stats, dataset, dist)
    if pub.sparql_endpoint:
        _data_service(g, pub, catalog, dataset, publisher)
    _void(g, pub, stats, dataset)
    _provenance(g, pub, stats, dataset)
    return g


def _check(stats: Statistics, dists: Sequence[Distribution]) -> None:
    counts = (stats.triples, stats.entities, *stats.classes.values(), *stats.properties.values())
    if any(n < 0 for n in counts):
        raise ValueError("counts cannot be negative")
    if stats.temporal_start and stats.temporal_end and stats.temporal_end < stats.temporal_start:
        raise ValueError(f"temporal coverage ends ({stats.temporal_end}) before it starts")
    for name, sha in stats.sources:
        if not _HEX64.fullmatch(sha):
            raise ValueError(f"source {name}: SHA-256 must be 64 lower-case hex digits")
    seen: set[str] = set()
    for dist in dists:
        if described(dist.media_type) is None:
            raise ValueError(
                f"{dist.file_name}: unknown media type {dist.media_type!r} "
                f"(known: {', '.join(f.media_type for f in DESCRIBED)})"
            )
        if not _HEX64.fullmatch(dist.sha256):
            raise ValueError(f"{dist.file_name}: SHA-256 must be 64 lower-case hex digits")
        if dist.byte_size < 0:
            raise ValueError(f"{dist.file_name}: byte size cannot be negative")
        stem = _stem(dist)
        if stem in seen:
            raise ValueError(f"{dist.file_name}: a second distribution named {stem}")
        seen.add(stem)


def _stem(dist: Distribution) -> str:
    """Return the distribution's name in IRIs: its file name without ``.gz``, dots as
    hyphens (``styrgraf-ttl``), so the IRI does not end in what a web server takes for a
    format extension."""
    name = dist.file_name.removesuffix(".gz") if dist.compressed else dist.file_name
    return name.replace(".", "-")


def _texts(g: Graph, node: URIRef, predicate: URIRef, sv: str, en: str) -> None:
    g.add((node, predicate, Literal(sv, lang="sv")))
    g.add((node, predicate, Literal(en, lang="en")))


def _catalog(
    g: Graph, pub: Publication, stats: Statistics, catalog: URIRef, dataset: URIRef,
    publisher: URIRef,
) -> None:  # fmt: skip
    g.add((catalog, RDF.type, DCAT.Catalog))
    _texts(g, catalog, DCTERMS.title, f"Datakatalog: {pub.title_sv}",
           f"Data catalogue: {pub.title_en}")  # fmt: skip
    _texts(
        g, catalog, DCTERMS.description,
        f"Katalog över datamängden ”{pub.title_sv}” och dess distributioner, "
        f"publicerad av {pub.publisher_name}.",
        f"Catalogue of the dataset “{pub.title_en}” and its distributions, "
        f"published by {pub.publisher_name}.",
    )  # fmt: skip
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, DCAT.dataset, dataset))
    for code in ("SWE", "ENG"):  # the languages of the record's texts
        g.add((catalog, DCTERMS.language, add_language(g, code)))
    homepage = URIRef(pub.landing_page or pub.base)
    g.add((catalog, FOAF.homepage, homepage))
    g.add((homepage, RDF.type, FOAF.Document))
    g.add((catalog, DCTERMS.license, add_licence(g, pub.license)))
    g.add((catalog, DCTERMS.issued, Literal(stats.issued)))
    g.add((catalog, DCTERMS.modified, Literal(stats.modified)))
    g.add((catalog, DCAT.themeTaxonomy, add_scheme(g, DATA_THEME, "Data theme")))


def _dataset(
    g: Graph, pub: Publication, stats: Statistics, dataset: URIRef, publisher: URIRef
) -> None:
    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    _texts(g, dataset, DCTERMS.title, pub.title_sv, pub.title_en)
    _texts(g, dataset, DCTERMS.description, pub.description_sv, pub.description_en)
    g.add((dataset, DCTERMS.publisher, publisher))
    _publisher(g, pub, publisher)
    contact = URIRef(pub.base + "data/contact")
    g.add((dataset, DCAT.contactPoint, contact))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, VCARD.fn, Literal(pub.contact_name)))
    g.add((contact, VCARD.hasEmail, URIRef(pub.contact_email)))
    for theme in pub.themes:
        g.add((dataset, DCAT.theme, add_theme(g, theme)))
    for lang, keywords in (("sv", pub.keywords_sv), ("en", pub.keywords_en)):
        for keyword in keywords:
            g.add((dataset, DCAT.keyword, Literal(keyword, lang=lang)))
    g.add((dataset, DCTERMS.language, add_language(g, "SWE")))
    public = URIRef(EU + "access-right/PUBLIC")
    add_concept(g, public, EU + "access-right", "Access right", {"en": "public"})
    g.add((public, RDF.type, DCTERMS.RightsStatement))
    g.add((dataset, DCTERMS.accessRights, public))
    g.add((dataset, DCTERMS.issued, Literal(stats.issued)))
    g.add((dataset, DCTERMS.modified, Literal(stats.modified)))
    if stats.temporal_start or stats.temporal_end:
        period = URIRef(pub.base + "data/period")
        g.add((dataset, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if stats.temporal_start:
            g.add((period, DCAT.startDate, Literal(stats.temporal_start)))
        if stats.temporal_end:
            g.add((period, DCAT.endDate, Literal(stats.temporal_end)))
    if pub.landing_page:
        g.add((dataset, DCAT.landingPage, URIRef(pub.landing_page)))
        g.add((URIRef(pub.landing_page), RDF.type, FOAF.Document))
    ontology = URIRef(ONTOLOGY_IRI)
    g.add((dataset, DCTERMS.conformsTo, ontology))
    g.add((ontology, RDF.type, DCTERMS.Standard))


def _publisher(g: Graph, pub: Publication, publisher: URIRef) -> None:
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, RDF.type, FOAF.Organization))
    g.add((publisher, FOAF.name, Literal(pub.publisher_name)))
    kind = URIRef(pub.publisher_type)
    code = pub.publisher_type.removeprefix(PUBLISHER_TYPE)
    # ADMS labels are the code split into words: LocalAuthority → "Local Authority"
    label = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", code)
    add_concept(g, kind, PUBLISHER_TYPE + "1.0", "Publisher type", {"en": label})
    g.add((publisher, DCTERMS.type, kind))


def _distribution(
    g: Graph, pub: Publication, stats: Statistics, dataset: URIRef, dist: Distribution
) -> None:
    data = pub.base + "data/"
    node = URIRef(data + "distribution/" + quote(_stem(dist), safe=""))
    url = URIRef(data + quote(dist.file_name, safe=""))
    g.add((dataset, DCAT.distribution, node))
    g.add((node, RDF.type, DCAT.Distribution))
    _texts(g, node, DCTERMS.title, dist.title_sv, dist.title_en)
    packed_sv = " Filen är komprimerad med gzip." if dist.compressed else ""
    packed_en = " The file is compressed with gzip." if dist.compressed else ""
    _texts(g, node, DCTERMS.description, f"{dist.title_sv}.{packed_sv}",
           f"{dist.title_en}.{packed_en}")  # fmt: skip
    g.add((node, DCAT.accessURL, url))
    g.add((node, DCAT.downloadURL, url))
    g.add((node, DCAT.mediaType, add_media_type(g, dist.media_type)))
    fmt = described(dist.media_type)
    assert fmt is not None and fmt.eu_file_type and fmt.eu_label  # checked by _check
    format_iri = URIRef(EU + "file-type/" + fmt.eu_file_type)
    add_concept(g, format_iri, EU + "file-type", "File type", {"en": fmt.eu_label})
    g.add((format_iri, RDF.type, DCTERMS.MediaTypeOrExtent))
    g.add((node, DCTERMS.format, format_iri))
    if dist.compressed:
        g.add((node, DCAT.compressFormat, add_media_type(g, "application/gzip")))
    g.add((node, DCAT.byteSize, Literal(dist.byte_size, datatype=XSD.nonNegativeInteger)))
    checksum = URIRef(data + "checksum/" + quote(dist.file_name.replace(".", "-"), safe=""))
    add_checksum(g, checksum, dist.sha256)
    g.add((node, SPDX.checksum, checksum))
    g.add((node, DCTERMS.license, add_licence(g, pub.license)))
    g.add((node, DCTERMS.issued, Literal(stats.issued)))
    g.add((node, DCTERMS.modified, Literal(stats.modified)))


def _data_service(
    g: Graph, pub: Publication, catalog: URIRef, dataset: URIRef, publisher: URIRef
) -> None:
    """Add the SPARQL endpoint as a ``dcat:DataService`` (``<base>data/service``) that
    serves the dataset; its description is the SPARQL 1.1 Service Description the endpoint
    answers a GET without a query with (:mod:`api.service_description`)."""
    assert pub.sparql_endpoint is not None
    service, endpoint = URIRef(pub.base + "data/service"), URIRef(pub.sparql_endpoint)
    g.add((catalog, DCAT.service, service))
    g.add((service, RDF.type, DCAT.DataService))
    _texts(g, service, DCTERMS.title, f"SPARQL-gränssnitt: {pub.title_sv}",
           f"SPARQL endpoint: {pub.title_en}")  # fmt: skip
    _texts(
        g, service, DCTERMS.description,
        f"Frågor i SPARQL 1.1 mot datamängden ”{pub.title_sv}”: svar i JSON, XML, CSV, "
        "TSV, Turtle, N-Triples, JSON-LD och RDF/XML.",
        f"SPARQL 1.1 queries over the dataset “{pub.title_en}”: answers in JSON, XML, CSV, "
        "TSV, Turtle, N-Triples, JSON-LD and RDF/XML.",
    )  # fmt: skip
    g.add((service, DCAT.endpointURL, endpoint))
    g.add((service, DCAT.endpointDescription, endpoint))
    g.add((endpoint, RDF.type, RDFS.Resource))  # the range the shapes check, stated
    g.add((service, DCAT.servesDataset, dataset))
    g.add((service, DCTERMS.publisher, publisher))
    g.add((service, DCAT.contactPoint, URIRef(pub.base + "data/contact")))  # the dataset's
    for theme in pub.themes:
        g.add((service, DCAT.theme, add_theme(g, theme)))
    for lang, keywords in (("sv", pub.keywords_sv), ("en", pub.keywords_en)):
        for keyword in keywords:
            g.add((service, DCAT.keyword, Literal(keyword, lang=lang)))
    g.add((service, DCTERMS.license, add_licence(g, pub.license)))
    g.add((service, DCTERMS.accessRights, URIRef(EU + "access-right/PUBLIC")))
    protocol = URIRef(SPARQL_PROTOCOL)
    g.add((service, DCTERMS.conformsTo, protocol))
    g.add((protocol, RDF.type, DCTERMS.Standard))


def _void(g: Graph, pub: Publication, stats: Statistics, dataset: URIRef) -> None:
    """Add the VoID statistics; partitions get IRIs from a hash of the class or property."""
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, VOID.triples, Literal(stats.triples)))
    g.add((dataset, VOID.entities, Literal(stats.entities)))
    g.add((dataset, VOID.classes, Literal(len(stats.classes))))
    g.add((dataset, VOID.properties, Literal(len(stats.properties))))
    g.add((dataset, VOID.uriSpace, Literal(pub.base + "id/")))
    if pub.publisher_iri.startswith(pub.base + "id/"):
        g.add((dataset, VOID.exampleResource, URIRef(pub.publisher_iri)))
    if pub.sparql_endpoint:
        g.add((dataset, VOID.sparqlEndpoint, URIRef(pub.sparql_endpoint)))
    for vocabulary in stats.vocabularies:
        g.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    for dist in g.objects(dataset, DCAT.distribution):
        for url in g.objects(dist, DCAT.downloadURL):
            g.add((dataset, VOID.dataDump, url))
        for media in g.objects(dist, DCAT.mediaType):
            fmt = described(str(media).removeprefix(IANA))
            assert fmt is not None and fmt.w3c  # checked by _check
            g.add((dataset, VOID.feature, FORMATS[fmt.w3c]))
    partitions = pub.base + "data/dataset/"
    for iri, count in stats.classes.items():
        part = URIRef(partitions + "class/" + _short_hash(iri))
        g.add((dataset, VOID.classPartition, part))
        g.add((part, RDF.type, VOID.Dataset))
        g.add((part, VOID["class"], URIRef(iri)))
        g.add((part, VOID.entities, Literal(count)))
    for iri, count in stats.properties.items():
        part = URIRef(partitions + "property/" + _short_hash(iri))
        g.add((dataset, VOID.propertyPartition, part))
        g.add((part, RDF.type, VOID.Dataset))
        g.add((part, VOID.property, URIRef(iri)))
        g.add((part, VOID.triples, Literal(count)))


def _provenance(g: Graph, pub: Publication, stats: Statistics, dataset: URIRef) -> None:
    """Add what the dataset was built from (the source texts) and by what (styrgraf)."""
    data = pub.base + "data/"
    build = URIRef(data + "build")
    software = URIRef(data + "software/styrgraf-" + quote(stats.styrgraf_version, safe=""))
    g.add((dataset, PROV.wasGeneratedBy, build))
    g.add((build, RDF.type, PROV.Activity))
    _texts(g, build, RDFS.label, "Bygget av datamängden ur källtexterna",
           "The build of the dataset from the source texts")  # fmt: skip
    g.add((build, PROV.wasAssociatedWith, software))
    g.add((software, RDF.type, PROV.SoftwareAgent))
    g.add((software, RDFS.label, Literal(f"styrgraf {stats.styrgraf_version}")))
    g.add((software, OWL.versionInfo, Literal(stats.styrgraf_version)))
    for name, sha in stats.sources:
        # the loaders' IRI for a source text: id/kalla/<first 16 hex digits of its SHA-256>
        source = URIRef(pub.base + "id/kalla/" + sha[:16])
        g.add((dataset, PROV.wasDerivedFrom, source))
        g.add((build, PROV.used, source))
        g.add((source, RDF.type, PROV.Entity))
        g.add((source, DCTERMS.title, Literal(name)))
        checksum = URIRef(data + "checksum/kalla/" + sha[:16])
        add_checksum(g, checksum, sha)
        g.add((source, SPDX.checksum, checksum))


def _short_hash(iri: str) -> str:
    return hashlib.sha256(iri.encode("utf-8")).hexdigest()[:16]
