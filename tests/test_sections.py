"""Sections: a document's text is kept, cut at its headings, and every fact points to the
section it stands in (issue 13, *nothing silent*).

The text is written here; the headings, the sections' numbers and parents and what each
section's text holds were decided by a person reading it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from loaders.coverage import classify, looks_tabular
from loaders.pipeline import ingest
from loaders.sections import glued_heading
from loaders.source_reader import read_source
from loaders.vocab import DCTERMS, ELI, RDF, STYR

TEXT = """\
Tjänsteutlåtande
Utfärdat 2025-03-01
Handläggare
Anna Exempel
Telefon: 031-123 45 67

Lokalbehov för kulturnämnden

Förslag till beslut
Kommunfullmäktige beslutar att godkänna redovisningen.

Sammanfattning
Kulturnämnden har utrett lokalbehovet för biblioteken. Utredningen visar att
behovet växer med befolkningen.

Utgångsläge
Lokalerna räcker inte till.

1 Bakgrund
Nämnden fick uppdraget i budget 2024.

1.1 Tidigare beslut
Beslutet togs i december.

Nuläge:
Biblioteken delar lokaler med skolorna.

Bedömning
Kontoret bedömer att två nya lokaler behövs.

KS 2025-12-11
Redovisas i kommunstyrelsen.

Intäkter 18,2 18,3
Kostnader -170,6 -165,3

2 Ekonomi
Kostnaden beräknas till 12 miljoner kronor per år.

Anna Exempel
Stadsdirektör

Bertil Exempel (L)
"""
DOC = "https://w3id.org/styrgraf/id/goteborg/arende"


@pytest.fixture(scope="module")
def graph_and_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, object]:
    path = tmp_path_factory.mktemp("sections") / "tjansteutlatande.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = ingest([path])
    return result.merged(), result.report


def _sections(graph: Graph) -> dict[str, URIRef]:
    found: dict[str, URIRef] = {}
    for node in graph.subjects(RDF.type, STYR.Section):
        found[str(graph.value(node, DCTERMS.title))] = URIRef(str(node))
    return found


def _text(graph: Graph, node: URIRef) -> str:
    return str(graph.value(node, STYR.sectionText) or "")


def test_headings_cut_the_document_into_sections(graph_and_report: tuple[Graph, object]) -> None:
    graph, _ = graph_and_report
    titles = set(_sections(graph))
    assert {"Förslag till beslut", "Sammanfattning", "Bakgrund", "Tidigare beslut"} <= titles
    assert {"Bedömning", "Ekonomi"} <= titles
    # a run-in label stays in its section's text; names and posts start no section
    assert not titles & {"Nuläge:", "Anna Exempel", "Stadsdirektör", "Handläggare"}
    assert "KS 2025-12-11" not in titles  # a table's cell
    assert not any("Exempel" in title for title in titles)  # a signature with a party


def test_numbers_give_the_hierarchy(graph_and_report: tuple[Graph, object]) -> None:
    graph, _ = graph_and_report
    s = _sections(graph)
    assert graph.value(s["Bakgrund"], STYR.sectionNumber) == Literal("1")
    # a numbered section is never part of an unnumbered one before it
    top = graph.value(s["Utgångsläge"], ELI.is_part_of)
    assert graph.value(s["Bakgrund"], ELI.is_part_of) == top
    assert graph.value(s["Tidigare beslut"], STYR.sectionNumber) == Literal("1.1")
    assert graph.value(s["Tidigare beslut"], ELI.is_part_of) == s["Bakgrund"]
    # an unnumbered heading inside "1.1" is part of it; "2" is part of the document again
    assert graph.value(s["Bedömning"], ELI.is_part_of) == s["Tidigare beslut"]
    parent = graph.value(s["Ekonomi"], ELI.is_part_of)
    assert parent is not None and (parent, RDF.type, STYR.Document) in graph
    assert (parent, ELI.has_part, s["Ekonomi"]) in graph


def test_the_text_is_kept_repaired_and_without_contact_details(
    graph_and_report: tuple[Graph, object],
) -> None:
    graph, _ = graph_and_report
    s = _sections(graph)
    summary = _text(graph, s["Sammanfattning"])
    assert summary == (
        "Kulturnämnden har utrett lokalbehovet för biblioteken. Utredningen visar att "
        "behovet växer med befolkningen."
    )
    assert "Nuläge:\n\n" not in _text(graph, s["Tidigare beslut"])
    assert "Biblioteken delar lokaler" in _text(graph, s["Tidigare beslut"])
    everything = "\n".join(_text(graph, n) for n in s.values())
    for private in ("Anna Exempel", "Bertil Exempel", "031-123 45 67", "Telefon"):
        assert private not in everything
    serialised = graph.serialize(format="nt")
    assert "Anna Exempel" not in serialised and "031-123" not in serialised


def test_evidence_spans_the_section_and_quotes_its_heading(
    graph_and_report: tuple[Graph, object],
) -> None:
    graph, _ = graph_and_report
    s = _sections(graph)
    ev = graph.value(s["Sammanfattning"], URIRef("http://www.w3.org/ns/prov#qualifiedDerivation"))
    assert graph.value(ev, STYR.quote) == Literal("Sammanfattning", lang="sv")
    assert (int(graph.value(ev, STYR.lineStart)), int(graph.value(ev, STYR.lineEnd))) == (12, 15)


def test_a_table_row_in_a_section_stays_unread(graph_and_report: tuple[Graph, object]) -> None:
    _, report = graph_and_report
    unread = [(f.line_start, f.line_end) for f in report.unread]  # type: ignore[attr-defined]
    assert (34, 35) in unread
    cov = report.coverage[0]  # type: ignore[attr-defined]
    assert cov.uses["unread"] == 2 and cov.uses["text"] > 0 and cov.content == cov.read + 2


def test_facts_point_to_their_section(graph_and_report: tuple[Graph, object]) -> None:
    graph, _ = graph_and_report
    s = _sections(graph)
    amounts = list(graph.subjects(RDF.type, STYR.StatedAmount))
    assert amounts, "the 12 miljoner kronor of section 2"
    assert {graph.value(a, STYR.inSection) for a in amounts} == {s["Ekonomi"]}


LONG = " Stycket fortsätter med fler ord" * 6


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Sammanfattning I budget 2023 fick styrelsen i uppdrag att" + LONG, "Sammanfattning"),
        ("Yrkandet Kontorets formuleringar hänvisar till en hållbar utveckling" + LONG, "Yrkandet"),
        ("Bedömning ur ekologisk, ekonomisk och social dimension Kontoret ser risker" + LONG,
         "Bedömning ur ekologisk, ekonomisk och social dimension"),
        ("En direkt hänvisning till Agenda 2030 passar inte in i förslaget" + LONG, None),
        ("Att inkludera Agenda 2030 skulle kunna skapa förvirring" + LONG, None),
        ("Göteborgs Stad har under året arbetat vidare med frågan" + LONG, None),
        ("Kontoret bedömer att Stadsledningskontoret ska leda arbetet" + LONG, None),
        ("Sammanfattning I budget 2023 fick kommunstyrelsen i uppdrag.", None),  # short line
    ],
)  # fmt: skip
def test_a_heading_glued_to_its_paragraph(line: str, heading: str | None) -> None:
    assert glued_heading(line) == heading


@pytest.mark.parametrize(
    ("line", "tabular"),
    [
        ("Intäkter 1 420,1 1 380,2 40,0", True),
        ("Kostnader -170,6 -165,3", True),
        ("Antal årsarbetare          750          742", True),
        ("Kostnaden ökar med 12 mnkr till 450 mnkr under året.", False),
        ("Nämnden fick 3 uppdrag 2024.", False),
        ("Budget 2025 och 2026", False),
    ],
)
def test_looks_tabular(line: str, tabular: bool) -> None:
    assert looks_tabular(line) is tabular


def test_kept_lines_count_as_text_in_coverage(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Rubrik\nEn mening.\nIntäkter 18,2 18,3\n", encoding="utf-8")
    uses = classify(read_source(path), read=[], kept=[(2, 3)])
    assert uses == ["heading", "text", "unread"]


LETTERHEAD = (
    (
        "Tjänsteutlåtande Handläggare Utfärdat 2025-03-01 Anna Exempel Telefon: 031-123 45 67 "
        "E-post: anna.exempel@stad.example.se\n"
    )
    + """Lokalbehov för kulturnämnden

Förslag till beslut
1. Kulturnämnden får i uppdrag att utreda lokalbehovet.
"""
)


@pytest.mark.parametrize("personal", [False, True])
def test_contact_details_in_a_letterhead_are_quoted_only_when_asked_for(
    tmp_path: Path, personal: bool
) -> None:
    path = tmp_path / "tjansteutlatande.txt"
    path.write_text(LETTERHEAD, encoding="utf-8")
    text = ingest([path], include_personal=personal).merged().serialize(format="nt")
    for detail in ("031-123 45 67", "anna.exempel@stad.example.se"):
        assert (detail in text) is personal
    assert ("[kontaktuppgift borttagen]" in text) is not personal
