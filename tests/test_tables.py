"""Tables laid out with spaces (``pdftotext -layout``): short layouts written by hand.

Each layout below is made up, in the shape real board reports have; the expected cells,
headers, labels and units are read off the layout by a person, not produced by the code.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from loaders.codes import code
from loaders.joined_tables import joined_rows
from loaders.pipeline import IngestResult, ingest
from loaders.source_reader import read_source
from loaders.table_lines import parse_line
from loaders.tables import Grid, find_layout_tables
from loaders.vocab import OBEU_CODE, OBEU_DIM, OBEU_MEASURE, RDF, RDFS, SDMXA, STYR
from tests.corpus_recall import MATCHERS

# A summary in mnkr: caption, stub with the unit, heads over three lines, a label
# wrapped around its numbers, space thousands, both minus signs, a sparse row.
SUMMARY = """\
      Resultatredovisning i sammandrag
                                                                  Prognos       Utfall fg
        Belopp i mnkr          Utfall       Budget    Avvikelse
                                                                    aug             år

        Intäkter               1 420,1      1 434,1       -14,0      1 442,7      1 341,8
        Kostnader             -1 451,4     −1 472,3        20,9     -1 467,1     -1 373,6
        Kommuninterna
                                     0            0           0            0            0
        bidrag
        Resultat                   6,9            0         6,9         13,8          3,7
        Återreglering 2025       -29,5
"""

# Sub-headings, bullet rows under them, a label going on in lower case, a total row
# after a gap, then prose.
DEPARTMENTS = """\
      3.2 Resultat per avdelning
        Avdelning                         Utfall 2025     Prognos aug

        Gemensamma tjänster
        - Ekonomi                                7,2             5,5
        - HR                                    11,9             4,0
        Avdelning Styrning och stöd,             7,1               0
        gemensamma kostnader


        Summa                                   26,2             9,5

      Förvaltningen gjorde under året en så rimlig bedömning som möjligt av kostnaderna.
"""

# An indicator table: the stub names them; per cent, a count, a dash for no value.
INDICATORS = """\
      Effektmått och övriga mått/nyckeltal
        Nyckeltal                                   2025          2024          2023

        Antal tjänster                                56            57            51
        Andel ärenden lösta inom                     87%           85%             -
        avtalad tid
        Total sjukfrånvaro (%)                       5,0           5,7           5,5
"""

# A chart: the axis and the bars' numbers, no labels.
CHART = """\
      Diagram 1. Antal ärenden per år

        100
         80          72
         60                       58
             2021        2022         2023
"""

# Cells that do not stand in columns: two full rows that disagree.
CROOKED = """\
      Fördelning (mnkr)
        Första raden   1,0  2,0  3,0
        Andra raden                      4,0            5,0            6,0
"""

PROSE = """\
      Nämnden redovisar ett överskott på 6,9 miljoner kronor för året, vilket är
      högre än prognosen i augusti   13,8   men lägre än föregående års 3,7 mnkr.
"""


def grids(tmp_path: Path, text: str) -> tuple[list[Grid], list]:  # type: ignore[type-arg]
    path = tmp_path / "layout.txt"
    path.write_text(text, encoding="utf-8")
    src = read_source(path)
    return find_layout_tables(src, 1, len(src.lines))


def cells(grid: Grid) -> dict[str, dict[str, str]]:
    return {
        row.label: {grid.headers[c]: v.printed for c, v in row.cells.items()} for row in grid.rows
    }


def test_a_line_is_cut_into_label_and_cells() -> None:
    line = parse_line(1, "  Intäkter               1 420,1      -14,0     87,5 %    -    Ökning")
    assert [c.text for c in line.label] == ["Intäkter"]
    assert [v.printed for v in line.values] == ["1 420,1", "-14,0", "87,5 %", "-"]
    assert [v.number for v in line.values] == [
        Decimal("1420.1"),
        Decimal("-14.0"),
        Decimal("87.5"),
        None,
    ]
    assert [c.text for c in line.rest] == ["Ökning"]
    header = parse_line(2, "  Nyckeltal        2025     2024     2023")
    assert not header.is_row  # years alone are column heads


def test_summary_table_in_mnkr(tmp_path: Path) -> None:
    (grid,), problems = grids(tmp_path, SUMMARY)
    assert problems == []
    assert grid.caption == "Resultatredovisning i sammandrag"
    assert grid.stub == "Belopp i mnkr"
    assert (grid.unit, grid.unit_stated) == ("mnkr", True)
    assert grid.headers == ["Utfall", "Budget", "Avvikelse", "Prognos aug", "Utfall fg år"]
    assert (grid.start, grid.end) == (1, 12)
    read = cells(grid)
    assert read["Intäkter"]["Utfall"] == "1 420,1"
    assert read["Kostnader"]["Budget"] == "−1 472,3"
    assert read["Kommuninterna bidrag"] == {h: "0" for h in grid.headers}
    assert read["Resultat"]["Prognos aug"] == "13,8"
    assert read["Återreglering 2025"] == {"Utfall": "-29,5"}  # sparse: its own column
    wrapped = next(r for r in grid.rows if r.label == "Kommuninterna bidrag")
    assert (wrapped.start, wrapped.end) == (8, 10)


def test_sub_headings_continuations_and_a_total_after_a_gap(tmp_path: Path) -> None:
    (grid,), _ = grids(tmp_path, DEPARTMENTS)
    assert grid.caption == "3.2 Resultat per avdelning"
    assert grid.stub == "Avdelning"
    assert grid.headers == ["Utfall 2025", "Prognos aug"]
    assert [(r.area, r.label) for r in grid.rows] == [
        ("Gemensamma tjänster", "- Ekonomi"),
        ("Gemensamma tjänster", "- HR"),
        ("Gemensamma tjänster", "Avdelning Styrning och stöd, gemensamma kostnader"),
        ("Gemensamma tjänster", "Summa"),
    ]
    assert cells(grid)["Summa"] == {"Utfall 2025": "26,2", "Prognos aug": "9,5"}
    assert grid.end == 11  # the prose after the table is not part of it


def test_indicator_table_units_per_row(tmp_path: Path) -> None:
    (grid,), _ = grids(tmp_path, INDICATORS)
    assert grid.stub == "Nyckeltal"
    assert grid.headers == ["2025", "2024", "2023"]
    read = cells(grid)
    assert read["Antal tjänster"] == {"2025": "56", "2024": "57", "2023": "51"}
    assert read["Andel ärenden lösta inom avtalad tid"] == {"2025": "87%", "2024": "85%"}
    units = {r.label: r.unit for r in grid.rows}
    assert units == {
        "Antal tjänster": "antal",
        "Andel ärenden lösta inom avtalad tid": "procent",
        "Total sjukfrånvaro (%)": "procent",
    }


def test_a_chart_is_not_a_table(tmp_path: Path) -> None:
    assert grids(tmp_path, CHART) == ([], [])


def test_prose_with_spaced_numbers_is_not_a_table(tmp_path: Path) -> None:
    assert grids(tmp_path, PROSE) == ([], [])


def test_cells_out_of_columns_are_a_problem_not_a_table(tmp_path: Path) -> None:
    found, problems = grids(tmp_path, CROOKED)
    assert found == []
    assert [(p.start, p.end) for p in problems] == [(2, 3)]


# --- through the pipeline: cells as observations, indicators as indicators -----------------
REPORT = """\
Årsrapport 2025 för nämnden för Intraservice

Nämnden för Intraservice redovisar här sitt resultat, sina mål och sin budget för 2025.

{summary}
      Förvaltningen redovisar siffrorna externt inklusive nämnder.

{indicators}
      Indikatorerna följs upp varje tertial av förvaltningen och rapporteras till nämnden.

{crooked}
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> IngestResult:
    path = tmp_path_factory.mktemp("tables") / "intraservice_arsrapport.txt"
    text = REPORT.format(summary=SUMMARY, indicators=INDICATORS, crooked=CROOKED)
    path.write_text(text, encoding="utf-8")
    return ingest([path])


def observation(graph: Graph, label: str) -> URIRef:
    (node,) = [
        s
        for s in graph.subjects(RDF.type, STYR.BudgetObservation)
        if any(str(o).endswith(label) for o in graph.objects(s, RDFS.label))
    ]
    return node  # type: ignore[return-value]


def test_cells_are_observations_in_mnkr_with_phase_and_year(report: IngestResult) -> None:
    graph = report.merged()
    outcome = observation(graph, "Intäkter Utfall")
    assert graph.value(outcome, OBEU_MEASURE.amount).toPython() == Decimal("1420.1")
    assert graph.value(outcome, OBEU_DIM.budgetPhase) == OBEU_CODE["budget-phase/executed"]
    assert str(graph.value(outcome, OBEU_DIM.fiscalYear)).endswith("/2025")
    prior = observation(graph, "Intäkter Utfall fg år")
    assert str(graph.value(prior, OBEU_DIM.fiscalYear)).endswith("/2024")
    deviation = observation(graph, "Kostnader Avvikelse")
    assert graph.value(deviation, OBEU_MEASURE.amount).toPython() == Decimal("20.9")
    assert graph.value(deviation, OBEU_DIM.budgetPhase) is None  # a deviation is no phase
    dataset = graph.value(outcome, URIRef("http://purl.org/linked-data/cube#dataSet"))
    assert graph.value(dataset, STYR.unit) == code("enhet", "mnkr")
    assert graph.value(dataset, SDMXA.unitMult).toPython() == 6


def test_indicator_rows_are_indicators_with_values(report: IngestResult) -> None:
    graph = report.merged()
    names = {str(graph.value(i, RDFS.label)) for i in graph.subjects(RDF.type, STYR.Indicator)}
    assert names == {
        "Antal tjänster",
        "Andel ärenden lösta inom avtalad tid",
        "Total sjukfrånvaro (%)",
    }
    (share,) = [
        i
        for i in graph.subjects(RDF.type, STYR.Indicator)
        if str(graph.value(i, RDFS.label)).startswith("Andel")
    ]
    assert graph.value(share, STYR.unit) == code("enhet", "procent")
    values = {
        (
            str(graph.value(v, OBEU_DIM.fiscalYear)).rsplit("/", 1)[-1],
            graph.value(v, STYR.statedValue).toPython(),
        )
        for v in graph.subjects(STYR.indicator, share)
    }
    assert values == {("2025", Decimal("87")), ("2024", Decimal("85"))}
    kinds = {graph.value(v, STYR.valueKind) for v in graph.subjects(STYR.indicator, share)}
    assert kinds == {code("vardetyp", "utfall")}
    # indicator cells are not budget observations
    assert not [
        s
        for s in graph.subjects(RDF.type, STYR.BudgetObservation)
        if "sjukfrånvaro" in str(graph.value(s, RDFS.label))
    ]


def test_an_unreadable_table_is_reported_with_its_lines(report: IngestResult) -> None:
    bad = [f for f in report.report.unparsed_findings if f.kind == "tabell"]
    assert len(bad) == 1
    assert "Första raden" in bad[0].raw and "Andra raden" in bad[0].raw


# --- rows an extraction joined into one line ------------------------------------------------
JOINED = (
    "Nämnderna         101      -184        9 Kommuncentrala poster      -37     -36      11"
    " Avsättning tåg-     -        -    -1 100 Borås Utfall       Budget"
)
JOINED_WRAPPED = (
    "Bostad med särskild    51    59    110 service vuxna Korttidsvistelse utanför    6    23"
    "    29 egna hemmet Personlig assistans    1    2"
)
UNITS = "Göteborg Stadshus AB        3 200 mnkr Göteborg Energi koncern       10 200 mnkr"


def test_joined_rows_are_cut_at_their_labels() -> None:
    grid = joined_rows(7, JOINED, "Belopp i mnkr   Utfall   Budget   Prognos")
    assert grid is not None
    assert grid.unit == "mnkr"  # the line before says so
    assert grid.headers == ["Utfall", "Budget", "Prognos"]  # one head per column
    assert [(r.label, {c: v.printed for c, v in r.cells.items()}) for r in grid.rows] == [
        ("Nämnderna", {0: "101", 1: "-184", 2: "9"}),
        ("Kommuncentrala poster", {0: "-37", 1: "-36", 2: "11"}),
        ("Avsättning tåg-Borås", {2: "-1 100"}),  # dashes are empty cells
    ]
    assert {(r.start, r.end) for r in grid.rows} == {(7, 7)}


def test_joined_rows_keep_a_label_that_goes_on_after_its_numbers() -> None:
    grid = joined_rows(3, JOINED_WRAPPED, None)
    assert grid is not None
    assert [r.label for r in grid.rows] == [
        "Bostad med särskild service vuxna",
        "Korttidsvistelse utanför egna hemmet",
    ]
    assert grid.unread == [
        (3, 3, "joined rows whose cells do not fill the 3 columns: Personlig assistans")
    ]
    assert grid.unit is None and grid.headers == ["", "", ""]


def test_joined_amounts_with_their_unit() -> None:
    grid = joined_rows(1, UNITS, None)
    assert grid is not None and grid.unit == "mnkr"
    assert [(r.label, r.cells[0].number) for r in grid.rows] == [
        ("Göteborg Stadshus AB", Decimal("3200")),
        ("Göteborg Energi koncern", Decimal("10200")),
    ]


def test_one_row_or_prose_is_not_joined_rows() -> None:
    assert joined_rows(1, "Intäkter        1 420,1     1 434,1", None) is None
    prose = (
        "Nämnden redovisar  ett överskott på 6,9 miljoner kronor för året vilket är högre än"
        " prognosen   13,8   och lägre än föregående år   3,7   enligt tabellen nedan"
    )
    assert joined_rows(1, prose, None) is None


def test_a_table_of_contents_is_not_a_table(tmp_path: Path) -> None:
    contents = (
        "      Innehåll\n"
        "        Inledning ...............................................     3\n"
        "        Ekonomisk analys ........................................     5\n"
        "        Personal ................................................    11\n"
    )
    assert grids(tmp_path, contents) == ([], [])
    joined = "Inledning. ..........  3 Bakgrund. ..........  5 Analys. ..........  9"
    assert joined_rows(1, joined, "Innehållsförteckning") is None


@pytest.mark.parametrize(
    ("fact", "found"),
    [
        ({"name": "Antal tjänster", "outcome": "56 (2025); 57 (2024); 51 (2023)"}, True),
        ({"name": "Antal tjänster", "outcome": "57 (2025)"}, False),  # another value
        ({"name": "Antal tjänster", "outcome": "56 (2024)"}, False),  # another year
        ({"name": "Andel ärenden lösta inom avtalad tid", "outcome": "87% (2025)"}, True),
        (
            {"name": "Andel ärenden lösta inom", "outcome": "87% (2025)", "target": "90 %"},
            False,  # no target in the table
        ),
        ({"name": "Antal katter", "outcome": "56 (2025)"}, False),
    ],
)
def test_the_indicator_matcher_finds_what_is_there_and_only_that(
    report: IngestResult, fact: dict[str, str], found: bool
) -> None:
    assert MATCHERS["indicator"](report.merged(), fact) is found
