"""Namespaces and the closed set of ``styr:`` terms.

Every ``styr:`` term the code uses is listed here and must be defined in
``ontology/styr.ttl``; ``tests/test_ontology.py`` checks both directions. A
misspelt term raises ``AttributeError`` at import, as rdflib's closed
namespaces do.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
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
    Document: URIRef
    SteeringDocument: URIRef
    Budget: URIRef
    CityBudget: URIRef
    BoardBudget: URIRef
    ImplementationPlan: URIRef
    Programme: URIRef
    Plan: URIRef
    ActionPlan: URIRef
    Policy: URIRef
    Guideline: URIRef
    Rules: URIRef
    RiskRegister: URIRef
    InternalControlPlan: URIRef
    TimePlan: URIRef
    OperationalPlan: URIRef
    GoalResponsibilityDecision: URIRef
    FollowUpReport: URIRef
    InterimReport: URIRef
    AnnualReport: URIRef
    AssignmentFollowUp: URIRef
    ServiceReport: URIRef
    Section: URIRef
    sectionNumber: URIRef
    sectionText: URIRef
    inSection: URIRef
    relatesToSdg: URIRef
    StatusReport: URIRef
    reportsOn: URIRef
    assignmentStatus: URIRef
    reportedIn: URIRef
    currentStatus: URIRef
    Statement: URIRef
    Motion: URIRef
    Case: URIRef
    DecisionPoint: URIRef
    AssignmentProposal: URIRef
    SourceText: URIRef
    # --- classes: organisations
    Municipality: URIRef
    PoliticalBody: URIRef
    Council: URIRef
    Board: URIRef
    ExecutiveBoard: URIRef
    Committee: URIRef
    MunicipalCompany: URIRef
    CompanyBoard: URIRef
    Administration: URIRef
    BodyCollective: URIRef
    PoliticalParty: URIRef
    PartyConstellation: URIRef
    ExternalOrganisation: URIRef
    ExternalAuthority: URIRef
    Meeting: URIRef
    # --- classes: steering content
    Goal: URIRef
    GoalContribution: URIRef
    Direction: URIRef
    Assignment: URIRef
    ReportingRequirement: URIRef
    ReportingOccasion: URIRef
    BudgetProcessMilestone: URIRef
    # --- classes: risk, control, time plan
    Risk: URIRef
    RiskArea: URIRef
    RiskAction: URIRef
    ControlActivity: URIRef
    TimePlanEntry: URIRef
    # --- classes: budget figures
    BudgetDataSet: URIRef
    BudgetObservation: URIRef
    BudgetArea: URIRef
    BudgetLine: URIRef
    Indicator: URIRef
    IndicatorValue: URIRef
    StatedAmount: URIRef
    # --- classes: provenance
    Evidence: URIRef
    ExtractionRun: URIRef

    # --- properties: documents
    budgetYear: URIRef
    caseNumber: URIRef
    documentStatus: URIRef
    inCase: URIRef
    sourceText: URIRef
    sha256: URIRef
    concerns: URIRef
    stance: URIRef
    hasDecisionPoint: URIRef
    pointNumber: URIRef
    decisionForum: URIRef
    proposesAdoptionOf: URIRef
    validFrom: URIRef
    validUntil: URIRef
    validityText: URIRef
    order: URIRef
    signedByPost: URIRef
    adoptedAtMeeting: URIRef
    meetingOf: URIRef
    meetingDate: URIRef
    # --- properties: goals and directions
    goalNumber: URIRef
    text: URIRef
    contributesTo: URIRef
    contributingBody: URIRef
    statedIn: URIRef
    contributionText: URIRef
    currentStateText: URIRef
    plannedWorkText: URIRef
    keySteeringDocument: URIRef
    supportsGoal: URIRef
    listedIn: URIRef
    definedIn: URIRef
    directedTo: URIRef
    # --- properties: assignments and reporting
    involvedBody: URIRef
    mainResponsibleBody: URIRef
    responsibleBody: URIRef
    cooperatingBody: URIRef
    supportingBody: URIRef
    dependsOnBody: URIRef
    assignedBy: URIRef
    origin: URIRef
    originYear: URIRef
    givenOn: URIRef
    statusComment: URIRef
    handlingNote: URIRef
    statusText: URIRef
    hasReportingRequirement: URIRef
    forAssignment: URIRef
    reportTo: URIRef
    reportingMode: URIRef
    timingKind: URIRef
    planText: URIRef
    dueDate: URIRef
    dueMonth: URIRef
    dueQuarter: URIRef
    dueFrom: URIRef
    dueBy: URIRef
    reportingOccasion: URIRef
    reportType: URIRef
    reportingBody: URIRef
    forBudgetYear: URIRef
    # --- properties: risk, control, time plan
    riskArea: URIRef
    riskDescription: URIRef
    consequenceDescription: URIRef
    hasAction: URIRef
    mitigates: URIRef
    actionStatus: URIRef
    hasControl: URIRef
    controlsRisk: URIRef
    controlMethod: URIRef
    followedUpIn: URIRef
    followUpText: URIRef
    inTimePlan: URIRef
    plannedReport: URIRef
    dateToKS: URIRef
    recurrence: URIRef
    lastDecisionDate: URIRef
    documentForm: URIRef
    lateDispatch: URIRef
    noteText: URIRef
    # --- properties: budget figures
    budgetArea: URIRef
    budgetLine: URIRef
    unit: URIRef
    hasSummand: URIRef
    hasPartObservation: URIRef
    operationCharacter: URIRef
    sourceTableTitle: URIRef
    correspondsToOrganisation: URIRef
    statedValue: URIRef
    statedUnit: URIRef
    amountRole: URIRef
    indicator: URIRef
    valueKind: URIRef
    describesObservation: URIRef
    baselineObservation: URIRef
    changeAmount: URIRef
    # --- properties: provenance
    lineStart: URIRef
    lineEnd: URIRef
    pageStart: URIRef
    pageEnd: URIRef
    charStart: URIRef
    charEnd: URIRef
    quote: URIRef
    statedText: URIRef
    extractorVersion: URIRef
    reviewStatus: URIRef


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
