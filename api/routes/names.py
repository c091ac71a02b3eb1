"""Swedish names of the IRIs a page shows, and the site's links to them.

Names come from the labels the page's own data carries, then from the ontology's and the
code lists' files, then from :data:`TERM_LABELS` (terms of other vocabularies that the
files do not label), and last from a short form of the IRI. A link goes to the site's page
of an IRI (``/id/…``, ``/ontology#…``, ``/kod/…``, ``/graph/…``); an outside IRI links to
itself. :class:`Shown` is a value as a template writes it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from loaders.vocab import (
    CV,
    DPV,
    ELI,
    KOD_NS,
    OBEU_ATTR,
    OBEU_DIM,
    OBEU_MEASURE,
    ONTOLOGY_IRI,
    OPENGOV,
    ORG,
    QB,
    SDMXA,
    STYR,
    STYR_NS,
)

from ..store.base import GRAPH_IRI_BASE
from .labels import vocabulary
from .negotiation import MORE_PREFIXES, PREFIXES

SCHEMA = Namespace("http://schema.org/")

# --- Swedish names of terms the ontology files do not label ---------------------------------
TERM_LABELS: dict[str, str] = {
    str(k): v
    for k, v in {
        RDF.type: "typ",
        RDFS.label: "namn",
        RDFS.comment: "kommentar",
        RDFS.subClassOf: "underklass till",
        RDFS.subPropertyOf: "underegenskap till",
        RDFS.domain: "domän",
        RDFS.range: "värdemängd",
        RDFS.seeAlso: "se även",
        RDFS.isDefinedBy: "definieras i",
        SCHEMA.domainIncludes: "används på",
        SCHEMA.rangeIncludes: "har värden av typen",
        OWL.versionInfo: "version",
        DCTERMS.title: "titel",
        DCTERMS.description: "beskrivning",
        DCTERMS.abstract: "sammanfattning",
        DCTERMS.source: "källa",
        DCTERMS.subject: "ämne",
        DCTERMS.creator: "upphov",
        DCTERMS.format: "format",
        DCTERMS.hasPart: "har del",
        DCTERMS.identifier: "identifierare",
        DCTERMS.relation: "relation",
        DCTERMS.temporal: "tidsperiod",
        DCTERMS.license: "licens",
        SKOS.prefLabel: "benämning",
        SKOS.altLabel: "annan benämning",
        SKOS.notation: "beteckning",
        SKOS.inScheme: "ingår i",
        SKOS.broader: "överordnat begrepp",
        SKOS.definition: "definition",
        SKOS.scopeNote: "användning",
        SKOS.example: "exempel",
        SKOS.hasTopConcept: "har toppbegrepp",
        SKOS.topConceptOf: "toppbegrepp i",
        SKOS.Concept: "begrepp",
        SKOS.ConceptScheme: "begreppsschema",
        PROV.entity: "entitet (källa)",
        PROV.qualifiedDerivation: "belägg",
        PROV.wasAttributedTo: "tillskrivs",
        PROV.wasDerivedFrom: "härledd ur",
        PROV.Agent: "aktör",
        PROV.Derivation: "härledning",
        PROV.Entity: "entitet",
        ORG.hasMember: "har medlem",
        ORG.postIn: "befattning i",
        ORG.subOrganizationOf: "del av",
        ORG.Organization: "organisation",
        ORG.FormalOrganization: "formell organisation",
        ORG.OrganizationalCollaboration: "samverkan",
        ORG.OrganizationalUnit: "organisatorisk enhet",
        ORG.Post: "befattning",
        ELI.date_document: "dokumentets datum",
        ELI.has_annex: "har bilaga",
        ELI.is_annex_of: "är bilaga till",
        ELI.has_part: "består av",
        ELI.is_part_of: "del av",
        ELI.WorkSubdivision: "del av verk",
        ELI.LegalResource: "rättsligt dokument",
        ELI.Work: "verk",
        CV.PublicOrganisation: "offentlig organisation",
        OBEU_ATTR.currency: "valuta",
        OBEU_DIM.administrativeClassification: "administrativ indelning",
        OBEU_DIM.budgetPhase: "budgetfas",
        OBEU_DIM.economicClassification: "ekonomisk indelning",
        OBEU_DIM.fiscalYear: "budgetår",
        OBEU_MEASURE.amount: "belopp",
        QB.dataSet: "datamängd",
        QB.structure: "struktur",
        QB.DataSet: "datamängd",
        QB.Observation: "observation",
        SDMXA.unitMult: "enhetsmultiplikator",
        DPV.isMitigatedByMeasure: "begränsas av åtgärd",
        DPV.mitigatesRisk: "begränsar risk",
        DPV.Risk: "risk",
        DPV.RiskMitigationMeasure: "riskbegränsande åtgärd",
        SCHEMA.PoliticalParty: "politiskt parti",
        OPENGOV.Motion: "yrkande",
        OWL.Class: "klass",
        OWL.ObjectProperty: "objektegenskap",
        OWL.DatatypeProperty: "dataegenskap",
        OWL.Ontology: "ontologi",
    }.items()
}
#: Headings for links that point at the entity, by the linking property.
INVERSE_LABELS: dict[str, str] = {
    str(k): v
    for k, v in {
        STYR.supportsGoal: "Stöds av",
        STYR.contributesTo: "Bidrar till detta (målbidrag)",
        STYR.keySteeringDocument: "Viktigt styrdokument för",
        STYR.mainResponsibleBody: "Huvudansvarig för",
        STYR.responsibleBody: "Ansvarar för",
        STYR.contributingBody: "Bidrar genom",
        STYR.directedTo: "Inriktningar riktade hit",
        STYR.reportsOn: "Statusrapporter om detta",
        STYR.forAssignment: "Återrapporteringskrav för detta",
        STYR.sourceText: "Källtext för",
        PROV.wasDerivedFrom: "Källa till",
        PROV.wasAttributedTo: "Upphov till",
        ORG.subOrganizationOf: "Har som del",
        ORG.hasMember: "Medlem i",
        SKOS.inScheme: "Innehåller",
        SKOS.broader: "Underordnade begrepp",
        RDFS.subClassOf: "Underklasser",
        RDFS.subPropertyOf: "Underegenskaper",
        RDFS.domain: "Egenskaper med denna domän",
        SCHEMA.domainIncludes: "Egenskaper som används på denna klass",
        SCHEMA.rangeIncludes: "Egenskaper med värden av denna klass",
        RDFS.range: "Egenskaper med denna värdemängd",
        RDF.type: "Instanser",
    }.items()
}
LABELS = (RDFS.label, SKOS.prefLabel)


# --- names and links ---------------------------------------------------------------------------
def local_name(iri: str) -> str:
    """Return the part of an IRI after its last ``#`` or ``/``."""
    return re.split(r"[#/]", iri.rstrip("/"))[-1] or iri


class Names:
    """Swedish names of the IRIs a page shows, and the site's links to them."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.seen: dict[str, dict[str, str]] = defaultdict(dict)

    def add(self, iri: Node, label: Node | None) -> None:
        """Note ``label`` (a literal) as a name of ``iri``; the least text per language wins."""
        if isinstance(label, Literal) and isinstance(iri, URIRef | BNode):
            lang = (label.language or "").lower()
            known = self.seen[str(iri)].get(lang)
            self.seen[str(iri)][lang] = str(label) if known is None else min(known, str(label))

    def add_graph(self, graph: Graph) -> None:
        """Note the labels in ``graph``."""
        for predicate in LABELS:
            for subject, label in graph.subject_objects(predicate):
                self.add(subject, label)

    def get(self, iri: str, lang: str = "sv") -> str | None:
        """Return a name in ``lang`` (Swedish takes an untagged label too), else None."""
        seen = self.seen.get(iri, {})
        keys = [lang, ""] if lang == "sv" else [lang]
        keys += sorted(k for k in seen if k.startswith(lang + "-"))
        for key in keys:
            if key in seen:
                return seen[key]
        from_files = vocabulary().get(iri, {}).get(lang)
        if from_files:
            return from_files
        return TERM_LABELS.get(iri) if lang == "sv" else None

    def name(self, iri: str) -> str:
        """Return the Swedish name of ``iri``, else any name, else a short form of the IRI."""
        found = self.get(iri)
        if found:
            return found
        seen = self.seen.get(iri, {})
        if seen:
            return seen[min(seen)]
        english = vocabulary().get(iri, {}).get("en")
        return english or self.short(iri)

    @staticmethod
    def short(iri: str) -> str:
        """Return ``prefix:local`` for a known namespace, else the IRI's last segment."""
        for prefix, namespace in {**PREFIXES, **MORE_PREFIXES}.items():
            rest = iri[len(namespace) :]
            if iri.startswith(namespace) and rest and re.fullmatch(r"[\w.-]+", rest):
                return f"{prefix}:{rest}"
        return local_name(iri)

    def href(self, iri: str) -> str | None:
        """Return the site's page for ``iri``, or None when the site has none."""
        if iri.startswith(self.base) and len(iri) > len(self.base):
            return "/id/" + quote(iri[len(self.base) :], safe="/:@!$&'()*+,;=-._~%")
        if iri.startswith(STYR_NS) and len(iri) > len(STYR_NS):
            return "/ontology#" + quote(iri[len(STYR_NS) :], safe="")
        if iri.startswith(GRAPH_IRI_BASE) and len(iri) > len(GRAPH_IRI_BASE):
            return "/graph/" + quote(iri[len(GRAPH_IRI_BASE) :], safe="-._~")
        if iri in {ONTOLOGY_IRI, STYR_NS}:
            return "/ontology"
        if iri.startswith(KOD_NS):
            return "/kod/" + quote(iri[len(KOD_NS) :], safe="/-._~")
        return None

    def link(self, iri: str, text: str | None = None) -> str:
        """Return an HTML link to ``iri``'s page (an outside IRI links to itself)."""
        label = escape(text if text is not None else self.name(iri))
        href = self.href(iri)
        if href is not None:
            return f'<a href="{escape(href)}">{label}</a>'
        if iri.startswith(("http://", "https://")):
            return f'<a class="extern" href="{escape(iri)}">{label}</a>'
        return label


@dataclass(frozen=True)
class Shown:
    """A value as a page writes it: its text, the link it goes to (if any), its language
    when not Swedish, and a note that tells apart values of the same name."""

    text: str
    href: str | None = None
    lang: str | None = None
    note: str | None = None
    extern: bool = False


def shown(value: Node, names: Names, note: str | None = None) -> Shown:
    """Return how a page writes ``value``: an IRI by its name and linked, a literal as
    text (a boolean as ja/nej), with its language when not Swedish."""
    if isinstance(value, URIRef):
        iri = str(value)
        page = names.href(iri)
        if page is None and iri.startswith(("http://", "https://")):
            return Shown(names.name(iri), iri, note=note, extern=True)
        return Shown(names.name(iri), page, note=note)
    if isinstance(value, Literal):
        text = str(value)
        if value.datatype == XSD.boolean:
            text = "ja" if text in {"true", "1"} else "nej"
        lang = value.language
        return Shown(text, lang=lang if lang and not lang.lower().startswith("sv") else None)
    return Shown(str(value))


def distinctions(iris: Iterable[str], names: Names) -> dict[str, str]:
    """Return, for IRIs that share a name, the parts of their paths that tell them apart."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for iri in set(iris):
        by_name[names.name(iri)].append(iri)
    out: dict[str, str] = {}
    for same in by_name.values():
        if len(same) < 2:
            continue
        paths = [re.split(r"[/#]", iri) for iri in same]
        if len({len(p) for p in paths}) == 1:
            differ = [i for i in range(len(paths[0])) if len({p[i] for p in paths}) > 1]
            for iri, parts in zip(same, paths, strict=True):
                out[iri] = "/".join(parts[i] for i in differ)
        else:
            out.update({iri: iri.removeprefix(names.base) for iri in same})
    return out


def value_key(value: Node, names: Names) -> tuple[int, str]:
    if isinstance(value, Literal):
        return (0 if (value.language or "sv").lower().startswith("sv") else 1, str(value))
    return (2, names.name(str(value)).casefold())
