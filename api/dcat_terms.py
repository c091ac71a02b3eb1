"""The controlled vocabularies a DCAT-AP record uses, typed and labelled in the record.

DCAT-AP's range and vocabulary shapes check the EU authority tables, ADMS, IANA media
types and SPDX terms on the record itself rather than by fetching the tables, so each
term the record uses is added with its type, scheme and label (``skos:Concept`` with
``skos:inScheme`` and ``skos:prefLabel``, ``dcterms:MediaType``,
``dcterms:LicenseDocument`` …). The file types and W3C format IRIs of the distributions
come from :mod:`api.formats`.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD, DefinedNamespace

from .formats import ALL as ALL_FORMATS
from .formats import Format
from .publication import CC0, DATA_THEME, EU

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


def add_scheme(g: Graph, iri: str, title_en: str) -> URIRef:
    scheme = URIRef(iri)
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, DCTERMS.title, Literal(title_en, lang="en")))
    return scheme


def add_concept(
    g: Graph, node: URIRef, scheme: str, scheme_title: str, labels: Mapping[str, str]
) -> None:
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, SKOS.inScheme, add_scheme(g, scheme, scheme_title)))
    for lang, label in labels.items():
        g.add((node, SKOS.prefLabel, Literal(label, lang=lang or None)))


def add_theme(g: Graph, iri: str) -> URIRef:
    node = URIRef(iri)
    code = iri.removeprefix(DATA_THEME + "/")
    labels = THEME_LABELS.get(code) or {"": code}
    add_concept(g, node, DATA_THEME, "Data theme", labels)
    return node


def add_language(g: Graph, code: str) -> URIRef:
    node = URIRef(EU + "language/" + code)
    add_concept(g, node, EU + "language", "Language", LANGUAGE_LABELS[code])
    g.add((node, RDF.type, DCTERMS.LinguisticSystem))
    return node


def add_media_type(g: Graph, media_type: str) -> URIRef:
    node = URIRef(IANA + media_type)
    g.add((node, RDF.type, DCTERMS.MediaType))
    return node


def add_licence(g: Graph, iri: str) -> URIRef:
    node = URIRef(iri)
    g.add((node, RDF.type, DCTERMS.LicenseDocument))
    kind = LICENCE_TYPES.get(iri)
    if kind:
        kind_iri = URIRef(LICENCE_TYPE + kind)
        labels = {"en": LICENCE_TYPE_LABELS[kind]}
        add_concept(g, kind_iri, LICENCE_TYPE + "1.0", "Licence type", labels)
        g.add((node, DCTERMS.type, kind_iri))
    return node


def add_checksum(g: Graph, node: URIRef, sha256: str) -> None:
    g.add((node, RDF.type, SPDX.Checksum))
    g.add((node, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((node, SPDX.checksumValue, Literal(sha256, datatype=XSD.hexBinary)))
    g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
