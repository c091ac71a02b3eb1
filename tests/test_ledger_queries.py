"""The ledger queries on real follow-ups: what was declared of an assignment, and when.

The graph is one ingest of both seeds and four corpus texts, loaded into the embedded store
(Oxigraph) and asked through the catalogue, as ``GET /api/queries/{name}`` asks it. The
expected values were read off the texts (line numbers as ``grep -n`` counts them):

- ``p16`` kf-2024-02-01-p16.txt, "Återrapportering av uppdrag augusti 2023", decided at the
  council's meeting of 2024-02-01 (the file name; the text names no meeting date): L17
  "3. Nedanstående uppdrag (a-r), givna i budget 2022, förklaras fullgjorda." and L19
  "e. Grundskolenämndens uppdrag att fortsätta utveckla lärarakademin och rektorsakademin."
- ``p163`` kf-2024-04-25-p163.txt: Göteborg & Co AB's assignment of 2012-09-06 § 11 about
  the 400th anniversary "antecknas och förklaras fullgjort", in the executive board's
  proposal (L9, signed "Göteborg den 10 april 2024" on L11, a date the graph does not
  record) and in the officials' report (tjänsteutlåtande "Utfärdat 2024-03-04", L19; L23).
- ``p269`` kf-2025-05-22-p269.txt: the council's assignment of 2024-02-01 § 26 to
  grundskolenämnden, idrotts- och föreningsnämnden and stadsfastighetsnämnden "att utreda
  ansvarsförhållanden vid byggnation av idrottshallar, antecknas och förklaras fullgjort"
  (L11, L69, L175), in the tjänsteutlåtande "Utfärdat 2025-02-13" (L65).
- ``intra`` intraservice_arsrapport_2025.txt, the board's annual report 2025, status beside
  each assignment: L1624-1631 "analysera sina inköp utifrån Göteborgs Stads spendrapport"
  Avslutad 2025-12-01; L1651-1653 "säkerställa en hållbar livscykelhantering av bärbar
  elektronik" Avslutad 2026-01-19 (both to "Alla nämnder och bolagsstyrelser");
  L1958-1962 "Kommunstyrelsen får i uppdrag att i samverkan med samtliga nämnder utveckla
  det systematiska arbetsmiljöarbetet" Pågående 2026-01-16, the assignment of the seed
  budget 001_ac962998a4b6cb85.txt L821-824.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib.term import Node

from api.catalogue import NamedQuery, load_catalogue
from api.store.embedded import EmbeddedStore
from api.store.remote_text import bind as bind_remotely
from loaders.pipeline import ingest

pytestmark = pytest.mark.slow  # ingests four corpus documents with both seeds
ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "goteborg"
P16 = "kf-2024-02-01-p16.txt"
P163 = "kf-2024-04-25-p163.txt"
P269 = "kf-2025-05-22-p269.txt"
INTRA = "intraservice_arsrapport_2025.txt"
ID = "https://w3id.org/styrgraf/id/goteborg/"
ORG = ID + "org/"
GSN = ORG + "grundskolenamnden"
KS = ORG + "kommunstyrelsen"
ALL_BOARDS = ORG + "samling/alla-namnder-och-bolagsstyrelser"
#: the assignments, by the IRIs the loaders mint from their first words
LARARAKADEMIN = ID + "2022/kf/uppdrag/fortsatta-utveckla-lararakademin-och-rektorsakademin"
IDROTTSHALLAR = ID + "2024/ks/uppdrag/utreda-ansvarsforhallanden-vid-byggnation-av-idrottshallar"
JUBILEUM = ID + "2012/ks/uppdrag/leda-samordna-genomfora-kommunicera-och-folja-upp-samt"
ARBETSMILJO = ID + "2025/kf/uppdrag/utveckla-det-systematiska-arbetsmiljoarbetet"
OBLIGATIONER = ID + "2025/kf/uppdrag/erbjuda-grona-obligationer-inom-biologisk-mangfald"

Row = dict[str, str]


@pytest.fixture(scope="module")
def ledger(seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    if not CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("../shared/corpus is missing under CI")
        pytest.skip("../shared/corpus is not beside the checkout")
    sources = [CORPUS / P16, CORPUS / P163, CORPUS / P269, CORPUS / INTRA]
    result = ingest([*sources, *sorted(seeds.glob("*.txt"))])
    folder = tmp_path_factory.mktemp("ledger")
    store = EmbeddedStore(None, workers=1, timeout=20.0)
    for name, graph in result.graphs.items():
        path = folder / f"{Path(name).stem}.nt"
        graph.serialize(destination=path, format="nt", encoding="utf-8")
        store.load(path)
    yield store
    store.close()


@pytest.fixture(scope="module")
def catalogue() -> dict[str, NamedQuery]:
    return load_catalogue(ROOT / "queries")


def plain(rows: list[dict[str, Node]]) -> list[Row]:
    return [{k: str(v) for k, v in row.items()} for row in rows]


def ask(
    store: EmbeddedStore, catalogue: dict[str, NamedQuery], name: str, **given: str
) -> list[Row]:
    """Run a named query as the API runs it: typed parameters bound by the store."""
    query = catalogue[name]
    return plain(store.select(query.text, query.bindings(given)).rows)


def ask_remotely(
    store: EmbeddedStore, catalogue: dict[str, NamedQuery], name: str, **given: str
) -> list[Row]:
    """Run a named query with its parameters in a VALUES block, as a remote endpoint gets it."""
    query = catalogue[name]
    return plain(store.select(bind_remotely(query.text, query.bindings(given))).rows)


def body_row(rows: list[Row], body: str) -> Row:
    found = [r for r in rows if r["body"] == body]
    assert len(found) == 1, [r["body"] for r in rows]
    return found[0]


def listed(rows: list[Row], assignment: str) -> Row | None:
    found = [r for r in rows if r["assignment"] == assignment]
    assert len(found) <= 1, found
    return found[0] if found else None


# --- assignments_fulfilled_in_year ---------------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [GSN, ORG + "idrotts-och-foreningsnamnden", ORG + "stadsfastighetsnamnden"],
)
def test_fulfilled_in_the_year_of_its_report_for_each_body_it_was_given_to(
    ledger: EmbeddedStore, catalogue: dict[str, NamedQuery], body: str
) -> None:
    # p269 L11, L69, L175: the three boards' assignment "förklaras fullgjort"; L65 the
    # officials' report that declares it was issued 2025-02-13, the council met 2025-05-22
    row = body_row(ask(ledger, catalogue, "assignments_fulfilled_in_year", year="2025",
                       body=body), body)  # fmt: skip
    assert IDROTTSHALLAR in row["fulfilledAssignments"].split()
    assert "vid byggnation av idrottshallar" in row["fulfilledLabels"]
    assert int(row["fulfilled"]) >= 1
    # nothing was declared of it in 2024, the year it was given (p269 L11 "2024-02-01 § 26")
    before = body_row(ask(ledger, catalogue, "assignments_fulfilled_in_year", year="2024",
                          body=body), body)  # fmt: skip
    assert IDROTTSHALLAR not in before.get("fulfilledAssignments", "").split()


def test_a_closed_assignment_is_not_a_fulfilled_one(
    ledger: EmbeddedStore, catalogue: dict[str, NamedQuery]
) -> None:
    # intra L1651-1653: "bärbar elektronik" Avslutad 2026-01-19; L1624-1631 "spendrapport"
    # Avslutad 2025-12-01. Avslutat is closed without being declared fulfilled.
    rows = ask(ledger, catalogue, "assignments_fulfilled_in_year", year="2026")
    boards = body_row(rows, ALL_BOARDS)
    assert boards["bodyLabel"] == "Alla nämnder och bolagsstyrelser"
    assert "livscykelhantering av bärbar elektronik" in boards["closedLabels"]
    assert "spendrapport" not in boards["closedLabels"]  # closed in 2025, not 2026
    assert (boards["fulfilled"], boards["closed"]) == ("0", "1")
    assert "fulfilledLabels" not in boards
    earlier = ask(ledger, catalogue, "assignments_fulfilled_in_year", year="2025",
                  body=ALL_BOARDS)  # fmt: skip
    assert "spendrapport" in body_row(earlier, ALL_BOARDS)["closedLabels"]
    # a body with assignments and nothing declared that year still has its row, with 0
    gsn = body_row(rows, GSN)
    assert (gsn["fulfilled"], gsn["closed"]) == ("0", "0") and int(gsn["assignments"]) > 0


def test_the_body_left_out_gives_the_same_row_among_all(
    ledger: EmbeddedStore, catalogue: dict[str, NamedQuery]
) -> None:
    one = ask(ledger, catalogue, "assignments_fulfilled_in_year", year="2025", body=GSN)
    everyone = ask(ledger, catalogue, "assignments_fulfilled_in_year", year="2025")
    assert one == [body_row(everyone, GSN)]
    # the busiest bodies first: the three of p269 (one each) before those with none
    assert int(everyone[0]["fulfilled"]) >= 1
    assert everyone[-1]["fulfilled"] == "0"


def test_the_council_follow_up_of_augusti_2023_is_fulfilled_in_2023(
    ledger: EmbeddedStore, catalogue: dict[str, NamedQuery]
) -> None:
    # p16 L17, L19: grundskolenämndens lärarakademi, declared fulfilled in the executive
    # board's proposal signed "Göteborg den 13 december 2023" (L37); the council's meeting
    # (2024-02-01) is named only by the file, not in the text
    row = body_row(ask(ledger, catalogue, "assignments_fulfilled_in_year", year="2023",
                       body=GSN), GSN)  # fmt: skip
    assert LARARAKADEMIN in row.get("fulfilledAssignments", "").split()
    later = body_row(ask(ledger, catalogue, "assignments_fulfilled_in_year", year="2024",
                         body=GSN), GSN)  # fmt: skip
    assert LARARAKADEMIN not in later.get("fulfilledAssignments", "").split()
    quiet = ask(ledger, catalogue, "assignments_not_reported_since", since="2023-12-13",
                body=GSN)  # fmt: skip
    assert listed(quiet, LARARAKADEMIN) is None


# --- assignments_not_reported_since --------------------------------------------------------------
def test_a_report_on_or_after_the_day_takes_the_assignment_off_the_list(
    ledger: EmbeddedStore, catalogue: dict[str, NamedQuery]
) -> None:
    # p269 L65, L175: reported (declared fulfilled) in the tjänsteutlåtande of 2025-02-13;
    # L11: declared fulfilled again in the executive board's proposal, signed "Göteborg den
    # 9 april 2025" (L31)
    def quiet_since(day: str) -> Row | None:
        rows = ask(ledger, catalogue, "assignments_not_reported_since", since=day, body=GSN)
        return listed(rows, IDROTTSHALLAR)

    assert quiet_since("2025-01-01") is None
    assert quiet_since("2025-02-14") is None
    assert quiet_since("2025-04-09") is None  # the day itself counts
    later = quiet_since("2025-04-10")
    assert later is not None
    assert (later["lastReported"], later["currentStatus"]) == ("2025-04-09", "fullgjord")
    assert later["originYear"] == "2024"  # p269 L11 "uppdrag 2024-02-01 § 26"
    assert later["bodyLabel"] == "Grundskolenämnden"


def test_an_ongoing_assignment_with_its_last_report(
    ledger: EmbeddedStore, catalogue: dict[str, NamedQuery]
) -> None:
    # intra L1958-1962: Pågående 2026-01-16
    january = ask(ledger, catalogue, "assignments_not_reported_since", since="2026-01-01",
                  body=KS)  # fmt: skip
    assert listed(january, ARBETSMILJO) is None
    february = ask(ledger, catalogue, "assignments_not_reported_since", since="2026-02-01",
                   body=KS)  # fmt: skip
    row = listed(february, ARBETSMILJO)
    assert row is not None
    assert (row["lastReported"], row["currentStatus"], row["undatedReports"]) == (
        "2026-01-16", "pagaende", "0")  # fmt: skip
    # 001 L900-902: given in the seed budget, reported on by none of the texts loaded
    never = listed(february, OBLIGATIONER)
    assert never is not None
    assert "lastReported" not in never and "currentStatus" not in never
    assert never["undatedReports"] == "0"


def test_a_declaration_before_the_day_leaves_the_assignment_on_the_list(
    ledger: EmbeddedStore, catalogue: dict[str, NamedQuery]
) -> None:
    # p16 L17, L19: the lärarakademi was declared fulfilled on 2023-12-13 (L37), so since
    # 2025-01-01 nothing was reported on it; it is on the list, with the status that says it
    # is done
    rows = ask(ledger, catalogue, "assignments_not_reported_since", since="2025-01-01",
               body=GSN)  # fmt: skip
    row = listed(rows, LARARAKADEMIN)
    assert row is not None
    assert (row["currentStatus"], row["lastReported"]) == ("fullgjord", "2023-12-13")
    assert row["label"] == "Fortsätta utveckla lärarakademin och rektorsakademin"
    assert {r["body"] for r in rows} == {GSN}
    everyone = ask(ledger, catalogue, "assignments_not_reported_since", since="2025-01-01")
    assert {tuple(sorted(r.items())) for r in rows} <= {tuple(sorted(r.items())) for r in everyone}


# --- assignment_status_history -------------------------------------------------------------------
def test_history_gives_reports_in_date_order(
    ledger: EmbeddedStore, catalogue: dict[str, NamedQuery]
) -> None:
    rows = ask(ledger, catalogue, "assignment_status_history", assignment=JUBILEUM)
    # p163 L23 (tjänsteutlåtande, "Utfärdat 2024-03-04" on L19), then L9 (the board's
    # proposal, signed "Göteborg den 10 april 2024" on L11): later in the text, yet first
    assert [(r.get("date"), r["lineStart"], r["lineEnd"]) for r in rows] == [
        ("2024-03-04", "23", "23"),
        ("2024-04-10", "9", "9"),
    ]
    for row in rows:
        assert (row["status"], row["statusLabel"]) == ("fullgjord", "fullgjort")
        assert row["sourceFile"] == P163
        assert "Göteborg & Co AB" in row["quote"] and "förklaras fullgjort" in row["quote"]
        assert row["currentStatus"] == "fullgjord"
        assert row["documentTitle"]
    assert rows[0]["documentTitle"].startswith("Redovisning av Göteborg & Co AB:s uppdrag")
    assert rows[0]["document"] != rows[1]["document"]


def test_history_of_the_example_assignment_across_documents(
    ledger: EmbeddedStore, catalogue: dict[str, NamedQuery]
) -> None:
    # the catalogue's example: given in the seed budget (001 L821-824), reported on in the
    # board's annual report (intra L1958-1962, Pågående 2026-01-16)
    example = catalogue["assignment_status_history"].example()
    assert example == {"assignment": ARBETSMILJO}
    rows = ask(ledger, catalogue, "assignment_status_history", **example)
    assert [(r["date"], r["status"], r["statusLabel"]) for r in rows] == [
        ("2026-01-16", "pagaende", "pågående")
    ]
    row = rows[0]
    # the assignment on 1958-1962, the status's comment below it to 1976
    assert (row["sourceFile"], row["lineStart"], row["lineEnd"]) == (INTRA, "1958", "1976")
    assert "Årsrapport 2025" in row["documentTitle"]
    assert "utveckla det systematiska" in row["quote"]


def test_history_of_an_assignment_nobody_reported_on_is_one_bare_row(
    ledger: EmbeddedStore, catalogue: dict[str, NamedQuery]
) -> None:
    # 001 L900-902: KS "i samverkan med stadsmiljönämnden erbjuda gröna obligationer"
    rows = ask(ledger, catalogue, "assignment_status_history", assignment=OBLIGATIONER)
    assert len(rows) == 1
    assert "gröna obligationer" in rows[0]["label"]
    assert not {"report", "date", "status", "quote"} & set(rows[0])
    # an IRI that is no assignment gives nothing
    assert ask(ledger, catalogue, "assignment_status_history", assignment=GSN) == []


# --- both ways of binding ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "given"),
    [
        ("assignments_fulfilled_in_year", {"year": "2025"}),
        ("assignments_fulfilled_in_year", {"year": "2026", "body": KS}),
        ("assignments_not_reported_since", {"since": "2025-02-14", "body": GSN}),
        ("assignments_not_reported_since", {"since": "2026-02-01"}),
        ("assignment_status_history", {"assignment": JUBILEUM}),
    ],
)
def test_values_bind_like_a_substitution_on_real_reports(
    ledger: EmbeddedStore, catalogue: dict[str, NamedQuery], name: str, given: dict[str, str]
) -> None:
    # on the seeds alone (tests/test_named_queries.py) there is no status report to tell
    substituted = ask(ledger, catalogue, name, **given)
    joined = ask_remotely(ledger, catalogue, name, **given)
    assert substituted
    assert sorted(map(lambda r: sorted(r.items()), joined)) == sorted(
        map(lambda r: sorted(r.items()), substituted)
    )
