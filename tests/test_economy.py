"""Economy tables and stated amounts: values read off the seed by hand (line numbers quoted)."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from loaders import economy
from loaders.amounts import AreaMatcher
from loaders.builder import Builder
from loaders.codes import code
from loaders.context import Context
from loaders.document_iris import assign_iris
from loaders.documents import split_documents
from loaders.ids import Minter
from loaders.pipeline import IngestResult, ingest
from loaders.report import LoadReport
from loaders.source_reader import read_source
from loaders.table_lines import parse_number
from loaders.titled_tables import split_values
from loaders.vocab import (
    OBEU_ATTR,
    OBEU_CODE,
    OBEU_DIM,
    OBEU_MEASURE,
    PROV,
    QB,
    RDF,
    RDFS,
    SDMXA,
    SEK,
    SKOS,
    STYR,
    XSD,
)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir() and os.environ.get("CI") != "true", reason="../shared/seeds is absent"
)
SEED = SEEDS / "001_ac962998a4b6cb85.txt"
NS = {
    "styr": STYR._NS,
    "qb": QB,
    "obeu": OBEU_DIM,
    "m": OBEU_MEASURE,
    "prov": PROV,
    "rdfs": RDFS,
    "skos": SKOS,
}
YEAR = "http://reference.data.gov.uk/id/year/"


@pytest.fixture(scope="module")
def seed() -> IngestResult:
    return ingest([SEED])


@pytest.fixture(scope="module")
def graph(seed: IngestResult) -> Graph:
    return seed.merged()


def extract_only(path: Path, kind: str) -> tuple[Graph, LoadReport]:
    """Run the economy extractor alone on every document of ``kind`` in ``path``."""
    src = read_source(path)
    docs = split_documents(src)
    mint = Minter()
    assign_iris(docs, mint, src)
    report = LoadReport()
    builder = Builder(src, mint, report)
    for doc in docs:
        if doc.kind == kind:
            economy.extract(Context(src, doc, docs, builder, mint, report))
    return builder.graph, report


def cell(graph: Graph, area: str, line: str, year: int, phase: str = "approved") -> list[Any]:
    """Return the amounts of the observations for (area label, line label, year, phase)."""
    rows = graph.query(
        """SELECT ?amount WHERE {
            ?obs a styr:BudgetObservation ; m:amount ?amount ;
                 styr:budgetArea/rdfs:label ?area ; styr:budgetLine/rdfs:label ?line ;
                 obeu:fiscalYear ?year ; obeu:budgetPhase ?phase .
        }""",
        initNs=NS,
        initBindings={
            "area": Literal(area, lang="sv"),
            "line": Literal(line, lang="sv"),
            "year": URIRef(f"{YEAR}{year}"),
            "phase": OBEU_CODE[f"budget-phase/{phase}"],
        },
    )
    return [row.amount for row in rows]  # type: ignore[union-attr]


def observation(graph: Graph, area: str, line: str, year: int) -> URIRef:
    """Return the one approved-budget cell of the table whose IRI path is area/line/year."""
    (found,) = [
        s
        for s in graph.subjects(RDF.type, STYR.BudgetObservation)
        if str(s).endswith(f"/obs/{area}/{line}/{year}")
    ]
    assert isinstance(found, URIRef)
    return found


def stated(graph: Graph, printed_value: str) -> list[Node]:
    """Return the stated amounts whose evidence states ``printed_value`` (e.g. "4 500 tkr")."""
    return [
        s
        for s in graph.subjects(RDF.type, STYR.StatedAmount)
        for ev in graph.objects(s, PROV.qualifiedDerivation)
        if graph.value(ev, STYR.statedText) == Literal(printed_value, lang="sv")
    ]


def py(graph: Graph, subject: Node | None, predicate: URIRef) -> Any:
    """Return the Python value of the one object of ``subject predicate``."""
    value = graph.value(subject, predicate)
    assert isinstance(value, Literal), (subject, predicate, value)
    return value.toPython()


def line_starts(graph: Graph, node: Node) -> set[int]:
    return {py(graph, ev, STYR.lineStart) for ev in graph.objects(node, PROV.qualifiedDerivation)}


# --- tables on the seed ----------------------------------------------------------------------
@needs_seeds
def test_kommunledningen_cells(graph: Graph) -> None:
    # 1657 "Kommunledningen (belopp i mnkr)"; 1668 "Kostnader -580,6 -602,0"
    assert cell(graph, "Kommunledningen", "Kostnader", 2025) == [Literal(Decimal("-602.0"))]
    assert cell(graph, "Kommunledningen", "Kostnader", 2024)[0].toPython() == Decimal("-580.6")
    # 1681 "Stadsledningskontoret", 1684 "Kommunbidrag 282,3 285,7"
    assert cell(graph, "Stadsledningskontoret", "Kommunbidrag", 2024)[0].toPython() == Decimal(
        "282.3"
    )
    # 1685 " Kommuninterna bidrag 41,2 64,7" (a line after a page break)
    amounts = cell(graph, "Stadsledningskontoret", "Kommuninterna bidrag", 2025)
    assert [a.toPython() for a in amounts] == [Decimal("64.7")]
    # 1673 "Politisk organisation", 1677 "Kommunbidrag 113,1 112,1"
    assert cell(graph, "Politisk organisation", "Kommunbidrag", 2025)[0].toPython() == Decimal(
        "112.1"
    )
    # 1696 "Övrig verksamhet", 1699 "Kostnader -79,3 -79,3"
    assert cell(graph, "Övrig verksamhet", "Kostnader", 2024)[0].toPython() == Decimal("-79.3")


@needs_seeds
def test_page_break_row_evidence(graph: Graph) -> None:
    obs = URIRef(
        next(
            str(s)
            for s in graph.subjects(RDF.type, STYR.BudgetObservation)
            if str(s).endswith("/obs/stadsledningskontoret/kommuninterna-bidrag/2025")
        )
    )
    assert line_starts(graph, obs) == {1685}
    ev = graph.value(obs, PROV.qualifiedDerivation)
    assert graph.value(ev, STYR.quote) == Literal("Kommuninterna bidrag 41,2 64,7", lang="sv")
    assert graph.value(ev, STYR.statedText) == Literal("64,7", lang="sv")


@needs_seeds
def test_single_column_table(graph: Graph) -> None:
    # 1603-1604 " Personal- och kompetensförsörjningsanslaget" / "(belopp i mnkr)",
    # 1607 "Budget 2025", 1610-1614 five rows, 1614 "Total 15,5"
    area = "Personal- och kompetensförsörjningsanslaget"
    assert cell(graph, area, "Total", 2025)[0].toPython() == Decimal("15.5")
    assert cell(graph, area, "Bemanning", 2025)[0].toPython() == Decimal("1.0")
    assert cell(graph, area, "Total", 2024) == []
    datasets = {
        str(graph.value(d, STYR.sourceTableTitle)): d
        for d in graph.subjects(RDF.type, STYR.BudgetDataSet)
    }
    assert set(datasets) == {
        "Personal- och kompetensförsörjningsanslaget (belopp i mnkr)",
        "Kommunledningen (belopp i mnkr)",
    }
    ds = datasets["Personal- och kompetensförsörjningsanslaget (belopp i mnkr)"]
    assert len(set(graph.subjects(QB.dataSet, ds))) == 5
    assert line_starts(graph, ds) == {1603}


@needs_seeds
def test_observation_count(graph: Graph) -> None:
    # Kommunledningen: 5 + 4 (Politisk organisation) + 5 (Stadsledningskontoret)
    # + 5 (Personal- och kompetensförsörjning) + 4 (Övrig verksamhet) = 23 rows x 2 columns;
    # Personal- och kompetensförsörjningsanslaget: 5 rows x 1 column.
    observations = set(graph.subjects(RDF.type, STYR.BudgetObservation))
    assert len(observations) == 23 * 2 + 5 * 1
    for obs in observations:
        amounts = list(graph.objects(obs, OBEU_MEASURE.amount))
        assert len(amounts) == 1
        assert isinstance(amounts[0], Literal)
        assert amounts[0].datatype == XSD.decimal
        assert isinstance(amounts[0].toPython(), Decimal)
        assert graph.value(obs, PROV.wasDerivedFrom) is not None


@needs_seeds
def test_dataset_attributes_and_area_hierarchy(graph: Graph) -> None:
    ds = next(
        d
        for d in graph.subjects(RDF.type, STYR.BudgetDataSet)
        if graph.value(d, STYR.sourceTableTitle)
        == Literal("Kommunledningen (belopp i mnkr)", lang="sv")
    )
    assert str(ds).endswith("/budget/tabell/kommunledningen")
    assert graph.value(ds, STYR.unit) == code("enhet", "mnkr")
    assert py(graph, ds, SDMXA.unitMult) == 6
    assert graph.value(ds, OBEU_ATTR.currency) == URIRef(SEK)
    assert graph.value(ds, QB.structure) == URIRef("https://w3id.org/styrgraf/id/dsd/budget-mnkr")
    assert line_starts(graph, ds) == {1657}
    top = URIRef("https://w3id.org/styrgraf/id/goteborg/budgetomrade/kommunledningen")
    parts = {str(graph.value(a, SKOS.prefLabel)) for a in graph.subjects(SKOS.broader, top)}
    assert parts == {
        "Politisk organisation",
        "Stadsledningskontoret",
        "Personal- och kompetensförsörjning",
        "Övrig verksamhet",
    }
    assert (top, RDF.type, STYR.BudgetArea) in graph
    line = URIRef("https://w3id.org/styrgraf/id/budgetrad/kommuninterna-bidrag")
    assert (line, RDF.type, STYR.BudgetLine) in graph


@needs_seeds
def test_no_unread_table_rows(seed: IngestResult) -> None:
    assert [f for f in seed.report.findings if f.kind == "budgettabell"] == []


# --- amounts in prose on the seed --------------------------------------------------------------
@needs_seeds
def test_stated_level_links_to_its_cell(graph: Graph) -> None:
    # 1569 "Budgeten för stadsledningskontorets verksamhet uppgår år 2025 till 285,7 mnkr."
    (amount,) = [a for a in stated(graph, "285,7 mnkr") if str(a).endswith("/belopp/L1569-1")]
    assert graph.value(amount, STYR.amountRole) == code("beloppstyp", "niva")
    assert graph.value(amount, OBEU_DIM.fiscalYear) == URIRef(f"{YEAR}2025")
    assert graph.value(amount, OBEU_MEASURE.amount) == Literal(Decimal("285.7"))
    assert graph.value(amount, STYR.statedUnit) == code("enhet", "mnkr")
    assert str(graph.value(amount, STYR.budgetArea)).endswith("/budgetomrade/stadsledningskontoret")
    target = graph.value(amount, STYR.describesObservation)
    assert str(target).endswith("/obs/stadsledningskontoret/kommunbidrag/2025")
    assert py(graph, target, OBEU_MEASURE.amount) == Decimal("285.7")
    assert line_starts(graph, amount) == {1569}


@needs_seeds
def test_prior_year_and_change_in_one_sentence(graph: Graph) -> None:
    # 1569-1571 "Budgetramen är 4,3 mnkr högre än 2024 (281,4 mnkr) och inom denna …"
    (prior,) = stated(graph, "281,4 mnkr")
    assert graph.value(prior, STYR.amountRole) == code("beloppstyp", "tidigare-ar")
    assert graph.value(prior, OBEU_DIM.fiscalYear) == URIRef(f"{YEAR}2024")
    # the text's 2024 figure restates the 2024 kommunbidrag cell, which says 282,3 (line 1684)
    prior_cell = graph.value(prior, STYR.describesObservation)
    assert str(prior_cell).endswith("/obs/stadsledningskontoret/kommunbidrag/2024")
    assert py(graph, prior_cell, OBEU_MEASURE.amount) == Decimal("282.3")
    ev = graph.value(prior, PROV.qualifiedDerivation)
    assert (graph.value(ev, STYR.lineStart), graph.value(ev, STYR.lineEnd)) == (
        Literal(1569, datatype=XSD.integer),
        Literal(1571, datatype=XSD.integer),
    )
    (change,) = stated(graph, "4,3 mnkr")
    assert graph.value(change, STYR.amountRole) == code("beloppstyp", "forandring")
    # 1579-1580 "Budgetförändringen på -1,1 mnkr jämfört med 2024 (113,1 mnkr)"
    (minus,) = stated(graph, "-1,1 mnkr")
    assert py(graph, minus, STYR.statedValue) == Decimal("-1.1")
    assert graph.value(minus, STYR.amountRole) == code("beloppstyp", "forandring")
    (before,) = stated(graph, "113,1 mnkr")
    assert graph.value(before, STYR.amountRole) == code("beloppstyp", "tidigare-ar")


@needs_seeds
def test_stated_changes_link_both_cells(graph: Graph) -> None:
    # 1570 "4,3 mnkr högre än 2024": cells 285,7 (2025) and 282,3 (2024) on line 1684
    (change,) = stated(graph, "4,3 mnkr")
    assert py(graph, change, STYR.changeAmount) == Decimal("4.3")
    now = graph.value(change, STYR.describesObservation)
    base = graph.value(change, STYR.baselineObservation)
    assert str(now).endswith("/obs/stadsledningskontoret/kommunbidrag/2025")
    assert str(base).endswith("/obs/stadsledningskontoret/kommunbidrag/2024")
    # 1579 "Budgetförändringen på -1,1 mnkr jämfört med 2024": 112,1 and 113,1 (1677)
    (minus,) = stated(graph, "-1,1 mnkr")
    assert py(graph, minus, STYR.changeAmount) == Decimal("-1.1")
    assert py(graph, graph.value(minus, STYR.describesObservation), OBEU_MEASURE.amount) == (
        Decimal("112.1")
    )
    assert py(graph, graph.value(minus, STYR.baselineObservation), OBEU_MEASURE.amount) == (
        Decimal("113.1")
    )
    # 1586 "en minskning med 4,5 mnkr jämfört med 2024": a decrease, signed
    decrease = [a for a in stated(graph, "4,5 mnkr") if str(a).endswith("/L1586-1")]
    assert [py(graph, a, STYR.changeAmount) for a in decrease] == [Decimal("-4.5")]
    # 1562 "ett riktat besparingskrav på 4,5 mnkr" is a part of a change, compared with nothing
    (saving,) = [a for a in stated(graph, "4,5 mnkr") if str(a).endswith("/L1562-1")]
    assert graph.value(saving, STYR.baselineObservation) is None


@needs_seeds
def test_table_sums_are_written(graph: Graph) -> None:
    # 1686 SLK "Resultat" sums the four rows above it (1682-1685), per column
    result = observation(graph, "stadsledningskontoret", "resultat", 2024)
    summands = {str(s).rsplit("/obs/", 1)[1] for s in graph.objects(result, STYR.hasSummand)}
    assert summands == {
        f"stadsledningskontoret/{line}/2024"
        for line in ("intakter", "kostnader", "kommunbidrag", "kommuninterna-bidrag")
    }
    # Kommunledningen's Intäkter 2025 (1667) is the sum of its four parts' Intäkter
    income = observation(graph, "kommunledningen", "intakter", 2025)
    parts = {str(p).rsplit("/obs/", 1)[1] for p in graph.objects(income, STYR.hasPartObservation)}
    assert parts == {
        f"{area}/intakter/2025"
        for area in (
            "politisk-organisation",
            "stadsledningskontoret",
            "personal-och-kompetensforsorjning",
            "ovrig-verksamhet",
        )
    }
    # the single-column anslag table: Total (1614) is the sum of the four rows above
    total = observation(graph, "personal-och-kompetensforsorjningsanslaget", "total", 2025)
    assert len(set(graph.objects(total, STYR.hasSummand))) == 4


@needs_seeds
def test_bullets_and_count_in_budget(graph: Graph) -> None:
    # 1620 "• Arenauppdraget, 10,0 mnkr"
    (arena,) = stated(graph, "10,0 mnkr")
    assert str(arena).endswith("/budget/belopp/L1620-1")
    assert graph.value(arena, STYR.text) == Literal("Arenauppdraget, 10,0 mnkr", lang="sv")
    assert graph.value(arena, STYR.amountRole) == code("beloppstyp", "niva")
    # mnkr amounts in the budget (225-1701): 1106 (1), 1107 (2), 1552 (1), 1559-1563 (5),
    # 1569-1570 (3), 1579-1580 (3), 1585-1589 (4), 1620-1624 (5), 1642 (1), 1648-1649 (2)
    amounts = {
        a for a in graph.subjects(RDF.type, STYR.StatedAmount) if "/ks/budget/belopp/" in str(a)
    }
    assert len(amounts) == 27
    # the service report (164-171) states five tkr amounts: 4 500, 2 770, 2 000, 1 500, 1 300
    in_report = {
        a for a in graph.subjects(RDF.type, STYR.StatedAmount) if "/tjansteutlatande/" in str(a)
    }
    assert sorted(graph.value(a, STYR.statedValue).toPython() for a in in_report) == [  # type: ignore[union-attr]
        1300,
        1500,
        2000,
        2770,
        4500,
    ]
    # "0,2 procent" (1553) is not an amount
    assert not any("procent" in str(graph.value(a, STYR.statedValue)) for a in amounts)


@needs_seeds
def test_service_report_tkr_amounts() -> None:
    graph, _ = extract_only(SEED, "service_report")
    # 165 "riktad besparing till stadsledningskontoret med 4 500 tkr som avser ledningsarbete,"
    (saving,) = stated(graph, "4 500 tkr")
    assert graph.value(saving, OBEU_MEASURE.amount) == Literal(Decimal("4.5"))
    assert py(graph, saving, OBEU_MEASURE.amount) == Decimal("4.5")
    assert py(graph, saving, STYR.statedValue) == Decimal("4500")
    assert graph.value(saving, STYR.statedUnit) == code("enhet", "tkr")
    assert graph.value(saving, STYR.amountRole) == code("beloppstyp", "forandring")
    assert line_starts(graph, saving) == {164}
    # 166-168 "ökats med 2 770 tkr …, 2 000 tkr …, 1 500 tkr …": a list of changes
    for printed in ("2 770 tkr", "2 000 tkr", "1 500 tkr"):
        (amount,) = stated(graph, printed)
        assert graph.value(amount, STYR.amountRole) == code("beloppstyp", "forandring")
    # 171 "reducerats med 1 300 tkr"; five tkr amounts in all, nothing else
    assert len(set(graph.subjects(RDF.type, STYR.StatedAmount))) == 5


# --- pure helpers --------------------------------------------------------------------------------
def test_parse_number() -> None:
    assert parse_number("1 020,3") == Decimal("1020.3")
    assert parse_number("−1,1") == Decimal("-1.1")
    assert parse_number("4\u00a0500") == Decimal("4500")
    assert parse_number("0,0") == Decimal("0.0")


def test_split_values_reads_thousands_and_refuses_guesses() -> None:
    assert split_values(["965", "300", "1", "020", "300", "1", "050", "000"], 3) == [
        "965 300",
        "1 020 300",
        "1 050 000",
    ]
    assert split_values(["-580,6", "-602,0"], 2) == ["-580,6", "-602,0"]
    assert split_values(["124,0"], 2) is None
    # two values printed in a three-column tkr table: "120 | 400 | 125 000" is a guess
    assert split_values(["120", "400", "125", "000"], 3) is None


def test_area_matcher_is_conservative() -> None:
    matcher = AreaMatcher(["Kommunledningen", "Politisk organisation", "Stadsledningskontoret"])
    assert matcher.find("för kommunledningen") == ["Kommunledningen"]
    assert matcher.find("Stadsledningskontorets verksamhet") == ["Stadsledningskontoret"]
    assert matcher.find("den politiska verksamheten") == ["Politisk organisation"]
    assert matcher.find("I kommunfullmäktiges budget") == []


# --- the family: another board, a tkr table with outcome and budget columns ----------------------
FAMILY = """\
1. Inledning

Budget 2025 för idrotts- och föreningsnämnden i Exempelby kommun. Nämnden ansvarar
för stadens idrottsanläggningar och för bidrag till föreningslivet.

2. Ekonomi

Idrotts- och föreningsnämndens kommunbidrag uppgår år 2025 till 1 050 000 tkr. Det är
en ökning med 29 700 tkr jämfört med 2024 (1 020 300 tkr). Nämnden har också fått
ett tillskott på 2,5 miljoner kronor för spontanidrott och en besparing på −1,2 mnkr.

Idrotts- och föreningsnämnden (belopp i tkr)

Utfall 2023
Budget 2024 Budget 2025

Intäkter 45 200 46 000 47 500
Kostnader -1 010 500 -1 066 300 -1 097 500
Kommunbidrag 965 300 1 020 300 1 050 000
Resultat 0 0 0

Föreningsbidrag

Kostnader -120 400 -125 000 -131 000
Kommunbidrag 120 400 125 000
 Resultat 0 0 0

Nämndens verksamhet följs upp i delårsrapporter.
"""


@pytest.fixture(scope="module")
def family(tmp_path_factory: pytest.TempPathFactory) -> IngestResult:
    path = tmp_path_factory.mktemp("family") / "idrott_budget.txt"
    path.write_text(FAMILY, encoding="utf-8")
    return ingest([path])


def test_family_document_is_a_board_budget(family: IngestResult) -> None:
    graph = family.merged()
    assert len(set(graph.subjects(RDF.type, STYR.BoardBudget))) == 1


def test_family_tkr_table_is_converted_with_phases(family: IngestResult) -> None:
    graph = family.merged()
    area = "Idrotts- och föreningsnämnden"
    assert cell(graph, area, "Kommunbidrag", 2024)[0].toPython() == Decimal("1020.3")
    assert cell(graph, area, "Kostnader", 2025)[0].toPython() == Decimal("-1097.5")
    assert cell(graph, area, "Intäkter", 2023, "executed")[0].toPython() == Decimal("45.2")
    assert cell(graph, area, "Intäkter", 2023) == []  # "Utfall" is not an approved budget
    assert cell(graph, "Föreningsbidrag", "Kostnader", 2023, "executed")[0].toPython() == Decimal(
        "-120.4"
    )
    executed = [
        s for s in graph.subjects(RDF.type, STYR.BudgetObservation) if str(s).endswith("/executed")
    ]
    # four rows + two rows (the short row is not read) in the 2023 outcome column
    assert len(executed) == 6
    (ds,) = graph.subjects(RDF.type, STYR.BudgetDataSet)
    assert graph.value(ds, STYR.unit) == code("enhet", "mnkr")
    assert py(graph, ds, SDMXA.unitMult) == 6


def test_family_short_row_is_reported(family: IngestResult) -> None:
    bad = [f for f in family.report.unparsed_findings if f.kind == "budgettabell"]
    assert [(f.line_start, f.raw) for f in bad] == [(25, "Kommunbidrag 120 400 125 000")]
    graph = family.merged()
    assert cell(graph, "Föreningsbidrag", "Kommunbidrag", 2025) == []
    # the row after the short one is still read (" Resultat 0 0 0" after a page break)
    assert cell(graph, "Föreningsbidrag", "Resultat", 2025)[0].toPython() == Decimal("0")


def test_family_prose_amounts(family: IngestResult) -> None:
    graph = family.merged()
    (level,) = stated(graph, "1 050 000 tkr")
    assert py(graph, level, OBEU_MEASURE.amount) == Decimal("1050")
    assert graph.value(level, STYR.amountRole) == code("beloppstyp", "niva")
    assert graph.value(level, OBEU_DIM.fiscalYear) == URIRef(f"{YEAR}2025")
    target = graph.value(level, STYR.describesObservation)
    assert str(target).endswith("/obs/idrotts-och-foreningsnamnden/kommunbidrag/2025")
    (prior,) = stated(graph, "1 020 300 tkr")
    assert graph.value(prior, STYR.amountRole) == code("beloppstyp", "tidigare-ar")
    assert py(graph, prior, OBEU_MEASURE.amount) == Decimal("1020.3")
    (millions,) = stated(graph, "2,5 miljoner kronor")
    assert graph.value(millions, STYR.statedUnit) == code("enhet", "mnkr")
    assert graph.value(millions, STYR.amountRole) == code("beloppstyp", "forandring")
    (saving,) = stated(graph, "−1,2 mnkr")
    assert py(graph, saving, STYR.statedValue) == Decimal("-1.2")
    for amount in graph.subjects(RDF.type, STYR.StatedAmount):
        assert graph.value(amount, RDFS.label) is not None
