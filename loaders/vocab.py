"""Namespaces and the closed set of ``styr:`` terms.

Every ``styr:`` term the code uses is listed here and must be defined in
``ontology/styr.ttl``; ``tests/test_ontology.py`` checks both directions. A
misspelt term raises ``AttributeError`` at import, as rdflib's closed
namespaces do.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/styrgraf/ontology"
STYR_NS = "https://w3id.org/styrgraf/ontology#"
KOD_NS = "https://w3id.org/styrgraf/kod/"
DEFAULT_BASE = "https://w3id.org/styrgraf/id/"

ORG = Namespace("http://www.w3.org/ns/org#")
CV = Namespace("http://data.europa.eu/m8g/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMXA = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
OBEU_DIM = Namespace("http://data.openbudgets.eu/ontology/dsd/dimension/")
OBEU_MEASURE = Namespace("http://data.openbudgets.eu/ontology/dsd/measure/")
OBEU_ATTR = Namespace("http://data.openbudgets.eu/ontology/dsd/attribute/")
OBEU_CODE = Namespace("http://data.openbudgets.eu/resource/codelist/")
INTERVAL = Namespace("http://reference.data.gov.uk/id/")
DPV = Namespace("https://w3id.org/dpv#")
OPENGOV = Namespace("http://www.w3.org/ns/opengov#")
KOD = Namespace(KOD_NS)
SEK = "http://publications.europa.eu/resource/authority/currency/SEK"


class STYR(DefinedNamespace):
    """The styrgraf ontology (closed: unknown names raise AttributeError)."""

    _NS = Namespace(STYR_NS)
    _fail = True

    # --- classes: documents
    Document: object
    SteeringDocument: object
    Budget: object
    CityBudget: object
    BoardBudget: object
    ImplementationPlan: object
    Programme: object
    Plan: object
    ActionPlan: object
    Policy: object
    Guideline: object
    Rules: object
    RiskRegister: object
    InternalControlPlan: object
    TimePlan: object
    ServiceReport: object
    Statement: object
    Motion: object
    Case: object
    DecisionPoint: object
    AssignmentProposal: object
    SourceText: object
    # --- classes: organisations
    Municipality: object
    PoliticalBody: object
    Council: object
    Board: object
    ExecutiveBoard: object
    Committee: object
    MunicipalCompany: object
    CompanyBoard: object
    Administration: object
    BodyCollective: object
    PoliticalParty: object
    PartyConstellation: object
    ExternalOrganisation: object
    ExternalAuthority: object
    Meeting: object
    # --- classes: steering content
    Goal: object
    GoalContribution: object
    Direction: object
    Assignment: object
    ReportingRequirement: object
    ReportingOccasion: object
    BudgetProcessMilestone: object
    # --- classes: risk, control, time plan
    Risk: object
    RiskArea: object
    RiskAction: object
    ControlActivity: object
    TimePlanEntry: object
    # --- classes: budget figures
    BudgetDataSet: object
    BudgetObservation: object
    BudgetArea: object
    BudgetLine: object
    StatedAmount: object
    # --- classes: provenance
    Evidence: object
    ExtractionRun: object

    # --- properties: documents
    budgetYear: object
    caseNumber: object
    documentStatus: object
    inCase: object
    sourceText: object
    sha256: object
    concerns: object
    stance: object
    hasDecisionPoint: object
    pointNumber: object
    decisionForum: object
    proposesAdoptionOf: object
    validFrom: object
    validUntil: object
    validityText: object
    order: object
    signedByPost: object
    adoptedAtMeeting: object
    meetingOf: object
    meetingDate: object
    # --- properties: goals and directions
    goalNumber: object
    text: object
    contributesTo: object
    contributingBody: object
    statedIn: object
    contributionText: object
    currentStateText: object
    plannedWorkText: object
    keySteeringDocument: object
    supportsGoal: object
    listedIn: object
    definedIn: object
    directedTo: object
    # --- properties: assignments and reporting
    involvedBody: object
    responsibleBody: object
    cooperatingBody: object
    supportingBody: object
    dependsOnBody: object
    assignedBy: object
    origin: object
    originYear: object
    handlingNote: object
    statusText: object
    hasReportingRequirement: object
    forAssignment: object
    reportTo: object
    reportingMode: object
    timingKind: object
    planText: object
    dueDate: object
    dueMonth: object
    dueQuarter: object
    dueFrom: object
    dueBy: object
    reportingOccasion: object
    reportType: object
    reportingBody: object
    forBudgetYear: object
    # --- properties: risk, control, time plan
    riskArea: object
    riskDescription: object
    consequenceDescription: object
    hasAction: object
    mitigates: object
    actionStatus: object
    hasControl: object
    controlsRisk: object
    controlMethod: object
    followedUpIn: object
    followUpText: object
    inTimePlan: object
    plannedReport: object
    dateToKS: object
    recurrence: object
    lastDecisionDate: object
    documentForm: object
    lateDispatch: object
    noteText: object
    # --- properties: budget figures
    budgetArea: object
    budgetLine: object
    unit: object
    hasSummand: object
    operationCharacter: object
    sourceTableTitle: object
    correspondsToOrganisation: object
    statedValue: object
    statedUnit: object
    amountRole: object
    describesObservation: object
    # --- properties: provenance
    lineStart: object
    lineEnd: object
    pageStart: object
    pageEnd: object
    charStart: object
    charEnd: object
    quote: object
    statedText: object
    extractorVersion: object
    reviewStatus: object


__all__ = [
    "CV",
    "DCTERMS",
    "DEFAULT_BASE",
    "DPV",
    "ELI",
    "INTERVAL",
    "KOD",
    "OBEU_ATTR",
    "OBEU_CODE",
    "OBEU_DIM",
    "OBEU_MEASURE",
    "OPENGOV",
    "ORG",
    "OWL",
    "PROV",
    "QB",
    "RDF",
    "RDFS",
    "SDMXA",
    "SEK",
    "SKOS",
    "STYR",
    "XSD",
]
