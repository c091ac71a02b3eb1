"""Every rule in shapes/ has a conforming and a violating case, on both engines.

The base graph below is a small, correct board year written by hand: an implementation
plan and a budget for kommunstyrelsen 2025, one assignment in both with a dated
reporting requirement that the time plan agrees with, a supported goal, a budget table
whose rows and parts add up, and amounts in the text that restate its cells. Each case
changes one thing and names the findings a reader would expect.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SH, SKOS, XSD

from api.validate import load_shapes, run

SHAPES_DIR = Path(__file__).resolve().parents[1] / "shapes"
STYR = Namespace("https://w3id.org/styrgraf/ontology#")
SHP = Namespace("https://w3id.org/styrgraf/shapes#")
OBM = Namespace("http://data.openbudgets.eu/ontology/dsd/measure/")
EX = Namespace("https://example.org/kommun/")
LOPANDE = URIRef("https://w3id.org/styrgraf/kod/rapporteringssatt/lopande")
UPPDRAGSSTATUS = Namespace("https://w3id.org/styrgraf/kod/uppdragsstatus/")
#: pySHACL, the reference, is slow: `make check` runs the fast engine only
ENGINES = ["fast", pytest.param("pyshacl", marks=pytest.mark.slow)]


def date(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


def money(text: str) -> Literal:
    return Literal(Decimal(text))


class World:
    """A hand-written board year that satisfies every rule."""

    def __init__(self) -> None:
        self.g = Graph()
        self.n = 0
        g = self.g
        self.plan = self.doc("plan", [STYR.ImplementationPlan], "Genomförandeplan 2025")
        self.budget = self.doc("budget", [STYR.BoardBudget, STYR.Budget], "Budget 2025")
        self.entity(EX.ks, [STYR.Board, STYR.PoliticalBody, ORG.Organization], "Kommunstyrelsen")
        for doc in (self.plan, self.budget):
            g.add((doc, DCTERMS.subject, EX.ks))
        # an assignment in both documents, worded the same, with a dated requirement
        text = "Kommunstyrelsen får i uppdrag att ta fram en plan."
        self.assignment = self.entity(EX.uppdrag, [STYR.Assignment], "Ta fram en plan", text)
        self.evidence(self.assignment, self.budget, text)
        g.add((self.assignment, STYR.responsibleBody, EX.ks))
        g.add((self.assignment, STYR.originYear, Literal("2025", datatype=XSD.gYear)))
        g.add((self.assignment, STYR.listedIn, self.plan))
        g.add((self.assignment, STYR.listedIn, self.budget))
        self.req = self.entity(EX.krav, [STYR.ReportingRequirement], "Återrapportering")
        g.add((self.assignment, STYR.hasReportingRequirement, self.req))
        g.add((self.req, STYR.statedIn, self.budget))
        g.add((self.req, STYR.dueBy, date("2025-04-23")))
        g.add((self.req, STYR.dueDate, date("2025-04-23")))
        g.add((self.req, STYR.reportingOccasion, EX.delarsrapport))
        self.entry = self.entity(EX.tidplan1, [STYR.TimePlanEntry], "Delårsrapport mars")
        g.add((self.entry, STYR.plannedReport, EX.delarsrapport))
        g.add((self.entry, STYR.dateToKS, date("2025-04-23")))
        g.add((self.entry, STYR.lastDecisionDate, date("2025-04-30")))
        # a goal with a programme that supports it
        self.goal = self.entity(EX.mal1, [STYR.Goal], "Mål 1", "Staden ska vara trygg.")
        self.evidence(self.goal, self.budget, "Staden ska vara trygg")
        g.add((EX.program, STYR.supportsGoal, self.goal))
        # a table: Resultat = Intäkter + Kostnader; Intäkter = the two parts' Intäkter
        self.result = self.cell("resultat", "0.0")
        self.income = self.cell("intakter", "10.0")
        self.costs = self.cell("kostnader", "-10.0")
        self.last_year = self.cell("intakter-2024", "8.0")
        self.part1 = self.cell("del1-intakter", "4.0")
        self.part2 = self.cell("del2-intakter", "6.0")
        for part in (self.income, self.costs):
            g.add((self.result, STYR.hasSummand, part))
        for part in (self.part1, self.part2):
            g.add((self.income, STYR.hasPartObservation, part))
        # the text restates a level and a change
        self.level = self.amount("niva", "10.0")
        g.add((self.level, STYR.describesObservation, self.income))
        self.change = self.amount("forandring", "2.0")
        g.add((self.change, STYR.changeAmount, money("2.0")))
        g.add((self.change, STYR.describesObservation, self.income))
        g.add((self.change, STYR.baselineObservation, self.last_year))

    def evidence(self, node: URIRef, doc: URIRef, stated: str | None = None) -> URIRef:
        self.n += 1
        ev = URIRef(f"{node}/belagg/{self.n}")
        g = self.g
        g.add((ev, RDF.type, STYR.Evidence))
        g.add((ev, PROV.entity, doc))
        g.add((ev, STYR.lineStart, Literal(self.n)))
        g.add((ev, STYR.lineEnd, Literal(self.n + 1)))
        g.add((ev, STYR.quote, Literal(stated or "citat", lang="sv")))
        if stated:
            g.add((ev, STYR.statedText, Literal(stated, lang="sv")))
        g.add((node, PROV.qualifiedDerivation, ev))
        g.add((node, PROV.wasDerivedFrom, doc))
        return ev

    def entity(
        self, iri: URIRef, types: list[URIRef], label: str, stated: str | None = None
    ) -> URIRef:
        for t in types:
            self.g.add((iri, RDF.type, t))
        self.g.add((iri, RDFS.label, Literal(label, lang="sv")))
        self.evidence(iri, getattr(self, "plan", iri), stated)
        return iri

    def doc(self, name: str, types: list[URIRef], label: str) -> URIRef:
        iri = EX[name]
        self.entity(iri, [STYR.Document, STYR.SteeringDocument, *types], label)
        self.g.add((iri, STYR.budgetYear, Literal("2025", datatype=XSD.gYear)))
        return iri

    def cell(self, name: str, amount: str) -> URIRef:
        iri = self.entity(EX[f"obs/{name}"], [STYR.BudgetObservation], name)
        self.g.add((iri, OBM.amount, money(amount)))
        return iri

    def amount(self, name: str, amount: str) -> URIRef:
        iri = self.entity(EX[f"belopp/{name}"], [STYR.StatedAmount], name)
        self.g.add((iri, OBM.amount, money(amount)))
        return iri

    def first_evidence(self, node: URIRef) -> URIRef:
        found = sorted(self.g.objects(node, PROV.qualifiedDerivation), key=str)
        assert isinstance(found[0], URIRef)
        return found[0]

    def set(self, node: URIRef, prop: URIRef, value: Literal | URIRef | None) -> None:
        self.g.remove((node, prop, None))
        if value is not None:
            self.g.add((node, prop, value))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(SHAPES_DIR)


def findings(world: World, shapes: Graph, engine: str) -> Counter[str]:
    """Return the number of findings per named rule (shape local name)."""
    report = run(world.g, shapes, engine=engine, time_limit=120)
    out: Counter[str] = Counter()
    for f in report.findings:
        shape = f.source_shape
        if isinstance(shape, BNode):  # a blank property shape: name it by its parent
            shape = shapes.value(None, SH.property, shape) or shape
        out[str(shape).rsplit("#", 1)[-1]] += 1
    return out


@pytest.mark.parametrize("engine", ENGINES)
def test_the_base_world_conforms(shapes: Graph, engine: str) -> None:
    assert findings(World(), shapes, engine) == Counter()


Change = Callable[[World], None]


def _report(w: World, name: str, status: str, when: str | None, doc: bool = True) -> None:
    """Add a status report on the assignment (the steering chain, shapes/chain.ttl)."""
    iri = EX[f"status/{name}"]
    w.g.add((iri, RDF.type, STYR.StatusReport))
    w.g.add((iri, STYR.reportsOn, w.assignment))
    w.g.add((iri, STYR.assignmentStatus, UPPDRAGSSTATUS[status]))
    if doc:
        w.g.add((iri, STYR.reportedIn, w.budget))
    if when:
        w.g.add((iri, DCTERMS.date, date(when)))


def _bad_iri(w: World) -> None:
    node = BNode()
    w.g.add((node, RDF.type, STYR.Goal))
    w.g.add((node, RDFS.label, Literal("Mål utan IRI", lang="sv")))
    w.g.add((node, PROV.wasDerivedFrom, w.plan))
    w.g.add((node, PROV.qualifiedDerivation, w.evidence(EX.hjalp, w.plan)))
    w.g.add((EX.program, STYR.supportsGoal, node))


CASES: list[tuple[str, Change, dict[str, int]]] = [
    # responsibility and reporting
    ("no responsible body", lambda w: w.set(w.assignment, STYR.responsibleBody, None),
     {"AssignmentResponsibleProperty": 1}),
    ("no date", lambda w: (w.set(w.req, STYR.dueBy, None), w.set(w.req, STYR.dueDate, None)),
     {"AssignmentReportingProperty": 1}),
    ("continuous, no date",
     lambda w: (w.set(w.req, STYR.dueBy, None), w.set(w.req, STYR.dueDate, None),
                w.set(w.req, STYR.reportingMode, LOPANDE)),
     {}),
    ("due the year before", lambda w: w.set(w.req, STYR.dueBy, date("2024-12-11")),
     {"ReportingWindowShape": 1}),
    ("due at the end of the window", lambda w: w.set(w.req, STYR.dueBy, date("2026-03-31")), {}),
    ("due after the window", lambda w: w.set(w.req, STYR.dueBy, date("2026-04-01")),
     {"ReportingWindowShape": 1}),
    # table arithmetic: 0.2 off is wrong, exactly 0.1 off is information
    ("row sum 0.2 off", lambda w: w.set(w.costs, OBM.amount, money("-9.8")),
     {"TableRowSumShape": 1}),
    ("row sum 0.1 off", lambda w: w.set(w.costs, OBM.amount, money("-9.9")),
     {"TableRowSumRoundingShape": 1}),
    ("parts 0.2 off", lambda w: w.set(w.part2, OBM.amount, money("5.8")),
     {"TablePartsSumShape": 1}),
    ("parts 0.1 off", lambda w: w.set(w.part2, OBM.amount, money("6.1")),
     {"TablePartsSumRoundingShape": 1}),
    # prose against table: a level and a change
    ("level 0.3 off", lambda w: w.set(w.level, OBM.amount, money("10.3")),
     {"StatedAmountShape": 1}),
    ("level 0.1 off", lambda w: w.set(w.level, OBM.amount, money("9.9")),
     {"StatedAmountRoundingShape": 1}),
    ("change 0.9 off", lambda w: w.set(w.change, STYR.changeAmount, money("2.9")),
     {"StatedAmountShape": 1}),
    ("change 0.1 off", lambda w: w.set(w.change, STYR.changeAmount, money("2.1")),
     {"StatedAmountRoundingShape": 1}),
    # document against document
    ("worded differently",
     lambda w: w.evidence(w.goal, w.budget, "Staden ska vara trygg och jämlik"),
     {"WordingShape": 1}),
    ("same words, other case and commas",
     lambda w: w.evidence(w.goal, w.budget, "staden ska, vara trygg."),
     {}),
    ("missing from the plan", lambda w: w.g.remove((w.assignment, STYR.listedIn, w.plan)),
     {"CaseCompletenessShape": 1}),
    ("an earlier year's assignment only in the budget",
     lambda w: (w.g.remove((w.assignment, STYR.listedIn, w.plan)),
                w.set(w.assignment, STYR.originYear, Literal("2024", datatype=XSD.gYear))),
     {}),
    # time plan
    ("date differs from the time plan", lambda w: w.set(w.req, STYR.dueDate, date("2025-04-24")),
     {"TimePlanAgreementShape": 1}),
    ("date is the time plan's last decision date",
     lambda w: w.set(w.req, STYR.dueDate, date("2025-04-30")), {}),
    # goals
    ("goal without support", lambda w: w.g.remove((EX.program, STYR.supportsGoal, None)),
     {"GoalSupportShape": 1}),
    ("council goal without a main responsible body",
     lambda w: w.g.add((w.goal, SKOS.inScheme, EX["mal/2023-2026"])),
     {"CouncilGoalResponsibleShape": 1}),
    # the steering chain: status reports
    ("fulfilled, then reported ongoing",
     lambda w: (_report(w, "1", "fullgjord", "2025-04-23"),
                _report(w, "2", "pagaende", "2025-09-30")),
     {"ReopenedAssignmentShape": 1}),
    ("status report without a date", lambda w: _report(w, "1", "pagaende", None),
     {"StatusReportDateProperty": 1}),
    ("status report without its document",
     lambda w: _report(w, "1", "pagaende", "2025-04-23", doc=False),
     {"StatusReportSourceProperty": 1}),
    # well-formedness
    ("no provenance", lambda w: w.g.remove((w.assignment, PROV.wasDerivedFrom, None)),
     {"ProvenanceShape": 1}),
    ("English label only",
     lambda w: w.set(w.goal, RDFS.label, Literal("Goal 1", lang="en")),
     {"SwedishLabelShape": 1}),
    ("blank-node goal", _bad_iri, {"IriShape": 2}),  # not an IRI, and not http(s)
    ("evidence lines reversed",
     lambda w: w.set(w.first_evidence(w.goal), STYR.lineStart, Literal(99)),
     {"EvidenceShape": 1}),
    ("amount as an integer",
     lambda w: w.set(w.part1, OBM.amount, Literal(4)),
     {"MoneyShape": 1}),
    ("date as a string",
     lambda w: w.set(w.entry, STYR.lastDecisionDate, Literal("2025-04-30")),
     {"DateShape": 1}),
    ("year as an integer",
     lambda w: w.set(w.plan, STYR.budgetYear, Literal(2025)),
     {"YearShape": 1}),
]  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("change", "expected"), [(c[1], c[2]) for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_rule(shapes: Graph, engine: str, change: Change, expected: dict[str, int]) -> None:
    world = World()
    change(world)
    assert findings(world, shapes, engine) == Counter(expected)


def test_every_rule_has_a_violating_case(shapes: Graph) -> None:
    # a node shape that only groups a named property shape reports through that shape
    groups = {s for s, o in shapes.subject_objects(SH.property) if isinstance(o, URIRef)}
    named = {
        str(s).rsplit("#", 1)[-1]
        for s in shapes.subjects(SH.severity, None)
        if isinstance(s, URIRef) and s not in groups
    }
    violated = {name for _, _, expected in CASES for name in expected}
    assert named == violated
