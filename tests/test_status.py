"""What a follow-up declares of an assignment becomes a status report (issue 14).

The checklist is written here in the form of the council's follow-ups
(kf-2024-02-01-p16: "Nedanstående uppdrag (a-c), givna i budget 2021, förklaras
fullgjorda." and lettered items "a. X:s uppdrag att …"); the expected statuses, bodies and
years were read off it by a person.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from loaders.assignment_records import AssignmentRecord
from loaders.pipeline import ingest
from loaders.resolve_assignments import latest_status
from loaders.vocab import STYR
from tests.conftest import DATA
from tests.corpus_recall import MATCHERS

TEXT = """\
Återrapportering av uppdrag augusti 2023

Kommunstyrelsen föreslår att kommunfullmäktige beslutar:

1. Nedanstående uppdrag (a-b), givna i budget 2021, förklaras fullgjorda.

a. Grundskolenämndens uppdrag att ta fram ett omställningsstöd för medarbetare. b. Kulturnämndens uppdrag att utreda digital undervisning inom Kulturskolan. 2. Nedanstående uppdrag (a), givet i budget 2022, förklaras avslutat.

a. Byggnadsnämndens uppdrag att arbeta in en rutin för planbesked.

3. Kommunfullmäktiges uppdrag 2020-02-20 § 8 punkt 4 till nämnden för demokrati och medborgarservice att utveckla Göteborgsförslaget, förklaras fullgjort.

4. Rapporten antecknas. Kommunstyrelsen får i uppdrag att återkomma med en ny rapport.

5. Kommunfullmäktiges uppdrag 2021-05-20 § 12 till idrotts- och föreningsnämnden att bygga fler spontanidrottsplatser. Arbetet har slutförts. Uppdraget förklaras fullgjort.
"""  # noqa: E501 (the follow-ups join their items into long lines)
KOD = "https://w3id.org/styrgraf/kod/uppdragsstatus/"


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    path = tmp_path_factory.mktemp("status") / "aterrapportering.txt"
    path.write_text(TEXT, encoding="utf-8")
    return ingest([path]).merged()


def _reports(graph: Graph) -> dict[str, tuple[str, str, str | None]]:
    found = {}
    for report in graph.subjects(RDF.type, STYR.StatusReport):
        assignment = graph.value(report, STYR.reportsOn)
        body = graph.value(assignment, STYR.responsibleBody)
        year = graph.value(assignment, STYR.originYear)
        status = str(graph.value(report, STYR.assignmentStatus)).removeprefix(KOD)
        text = str(graph.value(assignment, STYR.text)).split(" att ", 1)[1][:30]
        found[text] = (str(body).rsplit("/", 1)[1], status, str(year) if year else None)
    return found


def test_each_item_under_a_declaring_point_gets_its_status(graph: Graph) -> None:
    assert _reports(graph) == {
        "ta fram ett omställningsstöd f": ("grundskolenamnden", "fullgjord", "2021"),
        "utreda digital undervisning in": ("kulturnamnden", "fullgjord", "2021"),
        "arbeta in en rutin för planbes": ("byggnadsnamnden", "avslutad", "2022"),
        "utveckla Göteborgsförslaget.": (  # the declaration is the report's, not the text
            "namnden-for-demokrati-och-medborgarservice", "fullgjord", "2020",
        ),
        # point 5: "Uppdraget förklaras fullgjort." is said of the assignment before it
        "bygga fler spontanidrottsplats": ("idrotts-och-foreningsnamnden", "fullgjord", "2021"),
    }  # fmt: skip
    # point 4 declares nothing: its assignment has no status report
    statused = set(graph.objects(None, STYR.reportsOn))
    new = [a for a in graph.subjects(RDF.type, STYR.Assignment) if a not in statused]
    assert len(new) == 1


def test_a_status_report_names_its_document_and_has_evidence(graph: Graph) -> None:
    for report in graph.subjects(RDF.type, STYR.StatusReport):
        document = graph.value(report, STYR.reportedIn)
        assert isinstance(document, URIRef) and (document, RDF.type, STYR.Document) in graph
        assert graph.value(report, URIRef("http://www.w3.org/ns/prov#qualifiedDerivation"))


@pytest.mark.parametrize(
    ("status", "text", "expected"),
    [
        ("fulfilled", "att ta fram ett omställningsstöd för medarbetare", True),
        ("closed", "att ta fram ett omställningsstöd för medarbetare", False),
        ("closed", "att arbeta in en rutin för planbesked", True),
        ("fulfilled", "att återkomma med en ny rapport", False),
    ],
)
def test_the_status_matcher(graph: Graph, status: str, text: str, expected: bool) -> None:
    line = next(i for i, ln in enumerate(TEXT.splitlines(), 1) if text[4:24] in ln)
    fact = {"type": "assignment_status", "status": status, "text": text, "line": line}
    assert MATCHERS["assignment_status"](graph, fact) is expected


def test_a_status_needs_no_reader_of_the_seeds() -> None:
    graph = Graph()
    for path in DATA:
        graph.parse(path)
    assert not list(graph.subjects(RDF.type, STYR.StatusReport))  # the seeds declare none


#: A board's report laid out in two columns (pdftotext -layout), written here: each
#: assignment on the left, its status, date and comment on the right.
STATUS_TABLE = """\
Årsrapport 2025 för kulturnämnden

6.1       Redovisning av uppdrag från kommunfullmäktige
            Uppdrag från KF/KS                         Uppdragets status och kommentar

            Kulturnämnden får i uppdrag att              Avslutad
            utreda hur biblioteken kan hålla
            öppet fler timmar på kvällarna och         2025-11-20
            under helgerna i alla stadsdelar.
                                                       Uppdraget återrapporterades till nämnden
            Uppdragsår                                 i november och avslutades i samband
            2025                                       med återrapporteringen. Biblioteken
                                                       har nu öppet längre på tre orter.

            Kulturnämnden får i uppdrag att            Pågående
            ta fram en plan för fler läsfrämjande
            insatser för barn och unga i skolan        2026-01-15
            och på fritiden i hela kommunen.
                                                       Planen tas fram tillsammans med
            Uppdragsår                                 grundskolenämnden och skolbiblioteken.
            2025                                       Arbetet beräknas vara klart under
                                                       hösten och redovisas då för nämnden.
"""


def test_a_status_table_gives_the_status_and_date_beside_each_assignment(tmp_path: Path) -> None:
    path = tmp_path / "arsrapport.txt"
    path.write_text(STATUS_TABLE, encoding="utf-8")
    graph = ingest([path]).merged()
    found = {}
    for report in graph.subjects(RDF.type, STYR.StatusReport):
        text = str(graph.value(graph.value(report, STYR.reportsOn), STYR.text))
        status = str(graph.value(report, STYR.assignmentStatus)).removeprefix(KOD)
        found[text.split(" att ", 1)[1][:20]] = (status, str(graph.value(report, DCTERMS.date)))
    assert found == {
        "utreda hur bibliotek": ("avslutad", "2025-11-20"),
        "ta fram en plan för ": ("pagaende", "2026-01-15"),
    }


def test_an_assignment_keeps_its_latest_status(graph: Graph) -> None:
    for report in graph.subjects(RDF.type, STYR.StatusReport):
        assignment = graph.value(report, STYR.reportsOn)
        assert graph.value(assignment, STYR.currentStatus) == graph.value(
            report, STYR.assignmentStatus
        )


def _said(status: str | None, on: str | None) -> AssignmentRecord:
    record = AssignmentRecord(
        source="s", doc_iri=URIRef("d"), doc_kind="k", municipality="m", year=None,
        body_key=None, origin="lopande", origin_year=None, text="t", start=1, end=1,
        responsible=[], cooperating=[], supporting=[],
    )  # fmt: skip
    record.declared, record.declared_on = status, on
    return record


@pytest.mark.parametrize(
    ("reports", "current"),
    [
        ([("pagaende", "2025-05-01"), ("fullgjord", "2025-11-20")], "fullgjord"),
        ([("fullgjord", "2025-11-20"), ("pagaende", "2025-05-01")], "fullgjord"),
        ([("pagaende", None), ("fullgjord", "2024-01-01")], "fullgjord"),  # dated wins
        ([("pagaende", None), ("fullgjord", None)], None),  # undated, disagreeing
        ([("fullgjord", None), ("fullgjord", None)], "fullgjord"),
        ([(None, None)], None),  # no report
    ],
)
def test_latest_status(reports: list[tuple[str | None, str | None]], current: str | None) -> None:
    assert latest_status([_said(status, on) for status, on in reports]) == current
