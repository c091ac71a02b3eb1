"""The named queries in ``queries/*.rq``, run on the committed graph (``data/*.ttl``).

Each query runs with its parameters bound as Oxigraph substitutions, as the embedded store
binds them. The expected values were read by hand off the seed texts the graph was built
from; the comments give the lines: "000" is 000_64bcae0d445429da.txt (the genomförandeplan
and the parties' papers on it), "001" is 001_ac962998a4b6cb85.txt (the board's budget
bundle: papers, tjänsteutlåtande, budget, samlad riskbild, internkontrollplan, tidplan).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import yaml

from tests.conftest import DATA

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
XSD = "http://www.w3.org/2001/XMLSchema#"
DATATYPES = {"string": "string", "integer": "integer", "decimal": "decimal", "date": "date",
             "gYear": "gYear", "boolean": "boolean"}  # fmt: skip
ID = "https://w3id.org/styrgraf/id/"
KS = ID + "goteborg/org/kommunstyrelsen"
KF_UPPDRAG = ID + "goteborg/2025/kf/uppdrag/"
GOAL = ID + "goteborg/mal/2023-2026/"

Row = dict[str, str]


def read_header(path: Path) -> tuple[dict[str, Any], str]:
    """Return the YAML of the ``#+`` lines at the top of ``path`` and the SPARQL after them."""
    lines = path.read_text(encoding="utf-8").splitlines()
    head = [line[3:] for line in lines if line.startswith("#+ ")]
    count = 0
    while count < len(lines) and lines[count].startswith("#+"):
        count += 1
    meta = yaml.safe_load("\n".join(head)) or {}
    assert isinstance(meta, dict), path.name
    return meta, "\n".join(lines[count:])


FILES = sorted(QUERIES.glob("*.rq"))
NAMES = [f.stem for f in FILES]


def load_data() -> ox.Store:
    graph = ox.Store()
    for path in DATA:
        graph.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return graph


@cache
def store() -> ox.Store:
    return load_data()


def term(kind: str, value: str) -> ox.NamedNode | ox.Literal:
    if kind == "iri":
        return ox.NamedNode(value)
    return ox.Literal(value, datatype=ox.NamedNode(XSD + DATATYPES[kind]))


def params_of(name: str) -> dict[str, dict[str, Any]]:
    meta, _ = read_header(QUERIES / f"{name}.rq")
    return dict(meta.get("params") or {})


def bind(name: str, given: dict[str, str]) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
    specs = params_of(name)
    return {ox.Variable(k): term(specs[k]["type"], v) for k, v in given.items()}


def run(name: str, **given: str) -> list[Row]:
    """Run a named query with ``given`` bound as substitutions; rows as plain strings."""
    return run_on(store(), name, **given)


def run_on(graph: ox.Store, name: str, **given: str) -> list[Row]:
    _, body = read_header(QUERIES / f"{name}.rq")
    return rows_of(graph.query(body, substitutions=bind(name, given) or None))


def rows_of(result: object) -> list[Row]:
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def sorted_items(row: Row) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(row.items()))


def run_with_values(name: str, **given: str) -> list[Row]:
    """Run a named query with ``given`` bound as the remote store binds them (VALUES)."""
    from api.shacl.store import to_rdflib
    from api.store.remote_text import bind as bind_remotely

    _, body = read_header(QUERIES / f"{name}.rq")
    terms = {v.value: to_rdflib(t) for v, t in bind(name, given).items()}
    return rows_of(store().query(bind_remotely(body, terms)))


def examples(name: str) -> dict[str, str]:
    return {k: str(v["example"]) for k, v in params_of(name).items()}


def projection(body: str) -> str:
    code = re.sub(r'"(?:[^"\\]|\\.)*"|#[^\n]*|<[^<>\s]*>', " ", body)
    found = re.search(r"\bSELECT\b(.*?)(\bWHERE\b|\{)", code, re.IGNORECASE | re.DOTALL)
    assert found, "no SELECT"
    return found.group(1)


def column(rows: list[Row], name: str) -> list[str]:
    return [r.get(name, "") for r in rows]


def by(rows: list[Row], key: str, suffix: str) -> Row:
    found = [r for r in rows if r[key].endswith(suffix)]
    assert len(found) == 1, (suffix, [r[key] for r in rows])
    return found[0]


# --- the catalogue as a whole -------------------------------------------------------------------
def test_there_are_at_least_fourteen_queries_with_valid_headers() -> None:
    assert len(FILES) >= 14
    for path in FILES:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", path.stem), path.name
        meta, body = read_header(path)
        assert set(meta) <= {"summary", "summary_sv", "description", "tags", "params"}, path.name
        for key in ("summary", "summary_sv"):
            assert isinstance(meta.get(key), str) and "\n" not in meta[key], (path.name, key)
        assert meta.get("description"), path.name
        selected = projection(body)
        for name, spec in (meta.get("params") or {}).items():
            assert set(spec) <= {"type", "description", "example", "required"}, (path, name)
            assert spec["type"] in {"iri", *DATATYPES}, (path, name)
            assert "example" in spec and spec.get("description"), (path, name)
            assert re.search(rf"\?{name}\b", selected), f"{path.name}: ?{name} is not selected"
        assert re.match(r"\s*PREFIX\b", body), f"{path.name}: SPARQL must follow the header"


def test_the_server_catalogue_accepts_every_file() -> None:
    from api.catalogue import load_catalogue

    assert sorted(load_catalogue(QUERIES)) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_the_example_values_give_rows(name: str) -> None:
    assert run(name, **examples(name)), name


@pytest.mark.parametrize("name", [n for n in NAMES if params_of(n)])
def test_remote_values_bind_like_a_substitution(name: str) -> None:
    # the VALUES block opens the WHERE group, so even the FILTERs of the range queries
    # see the dates, as they do with in-process substitution
    given = examples(name)
    substituted = run(name, **given)
    joined = run_with_values(name, **given)
    assert sorted(map(sorted_items, joined)) == sorted(map(sorted_items, substituted))


@pytest.mark.parametrize(
    "name", [n for n in NAMES if any(not s.get("required", True) for s in params_of(n).values())]
)
def test_leaving_optional_parameters_out_returns_all(name: str) -> None:
    given = examples(name)
    bound = run(name, **given)
    required = {k: v for k, v in given.items() if params_of(name)[k].get("required", True)}
    everything = run(name, **required)
    assert len(everything) >= len(bound)
    assert {sorted_items(r) for r in bound} <= {sorted_items(r) for r in everything}


# --- goals --------------------------------------------------------------------------------------
def test_programmes_supporting_goal_are_the_budgets_key_steering_documents() -> None:
    # 001 L427-436, goal 1 "Viktiga styrdokument är:" six bullets.
    labels = column(run("programmes_supporting_goal", goal=GOAL + "1"), "label")
    assert len(labels) == 6
    assert (
        "Göteborgs Stads program för full delaktighet för personer med funktionsnedsättning"
        in labels
    )  # L429
    assert "Göteborgs Stads trygghetsskapande och brottsförebyggande program" in labels  # L430
    assert "Göteborgs Stads plan för att motverka tystnadskulturer" in labels  # L435
    # 001 L739-745, goal 7: five bullets, two of them a policy and a riktlinje.
    rows = run("programmes_supporting_goal", goal=GOAL + "7")
    kinds = {r["label"]: r["kind"] for r in rows}
    assert len(kinds) == 5
    assert kinds["Göteborgs Stads policy för digitalisering och IT"] == "policy"  # L745
    assert kinds["Göteborgs stads riktlinje för arbetsmiljö, medarbetarskap och chefskap"] == (
        "riktlinje"
    )  # L744
    # 001 L477-483, goal 2: three bullets.
    assert len(run("programmes_supporting_goal", goal=GOAL + "2")) == 3


def test_goals_without_support_are_those_without_a_list_of_steering_documents() -> None:
    # 001: goals 4 (L544-587), 5 (L589-638) and 6 (L640-670) end without "Viktiga
    # styrdokument är"; goals 1 (L427), 2 (L477), 3 (L538) and 7 (L739) have one.
    rows = run("goals_without_support")
    assert column(rows, "number") == ["4", "5", "6"]
    # Each still has a målbidrag in the genomförandeplan (000 L127, L139, L150) and in the
    # budget (001 L546, L591, L642).
    assert column(rows, "contributions") == ["2", "2", "2"]


def test_goal_support_chain_lists_contributions_and_documents() -> None:
    rows = run("goal_support_chain", goal=GOAL + "1")
    kinds = column(rows, "kind")
    # Two målbidrag: 000 L82-101 (genomförandeplan) and 001 L341-387 (budget), both by KS.
    assert kinds.count("målbidrag") == 2
    assert {r["body"] for r in rows if r["kind"] == "målbidrag"} == {"Kommunstyrelsen"}
    assert {r["document"] for r in rows if r["kind"] == "målbidrag"} == {
        "Genomförandeplan 2025 för kommunstyrelsen",
        "Budget 2025 för kommunstyrelsen",
    }
    # Six steering documents (001 L429-436).
    assert kinds.count("styrdokument") == 6
    # Goal 4 has its two målbidrag (000 L127, 001 L544) and nothing else.
    assert column(run("goal_support_chain", goal=GOAL + "4"), "kind") == ["målbidrag"] * 2


# --- assignments --------------------------------------------------------------------------------
def test_assignments_by_body_gives_each_role() -> None:
    rows = run("assignments_by_body", body=ID + "goteborg/org/stadsmiljonamnden")
    roles = {r["assignment"].rsplit("/", 1)[1]: r["roles"] for r in rows}
    assert roles == {
        # 001 L900-902: KS "i samverkan med stadsmiljönämnden erbjuda gröna obligationer".
        "erbjuda-grona-obligationer-inom-biologisk-mangfald": "i samverkan",
        # 001 L936-940: "Stadsmiljönämnden får i uppdrag att i samverkan med kommunstyrelsen".
        "foresla-hur-risker-och-kostnader-for-vintervaghallningen-kan": "ansvarig",
    }
    ks = run("assignments_by_body", body=KS)
    # 001 L801-962: 14 assignments, all but L919 and L926 (alla nämnder och bolagsstyrelser)
    # name KS; 001 L971-1044: 8 assignments from earlier budgets, all to KS.
    assert len(ks) == 12 + 8
    assert by(ks, "assignment", "vintervaghallningen-kan")["roles"] == "i samverkan"  # L936-937
    assert by(ks, "assignment", "dnr-0202-23")["caseNumber"] == "dnr 0202/23"  # L976


def test_assignments_due_between_is_inclusive_exclusive_and_ordered() -> None:
    rows = run("assignments_due_between", after="2025-01-01", before="2025-06-01")
    assert column(rows, "dueBy") == [
        "2025-02-05",  # 001 L978 "KS 2025-02-05" (dnr 0202/23)
        "2025-03-31",  # 001 L1033 "KS Q1 2025" (doftpolicy)
        "2025-04-23", "2025-04-23", "2025-04-23",  # 001 L826, L842, L904 "KS 2025-04-23"
        "2025-05-31", "2025-05-31", "2025-05-31",  # 001 L897-898, L916-917, L946-947 "maj 2025"
    ]  # fmt: skip
    assert by(rows, "assignment", "slk-2023-01047")["timingKind"] == "kvartal"
    assert by(rows, "assignment", "utveckla-det-systematiska-arbetsmiljoarbetet")["occasion"] == (
        "Delårsrapport mars 2025 för kommunstyrelsen"  # 001 L828
    )
    # The first day is in, the last is out.
    assert len(run("assignments_due_between", after="2025-04-23", before="2025-04-24")) == 3
    assert run("assignments_due_between", after="2025-04-24", before="2025-05-31") == []


def test_assignments_without_date_are_the_undated_rows_of_the_table() -> None:
    rows = run("assignments_without_date")
    assert sorted(r["assignment"].rsplit("/", 1)[1] for r in rows) == [
        "bista-ovriga-namnder-och-bolagsstyrelser-i-det-fortsatta",  # 001 L812-819 "Krävs dialog"
        "samordna-och-folja-upp-arbete-for-att-motverka",  # 001 L865-866 "Löpande rapportering"
        "slk-2023-01063",  # 001 L1042-1044 "Beror av annan"
        "utarbeta-och-infora-ett-kommungemensamt-arbetssatt-for-hur",  # 001 L881-887
    ]
    nav = by(rows, "assignment", "slk-2023-01063")
    assert "Beror av annan" in nav["planTexts"]
    assert "Nämnden för arbetsmarknad och vuxenutbildning" in nav["responsible"]  # L1035


def test_a_requirement_without_a_text_keeps_the_others_texts() -> None:
    """Two undated requirements, one with the table's "Plan för rapportering" and one
    without (the form of 001 L812-819 beside a second, empty cell): the text is kept.
    Under SPARQL 1.1 an unbound value in GROUP_CONCAT makes the whole aggregate an error,
    so the query must not put one there."""
    graph = ox.Store()
    graph.load(
        """@prefix styr: <https://w3id.org/styrgraf/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix kod: <https://w3id.org/styrgraf/kod/> .
        <urn:a> a styr:Assignment ; rdfs:label "Ett uppdrag"@sv ;
          styr:hasReportingRequirement <urn:r1>, <urn:r2> .
        <urn:r1> styr:planText "Krävs dialog" ; styr:timingKind kod:lopande .
        <urn:r2> styr:timingKind kod:beroende .""".encode(),
        ox.RdfFormat.TURTLE,
    )
    [row] = run_on(graph, "assignments_without_date")
    assert row["planTexts"] == "Krävs dialog"
    assert sorted(row["timingKinds"].split(", ")) == ["beroende", "lopande"]


def test_cooperation_between_bodies_counts_shared_assignments() -> None:
    rows = run("cooperation_between_bodies")
    pairs = {frozenset((r["label1"], r["label2"])): int(r["sharedAssignments"]) for r in rows}
    # 001 L900-902 and L936-939: KS and stadsmiljönämnden share two assignments.
    assert pairs[frozenset(("Kommunstyrelsen", "Stadsmiljönämnden"))] == 2
    assert rows[0]["sharedAssignments"] == "2"
    # 001 L847-848: förskolenämnden and grundskolenämnden in the same study.
    assert pairs[frozenset(("Förskolenämnden", "Grundskolenämnden"))] == 1
    # 001 L876: KS and inköps- och upphandlingsnämnden.
    assert pairs[frozenset(("Kommunstyrelsen", "Inköps- och upphandlingsnämnden"))] == 1
    # Eleven pairs in all: KS with MKN (L803), alla nämnder (L821-822), förskolenämnden,
    # grundskolenämnden (L847-848), inköpsnämnden (L876), stadsmiljönämnden (L900, L936),
    # NAV and relevanta nämnder (L1035-1037); förskole/grundskole (L847-848), inköpsnämnden
    # with alla nämnder (L926-930), NAV with relevanta nämnder (L1035-1037).
    assert len(rows) == len(pairs) == 11
    # Kommunfullmäktige gives the assignments and is nobody's partner.
    assert not any("Kommunfullmäktige" in pair for pair in pairs)


def test_what_body_owes_before_may() -> None:
    rows = run("what_body_owes_before", body=KS, before="2025-05-01")
    assert column(rows, "dueBy") == (
        ["2024-12-11"] * 4  # 001 L1006, L1013, L1020, L1026 "KS 2024-12-11"
        + ["2025-02-05"]  # 001 L978
        + ["2025-03-31"]  # 001 L1033 "KS Q1 2025"
        + ["2025-04-23"] * 3  # 001 L826, L842, L904
    )
    assert set(column(rows, "assignedBy")) == {"Kommunfullmäktige"}
    ids = {r["assignment"].rsplit("/", 1)[1] for r in rows}
    assert "dnr-1443-22" not in ids  # 001 L998-999 "KS Q3 2025"
    assert "foresla-en-reviderad-modell-for-namnder-som-idag" not in ids  # L897-898 "KS maj 2025"
    # Stadsmiljönämnden's own assignment is due in May (001 L946-947), so not before May 1.
    assert run("what_body_owes_before", body=ID + "goteborg/org/stadsmiljonamnden",
               before="2025-05-01") == []  # fmt: skip


def test_requirements_by_reporting_occasion() -> None:
    rows = run("requirements_by_reporting_occasion",
               occasion=ID + "goteborg/2025/ks/rapport/delarsrapport-mars")  # fmt: skip
    # 001 L826-829, L842-845 and L904-907: "delrapportering i delårsrapport mars".
    assert sorted(r["assignment"].rsplit("/", 1)[1] for r in rows) == [
        "erbjuda-grona-obligationer-inom-biologisk-mangfald",
        "ta-over-och-genomfora-utbildningarna-inom-manskliga",
        "utveckla-det-systematiska-arbetsmiljoarbetet",
    ]
    assert set(column(rows, "reportingMode")) == {"delrapport"}


def test_directions_for_body_in_text_order() -> None:
    rows = run("directions_for_body", body=KS)
    # 001 L750-791 (and 000 L181-220): eight directions.
    assert column(rows, "order") == [str(n) for n in range(1, 9)]
    assert rows[0]["label"].startswith("Kommunstyrelsen ska i huvudsak arbeta")  # L750
    assert "Win Win Sustainability Award" in rows[-1]["text"]  # L790
    assert "Genomförandeplan 2025 för kommunstyrelsen" in rows[0]["listedIn"]


# --- budget -------------------------------------------------------------------------------------
def test_budget_by_area_and_year_reads_the_table() -> None:
    slk = ID + "goteborg/budgetomrade/stadsledningskontoret"
    rows = run("budget_by_area_and_year", year="2025", area=slk)
    amounts = {r["lineLabel"]: Decimal(r["amount"]) for r in rows}
    # 001 L1680-1686, "Stadsledningskontoret", column Budget 2025.
    assert amounts == {
        "Intäkter": Decimal("43.8"),
        "Kostnader": Decimal("-394.2"),
        "Kommunbidrag": Decimal("285.7"),
        "Kommuninterna bidrag": Decimal("64.7"),
        "Resultat": Decimal("0"),
    }
    assert set(column(rows, "unit")) == {"mnkr"}  # L1657 "(belopp i mnkr)"
    earlier = run("budget_by_area_and_year", year="2024", area=slk)
    assert {r["lineLabel"]: Decimal(r["amount"]) for r in earlier}["Kommunbidrag"] == Decimal(
        "282.3"
    )  # L1684, column Budget 2024
    # 001 L1610-1614, Personal- och kompetensförsörjningsanslaget 2025.
    grant = ID + "goteborg/budgetomrade/personal-och-kompetensforsorjningsanslaget"
    lines = {r["lineLabel"]: Decimal(r["amount"]) for r in run(
        "budget_by_area_and_year", year="2025", area=grant)}  # fmt: skip
    assert lines["Chefsförsörjning"] == Decimal("6.6")
    assert lines["Total"] == Decimal("15.5")
    assert run("budget_by_area_and_year", year="2023", area=slk) == []


def test_stated_amounts_vs_table_finds_the_three_discrepancies() -> None:
    wrong = run("stated_amounts_vs_table", matches="false")
    found = {(r["lineStart"], r["role"]): (Decimal(r["textValue"]), Decimal(r["tableValue"]))
             for r in wrong}  # fmt: skip
    assert found == {
        # 001 L1569-1570 "4,3 mnkr högre än 2024 (281,4 mnkr)", but the table (L1684) has
        # 282,3 for 2024, so the change is 285,7 - 282,3 = 3,4.
        ("1569", "forandring"): (Decimal("4.3"), Decimal("3.4")),
        ("1569", "tidigare-ar"): (Decimal("281.4"), Decimal("282.3")),
        # 001 L1579-1580 "-1,1 mnkr jämfört med 2024 (113,1 mnkr)"; L1677: 112,1 - 113,1.
        ("1579", "forandring"): (Decimal("-1.1"), Decimal("-1.0")),
    }
    right = run("stated_amounts_vs_table", matches="true")
    # 001 L1551-1552 "uppgår för kommunledningen till 397,8 mnkr" = L1669; L1569 285,7 =
    # L1684; L1579 112,1 and L1580 113,1 = L1677; L1642, L1647-1648 repeat them.
    assert len(right) == 7
    assert {Decimal(r["textValue"]) for r in right} == {
        Decimal("397.8"), Decimal("285.7"), Decimal("112.1"), Decimal("113.1")
    }  # fmt: skip


# --- risks and the time plan --------------------------------------------------------------------
def test_risks_with_actions_and_controls() -> None:
    rows = run("risks_with_actions_and_controls",
               risk=ID + "goteborg/2025/ks/internkontrollplan/risk/loneprocessen")  # fmt: skip
    # 001 L2343-2354: four "Genomförda åtgärder"; L2357-2363: two "Planerade kontroller".
    assert [(r["measureKind"], r.get("status") or r.get("method")) for r in rows] == [
        ("åtgärd", "genomford")] * 4 + [("kontroll", "stickprov")] * 2  # fmt: skip
    assert rows[0]["text"] == "Utbildning i Personec erbjuds."  # L2344
    assert rows[-1]["text"].startswith("Stickprovskontroller på att chefer")  # L2362
    risk = (
        ID
        + "goteborg/2025/ks/riskbild/risk/genomforandet-av-stadsledningskontorets-samlade-uppdrag"
    )
    rows = run("risks_with_actions_and_controls", risk=risk)
    statuses = column(rows, "status")
    # 001 L1777-1806: eight genomförda åtgärder; L1809-1838: five planerade.
    assert statuses == ["genomford"] * 8 + ["planerad"] * 5
    assert rows[0]["text"].startswith("Stärkt verksamhetsplanering")  # L1779
    assert rows[-1]["text"].startswith("Revidering av stadens mall för tjänsteutlåtande")  # L1834
    assert rows[0]["register"] == "Samlad riskbild 2025 (kommunstyrelsen)"


def test_time_plan_dates() -> None:
    rows = run("time_plan", year="2025")
    assert len(rows) == 12  # 001 L2656-2751: twelve rows
    entry = {r["label"]: r for r in rows}
    # L2658-2666: "Månatligen".
    assert rows[0]["recurrence"] == "P1M"
    # L2668-2677: Årsrapport 2024, KS 2025-02-05, sent utskick, sista dag 2025-02-12.
    first = entry["Årsrapport 2024 för kommunstyrelsen"]
    assert (first["dateToKS"], first["lastDecisionDate"], first["lateDispatch"]) == (
        "2025-02-05", "2025-02-12", "true")  # fmt: skip
    # L2689-2700: Delårsrapport mars, KS 2025-04-23, sista dag 2025-04-23.
    march = entry["Delårsrapport mars 2025 för kommunstyrelsen"]
    assert (march["dateToKS"], march["lastDecisionDate"]) == ("2025-04-23", "2025-04-23")
    # L2702: the city's Delårsrapport mars on 2025-05-21.
    assert entry["Delårsrapport mars 2025 för Göteborgs Stad"]["dateToKS"] == "2025-05-21"
    # L2718-2732: Budget 2026, KS 2025-12-10, sista dag 2025-12-31, not sent late.
    budget = entry["Budget 2026 för kommunstyrelsen"]
    assert (budget["dateToKS"], budget["lastDecisionDate"]) == ("2025-12-10", "2025-12-31")
    assert "lateDispatch" not in budget
    # L2734-2739: Årsrapport 2025 "Februari år 2026", sista dag 2026-02-13.
    annual = entry["Årsrapport 2025 för kommunstyrelsen"]
    assert (annual.get("dateToKS"), annual["dueMonth"], annual["lastDecisionDate"]) == (
        None, "2026-02", "2026-02-13")  # fmt: skip
    # L2744, L2751: the last two on 2026-04-08.
    assert column(rows, "dateToKS")[-2:] == ["2026-04-08", "2026-04-08"]
    assert set(column(rows, "documentForm")) == {"tjansteutlatande"}
    assert run("time_plan", year="2024") == []


# --- parties ------------------------------------------------------------------------------------
def test_party_proposals_not_adopted() -> None:
    rows = run("party_proposals_not_adopted", party=ID + "parti/sverigedemokraterna")
    # 001 L67-87: Sverigedemokraternas yrkande, four proposed assignments, none of which is in
    # the budget's assignment tables (L801-1044).
    assert column(rows, "point") == ["1", "2", "3", "4"]
    assert rows[2]["text"].startswith("Kommunstyrelsen får i uppdrag att ta bort hänvisningar")
    assert "muslimska Samverkansgruppen" in rows[3]["text"]  # L86-87
    assert set(column(rows, "partyLabel")) == {"Sverigedemokraterna"}
    # The S, V and MP yrkande (000 L52-55) only proposes adopting the plan: no assignment.
    assert len(run("party_proposals_not_adopted")) == 4


def test_a_proposal_found_among_adopted_assignments_is_left_out() -> None:
    graph = load_data()
    # Pretend the budget had adopted SD's point 4 (001 L86-87), worded with a capital and
    # without the final full stop.
    adopted = ox.NamedNode(ID + "test/uppdrag/adopted")
    styr = "https://w3id.org/styrgraf/ontology#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    text = (
        "KOMMUNSTYRELSEN får i uppdrag att avbryta allt samarbete med muslimska Samverkansgruppen"
    )
    graph.add(ox.Quad(adopted, rdf_type, ox.NamedNode(styr + "Assignment")))
    graph.add(ox.Quad(adopted, ox.NamedNode(styr + "text"), ox.Literal(text, language="sv")))
    rows = run_on(graph, "party_proposals_not_adopted", party=ID + "parti/sverigedemokraterna")
    assert column(rows, "point") == ["1", "2", "3"]


def test_party_statements_and_their_stances() -> None:
    rows = run("party_statements", author=ID + "goteborg/partikonstellation/d-kd-l-m")
    stances = {r["concerns"].rsplit("/", 1)[1]: set(r["stances"].split(", ")) for r in rows}
    assert stances == {
        # 001 L31-34 "I kommunfullmäktige reserverade vi oss"; L64-66 "deltar därför inte".
        "budget": {"reservation", "avstar"},
        # 000 L45-48 "väljer vi att avstå från att delta till beslutet".
        "genomforandeplan": {"avstar"},
    }
    everyone = run("party_statements")
    # C (001 L1-27), M/D/L/KD twice, S/V/MP's yrkande (000 L49) and SD's yrkande (001 L67).
    assert len(everyone) == 5
    sd = by(everyone, "item", "yrkande/sd")
    assert (sd["kind"], sd["decisionPoints"]) == ("yrkande", "4")  # 001 L72-86


# --- provenance ---------------------------------------------------------------------------------
def test_entity_provenance_gives_each_documents_lines() -> None:
    rows = run("entity_provenance",
               entity=KF_UPPDRAG + "utveckla-det-systematiska-arbetsmiljoarbetet")  # fmt: skip
    spans = [(r["sourceFile"], r["lineStart"], r["lineEnd"]) for r in rows]
    assert spans == [
        ("000_64bcae0d445429da.txt", "238", "240"),  # 000 L238-240 "»Kommunstyrelsen får …"
        ("001_ac962998a4b6cb85.txt", "821", "829"),  # 001 L821-824 and its plan L826-829
    ]
    assert rows[0]["quote"].startswith("»Kommunstyrelsen får i uppdrag att i samverkan")
    assert rows[0]["documentLabel"] == "Genomförandeplan 2025 för kommunstyrelsen"
    assert all("pageStart" not in r for r in rows)  # plain text sources have no pages


def test_wording_differences_between_documents() -> None:
    rows = run("wording_differences")
    by_entity = {r["entity"].rsplit("/", 1)[1]: r for r in rows}
    # Goal 2: 001 L438 "Segregationen i Göteborgs ska brytas", 000 L97 "… i Göteborg ska …".
    goal = run("wording_differences", entity=GOAL + "2")
    assert [(r["line1"], r["text1"], r["line2"], r["text2"]) for r in goal] == [
        ("438", "Segregationen i Göteborgs ska brytas", "97", "Segregationen i Göteborg ska brytas")
    ]
    # 001 L919 "Alla nämnder och bolagsstyrelsen", 000 L278 "Alla nämnder och bolagsstyrelser".
    lifecycle = by_entity["sakerstalla-en-hallbar-livscykelhantering-av-barbar"]
    assert "bolagsstyrelsen får" in lifecycle["text1"]
    assert "bolagsstyrelser får" in lifecycle["text2"]
    # Worded alike in both: 000 L270-271 = 001 L900-902; goal 3, 000 L104 = 001 L485.
    assert "erbjuda-grona-obligationer-inom-biologisk-mangfald" not in by_entity
    assert "3" not in by_entity


def test_goals_of_body_are_the_goals_it_contributes_to_in_its_plan() -> None:
    rows = run("goals_of_body", body=KS)
    # 000 L80-170: the executive board's implementation plan states its contribution to each
    # of the council's seven goals; the seeds distribute no responsibility for them
    assert {int(r["goalNumber"]): r["roles"] for r in rows} == {n: "bidrar" for n in range(1, 8)}


def test_goals_without_responsible_body_are_all_seven_in_the_seeds() -> None:
    rows = run("goals_without_responsible_body")
    assert sorted(int(r["goalNumber"]) for r in rows) == list(range(1, 8))


def test_goals_of_body_gives_main_and_shared_responsibility() -> None:
    from loaders.pipeline import ingest

    corpus = ROOT.parent / "shared" / "corpus" / "goteborg" / "kf-2023-03-23-p21.txt"
    graph = ox.Store()
    graph.load(ingest([corpus]).merged().serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
    org = ID + "goteborg/org/"
    first = "Andelen utbildad personal i förskolorna ska öka"
    second = "Alla förskolor ska hålla hög kvalitet"

    def role(rows: list[Row], goal: str) -> str | None:
        return next((r["roles"] for r in rows if r["label"].startswith(goal)), None)

    preschool = run_on(graph, "goals_of_body", body=org + "forskolenamnden")
    # kf-2023-03-23-p21 L13 and L15: förskolenämnden is main responsible for both goals
    assert role(preschool, first) == role(preschool, second) == "huvudansvarig"
    estates = run_on(graph, "goals_of_body", body=org + "stadsfastighetsnamnden")
    # L15: stadsfastighetsnämnden is one of the responsible bodies of the second goal only
    assert role(estates, second) == "ansvarig" and role(estates, first) is None
    missing = run_on(graph, "goals_without_responsible_body")
    assert role(missing, first) is None and role(missing, second) is None
