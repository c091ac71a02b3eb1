"""A consistency run on real documents finds exactly what a person finds by reading them.

Seeds (Göteborg, kommunstyrelsen, budget 2025), read by hand in 001_ac962998a4b6cb85.txt
and 000_64bcae0d445429da.txt:

- three assignments have no reporting date: "bistå övriga nämnder … klimatbudget"
  (001:803-812, plan text without a date), SLK-2023-01063 ("Beror av annan",
  001:1035-1044) and "utarbeta och införa ett kommungemensamt arbetssätt";
- "4,3 mnkr högre än 2024 (281,4 mnkr)" (001:1570) against the table's 282,3 (001:1684):
  the prior-year figure is 0,9 off, and so is the change (285,7 - 282,3 = 3,4);
- "-1,1 mnkr jämfört med 2024 (113,1 mnkr)" (001:1579): 112,1 - 113,1 = -1,0, 0,1 off;
- the Kommunledningen table (001:1657-1701): Stadsledningskontoret 2024 adds up to -0,1
  (43,8 - 367,4 + 282,3 + 41,2) against Resultat 0,0; the four parts' Intäkter add up to
  123,9 in both years against 124,0, and their Kostnader 2025 to -601,9 against -602,0;
- four earlier years' assignments were due 2024-12-11, before budget year 2025;
- the winter-road assignment (vinterväghållningen) is in the budget but not in the plan;
- goals 4, 5 and 6 name no steering document, direction or assignment;
- the plan names the council's seven goals (000:82-161), and neither document names a
  main responsible body for any of them (that is the council's decision on responsibility);
- the two documents word six assignments and goals 1 and 2 differently.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Graph
from rdflib.namespace import SH

from api.shacl.store import canonical
from api.validate import load_data, load_shapes, run
from loaders.pipeline import ingest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
FAMILY = ROOT / "tests" / "fixtures" / "family"
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir() and os.environ.get("CI") != "true", reason="../shared/seeds is absent"
)
#: pySHACL, the reference, is slow: `make check` runs the fast engine only
ENGINES = ["fast", pytest.param("pyshacl", marks=pytest.mark.slow)]
ID = "https://w3id.org/styrgraf/id/"

KF = "goteborg/2025/kf/uppdrag/"
KS = "goteborg/2025/ks/budget/"
TABLE = KS + "tabell/kommunledningen/obs/"
SEED_FINDINGS = Counter(
    {
        ("AssignmentReportingProperty", KF + "bista-ovriga-namnder-och-bolagsstyrelser-i-det-fortsatta"): 1,  # noqa: E501
        ("AssignmentReportingProperty", "goteborg/2024/kf/uppdrag/slk-2023-01063"): 1,
        ("AssignmentReportingProperty", KF + "utarbeta-och-infora-ett-kommungemensamt-arbetssatt-for-hur"): 1,  # noqa: E501
        ("StatedAmountShape", KS + "belopp/L1570-1"): 1,
        ("StatedAmountShape", KS + "belopp/L1570-2"): 1,
        ("StatedAmountRoundingShape", KS + "belopp/L1579-2"): 1,
        ("TableRowSumRoundingShape", TABLE + "stadsledningskontoret/resultat/2024"): 1,
        ("TablePartsSumRoundingShape", TABLE + "kommunledningen/intakter/2024"): 1,
        ("TablePartsSumRoundingShape", TABLE + "kommunledningen/intakter/2025"): 1,
        ("TablePartsSumRoundingShape", TABLE + "kommunledningen/kostnader/2025"): 1,
        ("ReportingWindowShape", KS + "rapportering/slk-2023-01039"): 1,
        ("ReportingWindowShape", KS + "rapportering/slk-2023-01042"): 1,
        ("ReportingWindowShape", KS + "rapportering/slk-2023-01044"): 1,
        ("ReportingWindowShape", KS + "rapportering/slk-2023-01045"): 1,
        ("CaseCompletenessShape", KF + "foresla-hur-risker-och-kostnader-for-vintervaghallningen-kan"): 1,  # noqa: E501
        ("GoalSupportShape", "goteborg/mal/2023-2026/4"): 1,
        ("GoalSupportShape", "goteborg/mal/2023-2026/5"): 1,
        ("GoalSupportShape", "goteborg/mal/2023-2026/6"): 1,
        **{("CouncilGoalResponsibleShape", f"goteborg/mal/2023-2026/{n}"): 1 for n in range(1, 8)},
        ("WordingShape", "goteborg/mal/2023-2026/1"): 1,
        ("WordingShape", "goteborg/mal/2023-2026/2"): 1,
        ("WordingShape", KF + "utreda-hur-kan-bli-en-battre-arbetsgivare-for"): 1,
        ("WordingShape", KF + "sakerstalla-en-hallbar-livscykelhantering-av-barbar"): 1,
        ("WordingShape", KF + "genomfora-en-oversyn-och-foresla-tillagg-till"): 1,
        ("WordingShape", KF + "genomfora-en-kartlaggning-och-forskningsstudie-tillsammans"): 1,
        ("WordingShape", KF + "foresla-en-reviderad-modell-for-namnder-som-idag"): 1,
        ("WordingShape", KF + "analysera-sina-inkop-utifran-spendrapport-och-ta-fram"): 1,
    }
)  # fmt: skip

# The defects planted in tests/fixtures/family (see its README): line numbers of the budget.
KFN = "uddevalla/2026/kultur-och-fritidsnamnden/budget"
TABLE = f"{KFN}/tabell/kultur-och-fritidsnamnden/obs"
FAMILY_FINDINGS = Counter(
    {
        # 110: Fritid 2026 is 16,7 - 170,6 + 154,2 = 0,3, printed 0,0
        ("TableRowSumShape", f"{TABLE}/fritid/resultat/2026"): 1,
        # 110: Fritid 2025 is 16,2 - 165,3 + 149,2 = 0,1, printed 0,0
        ("TableRowSumRoundingShape", f"{TABLE}/fritid/resultat/2025"): 1,
        # 95 vs 102 + 109: 60,7 + 154,2 = 214,9 against 214,6
        ("TablePartsSumShape", f"{TABLE}/kultur-och-fritidsnamnden/kommunbidrag/2026"): 1,
        # 93 vs 100 + 107: 2,1 + 16,2 = 18,3 against 18,2
        ("TablePartsSumRoundingShape", f"{TABLE}/kultur-och-fritidsnamnden/intakter/2025"): 1,
        # 112: "en ökning med 1,6 mnkr jämfört med 2025", but 60,7 - 59,3 = 1,4
        ("StatedAmountShape", f"{KFN}/belopp/L112-2"): 1,
        # goals 2 and 3 of the plan name no steering document, direction or assignment
        ("GoalSupportShape", "uddevalla/mal/2023-2026/2"): 1,
        ("GoalSupportShape", "uddevalla/mal/2023-2026/3"): 1,
        # the plan's three goals are the council's, and neither document names who is
        # mainly responsible for them
        **{("CouncilGoalResponsibleShape", f"uddevalla/mal/2023-2026/{n}"): 1 for n in (1, 2, 3)},
        # the budget's assignment table drops "senast 2026-06-30" and the konstgräs reporting
        ("WordingShape", "uddevalla/2026/kf/uppdrag/ta-fram-en-plan-for-kulturskolans-lokaler"): 1,
        ("WordingShape", "uddevalla/2026/kf/uppdrag/utreda-en-ny-konstgrasplan-i-ljungskile"): 1,
    }
)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(ROOT / "shapes")


def found(graph: Graph, shapes: Graph, engine: str) -> Counter[tuple[str, str]]:
    report = run(graph, shapes, engine=engine, time_limit=300)
    out: Counter[tuple[str, str]] = Counter()
    for f in report.findings:
        shape = f.source_shape
        if isinstance(shape, BNode):
            shape = shapes.value(None, SH.property, shape) or shape
        out[(str(shape).rsplit("#", 1)[-1], str(f.focus).removeprefix(ID))] += 1
    return out


@pytest.fixture(scope="module")
def seed_graph() -> Graph:
    return ingest(sorted(SEEDS.glob("*.txt"))).merged()


@pytest.fixture(scope="module")
def family_graph() -> Graph:
    return ingest(sorted(FAMILY.glob("*.txt"))).merged()


@needs_seeds
@pytest.mark.parametrize("engine", ENGINES)
def test_seed_findings(seed_graph: Graph, shapes: Graph, engine: str) -> None:
    assert found(seed_graph, shapes, engine) == SEED_FINDINGS


@pytest.mark.parametrize("engine", ENGINES)
def test_family_reports_exactly_the_planted_defects(
    family_graph: Graph, shapes: Graph, engine: str
) -> None:
    assert found(family_graph, shapes, engine) == FAMILY_FINDINGS


@needs_seeds
@pytest.mark.slow
def test_engines_agree_on_every_field(seed_graph: Graph, shapes: Graph) -> None:
    fast = run(seed_graph, shapes, engine="fast")
    reference = run(seed_graph, shapes, engine="pyshacl")

    def key(report_findings: list) -> list[tuple[str, ...]]:  # type: ignore[type-arg]
        return sorted(
            (str(f.focus), str(f.source_shape), str(f.component), str(f.severity),
             str(f.path), str(canonical(f.value)),
             str(sorted((m.language or "", str(m)) for m in f.messages)))
            for f in report_findings
        )  # fmt: skip

    assert key(fast.findings) == key(reference.findings)


def test_committed_data_parses_and_validates(shapes: Graph) -> None:
    # the committed data/ is what `make run` serves when no sources are present
    graph = load_data([ROOT / "data"])
    report = run(graph, shapes, engine="fast")
    assert report.findings  # the seeds have real findings (see above)


def test_a_report_read_back_names_the_rule_of_its_blank_shapes() -> None:
    """A report read from a file has blank nodes of its own: a finding of the blank
    property shape `sh:path prov:wasDerivedFrom ; sh:minCount 1` (shapes/wellformed.ttl
    lines 17-20) still belongs to its named shape, shp:ProvenanceShape, "Proveniens"."""
    from rdflib import URIRef

    from api.findings import rule_key, rule_labels, rule_of
    from api.shacl import Finding

    shapes = load_shapes(ROOT / "shapes")
    finding = Finding(
        focus=URIRef("https://example.org/x"),
        severity=SH.Violation,
        source_shape=BNode(),  # not one of the shapes graph's own
        component=SH.MinCountConstraintComponent,
        path=URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
    )
    rule = rule_of(shapes, finding)
    assert str(rule).endswith("#ProvenanceShape")
    assert rule_labels(shapes, rule, finding)["sv"] == "Proveniens"
    assert rule_key(rule, finding) == str(rule)
