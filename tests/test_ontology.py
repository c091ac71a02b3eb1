"""The ontology and code lists agree with the code, and the class hierarchy is sound.

``loaders/vocab.py`` and ``loaders/codes.py`` are the closed lists of terms the loaders emit;
``ontology/styr.ttl`` and ``ontology/kod.ttl`` must define exactly those, in Swedish and English.
The loader copies every superclass stated in ``styr.ttl`` onto the data, so the hierarchy is
checked for cycles and for the alignments analysts query by.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from loaders.builder import superclasses
from loaders.codes import CODE_LISTS
from loaders.vocab import CV, DPV, ELI, KOD, KOD_NS, ONTOLOGY_IRI, ORG, QB, STYR, STYR_NS

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"
STYR_FILE = ONTOLOGY_DIR / "styr.ttl"
KOD_FILE = ONTOLOGY_DIR / "kod.ttl"

DECLARATION_TYPES = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
)
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty)
CC0 = URIRef("https://creativecommons.org/publicdomain/zero/1.0/")
VANN_PREFIX = URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix")


@cache
def styr_graph() -> Graph:
    return Graph().parse(STYR_FILE, format="turtle")


@cache
def kod_graph() -> Graph:
    return Graph().parse(KOD_FILE, format="turtle")


def vocab_terms() -> dict[str, URIRef]:
    return {name: URIRef(STYR_NS + name) for name in STYR.__annotations__}


def styr_subjects(graph: Graph) -> Iterator[URIRef]:
    for kind in DECLARATION_TYPES:
        for s in graph.subjects(RDF.type, kind):
            if isinstance(s, URIRef) and str(s).startswith(STYR_NS):
                yield s


def languages(graph: Graph, s: Node, p: URIRef) -> list[str]:
    return sorted(o.language or "" for o in graph.objects(s, p) if isinstance(o, Literal))


def concept_iri(scheme: str, slug: str) -> URIRef:
    return URIRef(f"{KOD_NS}{scheme}/{slug}")


# --- both files parse -------------------------------------------------------------------------


@pytest.mark.parametrize("path", [STYR_FILE, KOD_FILE], ids=lambda p: p.name)
def test_turtle_parses(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 100


def test_ontology_header() -> None:
    g = styr_graph()
    onto = URIRef(ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in g
    assert languages(g, onto, DCTERMS.title) == ["en", "sv"]
    assert languages(g, onto, DCTERMS.description) == ["en", "sv"]
    assert g.value(onto, OWL.versionInfo) == Literal("0.1.0")
    assert g.value(onto, DCTERMS.license) == CC0
    assert g.value(onto, VANN_PREFIX) == Literal("styr")


# --- styr.ttl defines exactly the terms in loaders/vocab.py -----------------------------------


def test_every_vocab_term_is_declared() -> None:
    g = styr_graph()
    missing = sorted(
        name
        for name, iri in vocab_terms().items()
        if not any((iri, RDF.type, kind) in g for kind in DECLARATION_TYPES)
    )
    assert not missing, f"terms in loaders/vocab.py not declared in ontology/styr.ttl: {missing}"


def test_no_orphan_terms_in_ontology() -> None:
    declared = set(styr_subjects(styr_graph()))
    orphans = sorted(str(t) for t in declared - set(vocab_terms().values()))
    assert not orphans, f"terms in ontology/styr.ttl missing from loaders/vocab.py: {orphans}"


def test_no_undeclared_styr_term_is_referenced() -> None:
    g = styr_graph()
    declared = set(styr_subjects(g)) | {URIRef(ONTOLOGY_IRI)}
    referenced = {
        node
        for triple in g
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(STYR_NS)
    }
    assert not sorted(referenced - declared), "styr.ttl refers to styr: terms it never declares"


def test_classes_and_properties_follow_the_naming_convention() -> None:
    g = styr_graph()
    wrong = []
    for name, iri in vocab_terms().items():
        is_class = (iri, RDF.type, OWL.Class) in g
        is_property = any((iri, RDF.type, kind) in g for kind in PROPERTY_TYPES)
        if name[0].isupper() and not is_class:
            wrong.append(f"{name}: PascalCase but not an owl:Class")
        if name[0].islower() and not is_property:
            wrong.append(f"{name}: camelCase but not an object or datatype property")
        if is_class and is_property:
            wrong.append(f"{name}: declared both as class and property")
    assert not wrong, wrong


def test_every_term_is_labelled_and_defined_in_swedish_and_english() -> None:
    g = styr_graph()
    problems = []
    for name, iri in vocab_terms().items():
        for p in (RDFS.label, SKOS.definition):
            langs = languages(g, iri, p)
            if langs != ["en", "sv"]:
                problems.append(f"{name} {g.qname(p)}: {langs or 'none'} (want one @sv, one @en)")
        if g.value(iri, RDFS.isDefinedBy) != URIRef(ONTOLOGY_IRI):
            problems.append(f"{name}: rdfs:isDefinedBy is not {ONTOLOGY_IRI}")
    assert not problems, "\n".join(problems)


def test_scope_notes_come_in_both_languages() -> None:
    g = styr_graph()
    lopsided = [
        str(s)
        for s in set(g.subjects(SKOS.scopeNote, None))
        if sorted(set(languages(g, s, SKOS.scopeNote))) != ["en", "sv"]
    ]
    assert not lopsided, lopsided


@pytest.mark.parametrize(
    ("names", "datatype"),
    [
        (
            (
                "dueBy",
                "dueFrom",
                "dueDate",
                "validFrom",
                "validUntil",
                "dateToKS",
                "lastDecisionDate",
                "meetingDate",
            ),
            XSD.date,
        ),
        (
            ("goalNumber", "pointNumber", "order", "lineStart", "lineEnd", "pageStart", "pageEnd"),
            XSD.integer,
        ),
        (("statedValue",), XSD.decimal),
        (("dueMonth",), XSD.gYearMonth),
        (("budgetYear", "forBudgetYear", "originYear"), XSD.gYear),
        (("quote", "statedText", "text", "planText"), RDF.langString),
    ],
)
def test_datatype_ranges(names: tuple[str, ...], datatype: URIRef) -> None:
    g = styr_graph()
    for name in names:
        iri = URIRef(STYR_NS + name)
        assert (iri, RDF.type, OWL.DatatypeProperty) in g, name
        assert list(g.objects(iri, RDFS.range)) == [datatype], name


def test_object_property_domains_and_ranges_only_where_declared_safe() -> None:
    g = styr_graph()
    safe = {STYR.contributesTo, STYR.hasReportingRequirement, STYR.forAssignment}
    constrained = {
        s
        for s in g.subjects(RDF.type, OWL.ObjectProperty)
        if g.value(s, RDFS.domain) is not None or g.value(s, RDFS.range) is not None
    }
    assert constrained == safe
    assert g.value(STYR.contributesTo, RDFS.domain) == STYR.GoalContribution
    assert g.value(STYR.contributesTo, RDFS.range) == STYR.Goal
    assert g.value(STYR.hasReportingRequirement, RDFS.domain) == STYR.Assignment
    assert g.value(STYR.hasReportingRequirement, RDFS.range) == STYR.ReportingRequirement


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (STYR.hasReportingRequirement, STYR.forAssignment),
        (STYR.hasAction, STYR.mitigates),
        (STYR.hasControl, STYR.controlsRisk),
    ],
)
def test_inverse_pairs(left: URIRef, right: URIRef) -> None:
    g = styr_graph()
    assert (left, OWL.inverseOf, right) in g or (right, OWL.inverseOf, left) in g


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (STYR.responsibleBody, STYR.involvedBody),
        (STYR.cooperatingBody, STYR.involvedBody),
        (STYR.supportingBody, STYR.involvedBody),
        (STYR.statedIn, PROV.wasDerivedFrom),
        (STYR.caseNumber, DCTERMS.identifier),
        (STYR.text, DCTERMS.description),
        (
            STYR.budgetArea,
            URIRef(
                "http://data.openbudgets.eu/ontology/dsd/dimension/administrativeClassification"
            ),
        ),
        (
            STYR.budgetLine,
            URIRef("http://data.openbudgets.eu/ontology/dsd/dimension/economicClassification"),
        ),
    ],
)
def test_subproperties(sub: URIRef, sup: URIRef) -> None:
    assert (sub, RDFS.subPropertyOf, sup) in styr_graph()


def test_dependency_is_not_involvement() -> None:
    assert (STYR.dependsOnBody, RDFS.subPropertyOf, STYR.involvedBody) not in styr_graph()


# --- the class hierarchy the loader materialises ----------------------------------------------


def direct_superclasses() -> dict[URIRef, set[URIRef]]:
    direct: dict[URIRef, set[URIRef]] = {}
    for sub, sup in styr_graph().subject_objects(RDFS.subClassOf):
        assert isinstance(sub, URIRef) and isinstance(sup, URIRef), "anonymous class in styr.ttl"
        direct.setdefault(sub, set()).add(sup)
    return direct


def find_cycle(edges: dict[URIRef, set[URIRef]]) -> list[URIRef] | None:
    """Return one cycle in ``edges`` as a path, or None (iterative three-colour DFS)."""
    state: dict[URIRef, int] = {}  # 1 = on the current path, 2 = done
    for root in edges:
        if root in state:
            continue
        path: list[URIRef] = [root]
        stack: list[Iterator[URIRef]] = [iter(sorted(edges.get(root, ())))]
        state[root] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(edges.get(nxt, ()))))
    return None


def test_cycle_finder_finds_a_cycle() -> None:
    a, b, c = (URIRef(f"urn:x:{n}") for n in "abc")
    assert find_cycle({a: {b}, b: {c}, c: {a}}) == [a, b, c, a]
    assert find_cycle({a: {b, c}, b: {c}}) is None


def test_subclass_graph_has_no_cycles() -> None:
    cycle = find_cycle(direct_superclasses())
    assert cycle is None, " ⊑ ".join(str(c) for c in cycle or [])


def test_no_trivial_or_top_superclasses() -> None:
    direct = direct_superclasses()
    assert not [c for c, sups in direct.items() if c in sups], "a class is its own superclass"
    tops = {OWL.Thing, RDFS.Resource, RDFS.Class}
    assert not [c for c, sups in direct.items() if sups & tops]


def test_only_vocab_classes_get_superclasses() -> None:
    classes = {iri for name, iri in vocab_terms().items() if name[0].isupper()}
    assert set(direct_superclasses()) <= classes


@pytest.mark.parametrize(
    ("cls", "expected"),
    [
        (STYR.Goal, {PROV.Entity, SKOS.Concept}),
        (STYR.Board, {ORG.Organization, ORG.OrganizationalUnit, CV.PublicOrganisation}),
        (STYR.ExecutiveBoard, {STYR.Board, STYR.PoliticalBody, ORG.Organization}),
        (STYR.Evidence, {PROV.Derivation}),
        (STYR.BudgetObservation, {QB.Observation, PROV.Entity}),
        (STYR.Risk, {DPV.Risk, PROV.Entity}),
        (STYR.Document, {ELI.Work, PROV.Entity}),
        (STYR.ActionPlan, {STYR.Plan, STYR.SteeringDocument, ELI.LegalResource, PROV.Entity}),
        (STYR.Motion, {STYR.Document, URIRef("http://www.w3.org/ns/opengov#Motion")}),
        (STYR.AssignmentProposal, {STYR.DecisionPoint, PROV.Entity}),
    ],
)
def test_materialised_superclasses(cls: URIRef, expected: set[URIRef]) -> None:
    assert expected <= superclasses(cls)


def test_proposals_are_not_assignments() -> None:
    assert STYR.Assignment not in superclasses(STYR.AssignmentProposal)


ORGANISATIONS = (
    "Municipality",
    "PoliticalBody",
    "Council",
    "Board",
    "ExecutiveBoard",
    "Committee",
    "MunicipalCompany",
    "CompanyBoard",
    "Administration",
    "BodyCollective",
    "PoliticalParty",
    "PartyConstellation",
    "ExternalOrganisation",
    "ExternalAuthority",
)
# Classes whose instances are extracted from documents and carry prov:wasDerivedFrom.
ENTITIES = (
    "Document",
    "SteeringDocument",
    "Budget",
    "CityBudget",
    "BoardBudget",
    "ImplementationPlan",
    "Programme",
    "Plan",
    "ActionPlan",
    "Policy",
    "Guideline",
    "Rules",
    "RiskRegister",
    "InternalControlPlan",
    "TimePlan",
    "ServiceReport",
    "Statement",
    "Motion",
    "Case",
    "DecisionPoint",
    "AssignmentProposal",
    "SourceText",
    "Goal",
    "GoalContribution",
    "Direction",
    "Assignment",
    "ReportingRequirement",
    "ReportingOccasion",
    "BudgetProcessMilestone",
    "Risk",
    "RiskArea",
    "RiskAction",
    "ControlActivity",
    "TimePlanEntry",
    "BudgetDataSet",
    "BudgetObservation",
    "BudgetArea",
    "BudgetLine",
    "StatedAmount",
)


@pytest.mark.parametrize("name", ORGANISATIONS)
def test_organisations_are_org_organizations(name: str) -> None:
    assert ORG.Organization in superclasses(URIRef(STYR_NS + name))


@pytest.mark.parametrize("name", ENTITIES)
def test_extracted_things_are_prov_entities(name: str) -> None:
    assert PROV.Entity in superclasses(URIRef(STYR_NS + name))


def test_no_class_is_both_entity_and_activity() -> None:
    both = [
        iri for iri in vocab_terms().values() if {PROV.Entity, PROV.Activity} <= superclasses(iri)
    ]
    assert not both, "PROV-CONSTRAINTS makes entities and activities disjoint"


# --- kod.ttl defines exactly the concepts in loaders/codes.py --------------------------------


def test_every_code_list_is_a_concept_scheme() -> None:
    g = kod_graph()
    problems = []
    for scheme in CODE_LISTS:
        iri = KOD[scheme]
        if (iri, RDF.type, SKOS.ConceptScheme) not in g:
            problems.append(f"kod:{scheme} is not a skos:ConceptScheme")
        for p in (SKOS.prefLabel, SKOS.definition):
            if languages(g, iri, p) != ["en", "sv"]:
                problems.append(f"kod:{scheme} {g.qname(p)}: {languages(g, iri, p)}")
    assert not problems, "\n".join(problems)


def test_every_code_is_a_concept_in_its_scheme() -> None:
    g = kod_graph()
    problems = []
    for scheme, slugs in CODE_LISTS.items():
        for slug in slugs:
            iri = concept_iri(scheme, slug)
            where = f"kod:{scheme}/{slug}"
            if (iri, RDF.type, SKOS.Concept) not in g:
                problems.append(f"{where} is not a skos:Concept")
            if (iri, SKOS.inScheme, KOD[scheme]) not in g:
                problems.append(f"{where} lacks skos:inScheme kod:{scheme}")
            if (iri, SKOS.topConceptOf, KOD[scheme]) not in g:
                problems.append(f"{where} lacks skos:topConceptOf kod:{scheme}")
            if g.value(iri, SKOS.notation) != Literal(slug):
                problems.append(f"{where} notation is not {slug!r}")
            for p in (SKOS.prefLabel, SKOS.definition):
                if languages(g, iri, p) != ["en", "sv"]:
                    problems.append(f"{where} {g.qname(p)}: {languages(g, iri, p)}")
    assert not problems, "\n".join(problems)


def test_no_extra_concepts_or_schemes() -> None:
    g = kod_graph()
    expected = {concept_iri(s, slug) for s, slugs in CODE_LISTS.items() for slug in slugs}
    extra = sorted(str(c) for c in set(g.subjects(RDF.type, SKOS.Concept)) - expected)
    assert not extra, f"concepts in ontology/kod.ttl missing from loaders/codes.py: {extra}"
    schemes = set(g.subjects(RDF.type, SKOS.ConceptScheme))
    assert schemes == {KOD[s] for s in CODE_LISTS}
    in_some_scheme = set(g.subjects(SKOS.inScheme, None))
    assert in_some_scheme == expected


def test_code_lists_referenced_by_the_ontology_exist() -> None:
    schemes = set(kod_graph().subjects(RDF.type, SKOS.ConceptScheme))
    referenced = {
        o for o in styr_graph().objects() if isinstance(o, URIRef) and str(o).startswith(KOD_NS)
    }
    assert referenced - {URIRef(KOD_NS)} <= schemes
