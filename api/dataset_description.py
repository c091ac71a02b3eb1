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
byte-identical. What the publisher configures is a :class:`Publication`, read from a TOML
file by :func:`load_publication` (the project's defaults are in ``publish.toml``).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    OWL,
    PROV,
    RDF,
    RDFS,
    SKOS,
    VOID,
    XSD,
    DefinedNamespace,
)

from loaders.resources import publish_settings
from loaders.vocab import ONTOLOGY_IRI

from .formats import ALL as ALL_FORMATS
from .formats import Format

CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
EU = "http://publications.europa.eu/resource/authority/"
DATA_THEME = EU + "data-theme"
GOVE = DATA_THEME + "/GOVE"
PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"
LICENCE_TYPE = "http://purl.org/adms/licencetype/"
IANA = "http://www.iana.org/assignments/media-types/"
GZIP = IANA + "application/gzip"
FORMATS = Namespace("http://www.w3.org/ns/formats/")


class VCARD(DefinedNamespace):
    """The vCard terms a DCAT contact point uses (closed: a typo fails at import)."""

    _NS = Namespace("http://www.w3.org/2006/vcard/ns#")
    _fail = True

    Kind: URIRef
    Organization: URIRef
    fn: URIRef
    hasEmail: URIRef


class SPDX(DefinedNamespace):
    """The SPDX terms DCAT uses for checksums (closed)."""

    _NS = Namespace("http://spdx.org/rdf/terms#")
    _fail = True

    Checksum: URIRef
    ChecksumAlgorithm: URIRef
    algorithm: URIRef
    checksum: URIRef
    checksumValue: URIRef
    checksumAlgorithm_sha256: URIRef


# --- what the publisher configures ------------------------------------------------------------
class PublicationError(ValueError):
    """A publication setting is missing or wrong; the message names the file and the key."""

    def __init__(self, message: str, *, file: Path | None = None, key: str | None = None) -> None:
        where = ": ".join(str(part) for part in (file, key) if part is not None)
        super().__init__(f"{where}: {message}" if where else message)
        self.message = message
        self.file = file
        self.key = key


@dataclass(frozen=True)
class Publication:
    """Who publishes the dataset and how it is presented; checked when made.

    Raises:
        PublicationError: a value is empty, not an absolute IRI where one is needed, not
            from the vocabulary DCAT-AP-SE asks for, or the contact address looks like a
            person's rather than a function mailbox (``key`` names the field).
    """

    #: The site root; entity IRIs are ``base + "id/…"``, the data files ``base + "data/…"``.
    base: str
    title_sv: str
    title_en: str
    description_sv: str
    description_en: str
    publisher_name: str
    #: The publisher's IRI, best the one the data itself uses for the organisation.
    publisher_iri: str
    #: A term of the ADMS publisher-type vocabulary (http://purl.org/adms/publishertype/…).
    publisher_type: str
    contact_name: str
    #: A function mailbox (``mailto:…``), never a person's address.
    contact_email: str
    license: str = CC0
    #: Terms of the EU data-theme authority table.
    themes: tuple[str, ...] = (GOVE,)
    keywords_sv: tuple[str, ...] = ()
    keywords_en: tuple[str, ...] = ()
    landing_page: str | None = None
    sparql_endpoint: str | None = None

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            values = value if isinstance(value, tuple) else (value,)
            for item in values:
                if item is None:
                    continue
                if not isinstance(item, str) or not item.strip():
                    raise PublicationError("must be a non-empty string", key=f.name)
                if f.name in _IRI_KEYS and not _ABSOLUTE_IRI.fullmatch(item):
                    raise PublicationError(f"{item!r} is not an absolute IRI", key=f.name)
        if not re.fullmatch(r"https?://\S+/", self.base):
            raise PublicationError(
                f"{self.base!r} must be an http(s) IRI ending in '/', e.g. "
                "'https://w3id.org/styrgraf/'",
                key="base",
            )
        if not self.publisher_type.startswith(PUBLISHER_TYPE):
            raise PublicationError(
                f"{self.publisher_type!r} is not an ADMS publisher type ({PUBLISHER_TYPE}…), "
                f"e.g. {PUBLISHER_TYPE}LocalAuthority",
                key="publisher_type",
            )
        if not self.themes:
            raise PublicationError("give at least one EU data theme", key="themes")
        for theme in self.themes:
            if not theme.startswith(DATA_THEME + "/"):
                raise PublicationError(
                    f"{theme!r} is not a term of the EU data-theme table ({DATA_THEME}/…)",
                    key="themes",
                )
        problem = _contact_problem(self.contact_email)
        if problem:
            raise PublicationError(problem, key="contact_email")


#: What each setting is, for the message when it is missing.
_KEY_HELP = {
    "base": "the site root, e.g. 'https://w3id.org/styrgraf/'",
    "title_sv": "the dataset's title in Swedish",
    "title_en": "the dataset's title in English",
    "description_sv": "the dataset's description in Swedish",
    "description_en": "the dataset's description in English",
    "publisher_name": "the publishing organisation's name",
    "publisher_iri": "the publishing organisation's IRI",
    "publisher_type": f"an ADMS publisher type, e.g. '{PUBLISHER_TYPE}LocalAuthority'",
    "contact_name": "the name of the contact point (an organisation or unit)",
    "contact_email": "a function mailbox, e.g. 'mailto:registrator@example.se'",
}
_IRI_KEYS = {"base", "publisher_iri", "publisher_type", "license", "themes", "landing_page",
             "sparql_endpoint"}  # fmt: skip
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")
_MAILTO = re.compile(r"mailto:([^@\s/?]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
#: Words that make a mailbox's local part a function, not a person ("goteborgs.stad").
_FUNCTION_WORDS = {
    "admin", "data", "dataportal", "diarium", "epost", "info", "kansli", "kommun",
    "kontakt", "contact", "ks", "mail", "namnd", "nämnd", "office", "open", "opendata",
    "oppnadata", "öppnadata", "post", "press", "registrator", "registratur", "service",
    "stad", "staden", "stads", "support", "team", "webb", "web",
}  # fmt: skip
#: Stems that mark a function wherever they occur in the local part ("stadsledningskontoret").
_FUNCTION_STEMS = ("kommun", "registr", "diari", "kontakt", "contact", "forvaltning",
                   "förvaltning", "kontor", "support", "service", "kundcenter")  # fmt: skip


def _contact_problem(email: str) -> str | None:
    """Return why ``email`` is not a usable function mailbox, or None.

    A contact point in a public catalogue record is read by anyone and outlives staff
    changes, so DCAT-AP-SE wants an organisation's mailbox. A person's address cannot be
    told apart with certainty; this catches the common ``given.family@`` form: a local part
    of two or more words of letters, none of them a function word. Single words
    (``registrator@``, ``info@``) pass.
    """
    match = _MAILTO.fullmatch(email)
    if not match:
        return f"{email!r} must be a mailto: IRI of a function mailbox, e.g. 'mailto:info@…'"
    local = match.group(1).lower()
    words = [w for w in re.split(r"[._+-]", local) if w]
    if any(w in _FUNCTION_WORDS for w in words) or any(s in local for s in _FUNCTION_STEMS):
        return None
    if len(words) >= 2 and all(w.isalpha() for w in words):
        return (
            f"{email!r} looks like a person's address; give the organisation's function "
            "mailbox (e.g. registrator@…, info@…), which stays valid when staff change"
        )
    return None


def load_publication(path: Path | None) -> Publication:
    """Read the publication settings from the TOML file ``path`` (None: ``publish.toml``).

    The keys are :class:`Publication`'s fields, at the top level of the file.

    Raises:
        PublicationError: the file cannot be read or is not TOML, a required key is missing,
            a key is unknown, or a value has the wrong type or is not acceptable; the
            message names the file and the key.
    """
    file = (path or publish_settings()).resolve()
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PublicationError(f"cannot read the file: {exc.strerror or exc}", file=file) from exc
    except tomllib.TOMLDecodeError as exc:
        raise PublicationError(f"not valid TOML: {exc}", file=file) from exc
    known = {f.name: f for f in fields(Publication)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise PublicationError(
            f"unknown key (known: {', '.join(known)})", file=file, key=unknown[0]
        )
    values: dict[str, Any] = {}
    for name in known:
        if name not in raw:
            if name in _KEY_HELP:
                raise PublicationError(f"missing: {_KEY_HELP[name]}", file=file, key=name)
            continue
        values[name] = _typed(raw[name], name, file)
    try:
        return Publication(**values)
    except PublicationError as exc:
        raise PublicationError(exc.message, file=file, key=exc.key) from None


def _typed(value: object, name: str, file: Path) -> str | tuple[str, ...]:
    """Return ``value`` as the field ``name`` holds it: a string, or a tuple of strings."""
    if name in {"themes", "keywords_sv", "keywords_en"}:
        if not isinstance(value, list):
            raise PublicationError(
                f"must be an array of strings, not {_toml_type(value)}", file=file, key=name
            )
        for number, item in enumerate(value, 1):
            if not isinstance(item, str):
                raise PublicationError(
                    f"must be an array of strings; item {number} is {_toml_type(item)}",
                    file=file,
                    key=name,
                )
        return tuple(value)
    if not isinstance(value, str):
        raise PublicationError(f"must be a string, not {_toml_type(value)}", file=file, key=name)
    return value


def _toml_type(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a float", list: "an array",
             dict: "a table", str: "a string"}  # fmt: skip
    return names.get(type(value), type(value).__name__)


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


#: The formats a distribution may have: those with an EU file type and a W3C format IRI
#: (:mod:`api.formats` holds both, and the EU table's English label).
DESCRIBED = tuple(f for f in ALL_FORMATS if f.eu_file_type and f.w3c)


def described(media_type: str) -> Format | None:
    """Return the format a distribution of ``media_type`` has, if DCAT can name it."""
    return next((f for f in DESCRIBED if f.media_type == media_type), None)


#: Labels of EU data themes from the authority table (others get their code, untagged).
THEME_LABELS: Mapping[str, Mapping[str, str]] = {
    "GOVE": {"sv": "Regeringen och den offentliga sektorn", "en": "Government and public sector"},
    "ECON": {"sv": "Ekonomi och finans", "en": "Economy and finance"},
}
#: Labels of the EU languages the record uses.
LANGUAGE_LABELS: Mapping[str, Mapping[str, str]] = {
    "SWE": {"sv": "svenska", "en": "Swedish"},
    "ENG": {"sv": "engelska", "en": "English"},
}
#: Licence → ADMS licence type, for the licences a publisher is likely to choose; others
#: are described without a type (DCAT-AP only recommends it).
LICENCE_TYPES = {
    CC0: "PublicDomain",
    "https://creativecommons.org/publicdomain/zero/1.0/": "PublicDomain",
    EU + "licence/CC0": "PublicDomain",
    "http://creativecommons.org/licenses/by/4.0/": "Attribution",
    "https://creativecommons.org/licenses/by/4.0/": "Attribution",
    EU + "licence/CC_BY_4_0": "Attribution",
}
LICENCE_TYPE_LABELS = {"PublicDomain": "Public domain", "Attribution": "Attribution"}
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
        g.add((catalog, DCTERMS.language, _language(g, code)))
    homepage = URIRef(pub.landing_page or pub.base)
    g.add((catalog, FOAF.homepage, homepage))
    g.add((homepage, RDF.type, FOAF.Document))
    g.add((catalog, DCTERMS.license, _licence(g, pub.license)))
    g.add((catalog, DCTERMS.issued, Literal(stats.issued)))
    g.add((catalog, DCTERMS.modified, Literal(stats.modified)))
    g.add((catalog, DCAT.themeTaxonomy, _scheme(g, DATA_THEME, "Data theme")))


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
        g.add((dataset, DCAT.theme, _theme(g, theme)))
    for lang, keywords in (("sv", pub.keywords_sv), ("en", pub.keywords_en)):
        for keyword in keywords:
            g.add((dataset, DCAT.keyword, Literal(keyword, lang=lang)))
    g.add((dataset, DCTERMS.language, _language(g, "SWE")))
    public = URIRef(EU + "access-right/PUBLIC")
    _concept(g, public, EU + "access-right", "Access right", {"en": "public"})
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
    _concept(g, kind, PUBLISHER_TYPE + "1.0", "Publisher type", {"en": label})
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
    g.add((node, DCAT.mediaType, _media_type(g, dist.media_type)))
    fmt = described(dist.media_type)
    assert fmt is not None and fmt.eu_file_type and fmt.eu_label  # checked by _check
    format_iri = URIRef(EU + "file-type/" + fmt.eu_file_type)
    _concept(g, format_iri, EU + "file-type", "File type", {"en": fmt.eu_label})
    g.add((format_iri, RDF.type, DCTERMS.MediaTypeOrExtent))
    g.add((node, DCTERMS.format, format_iri))
    if dist.compressed:
        g.add((node, DCAT.compressFormat, _media_type(g, "application/gzip")))
    g.add((node, DCAT.byteSize, Literal(dist.byte_size, datatype=XSD.nonNegativeInteger)))
    checksum = URIRef(data + "checksum/" + quote(dist.file_name.replace(".", "-"), safe=""))
    _checksum(g, checksum, dist.sha256)
    g.add((node, SPDX.checksum, checksum))
    g.add((node, DCTERMS.license, _licence(g, pub.license)))
    g.add((node, DCTERMS.issued, Literal(stats.issued)))
    g.add((node, DCTERMS.modified, Literal(stats.modified)))


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
        _checksum(g, checksum, sha)
        g.add((source, SPDX.checksum, checksum))


# --- controlled vocabularies ----------------------------------------------------------------------
def _scheme(g: Graph, iri: str, title_en: str) -> URIRef:
    scheme = URIRef(iri)
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, DCTERMS.title, Literal(title_en, lang="en")))
    return scheme


def _concept(
    g: Graph, node: URIRef, scheme: str, scheme_title: str, labels: Mapping[str, str]
) -> None:
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, SKOS.inScheme, _scheme(g, scheme, scheme_title)))
    for lang, label in labels.items():
        g.add((node, SKOS.prefLabel, Literal(label, lang=lang or None)))


def _theme(g: Graph, iri: str) -> URIRef:
    node = URIRef(iri)
    code = iri.removeprefix(DATA_THEME + "/")
    labels = THEME_LABELS.get(code) or {"": code}
    _concept(g, node, DATA_THEME, "Data theme", labels)
    return node


def _language(g: Graph, code: str) -> URIRef:
    node = URIRef(EU + "language/" + code)
    _concept(g, node, EU + "language", "Language", LANGUAGE_LABELS[code])
    g.add((node, RDF.type, DCTERMS.LinguisticSystem))
    return node


def _media_type(g: Graph, media_type: str) -> URIRef:
    node = URIRef(IANA + media_type)
    g.add((node, RDF.type, DCTERMS.MediaType))
    return node


def _licence(g: Graph, iri: str) -> URIRef:
    node = URIRef(iri)
    g.add((node, RDF.type, DCTERMS.LicenseDocument))
    kind = LICENCE_TYPES.get(iri)
    if kind:
        kind_iri = URIRef(LICENCE_TYPE + kind)
        labels = {"en": LICENCE_TYPE_LABELS[kind]}
        _concept(g, kind_iri, LICENCE_TYPE + "1.0", "Licence type", labels)
        g.add((node, DCTERMS.type, kind_iri))
    return node


def _checksum(g: Graph, node: URIRef, sha256: str) -> None:
    g.add((node, RDF.type, SPDX.Checksum))
    g.add((node, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((node, SPDX.checksumValue, Literal(sha256, datatype=XSD.hexBinary)))
    g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))


def _short_hash(iri: str) -> str:
    return hashlib.sha256(iri.encode("utf-8")).hexdigest()[:16]
