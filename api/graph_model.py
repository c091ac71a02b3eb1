"""The governance graph's vocabulary: the relations the view follows and the node kinds.

:data:`RELATIONS` are the properties :class:`api.graph.GraphView` keeps as edges, each with
its short name (the edge key), its group and its Swedish label; :data:`KINDS` are the
classes it knows, most specific first, each with the kind and category a node of that
class gets. Both are also what ``/api/traverse`` accepts (``via=``, ``kind=``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

STYR = "https://w3id.org/styrgraf/ontology#"
ORG = "http://www.w3.org/ns/org#"


@dataclass(frozen=True)
class Relation:
    """A property the view follows: its IRI, short name, group and Swedish label."""

    iri: str
    name: str
    group: str
    label: str


def _styr(name: str, group: str, label: str) -> Relation:
    return Relation(STYR + name, name, group, label)


#: The relations in the view, by group. ``documents`` (which document lists or defines a
#: node) and ``organisation`` (the body hierarchy) make hubs that every node of a document
#: or municipality hangs on, so paths avoid them unless asked.
RELATIONS: tuple[Relation, ...] = (
    _styr("supportsGoal", "goals", "stödjer mål"),
    _styr("contributesTo", "goals", "bidrar till"),
    _styr("contributingBody", "goals", "bidragande organ"),
    _styr("keySteeringDocument", "goals", "viktigt styrdokument"),
    _styr("responsibleBody", "bodies", "ansvarigt organ"),
    _styr("cooperatingBody", "bodies", "samverkande organ"),
    _styr("supportingBody", "bodies", "stödjande organ"),
    _styr("involvedBody", "bodies", "delaktigt organ"),
    _styr("dependsOnBody", "bodies", "beror av organ"),
    _styr("assignedBy", "bodies", "uppdragsgivare"),
    _styr("directedTo", "bodies", "riktad till"),
    _styr("hasReportingRequirement", "reporting", "har återrapporteringskrav"),
    _styr("forAssignment", "reporting", "avser uppdrag"),
    _styr("reportTo", "reporting", "rapporteras till"),
    _styr("reportingOccasion", "reporting", "rapporteringstillfälle"),
    _styr("reportingBody", "reporting", "rapporterande organ"),
    _styr("followedUpIn", "reporting", "följs upp i"),
    _styr("riskArea", "risk", "riskområde"),
    _styr("hasAction", "risk", "har åtgärd"),
    _styr("mitigates", "risk", "motverkar"),
    _styr("hasControl", "risk", "har kontroll"),
    _styr("controlsRisk", "risk", "kontrollerar risk"),
    _styr("budgetArea", "budget", "verksamhetsdel"),
    _styr("correspondsToOrganisation", "budget", "motsvarar organisation"),
    Relation(ORG + "subOrganizationOf", "subOrganizationOf", "organisation", "del av"),
    _styr("listedIn", "documents", "återges i"),
    _styr("definedIn", "documents", "fastställt i"),
    _styr("statedIn", "documents", "anges i"),
)
BY_IRI = {r.iri: r for r in RELATIONS}
BY_NAME = {r.name: r for r in RELATIONS}
#: A relation's place in :data:`RELATIONS` (paths list their steps in this order).
ORDER = {r.name: i for i, r in enumerate(RELATIONS)}
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(r.group for r in RELATIONS))
#: Relations paths follow unless the caller names others: all but the hub-making groups.
PATH_RELATIONS = frozenset(
    r.name for r in RELATIONS if r.group not in ("documents", "organisation")
)
ALL_RELATIONS = frozenset(BY_NAME)
#: Dropped when the parent-to-child direction links the same pair.
INVERSES = {
    "mitigates": "hasAction",
    "controlsRisk": "hasControl",
    "forAssignment": "hasReportingRequirement",
}
#: ``styr:involvedBody`` is dropped when one of these links the same pair.
INVOLVED_SPECIFIC = ("responsibleBody", "cooperatingBody", "supportingBody")
#: How a body takes part in what supports a goal.
BODY_ROLES = (*INVOLVED_SPECIFIC, "involvedBody", "contributingBody", "directedTo")
CONTRIBUTING_ROLES = ("cooperatingBody", "supportingBody", "involvedBody")

#: Classes the view knows, most specific first: class local name, kind, category.
KINDS: tuple[tuple[str, str, str], ...] = (
    ("Goal", "goal", "goal"),
    ("GoalContribution", "goal-contribution", "contribution"),
    ("Direction", "direction", "contribution"),
    ("Assignment", "assignment", "contribution"),
    ("AssignmentProposal", "assignment-proposal", "contribution"),
    ("DecisionPoint", "decision-point", "decision"),
    ("Programme", "programme", "steering-document"),
    ("ActionPlan", "action-plan", "steering-document"),
    ("Plan", "plan", "steering-document"),
    ("Policy", "policy", "steering-document"),
    ("Guideline", "guideline", "steering-document"),
    ("Rules", "rules", "steering-document"),
    ("CityBudget", "city-budget", "document"),
    ("BoardBudget", "board-budget", "document"),
    ("Budget", "budget", "document"),
    ("ImplementationPlan", "implementation-plan", "document"),
    ("RiskRegister", "risk-register", "document"),
    ("InternalControlPlan", "internal-control-plan", "document"),
    ("TimePlan", "time-plan", "document"),
    ("OperationalPlan", "operational-plan", "steering-document"),
    ("GoalResponsibilityDecision", "goal-responsibility", "steering-document"),
    ("InterimReport", "interim-report", "document"),
    ("AnnualReport", "annual-report", "document"),
    ("AssignmentFollowUp", "assignment-follow-up", "document"),
    ("FollowUpReport", "follow-up-report", "document"),
    ("ServiceReport", "service-report", "document"),
    ("Statement", "statement", "document"),
    ("Motion", "motion", "document"),
    ("SteeringDocument", "steering-document", "steering-document"),
    ("Document", "document", "document"),
    ("Council", "council", "body"),
    ("ExecutiveBoard", "executive-board", "body"),
    ("CompanyBoard", "company-board", "body"),
    ("Committee", "committee", "body"),
    ("Board", "board", "body"),
    ("MunicipalCompany", "municipal-company", "body"),
    ("Administration", "administration", "body"),
    ("BodyCollective", "body-collective", "body"),
    ("PoliticalBody", "political-body", "body"),
    ("Municipality", "municipality", "body"),
    ("ExternalAuthority", "external-authority", "body"),
    ("ExternalOrganisation", "external-organisation", "body"),
    ("PartyConstellation", "party-constellation", "party"),
    ("PoliticalParty", "party", "party"),
    ("Risk", "risk", "risk"),
    ("RiskArea", "risk-area", "risk"),
    ("RiskAction", "risk-action", "risk"),
    ("ControlActivity", "control-activity", "risk"),
    ("ReportingRequirement", "reporting-requirement", "reporting"),
    ("ReportingOccasion", "reporting-occasion", "reporting"),
    ("BudgetProcessMilestone", "budget-milestone", "reporting"),
    ("BudgetArea", "budget-area", "budget"),
    ("BudgetObservation", "budget-observation", "budget"),
    ("StatedAmount", "stated-amount", "budget"),
)
#: Class IRI → (rank, kind, category); the lowest rank is the most specific class.
CLASSES: dict[str, tuple[int, str, str]] = {
    STYR + local: (rank, kind, category) for rank, (local, kind, category) in enumerate(KINDS)
}
CLASSES[ORG + "Organization"] = (len(KINDS), "organisation", "body")
KIND_NAMES = frozenset(kind for _, kind, _ in KINDS) | {"organisation", "other"}
CATEGORY = {kind: category for _, kind, category in KINDS} | {
    "organisation": "body",
    "other": "other",
}


def resolve_via(items: Iterable[str]) -> frozenset[str]:
    """Return the relation short names that ``items`` (group names or relation short
    names) stand for.

    Raises:
        ValueError: an item is neither; the message names it.
    """
    names: set[str] = set()
    for item in items:
        if item in BY_NAME:
            names.add(item)
        elif item in GROUPS:
            names.update(r.name for r in RELATIONS if r.group == item)
        else:
            raise ValueError(item)
    return frozenset(names)
