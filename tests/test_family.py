"""Two whole documents of the family, written by hand: another municipality, another board.

The expected values below were read off tests/fixtures/family/*.txt by a person;
line numbers are those of the files. See tests/fixtures/family/README.md.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from loaders.codes import code
from loaders.ids import DEFAULT_BASE
from loaders.pipeline import IngestResult, ingest
from loaders.vocab import ELI, OBEU_MEASURE, PROV, STYR

FAMILY = Path(__file__).parent / "fixtures" / "family"
PLAN = FAMILY / "uddevalla_kfn_genomforandeplan_2026.txt"
BUDGET = FAMILY / "uddevalla_kfn_budget_2026.txt"
ID = DEFAULT_BASE + "uddevalla/"
BOARD = URIRef(ID + "org/kultur-och-fritidsnamnden")
PLAN_DOC = URIRef(ID + "2026/kultur-och-fritidsnamnden/genomforandeplan")
BUDGET_DOC = URIRef(ID + "2026/kultur-och-fritidsnamnden/budget")
RISKS_DOC = URIRef(ID + "2026/kultur-och-fritidsnamnden/riskbild")
NS = {"styr": STYR._NS, "prov": PROV}


@pytest.fixture(scope="module")
def both() -> IngestResult:
    return ingest([PLAN, BUDGET])


@pytest.fixture(scope="module")
def g(both: IngestResult) -> Graph:
    return both.merged()


def _strs(graph: Graph, s: URIRef, p: URIRef) -> set[str]:
    return {str(o) for o in graph.objects(s, p)}


def _assignment(graph: Graph, words: str) -> URIRef:
    found = {
        a
        for a in graph.subjects(RDF.type, STYR.Assignment)
        if any(words in str(t) for t in graph.objects(a, STYR.text))
    }
    assert len(found) == 1, (words, found)
    return found.pop()  # type: ignore[return-value]


def _requirement(graph: Graph, assignment: URIRef, doc: URIRef) -> URIRef:
    found = [
        r
        for r in graph.objects(assignment, STYR.hasReportingRequirement)
        if (r, STYR.statedIn, doc) in graph
    ]
    assert len(found) == 1, found
    return found[0]  # type: ignore[return-value]


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


def test_plan_fixture_is_stored_decomposed() -> None:
    raw = PLAN.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFD", raw) and not unicodedata.is_normalized("NFC", raw)
    assert "\ufffd" in raw and "A\u030aterrapportering" not in raw  # "AÅ" is two letters


def test_load_report_is_empty(both: IngestResult) -> None:
    assert [(f.source, f.line_start, f.raw) for f in both.report.findings] == []


def test_documents_and_their_kinds(g: Graph) -> None:
    kinds = {
        URIRef(ID + "2026/kultur-och-fritidsnamnden/genomforandeplan/yrkande/c-s"): STYR.Motion,
        PLAN_DOC: STYR.ImplementationPlan,
        URIRef(ID + "arende/kfn-2025-00412/tjansteutlatande"): STYR.ServiceReport,
        BUDGET_DOC: STYR.BoardBudget,
        RISKS_DOC: STYR.RiskRegister,
    }
    for doc, cls in kinds.items():
        assert (doc, RDF.type, cls) in g, doc
    in_files = {d for d in g.subjects(RDF.type, STYR.Document) if g.value(d, STYR.sourceText)}
    assert in_files == set(kinds)
    for doc in kinds:  # a document is derived from the file it was read from
        assert g.value(doc, PROV.wasDerivedFrom) == g.value(doc, STYR.sourceText)


def test_service_report_case_date_and_post(g: Graph) -> None:
    report = URIRef(ID + "arende/kfn-2025-00412/tjansteutlatande")
    assert g.value(report, ELI.date_document) == _date("2025-11-12")  # line 16
    assert str(g.value(report, STYR.caseNumber)) == "KFN-2025-00412"  # line 17
    post = URIRef(ID + "org/kultur-och-fritidsforvaltningen/befattning/forvaltningschef")
    assert (report, STYR.signedByPost, post) in g  # line 25


def test_personal_data_left_out(both: IngestResult) -> None:
    text = "\n".join(graph.serialize(format="nt") for graph in both.graphs.values())
    for canary in ("Kanarieberg", "kanarieberg", "69 70 00", "0522", "Exempelsson"):
        assert canary not in text


def test_three_numbered_goals(g: Graph) -> None:
    goals = {
        int(g.value(goal, STYR.goalNumber)): str(g.value(goal, RDFS.label))  # type: ignore[arg-type]
        for goal in g.subjects(RDF.type, STYR.Goal)
    }
    assert goals == {  # plan lines 23, 32, 37
        1: "Uddevalla ska vara en kommun där alla barn och unga har en meningsfull fritid",
        2: "Kulturlivet i Uddevalla ska vara tillgängligt för alla invånare",
        3: "Uddevalla kommun ska ha en hållbar ekonomi",
    }
    assert URIRef(ID + "mal/2023-2026/1") in set(g.subjects(RDF.type, STYR.Goal))


def test_goal_one_is_one_node_with_evidence_from_both_files(g: Graph) -> None:
    goal = URIRef(ID + "mal/2023-2026/1")
    spans = {
        (str(g.value(e, PROV.entity)), int(g.value(e, STYR.lineStart)))  # type: ignore[arg-type]
        for e in g.objects(goal, PROV.qualifiedDerivation)
    }
    assert spans == {(str(PLAN_DOC), 23), (str(BUDGET_DOC), 31)}


def test_contributions_repaired_and_labelled(g: Graph) -> None:
    goal = URIRef(ID + "mal/2023-2026/1")
    contributions = {c: g.value(c, STYR.statedIn) for c in g.subjects(STYR.contributesTo, goal)}
    assert set(contributions.values()) == {PLAN_DOC, BUDGET_DOC}
    for c, doc in contributions.items():
        text = str(g.value(c, STYR.contributionText))
        # the lost fl ligature of plan line 26 comes back as "flickor"
        assert "når flickor och pojkar" in text, doc
        assert (c, STYR.contributingBody, BOARD) in g
    budget = next(c for c, d in contributions.items() if d == BUDGET_DOC)
    assert str(g.value(budget, STYR.currentStateText)) == (
        "Andelen barn som deltar i föreningslivet har minskat sedan 2022."  # line 41
    )
    assert str(g.value(budget, STYR.plannedWorkText)) == (
        "Under 2026 genomförs lovaktiviteter i alla kommundelar."  # line 45
    )


def test_steering_documents_support_goal_one(g: Graph) -> None:
    goal = URIRef(ID + "mal/2023-2026/1")
    fritid = URIRef(ID + "styrdokument/uddevalla-kommuns-plan-for-barn-och-ungas-fritid")
    library = URIRef(ID + "styrdokument/uddevalla-kommuns-biblioteksplan")
    assert set(g.subjects(STYR.supportsGoal, goal)) == {fritid, library}  # lines 49-50
    assert (fritid, RDF.type, STYR.Plan) in g
    assert g.value(fritid, STYR.validFrom) == _date("2024-01-01")
    assert g.value(fritid, STYR.validUntil) == _date("2027-12-31")
    assert g.value(library, STYR.validFrom) is None


def test_goal_two_contribution_has_its_fi_back(g: Graph) -> None:
    goal = URIRef(ID + "mal/2023-2026/2")
    (text,) = {str(g.value(c, STYR.contributionText)) for c in g.subjects(STYR.contributesTo, goal)}
    assert text.endswith("Det finns ett särskilt ansvar för tillgängligheten.")  # lines 35-36


def test_directions_with_repaired_ligature(g: Graph) -> None:
    texts = {str(t) for d in g.subjects(RDF.type, STYR.Direction) for t in g.objects(d, STYR.text)}
    assert texts == {  # plan lines 45-46 and 48
        "Kultur- och fritidsnämnden ska prioritera insatser i de kommundelar där deltagandet "
        "i föreningslivet är lägst.",
        "Nämnden ska verka för att fler idrottshallar kan användas av föreningar på helger.",
    }


def test_four_assignments_one_node_each(g: Graph) -> None:
    assert len(set(g.subjects(RDF.type, STYR.Assignment))) == 4
    for a in g.subjects(RDF.type, STYR.Assignment):
        docs = {g.value(e, PROV.entity) for e in g.objects(a, PROV.qualifiedDerivation)}
        assert docs == {PLAN_DOC, BUDGET_DOC}, a  # each is in the plan and the table


def test_assignment_bodies_and_origins(g: Graph) -> None:
    school = _assignment(g, "kulturskolans")
    assert set(g.objects(school, STYR.responsibleBody)) == {BOARD}
    assert set(g.objects(school, STYR.cooperatingBody)) == {
        URIRef(ID + "org/barn-och-utbildningsnamnden")
    }
    assert g.value(school, STYR.origin) == code("uppdragsursprung", "stadens-budget")

    pitch = _assignment(g, "konstgräsplan")  # plan line 60: two responsible boards
    assert set(g.objects(pitch, STYR.responsibleBody)) == {
        BOARD,
        URIRef(ID + "org/tekniska-namnden"),
    }
    rents = _assignment(g, "lokalkostnader")  # "Samtliga" is normalised to "Alla"
    assert set(g.objects(rents, STYR.responsibleBody)) == {
        URIRef(ID + "org/samling/alla-namnder-och-bolagsstyrelser")
    }
    library = _assignment(g, "meröppet")  # under "Från nämnden:" (plan line 63)
    assert g.value(library, STYR.origin) == code("uppdragsursprung", "namnden")
    assert str(library).startswith(ID + "2026/kultur-och-fritidsnamnden/uppdrag/")


def test_reporting_requirements_from_both_documents(g: Graph) -> None:
    school = _assignment(g, "kulturskolans")
    in_plan = _requirement(g, school, PLAN_DOC)
    assert str(g.value(in_plan, STYR.planText)) == (
        "Återrapportering ska ske till kommunstyrelsen senast 2026-06-30."  # lines 55-56
    )
    assert g.value(in_plan, STYR.dueBy) == _date("2026-06-30")
    assert g.value(in_plan, STYR.reportTo) == URIRef(ID + "org/kommunstyrelsen")
    in_table = _requirement(g, school, BUDGET_DOC)
    assert str(g.value(in_table, STYR.planText)) == (
        "KS 2026-06-10, delrapportering i delårsrapport april"  # lines 63-65
    )
    assert g.value(in_table, STYR.dueBy) == _date("2026-06-10")
    assert g.value(in_table, STYR.reportingMode) == code("rapporteringssatt", "delrapport")

    rents = _requirement(g, _assignment(g, "lokalkostnader"), BUDGET_DOC)
    assert g.value(rents, STYR.reportingMode) == code("rapporteringssatt", "lopande")
    assert g.value(rents, STYR.dueBy) is None

    pitch = _requirement(g, _assignment(g, "konstgräsplan"), BUDGET_DOC)
    assert g.value(pitch, STYR.timingKind) == code("tidpunktstyp", "manad")
    assert g.value(pitch, STYR.dueBy) == _date("2026-05-31")  # "maj 2026", line 75

    library = _requirement(g, _assignment(g, "meröppet"), BUDGET_DOC)
    assert g.value(library, STYR.timingKind) == code("tidpunktstyp", "kvartal")
    assert g.value(library, STYR.dueBy) == _date("2026-09-30")  # "KFN Q3 2026", line 82


def test_economy_table_cells(g: Graph) -> None:
    cells = {
        (
            str(g.value(o, STYR.budgetArea)).rsplit("/", 1)[-1],
            str(g.value(o, STYR.budgetLine)).rsplit("/", 1)[-1],
            str(g.value(o, RDFS.label)).rsplit(" ", 1)[-1],
        ): g.value(o, OBEU_MEASURE.amount)
        for o in g.subjects(RDF.type, STYR.BudgetObservation)
    }
    assert len(cells) == 24  # lines 93-96, 100-103 and 107-110, two years each
    assert cells[("kultur-och-fritidsnamnden", "kostnader", "2026")] == Literal(
        Decimal("-233.6"), datatype=XSD.decimal
    )
    assert cells[("kultur-och-fritidsnamnden", "kommunbidrag", "2025")] == Literal(
        Decimal("208.5"), datatype=XSD.decimal
    )
    assert cells[("bibliotek", "kommunbidrag", "2026")] == Literal(
        Decimal("60.7"), datatype=XSD.decimal
    )


def test_amounts_stated_in_the_summary(g: Graph) -> None:
    stated = sorted(
        Decimal(str(g.value(s, STYR.statedValue))) for s in g.subjects(RDF.type, STYR.StatedAmount)
    )
    # line 12, and line 112 "uppgår år 2026 till 60,7 mnkr, en ökning med 1,6 mnkr"
    assert stated == [Decimal("1.6"), Decimal("6.1"), Decimal("60.7"), Decimal("214.6")]


def test_risk_with_actions_and_follow_up(g: Graph) -> None:
    risks = list(g.subjects(RDF.type, STYR.Risk))
    assert len(risks) == 1
    risk = risks[0]
    assert str(g.value(risk, RDFS.label)) == "Brist på lokaler för kulturskolan"  # line 109
    assert _strs(g, risk, STYR.riskDescription) == {
        "Att kulturskolan inte har ändamålsenliga lokaler."
    }
    actions = {
        str(g.value(a, STYR.text) or g.value(a, RDFS.label))
        for a in g.objects(risk, STYR.hasAction)
    }
    assert actions == {
        "Tillfälliga lokaler har hyrts.",
        "Ta fram en lokalplan tillsammans med barn- och utbildningsnämnden",
        "Se över möjligheten att samnyttja skolans lokaler",
    }
    assert (risk, STYR.listedIn, RISKS_DOC) in g


def test_every_extracted_node_has_provenance(g: Graph) -> None:
    for cls in (
        STYR.Goal,
        STYR.Direction,
        STYR.Assignment,
        STYR.ReportingRequirement,
        STYR.BudgetObservation,
        STYR.Risk,
        STYR.SteeringDocument,
    ):
        for node in g.subjects(RDF.type, cls):
            assert g.value(node, PROV.wasDerivedFrom) is not None, node
            evidence = list(g.objects(node, PROV.qualifiedDerivation))
            assert evidence, node
            assert all(g.value(e, STYR.quote) for e in evidence), node


def test_plan_alone_mints_the_same_iris() -> None:
    alone = ingest([PLAN]).merged()
    together = ingest([PLAN, BUDGET]).merged()
    for cls in (STYR.Goal, STYR.Direction, STYR.Assignment):
        assert set(alone.subjects(RDF.type, cls)) <= set(together.subjects(RDF.type, cls)), cls


def test_seed_budget_alone_mints_the_same_iris(seeds: Path, seed_graph: Graph) -> None:
    alone = ingest([seeds / "001_ac962998a4b6cb85.txt"]).merged()
    for cls in (STYR.Goal, STYR.Direction, STYR.Assignment, STYR.SteeringDocument):
        lone = set(alone.subjects(RDF.type, cls))
        assert lone and lone <= set(seed_graph.subjects(RDF.type, cls)), cls
