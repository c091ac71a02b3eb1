"""The steering chain's rules (shapes/chain.ttl, and the exemption of fulfilled assignments in
shapes/assignments.ttl) on real documents and on both engines.

Read off the documents with ``grep -n`` (../shared/corpus/goteborg):

- kf-2024-02-01-p16.txt, the executive board's proposal to the council (line 9: "föreslår att
  kommunfullmäktige beslutar"; the official report under it, line 67, "Utfärdat
  2023-10-05"): line 11 "1. Nedanstående uppdrag (a), givet i budget 2020, förklaras
  fullgjort." with line 13 "a. Grundskolenämndens uppdrag att utveckla det systematiska
  kvalitetsarbetet så att det genomsyrar hela stöd- och styrkedjan."; line 13 "2.
  Nedanstående uppdrag (a-c), givna i budget 2021, förklaras fullgjorda." with line 15 "b.
  Grundskolenämndens uppdrag att utreda förutsättningarna för digital undervisning inom
  Kulturskolan."; line 23 "4. Nedanstående uppdrag (a-r), givna i budget 2023, förklaras
  fullgjorda." with line 27 "k. Kulturnämndens uppdrag att utöka stödet till det fria
  kulturlivet." None of the three is given a reporting date.
- intraservice_arsrapport_2025.txt, 6.1 "Redovisning av uppdrag": lines 1624–1627 "Alla
  nämnder och bolagsstyrelser får i uppdrag att analysera sina inköp …", "Avslutad",
  "2025-12-01"; lines 1958–1961 "Kommunstyrelsen får i uppdrag att i samverkan med samtliga
  nämnder utveckla det systematiska arbetsmiljöarbetet", "Pågående", "2026-01-16", with no
  reporting date in this report. Section 2.2 "Uppföljning av kommunfullmäktiges budgetmål"
  follows up the council's seven goals, headings 2.2.1–2.2.7 at lines 314, 359, 397, 442,
  477, 518 and 563, and names no main responsible body; section 5.2 gives the board's own
  four goals (lines 1437, 1511, 1556 and 1596).
- kf-2023-03-23-p21.txt, the council's distribution of responsibility for its goals: lines
  13–61 give 27 goals, each "Mål: … Huvudansvariga nämnder/styrelser: …".

None of these documents reports an assignment as ongoing after it was declared fulfilled or
closed (the interim report of March 2026, which follows the annual report, gives no status),
and each status report has its document and a date, so those directions, a body's own goal
without a main responsible body and an undated report are small graphs written here.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SH, SKOS, XSD

from api.shacl.model import Report
from api.shacl.store import canonical
from api.validate import load_shapes, run
from loaders.pipeline import ingest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "goteborg"
P16 = CORPUS / "kf-2024-02-01-p16.txt"
P21 = CORPUS / "kf-2023-03-23-p21.txt"
ANNUAL = CORPUS / "intraservice_arsrapport_2025.txt"
#: pySHACL, the reference, is slow: `make check` runs the fast engine only
ENGINES = ["fast", pytest.param("pyshacl", marks=pytest.mark.slow)]
STYR = "https://w3id.org/styrgraf/ontology#"
STATUS = "https://w3id.org/styrgraf/kod/uppdragsstatus/"
FULFILLED, CLOSED = URIRef(STATUS + "fullgjord"), URIRef(STATUS + "avslutad")
ONGOING = URIRef(STATUS + "pagaende")
LOPANDE = URIRef("https://w3id.org/styrgraf/kod/rapporteringssatt/lopande")
CHAIN = {
    "ReopenedAssignmentShape",
    "CouncilGoalResponsibleShape",
    "StatusReportDateProperty",
    "StatusReportSourceProperty",
}
REPORTING = "AssignmentReportingProperty"

# p16: declared fulfilled (lines 11-27), with no reporting date
DECLARED_FULFILLED = [
    "utveckla det systematiska kvalitetsarbetet så att det genomsyrar",  # line 13, 1 a
    "utreda förutsättningarna för digital undervisning inom Kulturskolan",  # line 15, 2 b
    "utöka stödet till det fria kulturlivet",  # line 27, 4 k
]
CLOSED_PURCHASES = "analysera sina inköp"  # annual report 1624-1627: Avslutad 2025-12-01
ONGOING_WORK_ENVIRONMENT = "utveckla det systematiska arbetsmiljöarbetet"  # 1958-1961: Pågående
COUNCIL_GOAL_LINES = {314, 359, 397, 442, 477, 518, 563}  # annual report 2.2.1-2.2.7
OWN_GOAL_LINES = {1437, 1511, 1556, 1596}  # annual report 5.2: the board's own goals
RESPONSIBILITY_GOALS = 27  # p21 lines 13-61

T = TypeVar("T")


def corpus(test: T) -> T:
    """A test on the corpus documents: they are in ../shared, and slow to read and check."""
    return pytest.mark.shared(pytest.mark.slow(test))


Found = Counter[tuple[str, str]]


def s(name: str) -> URIRef:
    return URIRef(STYR + name)


def rule(shapes: Graph, shape: object) -> str:
    if isinstance(shape, BNode):  # a blank property shape: name it by its parent
        shape = shapes.value(None, SH.property, shape) or shape
    return str(shape).rsplit("#", 1)[-1]


def found(report: Report, shapes: Graph, rules: set[str] | None = None) -> Found:
    """Return the number of findings per (rule, focus node)."""
    out: Found = Counter()
    for f in report.findings:
        name = rule(shapes, f.source_shape)
        if rules is None or name in rules:
            out[(name, str(f.focus))] += 1
    return out


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(ROOT / "shapes")


# --- the corpus -------------------------------------------------------------------------------
def _needs_corpus() -> None:
    if not CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("../shared/corpus is missing under CI")
        pytest.skip("../shared/corpus is not beside the checkout")


@pytest.fixture(scope="module")
def chain_graph() -> Graph:
    """The council's declaration (p16) and the board's annual report, read together."""
    _needs_corpus()
    return ingest([P16, ANNUAL]).merged()


@pytest.fixture(scope="module")
def responsibility_graph() -> Graph:
    _needs_corpus()
    return ingest([P21]).merged()


@pytest.fixture(scope="module")
def reports(
    shapes: Graph, chain_graph: Graph, responsibility_graph: Graph
) -> Callable[[str, str], Report]:
    """Validate each corpus graph once per engine."""
    graphs = {"chain": chain_graph, "responsibility": responsibility_graph}
    done: dict[tuple[str, str], Report] = {}

    def get(which: str, engine: str) -> Report:
        if (which, engine) not in done:
            done[(which, engine)] = run(graphs[which], shapes, engine=engine, time_limit=300)
        return done[(which, engine)]

    return get


def assignment(graph: Graph, words: str) -> URIRef:
    """Return the one assignment whose text holds ``words``."""
    found = [
        a
        for a, text in graph.subject_objects(s("text"))
        if words in str(text) and (a, None, s("Assignment")) in graph and isinstance(a, URIRef)
    ]
    assert len(found) == 1, (words, found)
    return found[0]


def dated_requirement(graph: Graph, node: URIRef) -> bool:
    return any(
        (req, s("dueBy"), None) in graph or (req, s("reportingMode"), LOPANDE) in graph
        for req in graph.objects(node, s("hasReportingRequirement"))
    )


def status_reports(graph: Graph, node: URIRef) -> list[URIRef]:
    return sorted(r for r in graph.subjects(s("reportsOn"), node) if isinstance(r, URIRef))


def first_lines(graph: Graph, node: URIRef) -> set[int]:
    return {
        int(line)
        for ev in graph.objects(node, PROV.qualifiedDerivation)
        for line in graph.objects(ev, s("lineStart"))
    }


@corpus
@pytest.mark.parametrize("engine", ENGINES)
def test_assignments_declared_fulfilled_owe_no_report(
    chain_graph: Graph, shapes: Graph, reports: Callable[[str, str], Report], engine: str
) -> None:
    flagged = {focus for _, focus in found(reports("chain", engine), shapes, {REPORTING})}
    for words in DECLARED_FULFILLED:
        node = assignment(chain_graph, words)
        assert (node, s("currentStatus"), FULFILLED) in chain_graph, words
        assert not dated_requirement(chain_graph, node), words  # only the status exempts it
        assert str(node) not in flagged, words
    closed = assignment(chain_graph, CLOSED_PURCHASES)
    assert (closed, s("currentStatus"), CLOSED) in chain_graph
    assert not dated_requirement(chain_graph, closed)
    assert str(closed) not in flagged


@corpus
@pytest.mark.parametrize("engine", ENGINES)
def test_an_ongoing_assignment_without_a_date_still_owes_one(
    chain_graph: Graph, shapes: Graph, reports: Callable[[str, str], Report], engine: str
) -> None:
    node = assignment(chain_graph, ONGOING_WORK_ENVIRONMENT)
    assert (node, s("currentStatus"), ONGOING) in chain_graph
    assert found(reports("chain", engine), shapes, {REPORTING})[(REPORTING, str(node))] == 1


@corpus
@pytest.mark.parametrize("engine", ENGINES)
def test_council_goals_read_without_the_responsibility_decision(
    chain_graph: Graph, shapes: Graph, reports: Callable[[str, str], Report], engine: str
) -> None:
    flagged = {
        URIRef(focus)
        for _, focus in found(reports("chain", engine), shapes, {"CouncilGoalResponsibleShape"})
    }
    assert {min(first_lines(chain_graph, g)) for g in flagged} == COUNCIL_GOAL_LINES
    assert {int(n) for g in flagged for n in chain_graph.objects(g, s("goalNumber"))} == set(
        range(1, 8)
    )
    own = {
        g
        for g in chain_graph.subjects(None, s("Goal"))
        if isinstance(g, URIRef) and first_lines(chain_graph, g) & OWN_GOAL_LINES
    }
    assert len(own) == len(OWN_GOAL_LINES)
    assert not own & flagged


@corpus
@pytest.mark.parametrize("engine", ENGINES)
def test_the_responsibility_decision_gives_every_goal_a_main_body(
    responsibility_graph: Graph,
    shapes: Graph,
    reports: Callable[[str, str], Report],
    engine: str,
) -> None:
    goals = set(responsibility_graph.subjects(None, s("Goal")))
    assert len(goals) == RESPONSIBILITY_GOALS
    assert all((g, SKOS.inScheme, None) in responsibility_graph for g in goals)
    assert found(reports("responsibility", engine), shapes, CHAIN) == Counter()


@corpus
@pytest.mark.parametrize("engine", ENGINES)
def test_status_reports_with_a_date_and_a_source(
    chain_graph: Graph, shapes: Graph, reports: Callable[[str, str], Report], engine: str
) -> None:
    findings = found(reports("chain", engine), shapes, CHAIN)
    # p16's declaration (its official report is dated, line 67) and the annual report's
    # statuses, each dated beside it (lines 1627 and 1961)
    dates = {CLOSED_PURCHASES: "2025-12-01", ONGOING_WORK_ENVIRONMENT: "2026-01-16"}
    for words in [*DECLARED_FULFILLED, *dates]:
        (report,) = status_reports(chain_graph, assignment(chain_graph, words))
        (when,) = chain_graph.objects(report, DCTERMS.date)
        assert isinstance(when, Literal) and when.datatype == XSD.date, words
        if words in dates:
            assert str(when) == dates[words]
        assert (report, s("reportedIn"), None) in chain_graph
        assert not [k for k in findings if k[1] == str(report)], words


@corpus
@pytest.mark.parametrize("engine", ENGINES)
def test_no_corpus_assignment_is_reopened(
    chain_graph: Graph, shapes: Graph, reports: Callable[[str, str], Report], engine: str
) -> None:
    # the annual report closes assignments on dated reports, and no later report reopens them
    closed = assignment(chain_graph, CLOSED_PURCHASES)
    (report,) = status_reports(chain_graph, closed)
    assert (report, s("assignmentStatus"), CLOSED) in chain_graph
    rules = {"ReopenedAssignmentShape"}
    assert found(reports("chain", engine), shapes, rules) == Counter()


@corpus
def test_the_engines_agree_on_the_corpus(
    shapes: Graph, reports: Callable[[str, str], Report]
) -> None:
    def key(report: Report) -> list[tuple[str, ...]]:
        return sorted(
            (str(f.focus), str(f.source_shape), str(f.component), str(f.severity),
             str(f.path), str(canonical(f.value)),
             str(sorted((m.language or "", str(m)) for m in f.messages)))
            for f in report.findings
            if rule(shapes, f.source_shape) in CHAIN | {REPORTING}
        )  # fmt: skip

    for which in ("chain", "responsibility"):
        assert key(reports(which, "fast")) == key(reports(which, "pyshacl"))


# --- small graphs for what the corpus does not hold --------------------------------------------
PREFIXES = """
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix styr: <https://w3id.org/styrgraf/ontology#> .
@prefix st:   <https://w3id.org/styrgraf/kod/uppdragsstatus/> .
@prefix ex:   <https://example.org/kommun/> .
@base <https://example.org/kommun/> .
ex:uppdrag a styr:Assignment .
ex:arsrapport a styr:Document .
ex:delarsrapport a styr:Document .
"""
EX = "https://example.org/kommun/"


def report_ttl(name: str, status: str, when: str | None, doc: str | None = "arsrapport") -> str:
    parts = [f"ex:{name} a styr:StatusReport ; styr:reportsOn ex:uppdrag ;",
             f"  styr:assignmentStatus st:{status}"]  # fmt: skip
    if doc:
        parts.append(f" ; styr:reportedIn ex:{doc}")
    if when:
        parts.append(f' ; dct:date "{when}"^^xsd:date')
    return "".join(parts) + " .\n"


SMALL: list[tuple[str, str, dict[tuple[str, str], int]]] = [
    ("closed, then ongoing",
     report_ttl("r1", "avslutad", "2025-11-14")
     + report_ttl("r2", "pagaende", "2026-04-23", "delarsrapport"),
     {("ReopenedAssignmentShape", "uppdrag"): 1}),
    ("fulfilled, then not started",
     report_ttl("r1", "fullgjord", "2025-04-23") + report_ttl("r2", "ej-paborjad", "2025-09-30"),
     {("ReopenedAssignmentShape", "uppdrag"): 1}),
    ("fulfilled twice, then ongoing: one finding for the later report",
     report_ttl("r1", "fullgjord", "2025-04-23") + report_ttl("r2", "fullgjord", "2025-05-01")
     + report_ttl("r3", "pagaende", "2025-09-30"),
     {("ReopenedAssignmentShape", "uppdrag"): 1}),
    ("ongoing, then fulfilled",
     report_ttl("r1", "pagaende", "2025-04-23") + report_ttl("r2", "fullgjord", "2025-09-30"),
     {}),
    ("fulfilled and ongoing on the same day",
     report_ttl("r1", "fullgjord", "2025-09-30") + report_ttl("r2", "pagaende", "2025-09-30"),
     {}),
    ("fulfilled, then an undated ongoing report: not compared, but undated",
     report_ttl("r1", "fullgjord", "2025-04-23") + report_ttl("r2", "pagaende", None),
     {("StatusReportDateProperty", "r2"): 1}),
    ("a report that names no document",
     report_ttl("r1", "pagaende", "2025-04-23", None),
     {("StatusReportSourceProperty", "r1"): 1}),
    ("a report whose source is not a document",
     report_ttl("r1", "pagaende", "2025-04-23", "uppdrag"),
     {("StatusReportSourceProperty", "r1"): 1}),
    ("a date that is a string",
     'ex:r1 a styr:StatusReport ; styr:reportsOn ex:uppdrag ; styr:reportedIn ex:arsrapport ;'
     ' styr:assignmentStatus st:pagaende ; dct:date "2025-04-23" .\n',
     {("StatusReportDateProperty", "r1"): 1}),
    ("a council goal without a main responsible body",
     "<mal/3> a styr:Goal ; skos:inScheme <mal/2023-2026> .\n",
     {("CouncilGoalResponsibleShape", "mal/3"): 1}),
    ("a council goal with one",
     "<mal/3> a styr:Goal ; skos:inScheme <mal/2023-2026> ; styr:mainResponsibleBody ex:ks .\n",
     {}),
    ("a board's own goal without one",
     "<mal/egen> a styr:Goal ; skos:inScheme <mal/2023-2026/kulturnamnden> .\n",
     {}),
]  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("turtle", "expected"), [(c[1], c[2]) for c in SMALL],
                         ids=[c[0] for c in SMALL])  # fmt: skip
def test_small_graph(
    shapes: Graph, engine: str, turtle: str, expected: dict[tuple[str, str], int]
) -> None:
    graph = Graph().parse(data=PREFIXES + turtle, format="turtle")
    report = run(graph, shapes, engine=engine, time_limit=60)
    got = found(report, shapes, CHAIN)
    assert got == Counter({(name, EX + local): n for (name, local), n in expected.items()})


@pytest.mark.parametrize("engine", ENGINES)
def test_the_value_is_the_later_report(shapes: Graph, engine: str) -> None:
    turtle = report_ttl("r1", "fullgjord", "2025-04-23") + report_ttl(
        "r2", "pagaende", "2025-09-30"
    )
    report = run(Graph().parse(data=PREFIXES + turtle, format="turtle"), shapes, engine=engine)
    (finding,) = [f for f in report.findings if rule(shapes, f.source_shape) in CHAIN]
    assert finding.value == URIRef(EX + "r2")
    assert finding.severity == SH.Warning


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("status", "expected"), [("fullgjord", 0), ("avslutad", 0), ("pagaende", 1), (None, 1)]
)
def test_only_a_fulfilled_or_closed_assignment_is_exempt(
    shapes: Graph, engine: str, status: str | None, expected: int
) -> None:
    turtle = f"ex:uppdrag styr:currentStatus st:{status} .\n" if status else ""
    report = run(Graph().parse(data=PREFIXES + turtle, format="turtle"), shapes, engine=engine)
    assert found(report, shapes, {REPORTING})[(REPORTING, EX + "uppdrag")] == expected
